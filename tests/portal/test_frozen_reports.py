"""Frozen reports keep the figures of the day they were frozen, whatever happens to the data later."""

import io

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.statistics.snapshots import recompute
from portal.models import FrozenReport
from tests.assessments.stats_data import add_participant, save_score
from trainings.changes import mark_campaign_changed

pytestmark = pytest.mark.django_db


def freeze(client, campaign, **data):
    return client.post(reverse("portal:report_freeze", args=[campaign.code]), {"language": "en", **data})


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def change_the_data(report_data):
    """A new participant and a changed score, committed as the services do, then recomputed."""
    campaign = report_data["campaign"]
    with transaction.atomic():
        add_participant(report_data["sessions"][0], report_data["councils"][2], pre=2, post=19)
        mark_campaign_changed(campaign.pk)
    save_score(report_data["enrolments"][0].results.get(phase="post"), 20)
    recompute([campaign.pk])


def test_staff_freeze_a_report(staff_client, staff_viewer, report_campaign):
    response = freeze(staff_client, report_campaign, title="Interim report")
    report = FrozenReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:frozen_detail", args=[report.pk])
    assert (report.campaign, report.created_by, report.language, report.title) == (
        report_campaign, staff_viewer, "en", "Interim report"
    )  # fmt: skip
    assert report.data_version == report_campaign.data_version
    assert report.payload["summary"]["participants"] == 11
    assert "two-day trainings were held for 11 deputies" in report.payload["narrative"]


def test_frozen_report_is_listed(staff_client, report_campaign):
    freeze(staff_client, report_campaign, title="For the donor")
    content = staff_client.get(reverse("portal:frozen_list", args=[report_campaign.code])).content.decode()
    assert "For the donor" in content
    assert reverse("portal:frozen_pdf", args=[FrozenReport.objects.get().pk]) in content


def test_frozen_report_unchanged_after_data_edits(staff_client, report_data):
    campaign = report_data["campaign"]
    freeze(staff_client, campaign)
    report = FrozenReport.objects.get()
    before = {
        "page": staff_client.get(reverse("portal:frozen_detail", args=[report.pk])).content,
        "pdf": pdf_text(staff_client.get(reverse("portal:frozen_pdf", args=[report.pk])).content),
        "csv": staff_client.get(reverse("portal:frozen_csv", args=[report.pk])).content,
    }
    change_the_data(report_data)
    live = staff_client.get(reverse("portal:report_csv", args=[campaign.code]), {"lang": "en"}).content
    assert live != before["csv"]  # the live figures did change
    assert staff_client.get(reverse("portal:frozen_csv", args=[report.pk])).content == before["csv"]
    assert pdf_text(staff_client.get(reverse("portal:frozen_pdf", args=[report.pk])).content) == before["pdf"]
    page = staff_client.get(reverse("portal:frozen_detail", args=[report.pk])).content
    assert b'data-figure="participants" data-value="11"' in page
    assert b"The campaign\xe2\x80\x99s data has changed since this report was frozen" in page
    book = load_workbook(io.BytesIO(staff_client.get(reverse("portal:frozen_xlsx", args=[report.pk])).content))
    values = {row[2]: row[1] for row in book["Summary"].iter_rows(values_only=True) if len(row) > 2 and row[2]}
    assert values["participants"] == 11


def test_frozen_report_in_russian(staff_client, report_campaign):
    freeze(staff_client, report_campaign, language="ru")
    report = FrozenReport.objects.get()
    assert report.language == "ru"
    assert "для 11 депутатов" in report.payload["narrative"]
    assert "для 11 депутатов" in " ".join(
        pdf_text(staff_client.get(reverse("portal:frozen_pdf", args=[report.pk])).content).split()
    )


def test_trainers_cannot_open_frozen_reports(client, staff_viewer, trainer, report_campaign):
    client.force_login(staff_viewer)
    freeze(client, report_campaign)
    client.force_login(trainer)
    assert client.get(reverse("portal:frozen_detail", args=[FrozenReport.objects.get().pk])).status_code == 403
