"""A campaign's target (DESIGN §3): kinds aimed at, councils added and excluded by hand, the figures counted
from it, the campaign page, and the councils not yet trained."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.statistics.snapshots import get_campaign_stats
from councils.models import Council
from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InvitationFactory,
    TestResultFactory,
    TrainingSessionFactory,
)
from trainings import selectors, services
from trainings.models import CampaignTargetChange

pytestmark = pytest.mark.django_db


def participate(session, council, days=(1,)):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(council=council))
    for day in days:
        AttendanceFactory(enrolment=enrolment, day=day, present=True)
    # Both tests taken, so that the scope has enough matched pairs to show percentages.
    TestResultFactory(enrolment=enrolment, phase="pre", score=10)
    TestResultFactory(enrolment=enrolment, phase="post", score=15)
    return enrolment


@pytest.fixture
def world(organiser):
    """Aiyl keneshes A1–A4 and towns T1–T2 with elections, town T3 and aiyl A5 without; a campaign aiming at
    aiyl keneshes, A4 excluded by hand and T2 added by hand. Participants from A1, A4, T1, T2 and A5; A2
    invited to a held session nobody of it attended; A3 never invited."""
    campaign = CampaignFactory(code="TGT-1", target_kinds=["aiyl_kenesh"])
    aiyl = {name: CouncilFactory(name_en=name, kind=Council.Kind.AIYL) for name in ("A1", "A2", "A3", "A4", "A5")}
    towns = {name: CouncilFactory(name_en=name, kind=Council.Kind.TOWN) for name in ("T1", "T2", "T3")}
    for council in [*(aiyl[n] for n in ("A1", "A2", "A3", "A4")), towns["T1"], towns["T2"]]:
        ElectionFactory(council=council, convocation=2021)
    ElectionFactory(council=towns["T3"], convocation=2016)  # another convocation: never counted
    services.change_target(campaign=campaign, council=aiyl["A4"], action="exclude", reason="merged", user=organiser)
    services.change_target(campaign=campaign, council=towns["T2"], action="add", reason="asked to join", user=organiser)
    session = TrainingSessionFactory(
        campaign=campaign, code="S-1", start_date=datetime.date(2021, 5, 24), status="held"
    )
    for council in (aiyl["A1"], aiyl["A4"], towns["T1"], towns["T2"], aiyl["A5"]):
        for _ in range(2):
            participate(session, council, days=(1, 2))
    InvitationFactory(session=session, council=aiyl["A2"], places=3)
    EnrolmentFactory(session=session, deputy=DeputyFactory(council=aiyl["A2"]))  # enrolled, never came
    return {"campaign": campaign, "session": session, **aiyl, **towns}


def test_target_is_the_kinds_with_elections_plus_added_minus_excluded(world):
    expected = {world[name].pk for name in ("A1", "A2", "A3", "T2")}
    assert selectors.target_council_ids(world["campaign"]) == expected
    assert selectors.target_council_ids_by_campaign([world["campaign"].pk]) == {world["campaign"].pk: expected}


def test_target_figures_computed_by_hand(world):
    figures = get_campaign_stats(world["campaign"], refresh=True).payload
    # Covered: A1, A4, T1, T2, A5. Target: A1, A2, A3, T2 → covered in it: A1, T2; outside: A4, T1, A5.
    assert figures["councils_covered"] == 5
    assert figures["councils_with_elections"] == 6
    assert figures["councils_covered_with_elections"] == 4
    assert figures["target_councils"] == 4
    assert figures["target_covered"] == 2
    assert figures["councils_covered_outside_target"] == 3
    assert figures["coverage_pct"] == 50.0


def test_region_breakdown_counts_target_councils_in_the_region(world):
    regions = {entry["key"]: entry for entry in get_campaign_stats(world["campaign"], "region", refresh=True).payload}
    a1_region = world["A1"].region.code
    assert regions[a1_region]["target_councils"] == 1
    assert regions[a1_region]["target_covered"] == 1
    assert sum(entry["target_councils"] for entry in regions.values()) <= 4


def test_default_target_is_every_kind_with_elections():
    campaign = CampaignFactory(code="TGT-ALL")
    council = CouncilFactory(kind=Council.Kind.CITY)
    ElectionFactory(council=council, convocation=campaign.convocation)
    assert campaign.target_kinds == []
    assert selectors.target_council_ids(campaign) == {council.pk}
    figures = get_campaign_stats(campaign, refresh=True).payload
    assert (figures["target_councils"], figures["councils_with_elections"]) == (1, 1)


def test_not_yet_trained_lists_target_councils_invited_whose_deputies_never_came(world):
    progress = selectors.campaign_progress(world["campaign"])
    assert [council.name_en for council in progress.not_trained] == sorted(
        ["A2", "A3"], key=lambda name: (world[name].region.code, world[name].district.code, world[name].code)
    )
    by_name = {council.name_en: council for council in progress.not_trained}
    assert [invitation.session.code for invitation in by_name["A2"].active_invitations] == ["S-1"]
    assert by_name["A3"].active_invitations == []
    assert progress.target_councils == 4
    assert progress.trained == 2
    assert sorted(council.name_en for council in progress.trained_outside_target) == ["A4", "A5", "T1"]


def test_campaign_page_shows_the_target_and_the_not_yet_trained(organiser_client, world):
    content = organiser_client.get(reverse("trainings:campaign_detail", args=["TGT-1"])).content.decode()
    assert 'data-figure="target_councils">4<' in content
    assert "merged" in content
    assert "asked to join" in content
    assert 'data-figure="not_trained">2<' in content
    assert f'data-council="{world["A2"].code}"' in content
    assert 'data-testid="no-elections"' not in content


def test_campaign_page_says_when_the_convocation_has_no_elections(organiser_client):
    CampaignFactory(code="TGT-2022", convocation=2022)
    content = organiser_client.get(reverse("trainings:campaign_detail", args=["TGT-2022"])).content.decode()
    assert 'data-testid="no-elections"' in content


def test_organiser_adds_and_excludes_with_a_reason_and_undoes(organiser_client, world):
    url = reverse("trainings:campaign_target", args=["TGT-1"])
    campaign = world["campaign"]
    version = campaign.data_version
    organiser_client.post(url, {"action": "add", "council": world["T3"].code, "reason": "a new town"})
    change = CampaignTargetChange.objects.get(campaign=campaign, council=world["T3"])
    assert (change.action, change.reason, change.created_by.username) == ("add", "a new town", "organiser")
    campaign.refresh_from_db()
    assert campaign.data_version > version  # the coverage is recomputed
    organiser_client.post(url, {"action": "undo", "council": world["T3"].code})
    assert not CampaignTargetChange.objects.filter(council=world["T3"]).exists()


def test_a_change_without_a_reason_is_refused(organiser_client, world):
    url = reverse("trainings:campaign_target", args=["TGT-1"])
    organiser_client.post(url, {"action": "exclude", "council": world["A1"].code, "reason": "  "})
    assert not CampaignTargetChange.objects.filter(council=world["A1"]).exists()


@pytest.mark.parametrize("client_fixture", ["staff_client", "trainer_client"])
def test_only_organisers_change_the_target(request, client_fixture, world):
    client = request.getfixturevalue(client_fixture)
    url = reverse("trainings:campaign_target", args=["TGT-1"])
    response = client.post(url, {"action": "add", "council": world["T3"].code, "reason": "x"})
    assert response.status_code == 403
    assert not CampaignTargetChange.objects.filter(council=world["T3"]).exists()


def test_campaign_form_stores_the_target_kinds(organiser_client, world):
    campaign = world["campaign"]
    data = {
        "code": campaign.code, "name_ky": "a", "name_ru": "b", "name_en": "c", "start": "2021-05-24",
        "end": "2021-07-02", "convocation": "2021", "target_kinds": ["aiyl_kenesh", "town_kenesh"],
    }  # fmt: skip
    organiser_client.post(reverse("trainings:campaign_update", args=[campaign.code]), data)
    campaign.refresh_from_db()
    assert campaign.target_kinds == ["aiyl_kenesh", "town_kenesh"]
    data["target_kinds"] = ["aiyl_kenesh", "town_kenesh", "city_kenesh"]
    organiser_client.post(reverse("trainings:campaign_update", args=[campaign.code]), data)
    campaign.refresh_from_db()
    assert campaign.target_kinds == []  # every kind is the default


def test_stats_summary_json_has_the_target_keys(world):
    out = StringIO()
    call_command("stats_summary", "--campaign", "TGT-1", "--format", "json", stdout=out, stderr=StringIO())
    body = json.loads(out.getvalue())
    assert (body["target_councils"], body["target_covered"], body["councils_covered_outside_target"]) == (4, 2, 3)
    assert body["coverage_pct"] == 50.0


def test_import_results_warns_when_the_convocation_has_no_elections(tmp_path):
    council = CouncilFactory(code="41702211000000")
    path = tmp_path / "results.csv"
    path.write_text(
        "session_code,session_start,session_days,venue,trainers,council_code,last_name,first_name,patronymic,sex,"
        "birth_year,day1,day2,pre_score,post_score,max_score\n"
        f"S-1,2022-05-24,2,Кемин,Асанов Бакыт,{council.code},Осмонова,Айгүл,,Ж,1985,1,1,10,15,20\n",
        encoding="utf-8",
    )
    err = StringIO()
    call_command("import_results", str(path), "--campaign", "LATE-2022", stdout=StringIO(), stderr=err)
    assert "no elections of the 2022 convocation are loaded" in err.getvalue()
    ElectionFactory(council=council, convocation=2022)
    err = StringIO()
    call_command("import_results", str(path), "--campaign", "LATE-2022", stdout=StringIO(), stderr=err)
    assert err.getvalue() == ""


def test_import_created_campaign_keeps_the_default_target(tmp_path):
    council = CouncilFactory(code="41702211000000", kind=Council.Kind.TOWN)
    ElectionFactory(council=council, convocation=2021)
    path = tmp_path / "results.csv"
    path.write_text(
        "session_code,session_start,session_days,venue,trainers,council_code,last_name,first_name,patronymic,sex,"
        "birth_year,day1,day2,pre_score,post_score,max_score\n"
        f"S-1,2021-05-24,2,Кемин,Асанов Бакыт,{council.code},Осмонова,Айгүл,,Ж,1985,1,1,10,15,20\n",
        encoding="utf-8",
    )
    call_command("import_results", str(path), "--campaign", "IMP-2021", stdout=StringIO(), stderr=StringIO())
    campaign = selectors.Campaign.objects.get(code="IMP-2021")
    assert campaign.target_kinds == []
    assert selectors.target_council_ids(campaign) == {council.pk}
