"""Loader and breakdowns: who belongs to which scope, read from the database in a few queries."""

import pytest

from assessments.statistics.breakdowns import LIST_SCOPES, build_payloads, expand
from assessments.statistics.loader import load_dataset
from tests.assessments.stats_data import add_participant, instrument_with_topics, two_region_campaign
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(trainer, other_trainer):
    """Region A: 4 deputies of an aiyl kenesh + 2 of a city council (one absent on both days);
    region B: 5 deputies of an aiyl kenesh (one there on day 1 only). Session 1 has two trainers."""
    data = two_region_campaign()
    aiyl_a, city_a, aiyl_b, _ = data["councils"]
    session_1, session_2 = data["sessions"]
    session_1.trainers.add(trainer, other_trainer)
    session_2.trainers.add(trainer)
    people = [
        (session_1, aiyl_a, "F", 1990, True, (True, True), 10, 15),
        (session_1, aiyl_a, "M", 1960, True, (True, True), 8, 12),
        (session_1, aiyl_a, "F", None, False, (True, True), 12, 16),
        (session_1, aiyl_a, "M", 1986, True, (True, True), 6, 14),
        (session_1, city_a, "M", 1980, False, (True, True), 9, 9),
        (session_1, city_a, "F", 1975, True, (False, False), 11, 13),
        (session_2, aiyl_b, "M", 2000, True, (True, True), 5, 10),
        (session_2, aiyl_b, "F", 1950, True, (True, False), 14, 18),
        (session_2, aiyl_b, "M", 1985, True, (True, True), 7, 11),
        (session_2, aiyl_b, "M", 1970, True, (True, True), 10, 10),
        (session_2, aiyl_b, "F", 1991, True, (True, True), 4, 12),
    ]
    for session, council, gender, birth_year, first_term, days, pre, post in people:
        add_participant(session, council, gender=gender, birth_year=birth_year, first_term=first_term, days=days,
                        pre=pre, post=post)  # fmt: skip
    data["trainers"] = (trainer, other_trainer)
    return data


def payloads_for(campaign):
    payloads = build_payloads(load_dataset([campaign.pk]))[campaign.pk]
    return {scope: expand(payload) if scope in LIST_SCOPES else payload for scope, payload in payloads.items()}


def by_key(entries):
    return {entry["key"]: entry for entry in entries}


def test_campaign_counts(world):
    entry = payloads_for(world["campaign"])["campaign"]
    assert (entry["participants"], entry["completed"], entry["matched"]) == (10, 9, 11)
    assert (entry["councils_covered"], entry["councils_with_elections"]) == (3, 4)
    assert entry["coverage_pct"] == pytest.approx(75.0)
    assert entry["women_pct"] == pytest.approx(40.0)  # 4 of the 10 present (the absent woman does not count)
    assert entry["youth_pct"] == pytest.approx(40.0)  # born 1990, 1986, 2000, 1991: 35 or younger in 2021
    assert entry["councils_covered_by_kind"] == {"aiyl_kenesh": 2, "town_kenesh": 0, "city_kenesh": 1}


def test_youth_counts_the_youngest_at_campaign_start():
    data = two_region_campaign()
    for year in (1986, 1985, 1999, 1960, 1970):
        add_participant(data["sessions"][0], data["councils"][0], birth_year=year, pre=5, post=10)
    assert payloads_for(data["campaign"])["campaign"]["youth_pct"] == pytest.approx(40.0)


def test_region_breakdown_counts_participants_and_councils_with_elections(world):
    region_a, region_b = world["regions"]
    regions = by_key(payloads_for(world["campaign"])["region"])
    assert list(regions) == [region_a.code, region_b.code]
    assert (regions[region_a.code]["participants"], regions[region_b.code]["participants"]) == (5, 5)
    assert regions[region_a.code]["councils_with_elections"] == 2
    assert regions[region_a.code]["coverage_pct"] == pytest.approx(100.0)
    assert regions[region_b.code]["coverage_pct"] == pytest.approx(50.0)


def test_district_breakdown_puts_city_councils_under_no_district(world):
    district_a, district_b = world["districts"]
    districts = by_key(payloads_for(world["campaign"])["district"])
    assert set(districts) == {district_a.code, district_b.code, None}
    assert districts[None]["participants"] == 1
    assert districts[None]["matched"] == 2
    assert districts[None]["small_cell"] is True


def test_council_breakdown_names_kind_and_region(world):
    aiyl_a, city_a, aiyl_b, _ = world["councils"]
    councils = by_key(payloads_for(world["campaign"])["council"])
    assert set(councils) == {aiyl_a.code, city_a.code, aiyl_b.code}
    assert councils[city_a.code]["kind"] == "city_kenesh"
    assert councils[aiyl_b.code]["region"] == world["regions"][1].code
    assert councils[aiyl_b.code]["councils_with_elections"] == 1


def test_session_breakdown(world):
    session_1, session_2 = world["sessions"]
    sessions = by_key(payloads_for(world["campaign"])["session"])
    assert (sessions[session_1.code]["matched"], sessions[session_2.code]["matched"]) == (6, 5)


