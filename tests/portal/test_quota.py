"""The women's quota on the staff dashboard and in the donor report (PDF, workbook, CSV), on the register of
tests/trainings/quota_data.py: 6 of 19 elected deputies are women (31.6 %), 4 of the 15 of the target
councils (26.7 %), 2 of the 4 participants (50 %); one council, Bel-Suu, is under 30 % (1 of 5)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.statistics.snapshots import recompute
from tests.portal.test_reports import pdf_text
from tests.trainings.quota_data import quota_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    world = quota_world()
    recompute([world["campaign"].pk])
    return world["campaign"]


def test_dashboard_shows_the_quota_panel(staff_client, campaign):
    response = staff_client.get(reverse("portal:dashboard", args=[campaign.code]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    panel = html[html.index('id="quota-heading"') :]
    for text in ("31.6%", "6 / 19", "26.7%", "4 / 15", "50.0%", "2 / 4"):
        assert text in panel, text
    assert "1 council where women hold fewer than 30% of the seats" in panel
    assert "Bel-Suu" in panel
    assert "Ala-Buka" not in panel  # exactly 30 %: not under the quota


def test_dashboard_panel_in_russian(staff_client, campaign):
    response = staff_client.get(reverse("portal:dashboard", args=[campaign.code]), HTTP_ACCEPT_LANGUAGE="ru")
    assert "31,6%" in response.content.decode()


def test_pdf_report_states_the_quota(staff_client, campaign):
    response = staff_client.get(reverse("portal:report_pdf", args=[campaign.code]), {"lang": "en"})
    text = pdf_text(response.content)
    section = text[text.index("Women's quota") :]
    assert "Whole campaign 31.6% (6 / 19) 26.7% (4 / 15) 50.0% (2 / 4)" in section
    assert "1 council where women hold fewer than 30% of the seats" in section
    assert "Bel-Suu" in section
    assert "20.0% (1 / 5)" in section


def test_workbook_has_the_quota_sheet(staff_client, campaign):
    response = staff_client.get(reverse("portal:report_xlsx", args=[campaign.code]), {"lang": "en"})
    sheet = load_workbook(io.BytesIO(response.content))["Women's quota"]
    rows = list(sheet.iter_rows(values_only=True))
    whole = next(row for row in rows if row[0] == "Whole campaign")
    assert whole[3:] == pytest.approx((19, 6, 100 * 6 / 19, 15, 4, 100 * 4 / 15, 4, 2, 50.0), rel=1e-14)
    towns = next(row for row in rows if row[1] == "town_kenesh")
    assert towns[6:9] == (0, 0, None)
    under = rows[[row[0] for row in rows].index("Council code") + 1 :]
    assert [(row[1], row[5], row[6], row[7], row[8]) for row in under] == [("Bel-Suu aiyl kenesh", 5, 1, 20.0, "yes")]


def test_csv_has_the_quota_at_full_precision(staff_client, campaign):
    response = staff_client.get(reverse("portal:report_csv", args=[campaign.code]), {"lang": "en"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    quota = {row[3]: row[4] for row in rows if row[0] == "quota_campaign"}
    assert float(quota["elected_women_pct"]) == 100 * 6 / 19
    assert quota["participants"] == "4"
