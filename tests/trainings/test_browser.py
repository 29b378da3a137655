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


@pytest.mark.browser
def test_a_refused_toggle_says_why_on_the_page(live_server, transactional_db, chromium, campaign, venue, trainer):
    """A page left open since yesterday may still offer a day that the server refuses: its message shows."""
    from django.utils import timezone

    from tests.factories import TrainingSessionFactory

    session = TrainingSessionFactory(
        campaign=campaign, code="S-NOW", venue=venue, start_date=timezone.localdate(), days=2, trainers=[trainer]
    )
    enrolment = EnrolmentFactory(session=session)
    client = Client()
    client.force_login(trainer)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("trainings:session_detail", args=[session.pk]))
    button = page.locator(f"#enrolment-{enrolment.pk}").get_by_role("button", name="Day 1", exact=False).first
    # As if the page had been drawn yesterday: its day-1 button now points at day 2, which has not come.
    day_one = reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 1])
    day_two = reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 2])
    page.evaluate(
        """([from, to]) => document.querySelectorAll('[hx-post="' + from + '"]').forEach((el) => {
             el.setAttribute('hx-post', to); window.htmx.process(el); })""",
        [day_one, day_two],
    )
    button.click()
    expect(page.locator("#request-problem")).to_contain_text("attendance can be marked from that day on")
    assert not enrolment.attendance.exists()
