"""Demo data (seed_demo): the generator's shape, its pure helpers and the command."""

import dataclasses
import datetime
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from assessments import models as assessments
from councils.models import Council, Deputy, Election
from councils.names import normalize_name, phonetic_key
from demo import schedule
from demo.campaign import build_campaign
from demo.names import kyrgyz_name
from demo.plans import VOICE_2021
from demo.purge import purge_generated
from tests.demo.conftest import SMALL_PLAN, fingerprint, knowledge_growth, participants_of
from tests.factories import DeputyFactory
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession

pytestmark = pytest.mark.django_db

# The generator's shape on a small set of councils ------------------------------------------------------


def test_campaign_has_the_planned_participants_councils_and_elections(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    covered = Council.objects.filter(deputies__in=participants_of(campaign)).distinct()
    elections = Election.objects.filter(convocation=SMALL_PLAN.convocation)
    assert participants_of(campaign).count() == 150
    assert Counter(covered.values_list("kind", flat=True)) == {Council.Kind.AIYL: 17, Council.Kind.TOWN: 1}
    assert Counter(elections.values_list("council__kind", flat=True)) == {Council.Kind.AIYL: 20, Council.Kind.TOWN: 1}
    assert set(covered.values_list("pk", flat=True)) <= set(elections.values_list("council_id", flat=True))


def test_sessions_last_two_days_within_the_campaign_with_two_trainers_each(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    sessions = list(TrainingSession.objects.filter(campaign=campaign).prefetch_related("trainers"))
    assert len(sessions) == 8
    assert {session.days for session in sessions} == {2}
    assert {len(session.trainers.all()) for session in sessions} == {2}
    assert all(campaign.start <= session.start_date and session.end_date <= campaign.end for session in sessions)
    assert all(session.trainers.all()[0].groups.filter(name="trainer").exists() for session in sessions)


def test_no_trainer_or_venue_is_booked_twice_on_one_day(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    trainer_days, venue_days = Counter(), Counter()
    for session in TrainingSession.objects.filter(campaign=campaign).prefetch_related("trainers"):
        for day in session.dates:
            venue_days[(session.venue_id, day)] += 1
            trainer_days.update((trainer.pk, day) for trainer in session.trainers.all())
    assert max(trainer_days.values()) == 1
    assert max(venue_days.values()) == 1


def test_about_a_third_of_participants_are_women_aged_22_to_70(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    participants = participants_of(campaign)
    women_share = participants.filter(gender="F").count() / participants.count()
    ages = [SMALL_PLAN.start.year - year for year in participants.values_list("birth_year", flat=True)]
    assert 0.25 <= women_share <= 0.45
    assert min(ages) >= 22
    assert max(ages) <= 70


def test_full_rosters_fill_every_seat_of_the_councils_with_elections(small_councils):
    build_campaign(SMALL_PLAN)
    seats = dict(Election.objects.filter(convocation=2021).values_list("council_id", "seats"))
    deputies = Counter(Deputy.objects.filter(convocation=2021).values_list("council_id", flat=True))
    assert deputies == seats
    assert set(seats.values()) <= set(range(11, 32))


def test_deputies_have_phones_and_both_name_keys(small_councils):
    build_campaign(SMALL_PLAN)
    for deputy in Deputy.objects.filter(convocation=2021):
        assert deputy.normalized_name == normalize_name(deputy.last_name, deputy.first_name, deputy.patronymic)
        assert deputy.search_key == phonetic_key(deputy.last_name, deputy.first_name, deputy.patronymic)
        assert deputy.phone.startswith("+996")
        assert len(deputy.phone) == 13


def test_a_few_are_absent_on_day_two_or_miss_a_test(small_councils):
    plan = dataclasses.replace(SMALL_PLAN, participants=300, aiyl_councils_with_elections=30, aiyl_councils_covered=29)
    campaign = build_campaign(plan)
    enrolments = Enrolment.objects.filter(session__campaign=campaign)
    day2_absent = Attendance.objects.filter(enrolment__in=enrolments, day=2, present=False).count()
    results = assessments.TestResult.objects.filter(enrolment__in=enrolments)
    missing = 2 * enrolments.count() - results.count()
    assert 0 < day2_absent < 0.1 * enrolments.count()
    assert 0 < missing < 0.15 * 2 * enrolments.count()


def test_tests_are_taken_only_on_days_present(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    present = set(
        Attendance.objects.filter(enrolment__session__campaign=campaign, present=True).values_list(
            "enrolment_id", "day"
        )
    )
    for enrolment_id, phase in assessments.TestResult.objects.filter(enrolment__session__campaign=campaign).values_list(
        "enrolment_id", "phase"
    ):
        assert (enrolment_id, 1 if phase == "pre" else 2) in present


def test_item_answers_for_part_of_the_sessions_agree_with_the_scores(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    keys = {
        question.number: question.key for question in assessments.Question.objects.filter(instrument__campaign=campaign)
    }
    results = assessments.TestResult.objects.filter(enrolment__session__campaign=campaign)
    with_items = results.filter(responses__isnull=False)
    sessions_with_items = set(with_items.values_list("enrolment__session", flat=True))
    assert len(keys) == 20
    assert 0 < len(sessions_with_items) < SMALL_PLAN.sessions
    for result in with_items:
        assert result.score == sum(1 for number, answer in result.responses.items() if keys[int(number)] == answer)
        assert set(result.responses.values()) <= {"A", "B", "C", "D"}


def test_questions_cover_the_five_topics_four_each(small_councils):
    campaign = build_campaign(SMALL_PLAN)
    topics = Counter(
        assessments.Question.objects.filter(instrument__campaign=campaign).values_list("topic__code", flat=True)
    )
    assert topics == {
        "lsg-foundations": 4,
        "planning-and-state-bodies": 4,
        "deputy-rights": 4,
        "citizen-participation": 4,
        "budget-transparency": 4,
    }
    assert set(campaign.topics.values_list("code", flat=True)) == set(topics)


def test_two_runs_with_one_seed_give_the_same_data(small_councils):
    build_campaign(SMALL_PLAN)
    first = fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation)
    purge_generated(campaigns=Campaign.objects.filter(code=SMALL_PLAN.code), convocations=[2021])
    assert Deputy.objects.count() == 0
    build_campaign(SMALL_PLAN)
    assert fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation) == first


def test_another_seed_gives_other_data(small_councils):
    build_campaign(SMALL_PLAN)
    first = fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation)
    purge_generated(campaigns=Campaign.objects.filter(code=SMALL_PLAN.code), convocations=[2021])
    build_campaign(dataclasses.replace(SMALL_PLAN, seed=8))
    assert fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation) != first


# Pure helpers ------------------------------------------------------------------------------------------


def test_kyrgyz_names_carry_both_patronymic_forms():
    import random

    rng = random.Random(1)
    women = [kyrgyz_name(rng, "F") for _ in range(200)]
    assert all(name.last_name.endswith("ова") for name in women)
    assert {name.patronymic.endswith("кызы") or name.patronymic.endswith("овна") for name in women} == {True}
    assert any(name.patronymic.endswith(" кызы") for name in women)
    assert any(name.patronymic.endswith("овна") for name in women)


def test_every_district_gets_a_session_and_the_total_is_kept():
    counts = schedule.sessions_per_district({"a": 100, "b": 10, "c": 40}, 10)
    assert sum(counts.values()) == 10
    assert min(counts.values()) == 1
    assert counts["a"] > counts["c"] > counts["b"]


def test_schedule_never_gives_a_team_two_sessions_on_one_slot():
    teams, slots = schedule.schedule(50, datetime.date(2021, 5, 24), datetime.date(2021, 7, 2))
    assert len(slots) == 50
    assert len(set(slots)) == 50
    assert {day.weekday() for _, day in slots} <= {0, 2}
    assert teams == 5


# seed_demo ----------------------------------------------------------------------------------------------


def test_seed_demo_refuses_without_reference_data():
    with pytest.raises(CommandError, match="run `manage.py load_reference_data` first"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_refuses_when_too_few_aiyl_keneshes_are_loaded(small_councils):
    with pytest.raises(CommandError, match="needs 420 aiyl keneshes, but only 30 are loaded"):
        call_command("seed_demo", stdout=StringIO())
    assert Campaign.objects.count() == 0


def test_seed_demo_refuses_to_mix_with_real_deputies_of_2021(press_release_councils):
    DeputyFactory(council=Council.objects.first(), convocation=2021)
    with pytest.raises(CommandError, match="already holds elections or deputies of the 2021 convocation"):
        call_command("seed_demo", stdout=StringIO())


def test_seed_demo_gives_the_press_release_figures(press_release_councils):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    campaign = Campaign.objects.get(code="VOICE-2021")
    covered = Council.objects.filter(deputies__in=participants_of(campaign)).distinct()
    elections = Election.objects.filter(convocation=2021)
    assert participants_of(campaign).count() == 1052
    assert Counter(covered.values_list("kind", flat=True)) == {Council.Kind.AIYL: 411, Council.Kind.TOWN: 1}
    assert Counter(elections.values_list("council__kind", flat=True)) == {Council.Kind.AIYL: 420, Council.Kind.TOWN: 1}
    assert covered.filter(code="41708213600020").exists()
    assert 45 <= TrainingSession.objects.filter(campaign=campaign).count() <= 55
    assert (campaign.donor, campaign.implementer) == ("Government of Switzerland", "Development Policy Institute")
    assert (campaign.start, campaign.end, campaign.convocation) == (VOICE_2021.start, VOICE_2021.end, 2021)
    assert 45 <= knowledge_growth(campaign) <= 57
    assert "trainer    trainer    trainer-demo-2021" in out.getvalue()


def test_seed_demo_twice_changes_nothing(press_release_councils, django_user_model):
    call_command("seed_demo", stdout=StringIO())
    before = fingerprint("VOICE-2021", 2021)
    version = Campaign.objects.get(code="VOICE-2021").data_version
    passwords = dict(django_user_model.objects.values_list("username", "password"))
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "already loaded; nothing changed" in out.getvalue()
    assert fingerprint("VOICE-2021", 2021) == before
    assert Campaign.objects.get(code="VOICE-2021").data_version == version
    assert dict(django_user_model.objects.values_list("username", "password")) == passwords


def test_demo_accounts_log_in_with_their_printed_passwords(client, press_release_councils):
    call_command("seed_demo", stdout=StringIO())
    for username, password in [("organiser", "organiser-demo-2021"), ("staff", "staff-demo-2021")]:
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username=username).pk)
        client.logout()


@pytest.mark.slow
def test_seed_demo_on_the_real_reference_data():
    call_command("load_reference_data", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    campaign = Campaign.objects.get(code="VOICE-2021")
    covered = Council.objects.filter(deputies__in=participants_of(campaign)).distinct()
    assert participants_of(campaign).count() == 1052
    assert Counter(covered.values_list("kind", flat=True)) == {Council.Kind.AIYL: 411, Council.Kind.TOWN: 1}
    assert Election.objects.filter(convocation=2021, council__kind=Council.Kind.AIYL).count() == 420
    assert 45 <= knowledge_growth(campaign) <= 57
