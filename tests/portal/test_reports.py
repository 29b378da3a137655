"""Report exports: the XLSX workbook, the CSV file and the PDF donor report, opened and checked."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.statistics.snapshots import recompute
from tests.assessments.stats_data import add_participant
from trainings.changes import mark_campaign_changed

pytestmark = pytest.mark.django_db


def stats_summary(campaign, scope=None):
    out = StringIO()
    call_command("stats_summary", campaign=campaign.code, scope=scope, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def workbook(client, campaign, **query):
    response = client.get(reverse("portal:report_xlsx", args=[campaign.code]), query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="report-{campaign.code}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def summary_values(book):
    sheet = book["Summary"]
    return {row[2]: row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 2 and row[2]}


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_workbook_summary_equals_stats_summary(staff_client, report_campaign):
    expected = stats_summary(report_campaign)
    values = summary_values(workbook(staff_client, report_campaign, lang="en"))
    for key in ("participants", "completed", "matched", "pre_mean_pct", "post_mean_pct", "knowledge_growth_pct",
                "women_pct", "youth_pct", "coverage_pct", "p_value", "cohens_dz"):  # fmt: skip
        # A spreadsheet keeps 15 significant digits; the CSV keeps every digit.
        assert values[key] == pytest.approx(expected[key], rel=1e-14), key
    assert values["ci95_low"] == pytest.approx(expected["ci95_abs_gain_pp"][0], rel=1e-14)


def test_workbook_has_one_sheet_per_breakdown(staff_client, report_campaign):
    assert workbook(staff_client, report_campaign, lang="en").sheetnames == [
        "Summary", "By region", "By district", "By council", "By kind of council", "By session", "By trainer",
        "By topic", "By sex", "By age band", "Youth", "First term or re-elected", "Women's quota",
    ]  # fmt: skip


def test_breakdown_sheet_rows_equal_the_breakdown(staff_client, report_campaign):
    expected = {entry["key"]: entry for entry in stats_summary(report_campaign, "region")}
    sheet = workbook(staff_client, report_campaign, lang="en")["By region"]
    header = [cell.value for cell in sheet[1]]
    participants = header.index("Participants")
    growth = header.index("Knowledge growth")
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(expected)
    for key, row in rows.items():
        assert row[participants] == expected[key]["participants"]
        assert row[growth] == pytest.approx(expected[key]["knowledge_growth_pct"], rel=1e-14)


def test_staff_get_no_participant_sheet(staff_client, report_campaign):
    assert "Participants" not in workbook(staff_client, report_campaign, lang="en").sheetnames


def test_organisers_get_the_participants_with_phones(organiser_client, report_data):
    sheet = workbook(organiser_client, report_data["campaign"], lang="en")["Participants"]
    header = [cell.value for cell in sheet[1]]
    phones = {row[header.index("Phone")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert phones == {enrolment.deputy.phone for enrolment in report_data["enrolments"]}
    assert sheet.max_row == len(report_data["enrolments"]) + 1


def test_formula_like_text_is_neutralised(organiser_client, report_data):
    council = report_data["councils"][0]
    council.name_en = "=HYPERLINK(1)"
    council.save()
    enrolment = report_data["enrolments"][0]
    enrolment.deputy.last_name = "@SUM(A1)"
    enrolment.deputy.save()
    book = workbook(organiser_client, report_data["campaign"], lang="en")
    councils = [row[1] for row in book["By council"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in councils
    header = [cell.value for cell in book["Participants"][1]]
    names = [row[header.index("Last name")] for row in book["Participants"].iter_rows(min_row=2, values_only=True)]
    assert "'@SUM(A1)" in names


def test_csv_is_long_form_with_full_precision(staff_client, report_campaign):
    response = staff_client.get(reverse("portal:report_csv", args=[report_campaign.code]), {"lang": "en"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["scope", "code", "name", "figure", "value"]
    campaign_rows = {row[3]: row[4] for row in rows if row[0] == "campaign"}
    expected = stats_summary(report_campaign)
    assert campaign_rows["participants"] == str(expected["participants"])
    assert float(campaign_rows["knowledge_growth_pct"]) == expected["knowledge_growth_pct"]
    regions = [row for row in rows if row[0] == "region" and row[3] == "matched"]
    assert sorted(int(row[4]) for row in regions) == [3, 8]


def test_pdf_report_in_english_has_figures_narrative_and_definitions(staff_client, report_campaign):
    response = staff_client.get(reverse("portal:report_pdf", args=[report_campaign.code]), {"lang": "en"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    expected = stats_summary(report_campaign)
    assert "two-day trainings were held for 11 deputies" in text
    assert f"Knowledge growth {expected['knowledge_growth_pct']:.1f}%" in text
    assert "Pre-test and post-test means by region" in text
    assert "Distribution of individual gains" in text
    assert "Definitions" in text
    assert "Distinct deputies present on at least one training day." in text


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("ru", "прошли двухдневные тренинги для 11 депутатов"), ("ky", "11 депутаты үчүн эки күндүк тренингдер")],
)
def test_pdf_report_in_russian_and_kyrgyz(staff_client, report_campaign, language, phrase):
    response = staff_client.get(reverse("portal:report_pdf", args=[report_campaign.code]), {"lang": language})
    assert phrase in pdf_text(response.content)


def test_exports_recompute_stale_figures_first(staff_client, report_data):
    campaign = report_data["campaign"]
    with transaction.atomic():
        add_participant(report_data["sessions"][0], report_data["councils"][0], pre=5, post=15)
        mark_campaign_changed(campaign.pk)
    assert summary_values(workbook(staff_client, campaign, lang="en"))["participants"] == 12
    recompute([campaign.pk])  # nothing left to do: the export already stored the new snapshot
    assert stats_summary(campaign)["participants"] == 12
