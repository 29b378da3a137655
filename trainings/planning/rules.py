"""The rules a plan obeys that the solver, the greedy baseline, the checker and the explanations share:
which venues a council may travel to, which trainers may train at a venue on which days."""

from __future__ import annotations

from collections import defaultdict

from .inputs import TRIP_DISTRICT, TRIP_REGION, PlanInputs


def venues_by_district(inputs: PlanInputs) -> dict[int, list]:
    found = defaultdict(list)
    for venue in inputs.venues:
        found[venue.district_id].append(venue)
    return found


def reachable_venues(inputs: PlanInputs, council) -> list:
    """The venues `council` may be invited to under the trip setting, own district first.

    A city directly under a region (no district) goes to a venue of its region unless trips are limited
    to the district. "Neighbouring districts" are approximated by "districts of the same region": the
    reference data have no adjacency of districts.
    """
    trip = inputs.settings.trip
    own = [v for v in inputs.venues if council.district_id is not None and v.district_id == council.district_id]
    in_region = [v for v in inputs.venues if v.region_id == council.region_id and v not in own]
    if trip == TRIP_DISTRICT:
        return own
    if trip == TRIP_REGION or not own:
        return own + in_region
    return own


def is_out_of_district(council, venue) -> bool:
    return council.district_id is None or venue.district_id != council.district_id


def trainer_can_train(inputs: PlanInputs, trainer, venue, start) -> bool:
    """The trainer works in the venue's region and is available on every day of a session starting `start`."""
    if venue.region_id not in trainer.region_ids:
        return False
    unavailable = set(trainer.unavailable)
    return not any(day in unavailable for day in inputs.session_days(start))


def venue_free(inputs: PlanInputs, venue, start) -> bool:
    """The venue is not booked by another session on any day of a session starting `start`."""
    busy = set(venue.busy)
    return not any(day in busy for day in inputs.session_days(start))
