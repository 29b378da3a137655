"""The score grid of a session: every cell saves in place (htmx) and refreshes the live summary."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trainings.access import can_change_session, get_session_for_user
from trainings.models import Enrolment, TrainingSession

from ..models import TestResult
from ..selectors import (
    ALL_PHASES,
    FOLLOW_UP,
    followup_instrument,
    grid_row,
    instrument_for_phase,
    instruments_by_phase,
    score_grid,
    session_summary,
    summary_of_rows,
)
from ..services import parse_version, save_score

SESSIONS = TrainingSession.objects.select_related("campaign", "venue")


def _item_mode(instruments):
    """Phases whose test has questions (answer sheets are offered for them)."""
    return {phase for phase, instrument in instruments.items() if instrument and instrument.question_count}


def _max_score(instruments, phase):
    """The test's maximum for the browser's own range check (the server checks again on saving)."""
    instrument = instruments.get(phase)
    return instrument.max_score if instrument else None


def score_grid_page(request, pk):
    session = get_session_for_user(request.user, pk, queryset=SESSIONS)
    instruments = instruments_by_phase(session.campaign_id)
    rows = score_grid(session)
    # A follow-up column when the campaign has a follow-up test or a follow-up score was entered.
    followup_test = followup_instrument(session.campaign_id)
    show_followup = followup_test is not None or any(row.follow_up for row in rows)
    max_followup = None
    if show_followup:
        instrument = followup_test or instrument_for_phase(session.campaign_id, FOLLOW_UP)
        max_followup = instrument.max_score if instrument else None
    context = {
        "session": session,
        "rows": rows,
        "summary": summary_of_rows(rows),
        "show_followup": show_followup,
        "followup_test": followup_test,
        "max_followup": max_followup,
        "can_edit_followup": _can_edit(request.user, session, FOLLOW_UP),
        "can_edit": can_change_session(request.user, session) and not session.is_approved,
        "instruments": instruments,
        "item_phases": _item_mode(instruments),
        "day_numbers": range(1, session.days + 1),
        "max_pre": _max_score(instruments, "pre"),
        "max_post": _max_score(instruments, "post"),
    }
    return render(request, "assessments/score_grid.html", context)


@require_http_methods(["GET", "POST"])
def score_cell(request, pk, enrolment_pk, phase):
    """GET: the cell as it stands. POST: save the typed score; answer the cell, the row and the summary."""
    if phase not in ALL_PHASES:
        raise Http404
    session = get_session_for_user(request.user, pk, write=request.method == "POST", queryset=SESSIONS)
    enrolment = get_object_or_404(Enrolment.objects.select_related("deputy"), pk=enrolment_pk, session=session)
    enrolment.session = session
    context = {
        "session": session,
        "phase": phase,
        "can_edit": _can_edit(request.user, session, phase),
    }
    if request.method == "POST":
        typed = request.POST.get("score", "")
        try:
            outcome = save_score(
                enrolment=enrolment,
                phase=phase,
                score=typed,
                expected_version=parse_version(request.POST.get("version")),
                user=request.user,
            )
        except ValidationError as error:
            context.update(error=" ".join(error.messages), typed=typed)
        else:
            if outcome.is_conflict:
                context["conflict"] = outcome
        if not request.htmx:
            _message_for(request, context)
            return redirect("assessments:score_grid", pk=session.pk)
    row = grid_row(enrolment)
    instruments = instruments_by_phase(session.campaign_id)
    if phase == FOLLOW_UP:
        followup_test = instrument_for_phase(session.campaign_id, FOLLOW_UP)
        max_score = followup_test.max_score if followup_test else None
    else:
        max_score = _max_score(instruments, phase)
    context.update(
        row=row,
        result=row.results.get(phase),
        summary=session_summary(session),
        item_phases=_item_mode(instruments),
        max_score=max_score,
        oob=request.method == "POST",
    )
    return render(request, "assessments/partials/score_cell_response.html", context)


def _can_edit(user, session, phase) -> bool:
    """Whether the user may type scores of this phase: an approved session keeps its pre/post-test scores,
    while the follow-up, taken months after the approval, stays open."""
    if not can_change_session(user, session):
        return False
    return phase == TestResult.Phase.FOLLOW_UP or not session.is_approved


def _message_for(request, context):
    """Without JavaScript the form posts the whole page: say what happened above the grid."""
    if "error" in context:
        messages.error(request, context["error"])
    elif "conflict" in context:
        messages.warning(request, _("Somebody else changed this score meanwhile; the grid shows their value."))
    else:
        messages.success(request, _("Score saved."))
