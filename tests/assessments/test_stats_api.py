"""`GET /api/stats/summary/` and the `recompute_stats` / `stats_summary` commands (DESIGN §4)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from assessments.models import StatsSnapshot
from tests.assessments.stats_data import add_participant, save_score, two_region_campaign

pytestmark = pytest.mark.django_db

URL = "/api/stats/summary/"
CONTRACT_KEYS = {
    "participants", "completed", "councils_covered", "councils_with_elections", "coverage_pct", "women_pct",
    "youth_pct", "matched", "pre_only", "post_only", "pre_mean_pct", "post_mean_pct", "knowledge_growth_pct",
    "abs_gain_pp", "mean_individual_growth_pct", "normalized_gain", "cohens_dz", "ci95_abs_gain_pp", "p_value",
    "p_value_wilcoxon",
}  # fmt: skip


@pytest.fixture
def campaign():
    data = two_region_campaign(code="VOICE-TEST")
    for index, (pre, post) in enumerate([(10, 15), (8, 12), (12, 16), (6, 14), (9, 9), (11, 13)]):
        add_participant(data["sessions"][index % 2], data["councils"][index % 3], pre=pre, post=post)
    return data["campaign"]


def test_url_name():
    assert reverse("assessments:api_stats_summary") == URL


def test_staff_get_the_campaign_figures(staff_client, campaign):
    response = staff_client.get(URL, {"campaign": campaign.code})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CONTRACT_KEYS
    assert (body["scope"], body["key"], body["matched"]) == ("campaign", campaign.code, 6)
    assert body["pre_mean_pct"] == pytest.approx(100 * 56 / 120)
    assert response["X-Stats-Computed-Now"] == "1"
    assert body["snapshot"]["state"] == "up_to_date"


@pytest.mark.parametrize("persona", ["organiser_client", "admin_client_"])
def test_organisers_and_admins_may_read(persona, campaign, request):
    assert request.getfixturevalue(persona).get(URL, {"campaign": campaign.code}).status_code == 200


def test_trainers_are_refused(trainer_client, campaign):
    response = trainer_client.get(URL, {"campaign": campaign.code})
    assert response.status_code == 403
    assert StatsSnapshot.objects.count() == 0


def test_anonymous_visitors_are_sent_to_the_login_page(client, campaign):
    response = client.get(URL, {"campaign": campaign.code})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_campaign_is_404(staff_client):
    assert staff_client.get(URL, {"campaign": "NOPE"}).status_code == 404


def test_missing_campaign_or_unknown_scope_is_400(staff_client, campaign):
    assert staff_client.get(URL).status_code == 400
    response = staff_client.get(URL, {"campaign": campaign.code, "scope": "planet"})
    assert response.status_code == 400
    assert "planet" in response.json()["error"]


def test_a_scope_gives_a_list_of_objects_with_scope_and_key(staff_client, campaign):
    body = staff_client.get(URL, {"campaign": campaign.code, "scope": "region"}).json()
    assert [entry["scope"] for entry in body] == ["region", "region"]
    assert all(set(entry) >= CONTRACT_KEYS and entry["key"] and entry["label"] for entry in body)


def test_a_stale_snapshot_is_recomputed_before_answering(staff_client, campaign):
    staff_client.get(URL, {"campaign": campaign.code})
    result = campaign.sessions.first().enrolments.first().results.get(phase="post")
    save_score(result, 20)
    response = staff_client.get(URL, {"campaign": campaign.code})
    assert response["X-Stats-Computed-Now"] == "1"
    assert response.json()["post_mean_pct"] == pytest.approx(100 * 84 / 120)


def test_an_up_to_date_snapshot_is_read_not_recomputed(staff_client, campaign):
    staff_client.get(URL, {"campaign": campaign.code})
    response = staff_client.get(URL, {"campaign": campaign.code})
    assert (response["X-Stats-Computed-Now"], response["X-Stats-State"]) == ("0", "up_to_date")


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_stats_summary_prints_the_contract_keys(campaign):
    out, err = run("stats_summary", "--campaign", campaign.code, "--format", "json")
    body = json.loads(out)
    assert set(body) >= CONTRACT_KEYS
    assert body["matched"] == 6
    assert "computed now" in err


def test_stats_summary_with_a_scope_prints_a_list(campaign):
    out, _ = run("stats_summary", "--campaign", campaign.code, "--scope", "sex", "--format", "json")
    body = json.loads(out)
    assert [(entry["scope"], entry["key"]) for entry in body] == [("sex", "M")]


def test_stats_summary_and_api_read_the_same_snapshot(staff_client, campaign):
    api = staff_client.get(URL, {"campaign": campaign.code}).json()
    out, err = run("stats_summary", "--campaign", campaign.code)
    assert err == ""
    printed = json.loads(out)
    assert {key: printed[key] for key in CONTRACT_KEYS} == {key: api[key] for key in CONTRACT_KEYS}


def test_stats_summary_refuses_an_unknown_campaign():
    with pytest.raises(CommandError, match="NOPE"):
        run("stats_summary", "--campaign", "NOPE")


def test_recompute_stats_sync_writes_the_snapshots(campaign):
    out, _ = run("recompute_stats", "--campaign", campaign.code, "--sync")
    assert out.startswith("Recomputed 1 of 1 campaign(s)")
    assert StatsSnapshot.objects.filter(campaign=campaign, scope="campaign").get().payload["matched"] == 6


@pytest.mark.parametrize(("language", "unit"), [("ru", "с"), ("ky", "сек.")])
def test_recompute_stats_prints_the_seconds_as_the_language_writes_them(campaign, language, unit):
    with translation.override(language):
        out, _ = run("recompute_stats", "--campaign", campaign.code, "--sync")
    assert re.search(rf"\b\d+,\d\d {re.escape(unit)}", out), out


def test_recompute_stats_refuses_an_unknown_campaign():
    with pytest.raises(CommandError, match="NOPE"):
        run("recompute_stats", "--campaign", "NOPE", "--sync")
