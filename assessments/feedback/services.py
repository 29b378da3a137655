"""Changes to the feedback survey: the campaign's questions and a participant's one response."""

import time

from django.core.cache import cache
from django.db import IntegrityError, transaction

from trainings.models import Campaign

from ..models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from .defaults import DEFAULT_QUESTIONS


def version_key(campaign_id) -> str:
    return f"feedback:version:{campaign_id}"


def feedback_version(campaign_id) -> int:
    """A number that changes whenever the campaign's survey or its answers change (in the cache: pages that
    show the results cache them under it)."""
    version = cache.get(version_key(campaign_id))
    if version is None:
        version = time.time_ns()
        cache.set(version_key(campaign_id), version, None)
    return version


def _changed(campaign_id):
    # Now, and again once committed: a page that read the old data in between must not keep its copy.
    cache.set(version_key(campaign_id), time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(version_key(campaign_id), time.time_ns(), None))


class AlreadySubmitted(Exception):
    """This participant's response was received before; nothing was written."""


class QuestionLocked(Exception):
    """The kind of a question with answers cannot change (its results would mix two scales)."""


def ensure_questions(campaign) -> list[FeedbackQuestion]:
    """The campaign's active questions in order; a campaign that never had any gets the defaults, once."""
    questions = list(campaign.feedback_questions.filter(archived=False))
    if questions or campaign.feedback_questions.exists():
        return questions
    with transaction.atomic():
        # The campaign row is the lock: two first visitors at once must not both write the defaults.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.feedback_questions.exists():
            FeedbackQuestion.objects.bulk_create(
                FeedbackQuestion(campaign=campaign, order=number, kind=kind, text_ky=ky, text_ru=ru, text_en=en)
                for number, (kind, ky, ru, en) in enumerate(DEFAULT_QUESTIONS, start=1)
            )
    return list(campaign.feedback_questions.filter(archived=False))


def submit_feedback(*, enrolment, questions, ratings: dict, texts: dict, language: str) -> FeedbackResponse:
    """Store one participant's answers (`ratings`/`texts` keyed by question id) with the text they read.

    Raises AlreadySubmitted when the participant has answered before, also when two submits race."""
    if FeedbackResponse.objects.filter(enrolment=enrolment).exists():
        raise AlreadySubmitted
    try:
        with transaction.atomic():
            response = FeedbackResponse.objects.create(enrolment=enrolment, language=language)
            answers = []
            for question in questions:
                rating, text = ratings.get(question.pk), (texts.get(question.pk) or "").strip()
                if rating is None and not text:
                    continue
                answers.append(
                    FeedbackAnswer(
                        response=response,
                        question=question,
                        question_text=question.text_in(language)[:300],
                        rating=rating if question.is_scale else None,
                        text="" if question.is_scale else text,
                    )
                )
            FeedbackAnswer.objects.bulk_create(answers)
            _changed(enrolment.session.campaign_id)
    except IntegrityError as error:  # the one-per-enrolment constraint: a second submit won the race
        raise AlreadySubmitted from error
    return response


def add_question(*, campaign, kind, text_ky, text_ru, text_en, order=None) -> FeedbackQuestion:
    ensure_questions(campaign)  # the defaults first, so that adding one question does not drop them
    if order is None:
        last = campaign.feedback_questions.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    _changed(campaign.pk)
    return FeedbackQuestion.objects.create(
        campaign=campaign, kind=kind, text_ky=text_ky, text_ru=text_ru, text_en=text_en, order=order
    )


def update_question(*, question, kind, text_ky, text_ru, text_en, order) -> FeedbackQuestion:
    # The stored kind, not the instance's: a ModelForm has already copied the new values onto it.
    stored_kind = FeedbackQuestion.objects.values_list("kind", flat=True).get(pk=question.pk)
    if kind != stored_kind and question.answers.exists():
        question.refresh_from_db()
        raise QuestionLocked
    question.kind, question.order = kind, order
    question.text_ky, question.text_ru, question.text_en = text_ky, text_ru, text_en
    question.save(update_fields=["kind", "order", "text_ky", "text_ru", "text_en"])
    _changed(question.campaign_id)
    return question


def set_archived(*, question, archived: bool) -> FeedbackQuestion:
    """Archive (or bring back) a question: it leaves the survey, its answers stay in the results."""
    question.archived = archived
    question.save(update_fields=["archived"])
    _changed(question.campaign_id)
    return question
