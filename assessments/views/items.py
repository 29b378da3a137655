"""Item mode: a participant's answer sheet, one keystroke per answer, scored against the key."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from councils.collation import deputy_order
from trainings.access import get_session_for_user
from trainings.models import Enrolment

from ..models import TestResult
from ..parallel_forms import instrument_for
from ..selectors import PHASES
from ..services import parse_version, save_answers, score_answers
from ..templatetags.scores import score
from .grid import SESSIONS

ORDER = (*deputy_order("deputy__"), "pk")


def answer_sheet(request, pk, enrolment_pk, phase):
    if phase not in PHASES:
        raise Http404
    session = get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)
    enrolment = get_object_or_404(Enrolment.objects.select_related("deputy"), pk=enrolment_pk, session=session)
    enrolment.session = session
    instrument = instrument_for(enrolment, phase)
    questions = list(instrument.questions.select_related("topic", "instrument")) if instrument else []
    if not questions:
        raise Http404
    result = TestResult.objects.filter(enrolment=enrolment, phase=phase).first()
    answers = dict(result.responses or {}) if result else {}
    error = None
    if request.method == "POST":
        answers = {str(question.number): request.POST.get(f"q{question.number}", "") for question in questions}
        try:
            outcome, item_score = save_answers(
                enrolment=enrolment,
                phase=phase,
                instrument=instrument,
                answers=answers,
                expected_version=parse_version(request.POST.get("version")),
                user=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if not outcome.is_conflict:
                messages.success(
                    request,
                    _("%(name)s: %(score)s of %(max)s saved.")
                    % {
                        "name": enrolment.deputy.full_name,
                        "score": score(item_score.score),
                        "max": score(item_score.max_score),
                    },
                )
                return _next_sheet(session, enrolment, phase)
            messages.warning(request, _("Somebody else saved this test meanwhile; check their answers and save again."))
            result = outcome.result
            answers = dict(result.responses or {}) if result else {}
    saved_score = score_answers(questions=questions, answers=result.responses) if result and result.responses else None
    rows = [(question, answers.get(str(question.number), "")) for question in questions]
    context = {
        "session": session,
        "enrolment": enrolment,
        "phase": phase,
        "instrument": instrument,
        "rows": rows,
        "result": result,
        "saved_score": saved_score,
        "error": error,
    }
    return render(request, "assessments/answer_sheet.html", context)


def _next_sheet(session, enrolment, phase):
    """After saving a sheet, open the next participant's, so a whole pile is typed without the mouse."""
    ids = list(Enrolment.objects.filter(session=session).order_by(*ORDER).values_list("pk", flat=True))
    position = ids.index(enrolment.pk)
    if position + 1 < len(ids):
        return redirect("assessments:answer_sheet", pk=session.pk, enrolment_pk=ids[position + 1], phase=phase)
    return redirect("assessments:score_grid", pk=session.pk)