def test_an_enrolment_counts_for_every_trainer_of_its_session(world):
    trainer, other_trainer = world["trainers"]
    trainers = by_key(payloads_for(world["campaign"])["trainer"])
    assert trainers[trainer.username]["matched"] == 11
    assert trainers[other_trainer.username]["matched"] == 6


def test_sex_and_sex_by_region(world):
    payload = payloads_for(world["campaign"])
    sexes = by_key(payload["sex"])
    assert (sexes["F"]["matched"], sexes["M"]["matched"]) == (5, 6)
    region_b = world["regions"][1].code
    crossed = by_key(payload["sex_region"])
    assert crossed[f"{region_b}:M"]["matched"] == 3
    assert (crossed[f"{region_b}:M"]["region"], crossed[f"{region_b}:M"]["sex"]) == (region_b, "M")


def test_age_bands_and_youth_membership(world):
    payload = payloads_for(world["campaign"])
    bands = {key: entry["matched"] for key, entry in by_key(payload["age_band"]).items()}
    assert bands == {"18-29": 1, "30-39": 4, "40-49": 2, "50-59": 1, "60+": 2, "unknown": 1}
    youth = {key: entry["matched"] for key, entry in by_key(payload["youth"]).items()}
    assert youth == {"youth": 4, "not_youth": 6, "unknown": 1}


def test_first_term_breakdown(world):
    terms = by_key(payloads_for(world["campaign"])["first_term"])
    assert (terms["first_term"]["matched"], terms["re_elected"]["matched"]) == (9, 2)


def test_a_deputy_in_two_sessions_is_one_participant(world):
    session_1, session_2 = world["sessions"]
    enrolment = add_participant(session_1, world["councils"][0], pre=5, post=10)
    add_participant(session_2, None, deputy=enrolment.deputy, pre=6, post=11)
    entry = payloads_for(world["campaign"])["campaign"]
    assert (entry["participants"], entry["matched"]) == (11, 13)


def test_topic_scores_come_from_the_topics_questions():
    data = two_region_campaign()
    instrument, topics = instrument_with_topics(data["campaign"])
    # Questions 1 and 3 are topic 0, 2 and 4 topic 1; keys A B C D.
    for _ in range(5):
        add_participant(
            data["sessions"][0],
            data["councils"][0],
            pre=1,
            post=3,
            max_score=4,
            instrument=instrument,
            responses={"pre": {"1": "A", "2": "x"}, "post": {"1": "a ", "2": "B", "3": "C", "4": "x"}},
        )
    entries = by_key(payloads_for(data["campaign"])["topic"])
    assert (entries[topics[0].code]["pre_mean_pct"], entries[topics[0].code]["post_mean_pct"]) == (50.0, 100.0)
    assert (entries[topics[1].code]["pre_mean_pct"], entries[topics[1].code]["post_mean_pct"]) == (0.0, 50.0)


def test_item_analysis_per_instrument_and_phase():
    data = two_region_campaign()
    instrument, _ = instrument_with_topics(data["campaign"])
    answers = [{"1": "A", "2": "B", "3": "C", "4": "x"}, {"1": "A", "2": "B", "3": "x", "4": "x"},
               {"1": "A", "2": "x", "3": "x", "4": "x"}, {"1": "A", "2": "x", "3": "x", "4": "D"}]  # fmt: skip
    for pre in answers:
        add_participant(data["sessions"][0], data["councils"][0], pre=1, post=4, max_score=4, instrument=instrument,
                        responses={"pre": pre, "post": {"1": "A", "2": "B", "3": "C", "4": "D"}})  # fmt: skip
    (entry,) = payloads_for(data["campaign"])["items"]
    assert entry["phases"]["pre"]["respondents"] == 4
    questions = {question["number"]: question for question in entry["questions"]}
    assert questions[1]["facility_pre"] == 1.0
    assert questions[2]["facility_pre"] == 0.5
    assert questions[2]["facility_change"] == 0.5
    assert questions[1]["flags"] == ["easy_on_pre"]


def test_campaign_without_enrolments_has_zero_counts():
    campaign = CampaignFactory()
    entry = payloads_for(campaign)["campaign"]
    assert (entry["participants"], entry["matched"], entry["small_cell"]) == (0, 0, True)


@pytest.mark.parametrize("campaigns", [1, 3])
def test_loader_reads_any_number_of_campaigns_in_a_fixed_number_of_queries(
    campaigns, django_user_model, django_assert_max_num_queries
):
    ids = []
    for number in range(campaigns):
        data = two_region_campaign()
        data["sessions"][0].trainers.add(django_user_model.objects.create(username=f"trainer-{number}"))
        for _ in range(3):
            add_participant(data["sessions"][0], data["councils"][0], pre=5, post=10)
        ids.append(data["campaign"].pk)
    with django_assert_max_num_queries(14):
        dataset = load_dataset(ids)
    assert dataset.enrolment_id.size == 3 * campaigns
