"""Reads of the feedback survey for pages and reports: results per scope and the free-text answers.

Results carry no enrolment, deputy or response ids; free text is returned with its session and region
only, never with a name."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from councils.collation import sort_key
from councils.models import Region
from trainings.models import TrainingSession

from ..models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse
from .stats import scale_summary

SCOPES = ("campaign", "session", "trainer", "region")


def response_count(campaign) -> int:
    return FeedbackResponse.objects.filter(enrolment__session__campaign=campaign).count()


def _scale_questions(campaign):
    """Scale questions in the survey now, and archived ones that were answered (marked as archived)."""
    questions = FeedbackQuestion.objects.filter(campaign=campaign, kind=FeedbackQuestion.Kind.SCALE)
    answered = set(
        FeedbackAnswer.objects.filter(question__in=questions, rating__isnull=False).values_list(
            "question_id", flat=True
        )
    )
    return [question for question in questions if not question.archived or question.pk in answered]


def feedback_results(campaign) -> dict:
    """{"responses", "questions": [{id, text, archived}], "scopes": {scope: [row]}} in the active language.

    A row is {"key", "label", "responses", "cells": one scale_summary per question}; the campaign scope has
    one row. A response counts for every trainer of its session."""
    responses = FeedbackResponse.objects.filter(enrolment__session__campaign=campaign).values_list(
        "pk", "enrolment__session_id", "enrolment__deputy__council__region_id"
    )
    where = {pk: (session, region) for pk, session, region in responses}
    if not where:  # one query for a campaign nobody has answered yet
        return {"responses": 0, "questions": [], "scopes": {scope: [] for scope in SCOPES}}
    questions = _scale_questions(campaign)
    ratings = FeedbackAnswer.objects.filter(
        response__enrolment__session__campaign=campaign, question__in=[q.pk for q in questions], rating__isnull=False
    ).values_list("response_id", "question_id", "rating")
    session_ids = {session for session, _region in where.values()}
    sessions = dict(TrainingSession.objects.filter(pk__in=session_ids).values_list("pk", "code"))
    trainers_of = defaultdict(list)
    for session_id, user_id in TrainingSession.trainers.through.objects.filter(
        trainingsession_id__in=session_ids
    ).values_list("trainingsession_id", "user_id"):
        trainers_of[session_id].append(user_id)
    users = {
        user.pk: user.display_name
        for user in get_user_model().objects.filter(pk__in={u for ids in trainers_of.values() for u in ids})
    }
    regions = {region.pk: region for region in Region.objects.filter(pk__in={r for _s, r in where.values()})}

    def keys_of(response_id):
        session, region = where[response_id]
        yield "campaign", None
        yield "session", session
        for trainer in trainers_of.get(session, ()):
            yield "trainer", trainer
        yield "region", region

    members = defaultdict(set)  # (scope, key) -> response ids
    for response_id in where:
        for scope_key in keys_of(response_id):
            members[scope_key].add(response_id)
    values = defaultdict(list)  # (scope, key, question id) -> ratings
    for response_id, question_id, rating in ratings:
        for scope, key in keys_of(response_id):
            values[scope, key, question_id].append(rating)

    def label(scope, key):
        if scope == "session":
            return sessions[key]
        if scope == "trainer":
            return users[key]
        if scope == "region":
            return regions[key].name if key in regions else "—"
        return ""

    def code(scope, key):
        if scope == "session":
            return sessions[key]
        if scope == "region":
            return regions[key].code if key in regions else ""
        return ""

    scopes = {scope: [] for scope in SCOPES}
    for (scope, key), ids in members.items():
        scopes[scope].append(
            {
                "key": code(scope, key),
                "label": label(scope, key),
                "responses": len(ids),
                "cells": [scale_summary(values[scope, key, question.pk]) for question in questions],
            }
        )
    for scope in SCOPES:
        scopes[scope].sort(key=lambda row: sort_key(row["label"]))
    return {
        "responses": len(where),
        "questions": [{"id": q.pk, "text": q.text, "archived": q.archived} for q in questions],
        "scopes": scopes,
    }


def feedback_comments(campaign, *, session_code: str = "", region_code: str = "") -> list[dict]:
    """Free-text answers with their question, session and region, never with a name or an id."""
    answers = FeedbackAnswer.objects.filter(
        response__enrolment__session__campaign=campaign, question__kind=FeedbackQuestion.Kind.TEXT
    ).exclude(text="")
    if session_code:
        answers = answers.filter(response__enrolment__session__code=session_code)
    if region_code:
        answers = answers.filter(response__enrolment__deputy__council__region__code=region_code)
    rows = answers.select_related("question", "response__enrolment__session").values_list(
        "question__text_ky",
        "question__text_ru",
        "question__text_en",
        "text",
        "response__enrolment__session__code",
        "response__enrolment__deputy__council__region_id",
    )
    regions = dict.fromkeys({row[5] for row in rows})
    names = {region.pk: region.name for region in Region.objects.filter(pk__in=regions)}
    comments = []
    for ky, ru, en, text, session, region in rows:
        question = FeedbackQuestion(text_ky=ky, text_ru=ru, text_en=en)
        comments.append({"question": question.text, "text": text, "session": session, "region": names.get(region, "")})
    comments.sort(key=lambda row: (sort_key(row["session"]), row["question"], row["text"]))
    return comments


def comment_filter_choices(campaign) -> dict:
    """Sessions and regions that have feedback, for the filters of the free-text page."""
    sessions = sorted(
        set(
            FeedbackResponse.objects.filter(enrolment__session__campaign=campaign).values_list(
                "enrolment__session__code", flat=True
            )
        ),
        key=sort_key,
    )
    region_ids = FeedbackResponse.objects.filter(enrolment__session__campaign=campaign).values_list(
        "enrolment__deputy__council__region_id", flat=True
    )
    regions = sorted(
        ((region.code, region.name) for region in Region.objects.filter(pk__in=region_ids)),
        key=lambda item: sort_key(item[1]),
    )
    return {"sessions": sessions, "regions": regions}
