"""Changing test results: saving a score with optimistic locking, item-mode scoring, deleting.

Every save names the version of the result it started from (0 when there was none). The write is a
conditional UPDATE (or DELETE) on that version: when somebody else changed the result meanwhile, no row
matches and the caller gets a conflict carrying both values — a score is never silently overwritten.
Every change is recorded in the result's history and announced with `mark_campaign_changed`.
Scores of an approved session are refused (`trainings.approval`), whichever way they come in.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fileformats.tables import parse_decimal
from trainings.approval import check_session_open
from trainings.changes import mark_campaign_changed

from .models import Instrument, TestResult
from .parallel_forms import instrument_for

SAVED = "saved"
UNCHANGED = "unchanged"
CONFLICT = "conflict"


@dataclass
class SaveOutcome:
    """What became of a save: `status` is saved, unchanged or conflict.

    `result` is the result as it now stands (None when there is none). On a conflict, `attempted` is the
    value the caller wanted to save, and `result` holds the other person's value and version.
    """

    status: str
    result: TestResult | None
    attempted: Decimal | None = None

    @property
    def is_conflict(self) -> bool:
        return self.status == CONFLICT


def parse_score(text, *, max_score: Decimal) -> Decimal | None:
    """A score typed by a person: blank means "not taken"; decimal comma accepted; 0…max."""
    if text is None or str(text).strip() == "":
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        try:
            value = parse_decimal(str(text).strip())
        except ValueError as exc:
            raise ValidationError(_("Enter a number.")) from exc
    if value < 0 or value > max_score:
        raise ValidationError(
            _("Enter a score from 0 to %(max)s.") % {"max": format_number(max_score)}, code="out_of_range"
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimal places."), code="precision")
    return value


def format_number(value: Decimal) -> str:
    # In the reader's language: "12,5" on Kyrgyz and Russian pages, as the grid shows scores.
    plain = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(plain, use_l10n=True)


def parse_version(text) -> int:
    """The version a form says it started from; anything that is not a small whole number counts as 0."""
    text = str(text or "0").strip()
    if len(text) > 18:
        return 0
    try:
        return max(int(text), 0)
    except ValueError:
        return 0


def max_score_for(enrolment, phase, instrument=None) -> tuple[Instrument | None, Decimal]:
    """The test and maximum score that apply to this enrolment's result in this phase.

    The test is the one given, else the form assigned to the enrolment (`parallel_forms.instrument_for`).
    """
    if instrument is None:
        instrument = instrument_for(enrolment, phase)
    if instrument is not None:
        return instrument, instrument.max_score
    # Campaigns imported from files carry the maximum on each result rather than in a defined test.
    previous = (
        TestResult.objects.filter(enrolment__session__campaign_id=enrolment.session.campaign_id, phase=phase)
        .order_by("-updated_at")
        .values_list("max_score", flat=True)
        .first()
    )
    if previous is None:
        raise ValidationError(_("No test is defined for this campaign yet: an organiser must add one first."))
    return None, previous


def save_score(
    *,
    enrolment,
    phase,
    score,
    expected_version,
    user,
    source=TestResult.Source.GRID,
    responses=None,
    instrument=None,
):
    """Save (or, with a blank score, delete) one result, refusing to overwrite a newer version.

    `score` may be text as typed ("12,5") or a Decimal; raises ValidationError for a bad value.
    `instrument` is the test the answers were given on (default: the one `max_score_for` picks).
    """
    if phase not in TestResult.Phase.values:
        raise ValidationError(_("Unknown test phase."))
    instrument, max_score = max_score_for(enrolment, phase, instrument)
    value = parse_score(score, max_score=max_score)
    expected_version = parse_version(expected_version)
    with transaction.atomic():
        if phase != TestResult.Phase.FOLLOW_UP:  # approval covers the training; the follow-up comes months later
            check_session_open(enrolment.session_id)
        current = TestResult.objects.filter(enrolment=enrolment, phase=phase).first()
        current_version = current.version if current else 0
        current_value = current.score if current else None
        same_answers = responses is None or (current is not None and current.responses == responses)
        if current_value == value and (value is None or (current.max_score == max_score and same_answers)):
            # Both sides agree on the value: nothing to write, whichever version the caller had.
            return SaveOutcome(UNCHANGED, current)
        if current_version != expected_version:
            return SaveOutcome(CONFLICT, current, attempted=value)
        if value is None:
            outcome = _delete(current, user)
        elif current is None:
            outcome = _create(enrolment, phase, value, instrument, max_score, user, source, responses)
        else:
            outcome = _update(current, value, instrument, max_score, user, source, responses)
        if outcome.status == SAVED:
            mark_campaign_changed(enrolment.session.campaign_id)
        return outcome


def _create(enrolment, phase, value, instrument, max_score, user, source, responses):
    result = TestResult(
        enrolment=enrolment,
        phase=phase,
        instrument=instrument,
        score=value,
        max_score=max_score,
        responses=responses,
        entered_by=user,
        source=source,
    )
    result._history_user = user
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        # Somebody created the same result between our read and our insert.
        return SaveOutcome(CONFLICT, TestResult.objects.filter(enrolment=enrolment, phase=phase).first(), value)
    return SaveOutcome(SAVED, result)


def _update(current, value, instrument, max_score, user, source, responses):
    changed = TestResult.objects.filter(pk=current.pk, version=current.version).update(
        score=value,
        max_score=max_score,
        instrument=instrument,
        responses=responses,
        entered_by=user,
        source=source,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    fresh = TestResult.objects.filter(pk=current.pk).first()
    if changed != 1:
        return SaveOutcome(CONFLICT, fresh, value)
    # A queryset update sends no signals, so the history record is written here.
    TestResult.history.bulk_history_create([fresh], update=True, default_user=user)
    return SaveOutcome(SAVED, fresh)


def _delete(current, user):
    # The row is locked on its version, then deleted as an instance so that the history names the user.
    locked = TestResult.objects.select_for_update().filter(pk=current.pk, version=current.version).first()
    if locked is None:
        return SaveOutcome(CONFLICT, TestResult.objects.filter(pk=current.pk).first(), None)
    locked._history_user = user
    locked.delete()
    return SaveOutcome(SAVED, None)


@dataclass
class TopicScore:
    topic: object
    points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)

    @property
    def pct(self) -> float | None:
        return float(100 * self.points / self.max_points) if self.max_points else None


@dataclass
class ItemScore:
    score: Decimal
    max_score: Decimal
    answers: dict[str, str]
    by_topic: "OrderedDict[int, TopicScore]" = field(default_factory=OrderedDict)
    unanswered: int = 0


def normalise_answer(question, text: str) -> str:
    """An answer as typed: a choice letter in either case, or its position (1 = first choice)."""
    text = (text or "").strip().upper()
    if not text:
        return ""
    choices = [str(choice).upper() for choice in (question.choices or [])]
    # isdigit() is true for "²" and 5000-digit strings too, which int() refuses: plain short numbers only.
    if text.isascii() and text.isdigit() and len(text) <= 3 and choices and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    if choices and text not in choices:
        raise ValidationError(
            _("Question %(number)s: “%(answer)s” is not one of %(choices)s.")
            % {"number": question.number, "answer": text[:10], "choices": ", ".join(choices)}
        )
    return text


def score_answers(*, questions, answers) -> ItemScore:
    """Score item answers ({question number: answer}) against the key; sub-scores per topic.

    The total is scaled to the test's maximum score when the questions' points add up to something else.
    """
    questions = list(questions)
    if not questions:
        raise ValidationError(_("This test has no questions."))
    instrument = questions[0].instrument
    cleaned, by_topic = {}, OrderedDict()
    points = total = Decimal(0)
    unanswered = 0
    for question in questions:
        answer = normalise_answer(question, answers.get(str(question.number), ""))
        topic_score = by_topic.setdefault(question.topic_id, TopicScore(topic=question.topic))
        topic_score.max_points += question.points
        total += question.points
        if not answer:
            unanswered += 1
            continue
        cleaned[str(question.number)] = answer
        if answer == question.key.strip().upper():
            topic_score.points += question.points
            points += question.points
    score = points if total == instrument.max_score else (points * instrument.max_score / total)
    return ItemScore(
        score=score.quantize(Decimal("0.01")),
        max_score=instrument.max_score,
        answers=cleaned,
        by_topic=by_topic,
        unanswered=unanswered,
    )


def save_answers(*, enrolment, phase, instrument, answers, expected_version, user, source=TestResult.Source.GRID):
    """Score an answer sheet and save the score with its answers (same locking as `save_score`)."""
    item_score = score_answers(questions=instrument.questions.select_related("topic", "instrument"), answers=answers)
    outcome = save_score(
        enrolment=enrolment,
        phase=phase,
        score=item_score.score,
        expected_version=expected_version,
        user=user,
        source=source,
        responses=item_score.answers,
        instrument=instrument,
    )
    return outcome, item_score


class ScoresChangedMeanwhile(Exception):
    """A score changed between a sheet's preview and its confirmation: nothing was written."""

    def __init__(self, outcome):
        super().__init__(str(outcome.result))
        self.outcome = outcome


def apply_score_changes(*, session, changes, user) -> int:
    """Apply a checked score sheet (changes from `score_sheets.read_score_sheet`): all or nothing.

    Each change names the version it was previewed against; if any score changed since, nothing is saved
    and ScoresChangedMeanwhile is raised. Returns the number of scores saved.
    """
    from trainings.models import Enrolment

    enrolments = (
        Enrolment.objects.filter(session=session)
        .select_related("session")
        .in_bulk([change["enrolment_id"] for change in changes])
    )
    saved = 0
    with transaction.atomic():
        for change in changes:
            enrolment = enrolments.get(change["enrolment_id"])
            if enrolment is None:
                raise ValidationError(_("A participant of the sheet is no longer enrolled in this session."))
            outcome = save_score(
                enrolment=enrolment,
                phase=change["phase"],
                score=change["new"],
                expected_version=change["version"],
                user=user,
                source=TestResult.Source.IMPORT,
            )
            if outcome.is_conflict:
                raise ScoresChangedMeanwhile(outcome)
            saved += outcome.status == SAVED
    return saved
