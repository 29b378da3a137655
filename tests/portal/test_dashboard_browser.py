"""Staff log in, open the dashboard, switch to Kyrgyz and download the workbook, in Debian's Chromium."""

import gzip
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.portal.conftest import build_report_campaign

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
# Whitenoise serves static files compressed (collectstatic writes .gz/.br); the page must stay under this.
PAGE_WEIGHT_LIMIT = 300 * 1024


@pytest.mark.browser
def test_staff_open_the_dashboard_switch_to_kyrgyz_and_download_the_workbook(live_server, transactional_db,
                                                                           chromium, staff_viewer):  # fmt: skip
    campaign = build_report_campaign(code="VOICE-BROWSER")["campaign"]
    ARTIFACTS.mkdir(exist_ok=True)
    failures, bodies = [], {}

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            failures.append(f"{response.status} {response.url}")

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.on("response", on_response)
    page.on("pageerror", lambda error: failures.append(str(error)))

    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", staff_viewer.username)
    page.fill("input[name=password]", "secret-pass-123")
    page.click("button[type=submit]")
    expect(page.locator("nav")).to_contain_text(staff_viewer.display_name)

    # The page weight, measured in a fresh browser cache with the same login.
    fresh = chromium.new_context(storage_state=context.storage_state())
    weighed = fresh.new_page()
    weighed.on("response", lambda response: bodies.setdefault(response.url, response))
    weighed.goto(live_server.url + reverse("portal:dashboard", args=[campaign.code]))
    expect(weighed.locator("#dashboard-map path.leaflet-interactive")).to_have_count(8)
    weight = sum(len(gzip.compress(response.body())) for response in bodies.values() if response.ok)
    fresh.close()

    page.goto(live_server.url + reverse("portal:dashboard", args=[campaign.code]))
    expect(page.locator('[data-figure="participants"] .kpi-value')).to_have_text("11")
    expect(page.locator("#dashboard-map path.leaflet-interactive")).to_have_count(8)
    expect(page.locator(".map-legend")).to_be_visible()

    page.locator(".language-switcher button[lang=ky]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator('[data-figure="participants"] .kpi-value')).to_have_text("11")
    expect(page.locator(".narrative").first).to_contain_text("депутаты үчүн эки күндүк тренингдер")
    page.screenshot(path=str(ARTIFACTS / "dashboard-ky-1280.png"), full_page=True)

    page.locator(".report-actions .dropdown-toggle").click()
    with page.expect_download() as download_info:
        page.locator(".report-actions a[href$='report.xlsx']").click()
    download = download_info.value
    saved = ARTIFACTS / download.suggested_filename
    download.save_as(saved)

    page.select_option("#filter-sex", "F")
    expect(page.locator(".dashboard-freshness")).to_have_attribute("data-state", "computed")
    expect(page.locator('[data-figure="participants"] .kpi-value')).to_have_text("5")
    assert page.url.endswith("?sex=F")

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    expect(page.locator('[data-figure="participants"] .kpi-value')).to_have_text("5")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(ARTIFACTS / "dashboard-ky-360.png"), full_page=True)

    book = load_workbook(io.BytesIO(saved.read_bytes()))
    assert saved.name == "report-VOICE-BROWSER.xlsx"
    assert len(book.sheetnames) == 13  # summary, eleven breakdowns, the women's quota (tests/portal/test_reports.py)
    assert failures == []
    assert width == 360
    assert len(bodies) >= 10  # the page, Bootstrap, htmx, Chart.js, Leaflet, outlines, our CSS and JS
    assert weight < PAGE_WEIGHT_LIMIT
