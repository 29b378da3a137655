"""The campaign scheduler's pages (organisers): inputs, a run's progress and proposal, lock and re-run, accept."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from councils.models import Council
from roles import ORGANISERS, role_required

from ..models import Campaign, PlanRun
from ..planning.accept import accept_plan, stale_reasons
from ..planning.forms import PlanningForm, holidays_between
from ..planning.inputs import PlanInputs
from ..planning.load import councils_to_plan, load_inputs, lock_from_session
from ..planning.plan import Plan
from ..planning.runs import run_progress, start_run

RECENT_RUNS = 10


@role_required(*ORGANISERS)
def planning(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    form = PlanningForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        inputs, warnings = load_inputs(
            campaign,
            working_days=form.working_days(),
            places=form.cleaned_data["places"],
            settings=form.settings(),
        )
        run = start_run(
            campaign=campaign, inputs=inputs, form_data=form.as_json(), warnings=warnings, user=request.user
        )
        return redirect("trainings:plan_run", pk=run.pk)
    first, last = campaign.start, campaign.end
    context = {
        "campaign": campaign,
        "form": form,
        "holidays": holidays_between(first, last),
        "to_plan": councils_to_plan(campaign).count(),
        "runs": campaign.plan_runs.select_related("created_by")[:RECENT_RUNS],
    }
    return render(request, "trainings/planning.html", context)


def _calendar(sessions, days_per_session):
    """Weeks (Monday first) covering the plan, each day with the planned sessions held on it."""
    if not sessions:
        return []
    by_day = defaultdict(list)
    for session in sessions:
        for offset in range(days_per_session):
            by_day[session["start"] + datetime.timedelta(days=offset)].append(session)
    first = min(by_day) - datetime.timedelta(days=min(by_day).weekday())
    last = max(by_day)
    weeks, day = [], first
    while day <= last:
        weeks.append(
            [
                {"date": day + datetime.timedelta(days=n), "sessions": by_day.get(day + datetime.timedelta(days=n), [])}
                for n in range(7)
            ]
        )
        day += datetime.timedelta(days=7)
    return weeks


def _preview(run):
    """What the run page shows of the proposed plan: sessions with names, the calendar and the figures."""
    inputs, plan = PlanInputs.from_json(run.inputs), Plan.from_json(run.plan)
    venues = {venue.id: venue for venue in inputs.venues}
    trainers = {trainer.id: trainer for trainer in inputs.trainers}
    councils = Council.objects.in_bulk([c.id for c in inputs.councils])
    rows = []
    for number, session in enumerate(plan.sessions, start=1):
        venue = venues.get(session.venue_id)
        rows.append(
            {
                "number": number,
                "key": session.key,
                "start": session.start,
                "end": session.start + datetime.timedelta(days=inputs.settings.days_per_session - 1),
                "venue": venue.name if venue else "?",
                "capacity": venue.capacity if venue else 0,
                "trainers": [trainers[t].name for t in session.trainer_ids if t in trainers],
                "councils": [(councils[k].name if k in councils else k, places) for k, places in session.councils],
                "places": session.places,
                "locked": session.locked,
            }
        )
    days = plan.trainer_days(inputs.settings.days_per_session)
    trainer_days = sorted(((trainers[t].name, n) for t, n in days.items() if t in trainers), key=lambda item: -item[1])
    idle = [trainer.name for trainer in inputs.trainers if trainer.region_ids and trainer.id not in days]
    left_out = [
        (councils[item.council_id].name if item.council_id in councils else item.council_id, item.reason)
        for item in plan.left_out
    ]
    return {
        "plan": plan,
        "rows": rows,
        "weeks": _calendar(rows, inputs.settings.days_per_session),
        "weekdays": [datetime.date(2024, 1, 1) + datetime.timedelta(days=n) for n in range(7)],
        "trainer_days": trainer_days,
        "idle_trainers": idle,
        "left_out": left_out,
        "placed": sum(len(row["councils"]) for row in rows),
        "places": sum(row["places"] for row in rows),
        "settings": inputs.settings,
    }


def _run(pk):
    return get_object_or_404(PlanRun.objects.select_related("campaign", "created_by", "accepted_by"), pk=pk)


@role_required(*ORGANISERS)
def plan_run(request, pk):
    run = _run(pk)
    done, total = run_progress(run)
    context = {"run": run, "campaign": run.campaign, "done": done, "total": total}
    if run.status in (PlanRun.Status.DONE, PlanRun.Status.ACCEPTED) and run.plan:
        context.update(_preview(run))
        if run.status == PlanRun.Status.DONE:
            context["stale"] = stale_reasons(run)
    return render(request, "trainings/plan_run.html", context)


@role_required(*ORGANISERS)
def plan_progress(request, pk):
    """The progress bar fragment, polled by htmx while the run is queued or running."""
    run = _run(pk)
    done, total = run_progress(run)
    response = render(request, "trainings/partials/plan_progress.html", {"run": run, "done": done, "total": total})
    if not run.is_active and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@require_POST
@role_required(*ORGANISERS)
def plan_rerun(request, pk):
    """Solves again with the same inputs, keeping the sessions ticked as locked."""
    run = _run(pk)
    if run.status not in (PlanRun.Status.DONE, PlanRun.Status.FAILED):
        messages.error(request, _("Only a finished run can be run again."))
        return redirect("trainings:plan_run", pk=run.pk)
    inputs = PlanInputs.from_json(run.inputs)
    plan = Plan.from_json(run.plan) if run.plan else Plan()
    wanted = set(request.POST.getlist("lock"))
    locked = tuple(lock_from_session(session) for session in plan.sessions if session.key in wanted)
    new = start_run(
        campaign=run.campaign,
        inputs=replace(inputs, locked=locked),
        form_data=run.form_data,
        user=request.user,
    )
    if locked:
        messages.info(
            request,
            ngettext("%(count)d session is kept as it was.", "%(count)d sessions are kept as they were.", len(locked))
            % {"count": len(locked)},
        )
    return redirect("trainings:plan_run", pk=new.pk)


@require_POST
@role_required(*ORGANISERS)
def plan_accept(request, pk):
    run = _run(pk)
    try:
        created = accept_plan(run=run, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("trainings:plan_run", pk=run.pk)
    messages.success(
        request,
        ngettext(
            "The plan was accepted: %(count)d session created with its invitations.",
            "The plan was accepted: %(count)d sessions created with their invitations.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("trainings:campaign_detail", code=run.campaign.code)


@role_required(*ORGANISERS)
def planning_index(request):
    """The Planning menu's entry: every campaign, with a link to plan it."""
    campaigns = Campaign.objects.order_by("-start")
    return render(request, "trainings/planning_index.html", {"campaigns": campaigns})
