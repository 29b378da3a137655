"""The campaign dashboard: its figures equal `stats_summary`, filters, drill-down, narrative, freshness."""

import html
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.statistics.snapshots import recompute
from portal.narrative import campaign_target_description, figures_from_summary, write_narrative
from tests.assessments.stats_data import add_participant, save_score
from trainings.changes import mark_campaign_changed

pytestmark = pytest.mark.django_db


def url(campaign, **query):
    base = reverse("portal:dashboard", args=[campaign.code])
    return base + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def json_script(content: bytes, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', content.decode(), re.S)
    assert found, f"no {element_id} on the page"
    return json.loads(found.group(1))


def stats_summary(campaign, scope=None):
    out = StringIO()
    call_command("stats_summary", campaign=campaign.code, scope=scope, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def figures_only(entry):
    return {key: value for key, value in entry.items() if key not in ("scope", "key", "label")}


def test_dashboard_address():
    assert reverse("portal:dashboard", args=["VOICE-2021"]) == "/campaigns/VOICE-2021/dashboard/"


def test_dashboard_figures_equal_stats_summary(staff_client, report_campaign):
    response = staff_client.get(url(report_campaign))
    assert response.status_code == 200
    assert json_script(response.content, "dashboard-summary") == stats_summary(report_campaign)


def test_kpi_cards_carry_the_unrounded_figures(staff_client, report_campaign):
    expected = stats_summary(report_campaign)
    content = staff_client.get(url(report_campaign)).content.decode()
    cards = dict(re.findall(r'data-figure="(\w+)" data-value="([^"]*)"', content))
    assert cards == {
        "participants": str(expected["participants"]),
        "completed": str(expected["completed"]),
        "coverage_pct": str(expected["coverage_pct"]),
        "knowledge_growth_pct": str(expected["knowledge_growth_pct"]),
        "women_pct": str(expected["women_pct"]),
        "youth_pct": str(expected["youth_pct"]),
        "matched": str(expected["matched"]),
    }


def test_kpi_cards_have_definitions_on_hover(staff_client, report_campaign):
    content = staff_client.get(url(report_campaign)).content.decode()
    assert 'title="Distinct deputies present on at least one training day."' in content
    assert content.count('data-bs-toggle="tooltip"') == 7


def test_region_filter_gives_the_regions_breakdown_entry(staff_client, report_campaign, report_data):
    region = report_data["regions"][0].code
    expected = next(entry for entry in stats_summary(report_campaign, "region") if entry["key"] == region)
    summary = json_script(staff_client.get(url(report_campaign, region=region)).content, "dashboard-summary")
    assert figures_only(summary) == figures_only(expected)


@pytest.mark.parametrize(("name", "scope", "value"), [("sex", "sex", "F"), ("age_band", "age_band", "30-39")])
def test_filters_give_the_breakdown_entry(staff_client, report_campaign, name, scope, value):
    expected = next(entry for entry in stats_summary(report_campaign, scope) if entry["key"] == value)
    summary = json_script(staff_client.get(url(report_campaign, **{name: value})).content, "dashboard-summary")
    assert figures_only(summary) == figures_only(expected)


def test_trainer_filter_gives_the_trainers_entry(staff_client, report_data, trainer):
    session = report_data["sessions"][0]
    session.trainers.add(trainer)
    campaign = report_data["campaign"]
    recompute([campaign.pk], force=True)
    expected = next(entry for entry in stats_summary(campaign, "trainer") if entry["key"] == trainer.username)
    summary = json_script(staff_client.get(url(campaign, trainer=trainer.username)).content, "dashboard-summary")
    assert figures_only(summary) == figures_only(expected)
    assert summary["participants"] == 5


def test_filtered_page_says_it_was_computed_now(staff_client, report_campaign):
    content = staff_client.get(url(report_campaign, sex="M")).content.decode()
    assert 'data-state="computed"' in content
    assert "computed now for these filters" in content


def test_unknown_filter_values_show_the_whole_campaign(staff_client, report_campaign):
    summary = json_script(staff_client.get(url(report_campaign, sex="X", age_band="7")).content, "dashboard-summary")
    assert summary == stats_summary(report_campaign)


def test_htmx_request_gets_the_fragment_and_a_clean_address(staff_client, report_campaign):
    response = staff_client.get(url(report_campaign, region="", sex="F", topic=""), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert response["HX-Push-Url"] == url(report_campaign, sex="F")


def drill_rows(content):
    body = content.decode()
    level = re.search(r'class="table[^"]*drilldown[^"]*" data-level="(\w+)"', body).group(1)
    names = [html.unescape(name) for name in re.findall(r'<th scope="row"[^>]*>(?:<a [^>]*>)?([^<]+)', body)]
    return level, names


def test_drill_down_goes_region_district_council_session(staff_client, report_data):
    campaign = report_data["campaign"]
    region, district, council = report_data["regions"][0], report_data["districts"][0], report_data["councils"][0]
    assert drill_rows(staff_client.get(url(campaign)).content) == (
        "region",
        [report_data["regions"][0].name, report_data["regions"][1].name],
    )
    level, names = drill_rows(staff_client.get(url(campaign, region=region.code)).content)
    assert (level, sorted(names)) == ("district", sorted([district.name, "no district (city under a region)"]))
    level, names = drill_rows(staff_client.get(url(campaign, region=region.code, district=district.code)).content)
    assert (level, names) == ("council", [council.name])
    response = staff_client.get(url(campaign, region=region.code, district=district.code, council=council.code))
    level, names = drill_rows(response.content)
    assert (level, sorted(names)) == ("session", sorted(session.code for session in report_data["sessions"]))
    assert reverse("trainings:session_detail", args=[report_data["sessions"][0].pk]) in response.content.decode()


def test_drill_down_sorts_by_a_column(staff_client, report_data):
    campaign = report_data["campaign"]
    _, ascending = drill_rows(staff_client.get(url(campaign, sort="participants")).content)
    _, descending = drill_rows(staff_client.get(url(campaign, sort="-participants")).content)
    assert ascending == [report_data["regions"][1].name, report_data["regions"][0].name]
    assert descending == [report_data["regions"][0].name, report_data["regions"][1].name]


def test_small_cells_show_counts_but_no_percentages(staff_client, report_data):
    content = staff_client.get(url(report_data["campaign"])).content.decode()
    row = re.search(rf"{re.escape(report_data['regions'][1].name)}</a></th>(.*?)</tr>", content, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells == ["3", "3", "1", "—", "—", "3", "—", "—", "—"]


def test_narrative_in_three_languages(staff_client, report_campaign):
    content = html.unescape(staff_client.get(url(report_campaign)).content.decode())
    target = campaign_target_description(report_campaign)
    figures = figures_from_summary(report_campaign.start, report_campaign.end, stats_summary(report_campaign), target)
    for language in ("en", "ru", "ky"):
        assert write_narrative(figures, language) in content
    assert "two-day trainings were held for 11 deputies" in content
    assert "для 11 депутатов" in content


def test_charts_and_map_data_are_on_the_page(staff_client, report_data):
    content = staff_client.get(url(report_data["campaign"])).content
    pre_post = json_script(content, "chart-pre-post-data")
    assert pre_post["labels"] == [report_data["regions"][0].name, report_data["regions"][1].name]
    assert pre_post["datasets"][0]["data"][1] is None  # region B is a small cell
    gains = json_script(content, "chart-gains-data")
    assert sum(gains["datasets"][0]["data"]) == 11
    days = json_script(content, "chart-days-data")
    assert sum(days["datasets"][0]["data"]) == 21  # 11 participants on day 1, 10 on day 2
    regions = json_script(content, "dashboard-map-data")["regions"]
    assert set(regions) == {region.code for region in report_data["regions"]}
    assert regions[report_data["regions"][0].code]["values"]["coverage_pct"] == 100.0
    assert regions[report_data["regions"][1].code]["values"]["coverage_pct"] is None  # small cell


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("ky", {"41705000000000": "Баткен", "41711000000000": "Бишкек", "41721000000000": "Ош"}),
        ("ru", {"41705000000000": "Баткенская", "41711000000000": "Бишкек", "41721000000000": "Ош"}),
        ("en", {"41705000000000": "Batken", "41711000000000": "Bishkek", "41721000000000": "Osh"}),
    ],
)
def test_map_names_regions_without_the_generic_word_in_the_readers_language(staff_client, report_data, language,
                                                                             names):  # fmt: skip
    call_command("load_reference_data", verbosity=0)
    staff_client.cookies["django_language"] = language
    data = json_script(staff_client.get(url(report_data["campaign"])).content, "dashboard-map-data")
    assert {code: data["names"][code] for code in names} == names
    with translation.override(language):
        assert [data["labels"]["zoom_in"], data["labels"]["zoom_out"]] == [_("Zoom in"), _("Zoom out")]


def test_dashboard_carries_the_languages_number_separators(staff_client, report_data):
    for language, decimal in (("ky", ","), ("ru", ","), ("en", ".")):
        staff_client.cookies["django_language"] = language
        content = staff_client.get(url(report_data["campaign"])).content.decode()
        assert f'data-decimal-separator="{decimal}"' in content


def test_freshness_after_a_change_says_stale_until_recomputed(staff_client, report_data):
    campaign = report_data["campaign"]
    assert 'data-state="up_to_date"' in staff_client.get(url(campaign)).content.decode()
    save_score(report_data["enrolments"][0].results.get(phase="post"), 20)
    content = staff_client.get(url(campaign)).content.decode()
    assert 'data-state="stale"' in content
    assert "stale: the data changed since it was updated" in content
    recompute([campaign.pk])
    summary = json_script(staff_client.get(url(campaign)).content, "dashboard-summary")
    assert summary == stats_summary(campaign)


@pytest.mark.postgres_only  # with tasks in process (the embedded default) the figures come at once
def test_a_campaign_without_figures_yet(staff_client, db):
    from tests.factories import CampaignFactory

    campaign = CampaignFactory(code="EMPTY-1")
    content = staff_client.get(url(campaign)).content.decode()
    assert "No figures yet" in content
    assert 'hx-trigger="every 5s"' in content


def test_campaign_page_links_to_the_dashboard(staff_client, report_campaign):
    content = staff_client.get(reverse("trainings:campaign_detail", args=[report_campaign.code])).content.decode()
    assert f'href="{url(report_campaign)}"' in content


def test_dashboards_list_for_staff(staff_client, report_campaign):
    response = staff_client.get(reverse("portal:dashboard_index"))
    assert response.status_code == 200
    assert url(report_campaign) in response.content.decode()


def test_new_participant_appears_after_recompute(staff_client, report_data):
    campaign = report_data["campaign"]
    with transaction.atomic():
        add_participant(report_data["sessions"][0], report_data["councils"][2], pre=4, post=16)
        mark_campaign_changed(campaign.pk)
    recompute([campaign.pk])
    assert json_script(staff_client.get(url(campaign)).content, "dashboard-summary")["participants"] == 12


def test_unknown_sort_keeps_the_default_order(staff_client, report_data):
    _, names = drill_rows(staff_client.get(url(report_data["campaign"], sort="-password")).content)
    assert names == [report_data["regions"][0].name, report_data["regions"][1].name]
