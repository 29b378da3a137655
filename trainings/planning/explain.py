"""What can be told before solving: input that makes planning impossible (an error naming what is missing),
councils that cannot be placed whatever the solver does (left out, with the reason in words), and locked
sessions that no longer fit (dropped, with a warning). Nothing here touches the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .inputs import TRIP_DISTRICT, PlanInputs, iso_week
from .rules import reachable_venues, trainer_can_train, venue_free


@dataclass
class Precheck:
    errors: list[str] = field(default_factory=list)  # planning cannot start: nothing is solved
    warnings: list[str] = field(default_factory=list)
    left_out: dict[int, str] = field(default_factory=dict)  # council id → why it cannot be placed
    inputs: PlanInputs | None = None  # the inputs to solve: trainers without a region and bad locks dropped

    @property
    def ok(self) -> bool:
        return not self.errors


def _names(items, limit=8) -> str:
    names = [item.name for item in items]
    shown = ", ".join(names[:limit])
    return shown + (" …" if len(names) > limit else "")


def staffed_starts(inputs: PlanInputs, venue) -> list:
    """Start days on which enough trainers of the venue's region are available for a session there."""
    need = inputs.settings.trainers_per_session
    return [
        start
        for start in inputs.start_days()
        if venue_free(inputs, venue, start)
        and sum(trainer_can_train(inputs, trainer, venue, start) for trainer in inputs.trainers) >= need
    ]


def precheck(inputs: PlanInputs) -> Precheck:
    result = Precheck()
    settings = inputs.settings
    if not inputs.councils:
        result.errors.append(_("There is no council to plan: every target council is already invited."))
    working = len(inputs.working_days)
    if not inputs.start_days():
        result.errors.append(
            ngettext(
                "The window has %(count)d working day; a session needs %(days)d consecutive working days.",
                "The window has %(count)d working days, none of them %(days)d in a row; "
                "a session needs %(days)d consecutive working days.",
                working,
            )
            % {"count": working, "days": settings.days_per_session}
        )
    if not inputs.venues:
        result.errors.append(
            _("There is no venue to plan with: add venues with a district and a capacity on the Venues page.")
        )
    without_region = [trainer for trainer in inputs.trainers if not trainer.region_ids]
    trainers = tuple(trainer for trainer in inputs.trainers if trainer.region_ids)
    if without_region:
        result.warnings.append(
            _("Trainers with no region are left out (give them their regions on their pages): %(names)s.")
            % {"names": _names(without_region)}
        )
    if len(trainers) < settings.trainers_per_session:
        result.errors.append(
            ngettext(
                "A session needs %(need)d trainer, and %(count)d trainer has a region to work in.",
                "A session needs %(need)d trainers, and %(count)d trainers have a region to work in.",
                settings.trainers_per_session,
            )
            % {"need": settings.trainers_per_session, "count": len(trainers)}
        )
    inputs = replace(inputs, trainers=trainers)
    if result.errors:
        result.inputs = inputs
        return result

    staffed = {venue.id: staffed_starts(inputs, venue) for venue in inputs.venues}
    by_area = defaultdict(list)  # (district or region) → [(council, reason key)]
    for council in inputs.councils:
        if council.places < 1:
            result.left_out[council.id] = _(
                "%(council)s: its number of seats is not known; give a number of places per council."
            ) % {"council": council.name}
            continue
        reachable = reachable_venues(inputs, council)
        area = ("district", council.district_id) if council.district_id else ("region", council.region_id)
        if not reachable:
            by_area[area, "no_venue"].append(council)
            continue
        with_trainers = [venue for venue in reachable if staffed[venue.id]]
        if not with_trainers:
            by_area[area, "no_trainer"].append(council)
            continue
        largest = max(venue.capacity for venue in with_trainers)
        if council.places > largest:
            result.left_out[council.id] = _(
                "%(council)s: %(places)d places, more than any venue it can reach holds (the largest: %(capacity)d)."
            ) % {"council": council.name, "places": council.places, "capacity": largest}
    for ((kind, pk), reason), councils in by_area.items():
        area = inputs.district_name(pk) if kind == "district" else inputs.region_name(pk)
        count = len(councils)
        if reason == "no_venue" and inputs.settings.trip == TRIP_DISTRICT:
            text = ngettext(
                "%(area)s: %(count)d council, no venue in the district (trips are limited to the district).",
                "%(area)s: %(count)d councils, no venue in the district (trips are limited to the district).",
                count,
            )
        elif reason == "no_venue":
            text = ngettext(
                "%(area)s: %(count)d council, no venue in the district or elsewhere in its region.",
                "%(area)s: %(count)d councils, no venue in the district or elsewhere in its region.",
                count,
            )
        else:
            text = ngettext(
                "%(area)s: %(count)d council, no venue with %(need)d trainers available in the window.",
                "%(area)s: %(count)d councils, no venue with %(need)d trainers available in the window.",
                count,
            )
        message = text % {"area": area, "count": count, "need": settings.trainers_per_session}
        for council in councils:
            result.left_out[council.id] = message
    if len(result.left_out) == len(inputs.councils):
        result.errors.append(_("No council can be placed with these venues, trainers and days; see the reasons below."))

    result.inputs = replace(inputs, locked=_valid_locks(inputs, result, staffed))
    return result


def _valid_locks(inputs: PlanInputs, result: Precheck, staffed) -> tuple:
    kept, taken, booked, weeks = [], set(), set(), defaultdict(int)
    councils = {council.id: council for council in inputs.councils}
    trainers = {trainer.id: trainer for trainer in inputs.trainers}
    venues = {venue.id: venue for venue in inputs.venues}
    for lock in inputs.locked:
        venue = venues.get(lock.venue_id)
        members = [councils.get(pk) for pk in lock.council_ids]
        crew = [trainers.get(pk) for pk in lock.trainer_ids]
        sound = (
            venue is not None
            and lock.start in inputs.start_days()
            and venue_free(inputs, venue, lock.start)
            and all(members)
            and not taken.intersection(lock.council_ids)
            and all(council.id not in result.left_out for council in members)
            and all(venue in reachable_venues(inputs, council) for council in members)
            and sum(council.places for council in members) <= venue.capacity
            and all(crew)
            and len(set(lock.trainer_ids)) == inputs.settings.trainers_per_session
            and all(trainer_can_train(inputs, trainer, venue, lock.start) for trainer in crew)
        )
        days = inputs.session_days(lock.start)
        bookings = {
            (who, day)
            for day in days
            for who in [("venue", lock.venue_id)] + [("trainer", pk) for pk in lock.trainer_ids]
        }
        week = iso_week(lock.start)
        sound = (
            sound
            and not bookings & booked
            and all(weeks[pk, week] < inputs.settings.max_sessions_per_week for pk in lock.trainer_ids)
        )
        if sound:
            kept.append(lock)
            taken.update(lock.council_ids)
            booked.update(bookings)
            for pk in lock.trainer_ids:
                weeks[pk, week] += 1
        else:
            where = venue.name if venue else "?"
            result.warnings.append(
                _("The locked session at %(venue)s on %(date)s no longer fits the inputs and was unlocked.")
                % {"venue": where, "date": date_format(lock.start, "SHORT_DATE_FORMAT")}
            )
    return tuple(kept)
