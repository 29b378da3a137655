"""The report workbook's "Item analysis" sheet: the figures of `statistics.items` per question, flagged
rows filled and named, KR-20 per phase, counts only for a phase with fewer than 5 respondents."""

import io

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from assessments.statistics import items
from tests.assessments.item_data import POST, PRE, item_campaign

pytestmark = pytest.mark.django_db

HEADER = (
    "Test", "No.", "Question", "Topic", "Answered the pre-test", "Correct on the pre-test (count)",
    "Correct on the pre-test, %", "Answered the post-test", "Correct on the post-test (count)",
    "Correct on the post-test, %", "Change, percentage points", "Discrimination, pre-test",
    "Discrimination, post-test", "Flag",
)  # fmt: skip


def item_sheet(client, campaign, language="en"):
    response = client.get(reverse("portal:report_xlsx", args=[campaign.code]), {"lang": language})
    assert response.status_code == 200
    with translation.override(language):
        title = gettext("Item analysis")
    return load_workbook(io.BytesIO(response.content))[title]


def question_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER
    end = next(index for index, row in enumerate(rows) if not any(row))  # a blank row closes the table
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:end]]


def kr20_rows(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row[:4] == ("Test", "Phase", "Respondents",
                                                                          "Reliability (KR-20)"))  # fmt: skip
    return [row[:4] for row in rows[start + 1 :] if row[0] and row[1]]


def test_item_sheet_holds_the_figures_of_the_item_analysis(staff_client):
    data = item_campaign()
    pre, post = items.item_analysis(np.array(PRE)), items.item_analysis(np.array(POST))
    sheet = item_sheet(staff_client, data["campaign"])
    rows = question_rows(sheet)
    assert [row["No."] for row in rows] == [1, 2, 3, 4]
    for position, row in enumerate(rows):
        assert row["Test"] == "Test"
        assert row["Question"] == f"Вопрос {position + 1}"
        assert (row["Answered the pre-test"], row["Answered the post-test"]) == (6, 6)
        assert row["Correct on the pre-test (count)"] == sum(answers[position] for answers in PRE)
        assert row["Correct on the pre-test, %"] == pytest.approx(100 * pre["facility"][position], rel=1e-14)
        assert row["Correct on the post-test, %"] == pytest.approx(100 * post["facility"][position], rel=1e-14)
        change = 100 * (post["facility"][position] - pre["facility"][position])
        assert row["Change, percentage points"] == pytest.approx(change, abs=1e-9)
        assert row["Discrimination, pre-test"] == pytest.approx(pre["discrimination"][position], rel=1e-14)
        assert row["Discrimination, post-test"] == pytest.approx(post["discrimination"][position], rel=1e-14)
    assert kr20_rows(sheet) == [("Test", "pre-test", 6, pytest.approx(pre["kr20"], rel=1e-14)),
                                ("Test", "post-test", 6, pytest.approx(post["kr20"], rel=1e-14))]  # fmt: skip


def test_flagged_rows_are_filled_and_named(staff_client):
    data = item_campaign()
    sheet = item_sheet(staff_client, data["campaign"])
    flags = [row["Flag"] for row in question_rows(sheet)]
    assert flags[0].startswith("Easy before training: more than 90% answered it correctly")
    assert flags[1:3] == [None, None]
    assert flags[3].startswith("Weak discrimination (below 0.2)")
    fills = [sheet.cell(row=row, column=1).fill.fgColor.rgb for row in range(2, 6)]
    assert fills == ["00FFF3CD", "00000000", "00000000", "00FFF3CD"]
    assert sheet.cell(row=2, column=7).number_format == "0.0"
    assert sheet.cell(row=3, column=12).number_format == "0.000"


def test_item_sheet_shows_counts_only_for_a_small_phase(staff_client):
    data = item_campaign(post=POST[:3])
    rows = question_rows(item_sheet(staff_client, data["campaign"]))
    assert [row["Correct on the post-test (count)"] for row in rows] == [3, 3, 3, 2]
    for row in rows:
        assert row["Answered the post-test"] == 3
        assert (row["Correct on the post-test, %"], row["Change, percentage points"]) == (None, None)
        assert row["Discrimination, post-test"] is None
        assert row["Correct on the pre-test, %"] is not None


def test_item_sheet_question_text_in_the_reports_language(staff_client):
    data = item_campaign()
    sheet = item_sheet(staff_client, data["campaign"], "ky")
    assert [sheet.cell(row=row, column=3).value for row in range(2, 6)] == [f"Суроо {n}" for n in range(1, 5)]
