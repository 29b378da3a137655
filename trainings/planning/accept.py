"""Accepting a proposed plan: its sessions and invitations are created in one transaction through the
ordinary services (`create_session`, `invite_council`), or nothing at all when the plan is stale."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from councils.models import Council

from .. import services
from ..models import Invitation, PlanRun, TrainerUnavailability, TrainingSession, Venue
from ..selectors import target_council_ids
from .inputs import PlanInputs
from .plan import Plan


def stale_reasons(run: PlanRun) -> list[str]:
    """Why the plan no longer fits the data (empty when it still does)."""
    inputs, plan = PlanInputs.from_json(run.inputs), Plan.from_json(run.plan)
    reasons = []
    council_ids = {k for s in plan.sessions for k in s.council_ids}
    invited = Invitation.objects.filter(session__campaign=run.campaign, council_id__in=council_ids)
    for name in sorted({invitation.council.name for invitation in invited.select_related("council")}):
        reasons.append(_("%(council)s was invited to a session meanwhile.") % {"council": name})
    target = target_council_ids(run.campaign)
    for council in Council.objects.filter(pk__in=council_ids - target):
        reasons.append(_("%(council)s is no longer in the campaign's target.") % {"council": council.name})
    venues = Venue.objects.in_bulk({s.venue_id for s in plan.sessions})
    others = TrainingSession.objects.exclude(status=TrainingSession.Status.CANCELLED).prefetch_related("trainers")
    for session in plan.sessions:
        venue = venues.get(session.venue_id)
        when = date_format(session.start, "SHORT_DATE_FORMAT")
        if venue is None or venue.archived or not venue.capacity or venue.capacity < session.places:
            reasons.append(_("The venue of the session on %(date)s changed or was archived.") % {"date": when})
            continue
        session_days = inputs.session_days(session.start)
        for other in others.filter(
            start_date__lte=session_days[-1], start_date__gte=session.start - timedelta(days=31)
        ):
            if not set(other.dates) & set(session_days):
                continue
            if other.venue_id == venue.pk:
                reasons.append(
                    _("%(venue)s is booked by %(session)s on %(date)s.")
                    % {"venue": venue.name, "session": other.code, "date": when}
                )
            for trainer in other.trainers.all():
                if trainer.pk in session.trainer_ids:
                    reasons.append(
                        _("%(trainer)s is booked by %(session)s on %(date)s.")
                        % {"trainer": trainer.display_name, "session": other.code, "date": when}
                    )
        away = TrainerUnavailability.objects.filter(
            trainer_id__in=session.trainer_ids, start__lte=session_days[-1], end__gte=session.start
        ).select_related("trainer")
        for period in away:
            reasons.append(
                _("%(trainer)s is unavailable on %(date)s.") % {"trainer": period.trainer.display_name, "date": when}
            )
    return list(dict.fromkeys(reasons))


def _next_codes(campaign, count):
    taken = set(campaign.sessions.values_list("code", flat=True))
    codes, number = [], 1
    while len(codes) < count:
        code = f"P-{number:02d}"
        if code not in taken:
            codes.append(code)
        number += 1
    return codes


@transaction.atomic
def accept_plan(*, run: PlanRun, user) -> list[TrainingSession]:
    """Creates the plan's sessions and invitations; refused (ValidationError, nothing written) when the run
    is not a finished plan or the plan is stale."""
    run = PlanRun.objects.select_for_update().select_related("campaign").get(pk=run.pk)
    if run.status != PlanRun.Status.DONE:
        raise ValidationError(_("Only a finished plan that was not accepted yet can be accepted."))
    reasons = stale_reasons(run)
    if reasons:
        raise ValidationError([_("The plan is out of date; run the planner again:"), *reasons])
    inputs, plan = PlanInputs.from_json(run.inputs), Plan.from_json(run.plan)
    venues = Venue.objects.in_bulk({s.venue_id for s in plan.sessions})
    councils = Council.objects.in_bulk({k for s in plan.sessions for k in s.council_ids})
    created = []
    for code, planned in zip(_next_codes(run.campaign, len(plan.sessions)), plan.sessions, strict=True):
        venue = venues[planned.venue_id]
        session = services.create_session(
            campaign=run.campaign,
            code=code,
            venue=venue,
            start_date=planned.start,
            days=inputs.settings.days_per_session,
            capacity=venue.capacity,
            trainers=list(planned.trainer_ids),
        )
        for council_id, places in planned.councils:
            services.invite_council(session=session, council=councils[council_id], places=places)
        created.append(session)
    run.status, run.accepted_at, run.accepted_by = PlanRun.Status.ACCEPTED, timezone.now(), user
    run.save(update_fields=["status", "accepted_at", "accepted_by"])
    return created
