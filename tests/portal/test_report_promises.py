"""Two promises of the reports: the workbook's participant sheet marks "completed" only for presence on every
day of the session, and the distribution of gains obeys the small-cell rule on the dashboard and in the PDF."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.statistics.snapshots import recompute
from portal.reports.payload import build_report
from portal.reports.pdf import report_pdf
from tests.assessments.stats_data import add_participant, two_region_campaign
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db

GAINS_TITLE = "Distribution of individual gains"


def participant_sheet(client, campaign):
    response = client.get(reverse("portal:report_xlsx", args=[campaign.code]), {"lang": "en"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Participants"]
    header = [cell.value for cell in sheet[1]]
    return {row[header.index("Last name")]: row[header.index("Completed")]
            for row in sheet.iter_rows(min_row=2, values_only=True)}  # fmt: skip


def test_participant_sheet_marks_completed_only_for_every_day(organiser_client):
    data = two_region_campaign()
    first, second = data["sessions"]
    council = data["councils"][0]
    cases = {
        "both days": (first, (True, True), 1),
        "day one only": (first, (True, False), 0),
        "day two only": (first, (False, True), 0),
        "day one not recorded": (second, (None, True), 0),
        "days 1 and 3 of a session cut to 2": (second, (True, False, True), 0),
        "all 3 days of a session cut to 2": (second, (True, True, True), 1),
    }
    for name, (session, days, _expected) in cases.items():
        enrolment = add_participant(session, council, days=[bool(day) for day in days])
        enrolment.attendance.filter(day__in=[day for day, mark in enumerate(days, start=1) if mark is None]).delete()
        enrolment.deputy.last_name = name
        enrolment.deputy.save()
    TrainingSession.objects.filter(pk=second.pk).update(days=2)
    completed = participant_sheet(organiser_client, data["campaign"])
    assert completed == {name: expected for name, (_session, _days, expected) in cases.items()}


def campaign_with_pairs(pairs: int):
    data = two_region_campaign()
    for number in range(pairs):
        add_participant(data["sessions"][0], data["councils"][0], pre=5 + number, post=12 + number)
    add_participant(data["sessions"][0], data["councils"][0], pre=9)  # not a pair
    recompute([data["campaign"].pk])
    data["campaign"].refresh_from_db()
    return data


def dashboard_gains(client, campaign, **query):
    """The histogram's bars on the dashboard (its json_script data), or None when it shows none."""
    response = client.get(reverse("portal:dashboard", args=[campaign.code]), {"lang": "en", **query})
    assert response.status_code == 200
    found = re.search(r'<script id="chart-gains-data" type="application/json">(.*?)</script>', response.text, re.S)
    return found.group(1) if found else None


def pdf_text(campaign) -> str:
    content = report_pdf(build_report(campaign, "en"))
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(("pairs", "shown"), [(4, False), (5, True)])
def test_gains_histogram_obeys_the_small_cell_rule(staff_client, pairs, shown):
    campaign = campaign_with_pairs(pairs)["campaign"]
    assert (build_report(campaign, "en")["histogram"] is not None) is shown
    assert (dashboard_gains(staff_client, campaign) is not None) is shown
    assert (GAINS_TITLE in pdf_text(campaign)) is shown


def test_filtered_gains_histogram_obeys_the_small_cell_rule(staff_client):
    data = campaign_with_pairs(6)
    for number in range(4):  # four pairs of women: a small cell of the filter
        add_participant(data["sessions"][1], data["councils"][2], pre=6, post=10 + number, gender="F")
    assert dashboard_gains(staff_client, data["campaign"], sex="F") is None
    assert dashboard_gains(staff_client, data["campaign"], sex="M") is not None
