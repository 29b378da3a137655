"""Change history of results and the data-quality flags of the grid and the campaign."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import TestResult as Result
from assessments.selectors import quality_flags_for_campaign, score_grid
from assessments.services import save_score
from trainings.models import Attendance

pytestmark = pytest.mark.django_db


def test_history_keeps_who_when_and_old_to_new(trainer, organiser, session, enrolments):
    save_score(enrolment=enrolments[0], phase="pre", score="10", expected_version=0, user=trainer)
    save_score(enrolment=enrolments[0], phase="pre", score="12", expected_version=1, user=organiser)
    save_score(enrolment=enrolments[0], phase="pre", score="", expected_version=2, user=trainer)
    records = list(Result.history.filter(enrolment=enrolments[0]).order_by("history_date", "history_id"))
    assert [(r.history_type, r.score, r.version, r.history_user) for r in records] == [
        ("+", Decimal("10"), 1, trainer),
        ("~", Decimal("12"), 2, organiser),
        ("-", Decimal("12"), 2, trainer),
    ]


def test_history_through_the_grid_names_the_user(trainer_client, trainer, session, enrolments):
    url = reverse("assessments:score_cell", args=[session.pk, enrolments[0].pk, "post"])
    trainer_client.post(url, {"score": "3", "version": "0"}, HTTP_HX_REQUEST="true")
    trainer_client.post(url, {"score": "4", "version": "1"}, HTTP_HX_REQUEST="true")
    assert list(Result.history.order_by("history_id").values_list("score", "history_user")) == [
        (Decimal("3"), trainer.pk),
        (Decimal("4"), trainer.pk),
    ]


def flags_of(session):
    return {row.enrolment.deputy.last_name: [flag.kind for flag in row.flags] for row in score_grid(session)}


def test_post_lower_than_pre_beyond_the_threshold_is_flagged(session, enrolments, settings):
    settings.SCORE_DROP_FLAG_PP = 20
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=15, max_score=20)
    Result.objects.create(enrolment=enrolments[0], phase="post", score=10, max_score=20)  # 25 points lower
    Result.objects.create(enrolment=enrolments[1], phase="pre", score=15, max_score=20)
    Result.objects.create(enrolment=enrolments[1], phase="post", score=12, max_score=20)  # 15 points lower
    flags = flags_of(session)
    assert flags["Абдыкадырова"] == ["drop"]
    assert flags["Бекова"] == []


def test_test_taken_while_absent_is_flagged(session, enrolments):
    Attendance.objects.filter(enrolment=enrolments[0], day=2).update(present=False)
    Attendance.objects.filter(enrolment=enrolments[1], day=1).update(present=False)
    for enrolment in enrolments[:2]:
        Result.objects.create(enrolment=enrolment, phase="pre", score=10, max_score=20)
        Result.objects.create(enrolment=enrolment, phase="post", score=12, max_score=20)
    rows = {row.enrolment.deputy.last_name: row.flags for row in score_grid(session)}
    assert [(f.kind, f.phase) for f in rows["Абдыкадырова"]] == [("absent", "post")]
    assert [(f.kind, f.phase) for f in rows["Бекова"]] == [("absent", "pre")]


def test_missing_post_test_is_flagged_once_the_session_is_over(session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=10, max_score=20)
    assert flags_of(session)["Абдыкадырова"] == ["missing_post"]  # the factory's session is in 2021
    session.start_date = timezone.localdate()
    session.save()
    assert flags_of(session)["Абдыкадырова"] == []


def test_score_edited_after_the_session_is_flagged(trainer, session, enrolments):
    session.start_date = timezone.localdate() - datetime.timedelta(days=10)
    session.save()
    save_score(enrolment=enrolments[0], phase="pre", score="10", expected_version=0, user=trainer)
    assert flags_of(session)["Абдыкадырова"] == ["missing_post"]  # entered late, not edited
    save_score(enrolment=enrolments[0], phase="pre", score="11", expected_version=1, user=trainer)
    assert flags_of(session)["Абдыкадырова"] == ["missing_post", "edited_late"]


def test_flags_are_shown_on_the_grid(trainer_client, session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=10, max_score=20)
    html = trainer_client.get(reverse("assessments:score_grid", args=[session.pk])).content.decode()
    assert '<li data-flag="missing_post"><span aria-hidden="true">⚠</span> No post-test.</li>' in html


def test_campaign_flags_cover_every_session(session, enrolments, django_assert_max_num_queries):
    from tests.factories import EnrolmentFactory, TrainingSessionFactory

    other = EnrolmentFactory(session=TrainingSessionFactory(campaign=session.campaign, code="S-TALAS-01"))
    Result.objects.create(enrolment=enrolments[2], phase="pre", score=10, max_score=20)
    Result.objects.create(enrolment=other, phase="pre", score=18, max_score=20)
    Result.objects.create(enrolment=other, phase="post", score=2, max_score=20)
    with django_assert_max_num_queries(5):
        flags = quality_flags_for_campaign(session.campaign)
        found = [(f.session.code, f.deputy.last_name, f.flag.kind) for f in flags]
    assert sorted(found) == sorted(
        [("S-CHUI-01", "Васильев", "missing_post"), ("S-TALAS-01", other.deputy.last_name, "drop")]
    )
