"""Opening and closing a self-test phase, and a participant's way through it (docs/self-test.md).

A trainer opens a phase of a session (`open_window`): the window carries a short code and is reached by a
signed token (the QR code). A participant picks their name from the roster, confirms it with their birth
year (`start_attempt`), answers one question at a time (`save_answer`, kept on the server so a dropped
connection resumes) and submits once (`submit`): the answers are scored and saved by `save_answers`, the
same service as the grid's item mode, with source "self_test". Every refusal is a `SelfTestRefused` with a
message for the participant, raised before anything is written.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.collation import deputy_order
from trainings.models import Enrolment

from .. import parallel_forms
from ..models import Question, SelfTestAttempt, SelfTestWindow, TestResult
from ..services import CONFLICT, normalise_answer, save_answers

TOKEN_SALT = "assessments.selftest.window"
MAX_TOKEN_LENGTH = 120
# Six characters without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G): easy to read off a projector.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"
CODE_LENGTH = 6


class SelfTestRefused(Exception):
    """A participant's request that cannot be granted; `message` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _closed_message():
    return _("This test is closed. Ask the trainer.")


def _unknown_link_message():
    return _("This link or code is not valid. Check it, or ask the trainer for the code.")


# Trainer side


def phase_label(phase) -> str:
    labels = dict(TestResult.Phase.choices)
    return str(labels.get(phase, phase))


def instruments_for_window(session, phase) -> dict:
    """{form letter or "": test} the phase uses in this session; every test must have questions."""
    forms = parallel_forms.parallel_instruments(session.campaign_id, phase)
    if not forms:
        from ..selectors import instrument_for_phase

        instrument = instrument_for_phase(session.campaign_id, phase)
        forms = {"": instrument} if instrument else {}
    return forms


def open_window(*, session, phase, user) -> SelfTestWindow:
    """Open a phase of the session for the self-test (or return the window already open for it)."""
    if phase not in TestResult.Phase.values:
        raise ValidationError(_("Unknown test phase."))
    if session.is_approved:
        raise ValidationError(_("The session is approved: its scores can no longer change."))
    forms = instruments_for_window(session, phase)
    if not forms or any(not instrument.questions.exists() for instrument in forms.values()):
        raise ValidationError(
            _(
                "The self-test needs the test's questions, and this campaign's test has none: an organiser "
                "adds them on the test's page, or enter the scores in the grid."
            )
        )
    with transaction.atomic():
        current = open_window_of(session, phase)
        if current is not None:
            return current
        if len(forms) > 1:
            parallel_forms.assign_forms(session)
        window = SelfTestWindow(
            session=session,
            phase=phase,
            opened_by=user,
            closes_at=timezone.now() + timedelta(minutes=settings.SELFTEST_WINDOW_MINUTES),
        )
        for _attempt in range(20):
            window.code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if not SelfTestWindow.objects.filter(code=window.code).exists():
                break
        window.save()
    return window


def open_window_of(session, phase) -> SelfTestWindow | None:
    return (
        SelfTestWindow.objects.filter(
            session=session, phase=phase, closed_at__isnull=True, closes_at__gt=timezone.now()
        )
        .order_by("-opened_at")
        .first()
    )


def close_window(*, window, user) -> SelfTestWindow:
    """Close the phase: from now on its link, its code and unfinished answers are refused."""
    SelfTestWindow.objects.filter(pk=window.pk, closed_at__isnull=True).update(closed_at=timezone.now(), closed_by=user)
    window.refresh_from_db()
    return window


def allow_retry(*, window, enrolment, user) -> SelfTestAttempt:
    """Let a participant take the test again in this window; the new submission replaces the saved result.

    Whatever the participant had started is cleared and released from their phone.
    """
    if not window.is_open():
        raise ValidationError(_closed_message())
    with transaction.atomic():
        result = TestResult.objects.filter(enrolment=enrolment, phase=window.phase).first()
        attempt = SelfTestAttempt.objects.select_for_update().filter(window=window, enrolment=enrolment).first()
        if attempt is None:
            attempt = SelfTestAttempt(
                window=window, enrolment=enrolment, instrument=parallel_forms.instrument_for(enrolment, window.phase)
            )
        attempt.device = ""
        attempt.answers = {}
        attempt.submitted_at = None
        attempt.retry_version = result.version if result else None
        attempt.retries += 1
        attempt.save()
    return attempt


# Reaching a window


def window_token(window) -> str:
    return signing.dumps(window.pk, salt=TOKEN_SALT)


