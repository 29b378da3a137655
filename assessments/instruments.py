"""Defining tests (instruments) and their questions — organisers' pages, DESIGN §2."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trainings.changes import mark_campaign_changed

from .models import Instrument, Question
from .services import format_number

MAX_CHOICE_LENGTH = 20  # the length of Question.key, which holds one choice


@dataclass(frozen=True)
class QuestionSpec:
    """One question as an organiser defined it; `choices` already split into a list."""

    number: int
    topic: object
    text_ky: str
    text_ru: str
    choices: list
    key: str
    points: Decimal


def question_errors(spec: QuestionSpec) -> dict:
    """{field: message} for what is wrong with one question; empty when it is fine."""
    errors = {}
    if not spec.number or spec.number < 1:
        errors["number"] = _("Number the questions from 1.")
    if len(spec.choices) < 2:
        errors["choices"] = _("Give at least two choices, e.g. A, B, C, D.")
    elif len({choice.upper() for choice in spec.choices}) != len(spec.choices):
        errors["choices"] = _("Each choice may appear only once.")
    elif any(len(choice) > MAX_CHOICE_LENGTH for choice in spec.choices):
        errors["choices"] = ngettext(
            "A choice may have at most %(max)s character.",
            "A choice may have at most %(max)s characters.",
            MAX_CHOICE_LENGTH,
        ) % {"max": MAX_CHOICE_LENGTH}
    elif spec.key.strip().upper() not in {choice.upper() for choice in spec.choices}:
        errors["key"] = _("The correct answer must be one of the choices: %(choices)s.") % {
            "choices": ", ".join(spec.choices)
        }
    if spec.points is None or spec.points <= 0:
        errors["points"] = _("Points must be greater than 0.")
    if not (spec.text_ky.strip() or spec.text_ru.strip()):
        errors["text_ru"] = _("Enter the question in Kyrgyz or Russian.")
    return errors


def _validate_instrument(*, instrument, name, max_score, questions):
    if not name.strip():
        raise ValidationError({"name": _("Enter the test's name.")})
    if max_score is None or max_score <= 0:
        raise ValidationError({"max_score": _("The maximum score must be greater than 0.")})
    if instrument is not None and max_score != instrument.max_score and instrument.results.exists():
        raise ValidationError(
            {
                "max_score": _(
                    "Results of this test are already saved with a maximum of %(max)s: "
                    "the maximum score can no longer be changed."
                )
                % {"max": format_number(instrument.max_score)}
            }
        )
    problems, seen = [], set()
    for spec in questions:
        if spec.number in seen:
            problems.append(_("Question number %(number)s is used twice.") % {"number": spec.number})
        seen.add(spec.number)
        problems.extend(
            _("Question %(number)s: %(problem)s") % {"number": spec.number, "problem": message}
            for message in question_errors(spec).values()
        )
    if problems:
        raise ValidationError(problems)


def _replace_questions(instrument, questions):
    # The questions are replaced as a whole, so that renumbering (e.g. swapping two numbers) never meets
    # the unique (test, number) constraint halfway. Nothing refers to a question by its id.
    instrument.questions.all().delete()
    Question.objects.bulk_create(
        Question(
            instrument=instrument,
            number=spec.number,
            topic=spec.topic,
            text_ky=spec.text_ky.strip(),
            text_ru=spec.text_ru.strip(),
            choices=list(spec.choices),
            key=next(choice for choice in spec.choices if choice.upper() == spec.key.strip().upper()),
            points=spec.points,
        )
        for spec in sorted(questions, key=lambda spec: spec.number)
    )


def create_instrument(*, campaign, name, max_score, form="", phase="", questions=()) -> Instrument:
    """A new test of a campaign (or shared, with campaign=None) with its questions."""
    questions = list(questions)
    _validate_instrument(instrument=None, name=name, max_score=max_score, questions=questions)
    with transaction.atomic():
        instrument = Instrument.objects.create(
            campaign=campaign, name=name.strip(), form=form.strip(), phase=phase, max_score=max_score
        )
        _replace_questions(instrument, questions)
    return instrument


def update_instrument(*, instrument, campaign, name, max_score, form="", phase="", questions=()) -> Instrument:
    """Change a test and replace its questions; the maximum score is fixed once results exist."""
    questions = list(questions)
    _validate_instrument(instrument=instrument, name=name, max_score=max_score, questions=questions)
    with transaction.atomic():
        instrument.campaign = campaign
        instrument.name = name.strip()
        instrument.form = form.strip()
        instrument.phase = phase
        instrument.max_score = max_score
        instrument.save()
        _replace_questions(instrument, questions)
        # Item analysis and topic scores read the questions: the campaigns using the test must recompute.
        for campaign_id in _campaigns_with_results(instrument):
            mark_campaign_changed(campaign_id)
    return instrument


def delete_instrument(*, instrument) -> None:
    """Delete a test and its questions; refused once results of it are saved."""
    refused = ValidationError(
        _("Results of “%(test)s” are saved: a test with results cannot be deleted.") % {"test": instrument}
    )
    if instrument.results.exists():
        raise refused
    try:
        with transaction.atomic():
            instrument.delete()
    except ProtectedError as exc:
        # A result was saved between the check and the delete.
        raise refused from exc


def _campaigns_with_results(instrument) -> list[int]:
    return list(instrument.results.order_by().values_list("enrolment__session__campaign_id", flat=True).distinct())
