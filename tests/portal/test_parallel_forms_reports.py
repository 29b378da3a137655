"""The parallel-forms figures on the staff dashboard (a "Parallel forms" panel only when the campaign has results on
both forms), in the donor report PDF (a section likewise) and in the CSV and XLSX exports.

Figures of `parallel_forms_campaign` (hand computation in tests/assessments/test_parallel_forms_orm.py): A→B 6
pairs, pre 46.7 %, post 73.3 %, growth 57.1 %; B→A 5 pairs, pre 30.0 %, post 60.0 %, growth 100.0 %; form-equated
growth 78.6 %; pre-test means A 46.7 % (6), B 30.0 % (5), gap +16.7 points: the forms differ."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.statistics.snapshots import recompute
from tests.assessments.stats_data import FORMS_AB, parallel_forms_campaign

pytestmark = pytest.mark.django_db

# B→A pairs whose pre-tests on B (45, 50, 40, 55, 45 %: mean 47) are as hard as A's (46.7 %): gap −0.3.
EVEN_BA = [(9, 15), (10, 16), (8, 14), (11, 17), (9, 14)]


def computed(data):
    recompute([data["campaign"].pk])
    return data["campaign"]


@pytest.fixture
def forms_campaign():
    return computed(parallel_forms_campaign(code="FORMS-2025"))


def dashboard(client, campaign, language="en", **query) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("portal:dashboard", args=[campaign.code]), query)
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_dashboard_panel_shows_growth_per_order_and_the_warning(staff_client, forms_campaign):
    html = dashboard(staff_client, forms_campaign)
    assert 'class="card mb-3 forms-panel"' in html
    panel = html[html.index("forms-panel") : html.index("</section>", html.index("forms-panel"))]
    assert "A→B" in panel
    assert "B→A" in panel
    for text in ("46.7%", "73.3%", "57.1%", "30.0%", "60.0%", "100.0%", "78.6%", "+16.7 points"):
        assert text in panel, text
    assert f'data-value="{400 / 7!s}"' in panel  # unrounded growth A→B
    assert "The forms differ in difficulty: their pre-test means are 16.7 points apart (more than 10)." in panel


def test_dashboard_panel_without_warning_when_the_forms_are_alike(staff_client, db):
    campaign = computed(parallel_forms_campaign(ba=EVEN_BA, code="FORMS-EVEN"))
    html = dashboard(staff_client, campaign)
    assert "forms-panel" in html
    assert "−0.3 points" in html
    assert "forms-differ" not in html


def test_dashboard_panel_only_when_the_campaign_has_two_forms(staff_client, report_campaign):
    assert "forms-panel" not in dashboard(staff_client, report_campaign)


def test_dashboard_panel_follows_the_filters(staff_client, forms_campaign):
    # Region A holds the A→B pairs only: no pre-tests on B, no pair B→A, still a panel (it has an order).
    region_a = forms_campaign.sessions.order_by("start_date").first().enrolments.first().deputy.council.region
    html = dashboard(staff_client, forms_campaign, region=region_a.code)
    panel = html[html.index("forms-panel") : html.index("</section>", html.index("forms-panel"))]
    assert "57.1%" in panel
    assert "forms-differ" not in panel
    assert "An order of the forms with fewer than 5 pairs shows its count only" in panel


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_dashboard_panel_in_kyrgyz_and_russian_writes_numbers_their_way(staff_client, forms_campaign, language):
    # (The panel's texts are translated when the lead merges notes/formstats-strings.md into locale/.)
    html = dashboard(staff_client, forms_campaign, language)
    panel = html[html.index("forms-panel") : html.index("</section>", html.index("forms-panel"))]
    for text in ("57,1%", "78,6%", "+16,7", "16,7"):
        assert text in panel, text


def test_pdf_has_the_parallel_forms_section(staff_client, forms_campaign):
    response = staff_client.get(reverse("portal:report_pdf", args=[forms_campaign.code]), {"lang": "en"})
    text = pdf_text(response.content)
    assert "Parallel forms" in text
    assert "A→B 6 46.7% 73.3% 57.1%" in text
    assert "B→A 5 30.0% 60.0% 100.0%" in text
    assert "Form-equated growth 78.6%" in text
    assert "form A 46.7% (n = 6) · form B 30.0% (n = 5) · A − B: +16.7 points" in text
    assert "The forms differ in difficulty" in text


def test_pdf_without_forms_has_no_such_section(staff_client, report_campaign):
    response = staff_client.get(reverse("portal:report_pdf", args=[report_campaign.code]), {"lang": "en"})
    assert "Parallel forms" not in pdf_text(response.content)


def test_csv_and_xlsx_carry_the_per_order_figures(staff_client, forms_campaign):
    response = staff_client.get(reverse("portal:report_csv", args=[forms_campaign.code]), {"lang": "en"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    campaign_rows = {row[3]: row[4] for row in rows if row[0] == "campaign"}
    assert float(campaign_rows["order_ab_growth_pct"]) == 400 / 7
    assert float(campaign_rows["counterbalanced_growth_pct"]) == 550 / 7
    assert int(campaign_rows["order_ba_matched"]) == 5
    sessions = [row for row in rows if row[0] == "session" and row[3] == "order_ab_matched"]
    assert sorted(int(row[4]) for row in sessions) == [0, len(FORMS_AB)]

    response = staff_client.get(reverse("portal:report_xlsx", args=[forms_campaign.code]), {"lang": "en"})
    sheet = load_workbook(io.BytesIO(response.content))["Summary"]
    values = {row[2]: row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 2 and row[2]}
    assert values["order_ba_growth_pct"] == pytest.approx(100.0)
    assert values["forms_pre_gap_pp"] == pytest.approx(50 / 3)
    labels = {row[2]: row[0] for row in sheet.iter_rows(values_only=True) if row and len(row) > 2 and row[2]}
    assert labels["order_ab_growth_pct"] == "Knowledge growth A→B"
