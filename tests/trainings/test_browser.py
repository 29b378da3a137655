"""A trainer marks attendance on a phone-sized screen: the htmx toggle updates the row in place."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import AttendanceFactory, EnrolmentFactory


@pytest.mark.browser
def test_trainer_toggles_attendance_at_360_px(live_server, transactional_db, chromium, session, trainer):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)
    client = Client()
    client.force_login(trainer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("trainings:session_detail", args=[session.pk]))
    row = page.locator(f"#enrolment-{enrolment.pk}")
    name = enrolment.deputy.full_name
    # The three-state button's accessible name says the day and its state (not just pressed / not pressed).
    row.get_by_role("button", name=f"Day 2, {name}: not recorded", exact=True).click()
    expect(row).to_contain_text("completed", timeout=5000)
    expect(row.get_by_role("button", name=f"Day 2, {name}: present", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name=f"Day 1, {name}: present", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")

    assert list(enrolment.attendance.order_by("day").values_list("day", "present")) == [(1, True), (2, True)]
    assert width == 360
