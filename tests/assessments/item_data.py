"""A campaign whose participants' answers to single questions were entered: for the item analysis tests."""

from assessments.models import Question
from assessments.statistics.snapshots import recompute
from tests.assessments.stats_data import add_participant, instrument_with_topics, two_region_campaign

KEYS = ("A", "B", "C", "D")
# Right (1) or wrong (0) per participant and question. Question 1 is known by all before the training
# (flagged as easy), question 4 does not separate the stronger participants on the pre-test (flagged).
PRE = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0], [1, 0, 0, 1]]
POST = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 1, 1], [0, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 0]]


def answers(pattern):
    pairs = zip(KEYS, pattern, strict=True)
    return {str(number): key if right else "x" for number, (key, right) in enumerate(pairs, start=1)}


def item_campaign(pre=PRE, post=POST, **campaign_fields):
    """A campaign with a four-question test, one participant per row of `pre` (and of `post`, when the
    participant took it), and its statistics computed."""
    data = two_region_campaign(**campaign_fields)
    instrument, topics = instrument_with_topics(data["campaign"], keys=KEYS)
    for question in Question.objects.filter(instrument=instrument):
        question.text_ky = f"Суроо {question.number}"
        question.text_ru = f"Вопрос {question.number}"
        question.save()
    for index, pre_pattern in enumerate(pre):
        post_pattern = post[index] if index < len(post) else None
        responses = {"pre": answers(pre_pattern)}
        if post_pattern is not None:
            responses["post"] = answers(post_pattern)
        add_participant(
            data["sessions"][0],
            data["councils"][0],
            pre=sum(pre_pattern),
            post=None if post_pattern is None else sum(post_pattern),
            max_score=len(KEYS),
            instrument=instrument,
            responses=responses,
        )
    recompute([data["campaign"].pk])
    data["campaign"].refresh_from_db()
    return {**data, "instrument": instrument, "topics": topics}
