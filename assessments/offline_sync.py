"""Applying a device's offline changes (docs/offline.md): each change on its own, through the grid's services.

Every change runs in its own transaction, together with the `OfflineChange` record of its id: a server
that stops mid-batch leaves each change either applied and recorded or not applied at all, and the batch
sent again applies only what is missing. Scores go through `save_score`/`save_answers` (versions, history,
approval, data version), attendance through `set_attendance`; a change whose cell was edited meanwhile is a
conflict and changes nothing. Results are plain dicts, as the sync answers them:
`{"id", "status": saved|unchanged|conflict|refused, "message", "current"}`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trainings.access import sessions_for_user
from trainings.approval import check_session_open
from trainings.models import Attendance, Enrolment
from trainings.services import check_attendance_day, set_attendance

from .models import OfflineChange, TestResult
from .offline_batch import Change
from .selectors import instrument_for_phase
from .services import CONFLICT, SAVED, UNCHANGED, save_answers, save_score

REFUSED = "refused"
APPLIED = (SAVED, UNCHANGED)


def status_message(status: str) -> str:
    return {
        SAVED: _("Saved."),
        UNCHANGED: _("Already saved: nothing changed."),
        CONFLICT: _("Somebody else changed this meanwhile: keep yours or theirs."),
    }[status]


def no_access_message() -> str:
    return _("You can no longer change this training: the change was not saved. An organiser can import it.")


def plain_number(value: Decimal | None) -> str | None:
    """A score as the device reads it: "12.5", "20" (a dot, no trailing zeros)."""
    if value is None:
        return None
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return format(plain, "f")


def score_state(result: TestResult | None) -> dict:
    if result is None:
        return {"score": None, "version": 0, "answers": None}
    return {"score": plain_number(result.score), "version": result.version, "answers": result.responses}


class _NotApplied(Exception):
    """A conflict: the change's transaction (with its id record) is rolled back."""

    def __init__(self, result):
        super().__init__(result["status"])
        self.result = result


def _result(change: Change, status: str, message: str | None = None, current=None) -> dict:
    return {"id": str(change.id), "status": status, "message": message or status_message(status), "current": current}


def apply_changes(changes: list[Change], *, user, only_session_id: int | None = None) -> list[dict]:
    """Apply each change as `user`; one result per change, in the same order.

    `only_session_id` (an organiser importing a queue file on a session's page) refuses changes of other
    sessions.
    """
    sessions = {}
    return [_apply_one(change, user, sessions, only_session_id) for change in changes]


def _replay(change: Change, user) -> dict | None:
    """The stored result of a change applied before, or None when its id is new."""
    record = OfflineChange.objects.filter(pk=change.id).first()
    if record is None:
        return None
    if record.user_id != user.pk and not user.is_organiser:
        return _result(change, REFUSED, _("This change was already sent from another account."))
    status = record.result.get("status", UNCHANGED)
    return _result(change, status, current=record.result.get("current"))


def _session_for(user, session_id, sessions):
    # Read once per batch: the sessions this user may change now (a trainer taken off one gets None).
    if session_id not in sessions:
        sessions[session_id] = (
            sessions_for_user(user, write=True).select_related("campaign").filter(pk=session_id).first()
        )
    return sessions[session_id]


def _apply_one(change, user, sessions, only_session_id) -> dict:
    replayed = _replay(change, user)
    if replayed is not None:
        return replayed
    if only_session_id is not None and change.session_id != only_session_id:
        return _result(change, REFUSED, _("This change belongs to another training."))
    session = _session_for(user, change.session_id, sessions)
    if session is None:
        return _result(change, REFUSED, no_access_message())
    try:
        with transaction.atomic():
            # Written first: a second sync of the same id waits here until this one commits or rolls back.
            record = OfflineChange.objects.create(id=change.id, user=user, session=session, kind=change.kind)
            result = APPLY[change.kind](change, session, user)
            if result["status"] not in APPLIED:
                raise _NotApplied(result)
            record.result = {"status": result["status"], "current": result["current"]}
            record.save(update_fields=["result"])
    except _NotApplied as not_applied:
        return not_applied.result
    except ValidationError as error:
        return _result(change, REFUSED, " ".join(error.messages))
    except IntegrityError:
        # The same id was applied by a batch running at the same time: answer what it stored.
        retry = _("This change could not be saved now: send it again.")
        return _replay(change, user) or _result(change, REFUSED, retry)
    return result


def _enrolment(change: Change, session) -> Enrolment:
    enrolment = Enrolment.objects.filter(pk=change.enrolment_id, session=session).first()
    if enrolment is None:
        raise ValidationError(_("This participant is no longer enrolled in this training."))
    enrolment.session = session
    return enrolment


def _apply_attendance(change: Change, session, user) -> dict:
    enrolment = _enrolment(change, session)
    # Locks the session's row first: an online toggle of the same mark waits until this change is done.
    check_session_open(session.pk)
    check_attendance_day(session, change.day)
    current = Attendance.objects.filter(enrolment=enrolment, day=change.day).values_list("present", flat=True).first()
    if current == change.present:
        return _result(change, UNCHANGED, current={"present": current})
    if current != change.expected:
        return _result(change, CONFLICT, current={"present": current})
    set_attendance(enrolment=enrolment, day=change.day, present=change.present, user=user)
    return _result(change, SAVED, current={"present": change.present})


def _apply_score(change: Change, session, user) -> dict:
    outcome = save_score(
        enrolment=_enrolment(change, session),
        phase=change.phase,
        score=change.score,
        expected_version=change.expected_version,
        user=user,
        source=TestResult.Source.OFFLINE,
    )
    return _result(change, outcome.status, current=score_state(outcome.result))


def _apply_answers(change: Change, session, user) -> dict:
    enrolment = _enrolment(change, session)
    instrument = instrument_for_phase(session.campaign_id, change.phase)
    if instrument is None:
        raise ValidationError(_("This test has no questions."))
    outcome, _item_score = save_answers(
        enrolment=enrolment,
        phase=change.phase,
        instrument=instrument,
        answers=change.answers,
        expected_version=change.expected_version,
        user=user,
        source=TestResult.Source.OFFLINE,
    )
    return _result(change, outcome.status, current=score_state(outcome.result))


APPLY = {"attendance": _apply_attendance, "score": _apply_score, "answers": _apply_answers}
