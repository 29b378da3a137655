"""Every XLSX the portal writes keeps figures at full precision and shows them with a number format of
their kind: percentages 0.0, p-values and effect sizes 0.000, counts 0, scores 0.0# (never 97.86223277909738)."""

import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import TestResult
from assessments.statistics.formats import COUNT, PERCENT, RATIO, SCORE, number_format
from portal.models import FrozenReport
from tests.factories import EnrolmentFactory, InstrumentFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

# A figure of each kind of DESIGN §3 and of the report's extra columns, with the format a reader expects.
EXPECTED = {
    "participants": COUNT,
    "councils_with_elections": COUNT,
    "matched": COUNT,
    "individual_growth_left_out": COUNT,
    "coverage_pct": PERCENT,
    "women_pct": PERCENT,
    "pre_mean_pct": PERCENT,
    "knowledge_growth_pct": PERCENT,
    "mean_individual_growth_pct": PERCENT,
    "abs_gain_pp": PERCENT,
    "sd_gain_pp": PERCENT,
    "ci95_low": PERCENT,
    "ci95_high": PERCENT,
    "p_value": RATIO,
    "p_value_wilcoxon": RATIO,
    "cohens_dz": RATIO,
    "normalized_gain": RATIO,
    "pre_score": SCORE,
}


@pytest.mark.parametrize(("key", "expected"), EXPECTED.items())
def test_each_figure_has_the_format_of_its_kind(key, expected):
    assert number_format(key) == expected


def stats_summary(campaign, scope=None):
    out = StringIO()
    call_command("stats_summary", campaign=campaign.code, scope=scope, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def load(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def unformatted_fractions(book) -> list[str]:
    """Cells holding a number with decimals but no number format: a spreadsheet shows every digit."""
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, float) and not cell.value.is_integer() and cell.number_format == "General"
    ]


def assert_summary_formats(book, expected):
    rows = {row[2].value: row[1] for row in book["Summary"].iter_rows() if len(row) > 2 and row[2].value}
    for key in ("participants", "matched", "coverage_pct", "knowledge_growth_pct", "p_value", "cohens_dz",
                "normalized_gain", "abs_gain_pp"):  # fmt: skip
        assert rows[key].number_format == EXPECTED[key], key
        # Full precision in the cell: the format only changes what is shown.
        assert rows[key].value == pytest.approx(expected[key], rel=1e-14), key
    assert rows["ci95_low"].number_format == PERCENT
    assert rows["ci95_low"].value == pytest.approx(expected["ci95_abs_gain_pp"][0], rel=1e-14)
    assert rows["knowledge_growth_pct"].value != round(rows["knowledge_growth_pct"].value, 3)  # not rounded


def test_report_workbook_shows_each_figure_in_its_format_at_full_precision(organiser_client, report_campaign):
    book = load(organiser_client.get(reverse("portal:report_xlsx", args=[report_campaign.code]), {"lang": "en"}))
    assert_summary_formats(book, stats_summary(report_campaign))

    sheet = book["By region"]
    header = [cell.value for cell in sheet[1]]
    expected = {entry["key"]: entry for entry in stats_summary(report_campaign, "region")}
    for row in sheet.iter_rows(min_row=2):
        entry = expected[row[0].value]
        for key, title in (("participants", "Participants"), ("coverage_pct", "Coverage"),
                           ("knowledge_growth_pct", "Knowledge growth"), ("p_value", "p-value (paired t-test)"),
                           ("cohens_dz", "Effect size (Cohen's dz)")):  # fmt: skip
            cell = row[header.index(title)]
            if cell.value is not None:
                assert cell.number_format == EXPECTED[key], (row[0].value, key)
                assert cell.value == pytest.approx(entry[key], rel=1e-14)
    assert unformatted_fractions(book) == []


def test_participant_scores_in_the_report_workbook_show_as_scores(organiser_client, report_data):
    result = report_data["enrolments"][0].results.get(phase="pre")
    TestResult.objects.filter(pk=result.pk).update(score=Decimal("12.25"))
    book = load(organiser_client.get(reverse("portal:report_xlsx", args=[report_data["campaign"].code])))
    sheet = book[book.sheetnames[-1]]
    scores = [row[-3] for row in sheet.iter_rows(min_row=2)]
    assert {cell.number_format for cell in scores} == {SCORE}
    assert 12.25 in [cell.value for cell in scores]


def test_frozen_report_workbook_has_the_same_formats(staff_client, report_campaign):
    staff_client.post(reverse("portal:report_freeze", args=[report_campaign.code]), {"language": "ky"})
    report = FrozenReport.objects.get()
    book = load(staff_client.get(reverse("portal:frozen_xlsx", args=[report.pk])))
    assert_summary_formats(book, stats_summary(report_campaign))
    assert unformatted_fractions(book) == []


def test_score_sheet_shows_scores_with_their_decimals(trainer, trainer_client):
    session = TrainingSessionFactory(trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    enrolment = EnrolmentFactory(session=session)
    TestResult.objects.create(enrolment=enrolment, phase="pre", score=Decimal("12.5"), max_score=Decimal("20"))
    book = load(trainer_client.get(reverse("assessments:score_sheet_download", args=[session.pk])))
    pre = book.worksheets[0]["F2"]
    assert (pre.value, pre.number_format) == (12.5, SCORE)
    assert unformatted_fractions(book) == []


@pytest.mark.parametrize(
    ("name", "query"),
    [("councils:deputy_list", "?export=xlsx"), ("trainings:roster_xlsx", "")],
    ids=["deputies.xlsx", "roster.xlsx"],
)
def test_lists_hold_no_unformatted_fraction(name, query, organiser_client, report_data):
    session = report_data["sessions"][0]
    url = reverse(name, args=[session.pk] if name.startswith("trainings") else []) + query
    assert unformatted_fractions(load(organiser_client.get(url))) == []
