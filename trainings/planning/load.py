"""The planning inputs of a campaign, read from the database (the pure planner knows nothing of it).

Councils: the campaign's target not yet invited to any of its sessions, with their seats of the campaign's
convocation (the election's, else the council's) or the number of places the organiser gives. Venues: not
archived, with a district and a capacity, with the days other sessions book them. Trainers: active accounts
with the trainer role, their regions and their unavailable days, plus the days other sessions book them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from councils.models import District, Election, Region
from roles import Role

from ..models import Invitation, TrainerUnavailability, TrainingSession, Venue
from ..selectors import target_councils
from .inputs import AreaIn, CouncilIn, LockedSession, PlanInputs, Settings, TrainerIn, VenueIn


def councils_to_plan(campaign):
    invited = Invitation.objects.filter(session__campaign=campaign).values("council_id")
    seats = Election.objects.filter(council=OuterRef("pk"), convocation=campaign.convocation).values("seats")[:1]
    return (
        target_councils(campaign)
        .exclude(pk__in=invited)
        .annotate(election_seats=Subquery(seats))
        .select_related("district", "region")
        .order_by("code")
    )


def _booked_days(first, last):
    """{("venue"|"trainer", id): set of days} booked by sessions not cancelled, overlapping the window."""
    booked = defaultdict(set)
    sessions = (
        TrainingSession.objects.exclude(status=TrainingSession.Status.CANCELLED)
        .filter(start_date__lte=last, start_date__gte=first - timedelta(days=31))
        .prefetch_related("trainers")
    )
    for session in sessions:
        days = [day for day in session.dates if first <= day <= last]
        if session.venue_id:
            booked["venue", session.venue_id].update(days)
        for trainer in session.trainers.all():
            booked["trainer", trainer.pk].update(days)
    return booked


def load_inputs(campaign, *, working_days, places=None, settings: Settings, locked=()) -> tuple[PlanInputs, list]:
    """(the inputs, warnings about records left out of them)."""
    warnings = []
    first, last = (min(working_days), max(working_days)) if working_days else (campaign.start, campaign.end)
    booked = _booked_days(first, last)
    councils = tuple(
        CouncilIn(
            id=council.pk,
            name=council.name,
            region_id=council.region_id,
            district_id=council.district_id,
            places=places or council.election_seats or council.seats or 0,
        )
        for council in councils_to_plan(campaign)
    )
    venues, skipped = [], []
    for venue in Venue.objects.filter(archived=False).select_related("district"):
        if venue.district_id is None or not venue.capacity:
            skipped.append(venue.name)
            continue
        venues.append(
            VenueIn(
                id=venue.pk,
                name=venue.name,
                region_id=venue.district.region_id,
                district_id=venue.district_id,
                capacity=venue.capacity,
                busy=tuple(sorted(booked["venue", venue.pk])),
            )
        )
    if skipped:
        warnings.append(
            _("Venues without a district or a capacity are left out: %(names)s.") % {"names": ", ".join(skipped[:10])}
        )
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.TRAINER)
        .distinct()
        .prefetch_related("trainer_profile__regions")
        .order_by("last_name", "first_name", "username")
    )
    unavailable = defaultdict(set)
    for period in TrainerUnavailability.objects.filter(start__lte=last, end__gte=first):
        day = max(period.start, first)
        while day <= min(period.end, last):
            unavailable[period.trainer_id].add(day)
            day += timedelta(days=1)
    trainers = []
    for user in users:
        profile = getattr(user, "trainer_profile", None)
        regions = tuple(sorted(region.pk for region in profile.regions.all())) if profile else ()
        days = unavailable[user.pk] | booked["trainer", user.pk]
        trainers.append(
            TrainerIn(id=user.pk, name=user.display_name, region_ids=regions, unavailable=tuple(sorted(days)))
        )
    inputs = PlanInputs(
        councils=councils,
        venues=tuple(venues),
        trainers=tuple(trainers),
        working_days=tuple(sorted(working_days)),
        regions=tuple(AreaIn(region.pk, region.name) for region in Region.objects.all()),
        districts=tuple(AreaIn(district.pk, district.name, district.region_id) for district in District.objects.all()),
        settings=settings,
        locked=tuple(locked),
    )
    return inputs, warnings


def lock_from_session(session) -> LockedSession:
    return LockedSession(session.venue_id, session.start, tuple(session.trainer_ids), tuple(session.council_ids))