def _open_or_refuse(window) -> SelfTestWindow:
    if window is None:
        raise SelfTestRefused(_unknown_link_message())
    if not window.is_open():
        raise SelfTestRefused(_closed_message())
    return window


def _windows():
    return SelfTestWindow.objects.select_related("session__campaign")


def window_from_token(token) -> SelfTestWindow:
    """The open window a QR link names; refused when the link is forged, malformed or the phase is closed."""
    token = str(token or "")
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise SelfTestRefused(_unknown_link_message())
    try:
        window_id = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise SelfTestRefused(_unknown_link_message()) from exc
    if not isinstance(window_id, int):
        raise SelfTestRefused(_unknown_link_message())
    return _open_or_refuse(_windows().filter(pk=window_id).first())


def normalise_code(text) -> str | None:
    """A short code as typed ("ac3 d4f", "ac3-d4f"); None when it cannot be one."""
    text = str(text or "")[:40].upper().replace(" ", "").replace("-", "")
    if len(text) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in text):
        return None
    return text


def window_from_code(text) -> SelfTestWindow:
    code = normalise_code(text)
    if code is None:
        raise SelfTestRefused(_unknown_link_message())
    return _open_or_refuse(_windows().filter(code=code).first())


def window_by_id(window_id) -> SelfTestWindow:
    """The window a phone's session remembers, if it is still open."""
    return _open_or_refuse(_windows().filter(pk=window_id).first() if isinstance(window_id, int) else None)


# The participant's way


def short_name(deputy) -> str:
    """ "Surname F.": all the roster shows of a participant."""
    initial = deputy.first_name.strip()[:1]
    return f"{deputy.last_name} {initial}." if initial else deputy.last_name


def _finished_ids(window) -> set:
    """Enrolments that may not take this window's test: a result is saved and no retry was allowed."""
    with_result = set(
        TestResult.objects.filter(enrolment__session_id=window.session_id, phase=window.phase).values_list(
            "enrolment_id", flat=True
        )
    )
    attempts = SelfTestAttempt.objects.filter(window=window).values_list("enrolment_id", "submitted_at", "retries")
    retrying = {enrolment_id for enrolment_id, submitted, retries in attempts if retries and submitted is None}
    submitted = {enrolment_id for enrolment_id, submitted, _retries in attempts if submitted is not None}
    return (with_result - retrying) | submitted


def roster(window) -> list[tuple[int, str]]:
    """[(enrolment id, "Surname F.")] of the session's participants who may still take this test."""
    finished = _finished_ids(window)
    enrolments = (
        Enrolment.objects.filter(session_id=window.session_id)
        .select_related("deputy")
        .order_by(*deputy_order("deputy__"), "pk")
    )
    return [(enrolment.pk, short_name(enrolment.deputy)) for enrolment in enrolments if enrolment.pk not in finished]


def parse_id(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None


def parse_birth_year(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def start_attempt(*, window, enrolment_id, birth_year, device, language) -> SelfTestAttempt:
    """Bind this phone (`device`) to a participant of the roster once their birth year matches.

    The same phone coming back resumes its attempt; another phone is refused while it is in progress.
    """
    window = _open_or_refuse(window)
    enrolment_id = parse_id(enrolment_id)
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, session_id=window.session_id)
        .select_related("deputy", "session")
        .first()
        if enrolment_id
        else None
    )
    if enrolment is None:
        raise SelfTestRefused(_("Choose your name from the list."))
    if enrolment.pk in _finished_ids(window):
        raise SelfTestRefused(_("This participant has already taken the test. To take it again, ask the trainer."))
    year = parse_birth_year(birth_year)
    if year is None:
        raise SelfTestRefused(_("Enter your birth year as four digits, e.g. 1975."))
    if enrolment.deputy.birth_year is None:
        raise SelfTestRefused(_("Your birth year is not recorded. Ask the trainer."))
    if year != enrolment.deputy.birth_year:
        raise SelfTestRefused(_("The birth year does not match this name. Check your name and the year."))
    language = language if language in ("ky", "ru") else window.session.language
    with transaction.atomic():
        attempt = SelfTestAttempt.objects.select_for_update().filter(window=window, enrolment=enrolment).first()
        if attempt is None:
            attempt = SelfTestAttempt(
                window=window, enrolment=enrolment, instrument=parallel_forms.instrument_for(enrolment, window.phase)
            )
        elif attempt.device and not secrets.compare_digest(attempt.device, device):
            raise SelfTestRefused(
                _(
                    "Somebody is already taking the test under this name on another phone. "
                    "If it is you, ask the trainer."
                )
            )
        attempt.device = device
        attempt.language = language
        attempt.save()
    return attempt


