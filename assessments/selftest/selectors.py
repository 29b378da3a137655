"""Reading a self-test window for the trainer's live page."""

from dataclasses import dataclass

from councils.collation import deputy_order
from trainings.models import Enrolment

from .. import parallel_forms
from ..models import SelfTestAttempt, SelfTestWindow, TestResult

NOT_STARTED, ANSWERING, FINISHED, SAVED_ELSEWHERE = "not_started", "answering", "finished", "saved"


@dataclass
class LiveRow:
    enrolment: Enrolment
    form: str  # "A", "B" or "" without parallel forms
    state: str
    answered: int = 0
    result: TestResult | None = None
    retry_allowed: bool = False


def live_rows(window: SelfTestWindow) -> list[LiveRow]:
    """One row per participant of the session: their form and how far they are, in roster order."""
    enrolments = list(
        Enrolment.objects.filter(session_id=window.session_id)
        .select_related("deputy")
        .order_by(*deputy_order("deputy__"), "pk")
    )
    forms = parallel_forms.forms_of_session(window.session, window.phase)
    attempts = {attempt.enrolment_id: attempt for attempt in SelfTestAttempt.objects.filter(window=window)}
    results = {
        result.enrolment_id: result
        for result in TestResult.objects.filter(enrolment__session_id=window.session_id, phase=window.phase)
    }
    rows = []
    for enrolment in enrolments:
        attempt, result = attempts.get(enrolment.pk), results.get(enrolment.pk)
        row = LiveRow(enrolment=enrolment, form=forms.get(enrolment.pk, ""), state=NOT_STARTED, result=result)
        if attempt is not None and attempt.submitted_at is not None:
            row.state = FINISHED
        elif attempt is not None and attempt.device:
            row.state, row.answered = ANSWERING, len(attempt.answers or {})
        elif result is not None and not (attempt and attempt.retries):
            row.state = SAVED_ELSEWHERE
        row.retry_allowed = bool(attempt and attempt.retries and attempt.submitted_at is None)
        rows.append(row)
    return rows


def counts(rows) -> dict:
    return {state: sum(1 for row in rows if row.state == state) for state in (NOT_STARTED, ANSWERING, FINISHED)}


def windows_of_session(session) -> list[SelfTestWindow]:
    return list(SelfTestWindow.objects.filter(session=session).order_by("-opened_at")[:10])


def phases() -> list[tuple[str, str]]:
    return list(TestResult.Phase.choices)
