"""Demo data (seed_demo) and the synthetic benchmark load (generate_load)."""

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
from councils.models import Council, Deputy, District, Election, Region
from councils.names import normalize_name, phonetic_key
from portal.demo import schedule
from portal.demo.campaign import VOICE_2021, CampaignPlan, build_campaign
from portal.demo.names import kyrgyz_name
from portal.demo.purge import purge_generated
from portal.demo.synthetic import generate_load
from tests.factories import CouncilFactory, DeputyFactory
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession

pytestmark = pytest.mark.django_db

TOWN_CODE = "41799000000777"
SMALL_PLAN = CampaignPlan(
    code="DEMO-TEST",
    name_ky="Сыноо",
    name_ru="Тест",
    name_en="Test",
    start=datetime.date(2021, 5, 24),
    end=datetime.date(2021, 7, 2),
    convocation=2021,
    election_date=datetime.date(2021, 4, 11),
    aiyl_councils_with_elections=20,
    aiyl_councils_covered=17,
    other_council_codes=(TOWN_CODE,),
    participants=150,
    sessions=8,
    seed=7,
    trainer_username=lambda number: f"test-trainer{number:02d}",
)


def make_councils(*, regions: int, districts_per_region: int, aiyl_per_district: int, town_code: str) -> None:
    """Regions, districts and aiyl keneshes in bulk, plus one town council."""
    created = Region.objects.bulk_create(
        Region(code=f"417{index + 50:02d}000000000", name_ru=f"Область {index}", iso_code=f"KG-{index}")
        for index in range(regions)
    )
    districts = District.objects.bulk_create(
        District(
            region=region, code=f"{region.code[:5]}2{number:02d}0000000", name_ru=f"Район {region.code[3:5]}-{number}"
        )
        for region in created
        for number in range(districts_per_region)
    )
    Council.objects.bulk_create(
        Council(
            kind=Council.Kind.AIYL,
            region=district.region,
            district=district,
            code=f"{district.code[:8]}{number:03d}010",
            name_ru=f"Айыл аймак {district.code[:8]}-{number}",
        )
        for district in districts
        for number in range(aiyl_per_district)
    )
    Council.objects.create(
        kind=Council.Kind.TOWN, region=districts[0].region, district=districts[0], code=town_code, name_ru="Город"
    )


@pytest.fixture
def small_councils():
    make_councils(regions=2, districts_per_region=3, aiyl_per_district=5, town_code=TOWN_CODE)


@pytest.fixture
def press_release_councils():
    """As many councils as the 2021 reference data: 453 aiyl keneshes in 40 districts, and Kemin town."""
    make_councils(regions=7, districts_per_region=6, aiyl_per_district=11, town_code="41708213600020")


def participants_of(campaign):
    return Deputy.objects.filter(
        enrolments__session__campaign=campaign, enrolments__attendance__present=True
    ).distinct()


def knowledge_growth(campaign) -> float:
    """100 · (mean post % − mean pre %) ÷ mean pre %, over enrolments with both tests."""
    scores: dict[int, dict[str, float]] = {}
    for enrolment_id, phase, score, max_score in assessments.TestResult.objects.filter(
        enrolment__session__campaign=campaign
    ).values_list("enrolment_id", "phase", "score", "max_score"):
        scores.setdefault(enrolment_id, {})[phase] = 100 * float(score) / float(max_score)
    pairs = [(row["pre"], row["post"]) for row in scores.values() if len(row) == 2]
    mean_pre = sum(pre for pre, _ in pairs) / len(pairs)
    mean_post = sum(post for _, post in pairs) / len(pairs)
    return 100 * (mean_post - mean_pre) / mean_pre


def fingerprint(campaign_code: str, convocation: int):
    """Everything generated, without database ids or timestamps."""
    campaign = Campaign.objects.get(code=campaign_code)
    return (
        sorted(
            Deputy.objects.filter(convocation=convocation).values_list(
                "council__code", "normalized_name", "birth_year", "gender", "phone", "first_term"
            )
        ),
        sorted(Election.objects.filter(convocation=convocation).values_list("council__code", "date", "seats")),
        sorted(
            TrainingSession.objects.filter(campaign=campaign).values_list(
                "code", "start_date", "venue__name", "language", "capacity", "trainers__username"
            )
        ),
        sorted(
            Attendance.objects.filter(enrolment__session__campaign=campaign).values_list(
                "enrolment__session__code",
                "enrolment__deputy__normalized_name",
                "enrolment__deputy__birth_year",
                "day",
                "present",
            )
        ),  # fmt: skip
        sorted(
            (session, name, phase, score, str(responses))
            for session, name, phase, score, responses in assessments.TestResult.objects.filter(
                enrolment__session__campaign=campaign
            ).values_list(
                "enrolment__session__code", "enrolment__deputy__normalized_name", "phase", "score", "responses"
            )
        ),
        sorted(
            assessments.Question.objects.filter(instrument__campaign=campaign).values_list(
                "number", "topic__code", "key"
            )
        ),
    )


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
    assert set(seats.values()) <= set(range(7, 22))


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


# generate_load ------------------------------------------------------------------------------------------


def test_generate_load_makes_campaigns_of_the_asked_size(small_councils):
    call_command("generate_load", "--participants", "300", "--per-campaign", "100", stdout=StringIO())
    campaigns = Campaign.objects.filter(code__startswith="LOAD-").order_by("code")
    assert list(campaigns.values_list("code", flat=True)) == ["LOAD-001", "LOAD-002", "LOAD-003"]
    assert [participants_of(campaign).count() for campaign in campaigns] == [100, 100, 100]
    assert len(set(campaigns.values_list("convocation", flat=True))) == 3


def test_generate_load_replaces_only_its_own_data(small_councils):
    build_campaign(SMALL_PLAN)
    demo = fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation)
    generate_load(300, per_campaign=100)
    first = [fingerprint(f"LOAD-00{n}", 3000 + n) for n in (1, 2, 3)]
    generate_load(200, per_campaign=100)
    assert Campaign.objects.filter(code__startswith="LOAD-").count() == 2
    assert [fingerprint(f"LOAD-00{n}", 3000 + n) for n in (1, 2)] == first[:2]
    assert Deputy.objects.filter(convocation=3003).count() == 0
    assert fingerprint(SMALL_PLAN.code, SMALL_PLAN.convocation) == demo


def test_generate_load_refuses_without_councils():
    with pytest.raises(CommandError, match="run load_reference_data first"):
        call_command("generate_load", "--participants", "100", stdout=StringIO())


def test_council_factory_councils_are_enough_for_a_tiny_load():
    for _ in range(3):
        CouncilFactory()
    generate_load(10, per_campaign=10)
    assert participants_of(Campaign.objects.get(code="LOAD-001")).count() == 10