def attempt_for_device(*, attempt_id, device) -> SelfTestAttempt:
    """The attempt this phone is bound to, while its window is open and it is not submitted."""
    attempt = (
        SelfTestAttempt.objects.select_related("window__session__campaign", "enrolment__deputy", "instrument")
        .filter(pk=attempt_id if isinstance(attempt_id, int) else None)
        .first()
    )
    if attempt is None or not attempt.device or not secrets.compare_digest(attempt.device, device or ""):
        raise SelfTestRefused(_("This phone is not taking a test. Open the link or enter the code again."))
    _open_or_refuse(attempt.window)
    if attempt.submitted_at is not None:
        raise SelfTestRefused(_("Your answers are already submitted. Thank you!"))
    return attempt


def questions_of(attempt) -> list[Question]:
    return list(attempt.instrument.questions.select_related("topic", "instrument"))


def question_text(question, language) -> str:
    primary, other = (question.text_ky, question.text_ru) if language == "ky" else (question.text_ru, question.text_ky)
    return primary or other


OPTION_LINE = re.compile(r"^\s*(\S{1,3}?)\s*[).]\s+(.+)$")


def question_screen(question, language) -> tuple[str, list[tuple[str, str]]]:
    """The question's stem and its choices as [(choice, label)], for one screen.

    Questions are often written with their options in the text ("A) Районная администрация" on its own
    line): then each option's words go on its button, so a participant taps the answer itself.
    """
    text = question_text(question, language)
    choices = [str(choice) for choice in question.choices or []]
    labels, stem = {}, []
    for line in text.splitlines():
        match = OPTION_LINE.match(line)
        letter = match.group(1).upper() if match else None
        if letter in (choice.upper() for choice in choices) and letter not in labels:
            labels[letter] = match.group(2).strip()
        else:
            stem.append(line)
    if set(labels) != {choice.upper() for choice in choices}:
        return text, [(choice, "") for choice in choices]
    return "\n".join(stem).strip(), [(choice, labels[choice.upper()]) for choice in choices]


def save_answer(*, attempt, question, answer) -> None:
    """Keep one answer of an attempt in progress (blank clears it); a value not among the choices is refused."""
    try:
        cleaned = normalise_answer(question, str(answer or "")[:20])
    except ValidationError as exc:
        raise SelfTestRefused(_("Choose one of the answers.")) from exc
    answers = dict(attempt.answers or {})
    if cleaned:
        answers[str(question.number)] = cleaned
    else:
        answers.pop(str(question.number), None)
    with transaction.atomic():
        updated = SelfTestAttempt.objects.filter(
            pk=attempt.pk, submitted_at__isnull=True, device=attempt.device
        ).update(answers=answers)
    if updated != 1:
        raise SelfTestRefused(_("Your answers are already submitted. Thank you!"))
    attempt.answers = answers


def submit(*, attempt_id, device) -> tuple[SelfTestAttempt, TestResult]:
    """Score and save the attempt's answers once, as the grid's item mode does; then the phone is done."""
    with transaction.atomic():
        locked = SelfTestAttempt.objects.select_for_update().filter(pk=attempt_id).values_list("pk", flat=True).first()
        attempt = attempt_for_device(attempt_id=locked, device=device)
        result = TestResult.objects.filter(enrolment=attempt.enrolment, phase=attempt.window.phase).first()
        if result is not None and attempt.retry_version is None:
            raise SelfTestRefused(_("This participant has already taken the test. To take it again, ask the trainer."))
        attempt.enrolment.session = attempt.window.session
        try:
            outcome, _item_score = save_answers(
                enrolment=attempt.enrolment,
                phase=attempt.window.phase,
                instrument=attempt.instrument,
                answers=attempt.answers or {},
                expected_version=attempt.retry_version or 0,
                user=None,
                source=TestResult.Source.SELF_TEST,
            )
        except ValidationError as exc:
            raise SelfTestRefused(" ".join(exc.messages)) from exc
        if outcome.status == CONFLICT:
            raise SelfTestRefused(_("The trainer changed your result meanwhile. Ask the trainer."))
        attempt.submitted_at = timezone.now()
        attempt.save(update_fields=["submitted_at"])
    return attempt, outcome.result
