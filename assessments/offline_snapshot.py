"""The JSON copy of a session a trainer takes to a venue without a connection (docs/offline.md).

It holds what the cached pages need to work offline: the roster (names and councils, never phone numbers),
attendance, the tests' maxima and questions, the scores with their versions, and the messages of the
device's checks and banner in the reader's language.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from councils.collation import deputy_order
from trainings.models import Attendance, TrainingSession

from .item_analysis import question_text
from .models import TestResult
from .offline_sync import plain_number, score_state
from .selectors import PHASES, instruments_by_phase

FORMAT = 1


def device_messages() -> dict:
    """What the device says offline; `%(…)s` placeholders are filled in on the device."""
    return {
        "offline": _("Offline: changes are kept on this device until the connection returns."),
        "waiting": _("Changes waiting to sync: %(count)s"),
        "all_saved": _("All changes saved."),
        "waiting_cell": _("waiting to sync"),
        "score_range": _("Enter a score from 0 to %(max)s."),
        "number": _("Enter a number."),
        "precision": _("Use at most two decimal places."),
        "conflict": _("Somebody else changed this meanwhile: keep yours or theirs."),
        "keep_mine": _("Keep mine"),
        "keep_theirs": _("Keep theirs"),
        "refused": _("Not saved"),
        "sync_now": _("Sync now"),
        "take_offline": _("Take offline"),
        "forget": _("Forget this device's copy"),
        "too_old": _("This offline copy is more than 14 days old: refresh it before working offline."),
        "export": _("Export the changes that were not saved"),
        "other_user": _("These changes were made under another account: sign in as that user to send them."),
    }


def _max_score(campaign_id, phase, instrument):
    if instrument is not None:
        return instrument.max_score
    # Campaigns imported from files carry the maximum on each result (as `services.max_score_for` reads it).
    return (
        TestResult.objects.filter(enrolment__session__campaign_id=campaign_id, phase=phase)
        .order_by("-updated_at")
        .values_list("max_score", flat=True)
        .first()
    )


def _phases(session) -> dict:
    phases = {}
    for phase, instrument in instruments_by_phase(session.campaign_id).items():
        questions = None
        if instrument is not None and instrument.question_count:
            questions = [
                {"number": q.number, "text": question_text(q), "choices": q.choices, "key": q.key,
                 "points": plain_number(q.points)}
                for q in instrument.questions.order_by("number")
            ]  # fmt: skip
        phases[phase] = {"max_score": plain_number(_max_score(session.campaign_id, phase, instrument)),
                         "questions": questions}  # fmt: skip
    return phases


def offline_snapshot(session: TrainingSession, *, user, csrf_token: str) -> dict:
    enrolments = list(
        session.enrolments.select_related("deputy__council")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.order_by("day")), "results")
        .order_by(*deputy_order("deputy__"), "pk")
    )
    phases = _phases(session)
    answer_sheets = [
        {"enrolment": enrolment.pk, "phase": phase,
         "url": reverse("assessments:answer_sheet", args=[session.pk, enrolment.pk, phase])}
        for phase in PHASES if phases[phase]["questions"]
        for enrolment in enrolments
    ]  # fmt: skip
    attendance, scores = {}, {}
    for enrolment in enrolments:
        marks = {record.day: record.present for record in enrolment.attendance.all()}
        attendance[str(enrolment.pk)] = {str(day): marks.get(day) for day in range(1, session.days + 1)}
        results = {result.phase: result for result in enrolment.results.all()}
        scores[str(enrolment.pk)] = {phase: score_state(results.get(phase)) for phase in PHASES}
    return {
        "format": FORMAT,
        "session": {
            "id": session.pk,
            "code": session.code,
            "days": session.days,
            "title": f"{session.code} · {session.campaign.name}",
            "start_date": session.start_date.isoformat(),
            "approved": session.is_approved,
        },
        "user": user.pk,
        "language": get_language(),
        "taken_at": timezone.now().isoformat(),
        "csrf_token": csrf_token,
        "enrolments": [
            {"id": enrolment.pk, "name": enrolment.deputy.full_name, "council": enrolment.deputy.council.name}
            for enrolment in enrolments
        ],
        "attendance": attendance,
        "phases": phases,
        "scores": scores,
        "urls": {
            "grid": reverse("assessments:score_grid", args=[session.pk]),
            "attendance": reverse("trainings:session_detail", args=[session.pk]),
            "answer sheets": answer_sheets,
            "sync": reverse("assessments:offline_sync"),
            "token": reverse("assessments:offline_token"),
        },
        "messages": device_messages(),
    }
