"""The read side: what each role sees (phones, trainers' own sessions), names by ?lang=, updated_since,
statistics as /api/stats/summary/ gives them, the DHIS2 export, and query counts that do not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    TestResultFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def test_phone_numbers_are_absent_for_staff_tokens_and_given_to_organisers(staff_viewer, organiser, as_token):
    deputy = DeputyFactory(phone="+996700111222")
    staff = as_token(staff_viewer).get("/api/v1/deputies/").json()["results"]
    assert [row["id"] for row in staff] == [deputy.pk]
    assert "phone" not in staff[0]
    assert "phone" not in as_token(staff_viewer).get(f"/api/v1/deputies/{deputy.pk}/").json()
    assert as_token(organiser).get("/api/v1/deputies/").json()["results"][0]["phone"] == "+996700111222"


def test_trainer_tokens_reach_only_their_sessions(trainer, other_trainer, as_token):
    own = TrainingSessionFactory(trainers=[trainer])
    other = TrainingSessionFactory(trainers=[other_trainer])
    own_enrolment = EnrolmentFactory(session=own, deputy=DeputyFactory(phone="+996700000001"))
    other_enrolment = EnrolmentFactory(session=other)
    TestResultFactory(enrolment=own_enrolment)
    TestResultFactory(enrolment=other_enrolment)
    client = as_token(trainer)
    assert [s["id"] for s in client.get("/api/v1/sessions/").json()["results"]] == [own.pk]
    assert client.get(f"/api/v1/sessions/{other.pk}/").status_code == 404
    assert [e["id"] for e in client.get("/api/v1/enrolments/").json()["results"]] == [own_enrolment.pk]
    assert [r["enrolment"] for r in client.get("/api/v1/results/").json()["results"]] == [own_enrolment.pk]
    deputies = client.get("/api/v1/deputies/").json()["results"]
    assert [d["id"] for d in deputies] == [own_enrolment.deputy_id]
    assert "phone" not in deputies[0]
    assert client.get(f"/api/v1/deputies/{other_enrolment.deputy_id}/").status_code == 404
    assert client.get("/api/v1/councils/").status_code == 403


def test_names_follow_lang(staff_viewer, as_token):
    council = CouncilFactory(name_ky="Чоң-Кемин", name_ru="Чон-Кемин", name_en="Chong-Kemin")
    client = as_token(staff_viewer)
    names = {
        lang: client.get(f"/api/v1/councils/{council.code}/?lang={lang}").json()["name"] for lang in ("ky", "ru", "en")
    }
    assert names == {lang: council.council_name_in(lang) for lang in ("ky", "ru", "en")}
    assert names["ky"] == "Чоң-Кемин айылдык кеңеши"
    assert names["en"] == "Chong-Kemin aiyl kenesh"


def test_updated_since_returns_only_what_changed(staff_viewer, as_token):
    old, changed = CouncilFactory(), CouncilFactory()
    moment = timezone.now()
    ElectionFactory(council=changed)
    client = as_token(staff_viewer)
    since = moment.isoformat().replace("+00:00", "Z")
    codes = [c["code"] for c in client.get("/api/v1/councils/", {"updated_since": since}).json()["results"]]
    assert codes == [changed.code]
    assert old.code in [c["code"] for c in client.get("/api/v1/councils/").json()["results"]]
    assert client.get("/api/v1/councils/", {"updated_since": "yesterday"}).status_code == 400


def test_an_enrolment_comes_back_when_its_score_changes(staff_viewer, as_token):
    quiet, scored = EnrolmentFactory(), EnrolmentFactory()
    moment = timezone.now()
    TestResultFactory(enrolment=scored)
    rows = as_token(staff_viewer).get("/api/v1/enrolments/", {"updated_since": moment.isoformat()}).json()["results"]
    assert [row["id"] for row in rows] == [scored.pk]
    assert quiet.pk != scored.pk


def test_cursor_pages_cover_the_whole_list_once(staff_viewer, as_token):
    councils = [CouncilFactory() for _ in range(5)]
    client, seen, url = as_token(staff_viewer), [], "/api/v1/councils/?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [row["code"] for row in page["results"]]
        url = page["next"]
    assert seen == [council.code for council in councils]


def test_the_campaign_carries_its_target(staff_viewer, as_token):
    campaign = CampaignFactory(convocation=2021)
    elected = ElectionFactory(convocation=2021).council
    CouncilFactory()  # no election: not in the target
    body = as_token(staff_viewer).get(f"/api/v1/campaigns/{campaign.code}/").json()
    assert body["target"] == {"kinds": ["aiyl_kenesh", "town_kenesh", "city_kenesh"], "councils": 1, "added": [],
                              "excluded": []}  # fmt: skip
    assert body["target_councils"] == [elected.code]


def test_statistics_are_those_of_the_summary(staff_viewer, staff_client, as_token):
    session = TrainingSessionFactory()
    for score in (5, 8, 10, 12, 6):
        enrolment = EnrolmentFactory(session=session)
        AttendanceFactory(enrolment=enrolment, day=1)
        TestResultFactory(enrolment=enrolment, phase="pre", score=score, max_score=20)
        TestResultFactory(enrolment=enrolment, phase="post", score=score + 5, max_score=20)
    code = session.campaign.code
    api = as_token(staff_viewer).get("/api/v1/statistics/", {"campaign": code}).json()
    summary = staff_client.get("/api/stats/summary/", {"campaign": code}).json()
    assert {k: v for k, v in api.items() if k != "snapshot"} == {k: v for k, v in summary.items() if k != "snapshot"}
    assert api["participants"] == 5
    regions = as_token(staff_viewer).get("/api/v1/statistics/", {"campaign": code, "scope": "region"}).json()
    assert {entry["scope"] for entry in regions} == {"region"}
    assert enrolment.deputy.council.region.code in {entry["key"] for entry in regions}
    assert as_token(staff_viewer).get("/api/v1/statistics/", {"campaign": code, "scope": "x"}).status_code == 400


def test_dhis2_export_maps_figures_to_data_elements(staff_viewer, as_token, settings):
    session = TrainingSessionFactory(campaign=CampaignFactory(start=datetime.date(2021, 5, 24)))
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1)
    settings.DHIS2_EXPORT = {
        "data_set": "DS1",
        "period_type": "monthly",
        "org_unit": "OU_KG",
        "data_elements": {"participants": "DE_PART", "knowledge_growth_pct": "DE_GROWTH"},
    }
    body = as_token(staff_viewer).get("/api/v1/dhis2/data-value-sets/", {"campaign": session.campaign.code}).json()
    # Growth is undefined without matched pairs: left out, as DHIS2 has no "null".
    assert body == {
        "dataSet": "DS1",
        "period": "202105",
        "orgUnit": "OU_KG",
        "completeDate": "2021-07-02",
        "dataValues": [{"dataElement": "DE_PART", "period": "202105", "orgUnit": "OU_KG", "value": "1"}],
    }


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/api/v1/councils/", "/api/v1/deputies/", "/api/v1/sessions/", "/api/v1/enrolments/", "/api/v1/results/",
            "/api/v1/campaigns/", "/api/v1/districts/"],
)  # fmt: skip
def test_query_count_does_not_grow_with_the_page(url, organiser, as_token):
    client = as_token(organiser)

    def add_one():
        session = TrainingSessionFactory(trainers=[organiser])
        enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(council=ElectionFactory().council))
        AttendanceFactory(enrolment=enrolment, day=1)
        TestResultFactory(enrolment=enrolment)

    add_one()
    client.get(url)  # the token's first use also notes it (last_used_at)
    one = _queries(client, url)
    add_one(), add_one()
    assert _queries(client, url) == one
