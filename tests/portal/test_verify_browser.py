"""In Debian's Chromium: a certificate checked on a phone by scanning its QR code (opening its address),
then another one, revoked after the trainer corrected the attendance, typed in by hand and shown revoked."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.assessments.stats_data import add_participant, two_region_campaign
from tests.browsing import DESKTOP, PHONE, log_in, scroll_width
from trainings.certificates import display_code, issue_certificates

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.mark.browser
def test_a_certificate_is_verified_on_a_phone_and_one_revoked_after_a_correction_says_so(
    live_server, transactional_db, chromium, trainer, organiser
):
    data = two_region_campaign(code="VERIFY-2021")
    session = data["sessions"][0]
    session.trainers.add(trainer)
    kept, corrected = (add_participant(session, data["councils"][0], days=(True, True)) for _ in range(2))
    issued = issue_certificates(enrolments=[kept, corrected], user=organiser)  # both printed
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url

    # The trainer finds a mistake: the second participant was not there on day 2.
    desk = chromium.new_context(viewport=DESKTOP)
    page = log_in(desk.new_page(), base, trainer.username)
    page.goto(base + reverse("trainings:session_detail", args=[session.pk]))
    row = page.locator(f"#enrolment-{corrected.pk}")
    row.locator("form[data-day='2'] button").click()
    expect(row.locator("form[data-day='2'] button")).to_have_class(re.compile(r"\bbtn-outline-danger\b"))
    desk.close()

    # Somebody scans the first certificate's QR code with a phone, without an account, in Kyrgyz.
    phone = chromium.new_context(viewport=PHONE, locale="ky-KG")
    phone.add_cookies([{"name": "django_language", "value": "ky", "url": base}])
    page = phone.new_page()
    page.goto(base + reverse("verify_code", args=[issued[kept.pk].code]))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "valid")
    expect(page.locator(".verdict dd.code")).to_have_text(display_code(issued[kept.pk].code))
    expect(page.locator(".verdict")).to_contain_text(kept.deputy.full_name)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "verify-valid-ky-360.png"), full_page=True)

    # The second code typed by hand, in lower case with a space, and in Russian.
    page.locator(".languages button[value=ru]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    code = issued[corrected.pk].code
    page.fill("#code", f"{code[:4].lower()} {code[4:].lower()}")
    page.locator(".lookup button[type=submit]").click()
    page.wait_for_url(base + reverse("verify_code", args=[code]))
    expect(page.locator("[data-verdict]")).to_have_attribute("data-verdict", "revoked")
    expect(page.locator(".verdict")).to_contain_text(corrected.deputy.full_name)
    # Code, name, campaign and dates: a revoked certificate has no completion line.
    expect(page.locator(".verdict dd")).to_have_count(4)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "verify-revoked-ru-360.png"), full_page=True)
    phone.close()
