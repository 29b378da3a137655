"""A trainer enters a whole session's scores with the keyboard only, on a phone-sized screen."""

import os
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import TestResult as Result
from tests.browsing import log_in
from tests.factories import (
    AttendanceFactory,
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    TrainingSessionFactory,
)


def wait_for(condition, timeout=60, describe=None):
    # A deadline, not a speed check: on a busy machine eleven saves can take longer than a trainer would wait.
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in time{': ' + describe() if describe else ''}")
        time.sleep(0.05)


@pytest.mark.browser
def test_trainer_enters_a_whole_session_by_keyboard_at_360px(live_server, transactional_db, phone_page, trainer):
    session = TrainingSessionFactory(code="S-NARYN-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    council = DeputyFactory().council
    enrolments = []
    for number, name in enumerate(["Алиева", "Бакиров", "Жумабаева", "Исаков", "Кадырова", "Мамытов"]):
        enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(council=council, last_name=name))
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
        AttendanceFactory(enrolment=enrolment, day=2, present=number != 5)
        enrolments.append(enrolment)
    pre = ["10", "8,5", "12", "9", "11", "7"]
    post = ["15", "14", "25", "16", "17", ""]  # 25 is above the maximum: rejected, then corrected

    page = phone_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "trainer")
    page.fill("input[name=password]", "secret-pass-123")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]))

    # The first empty cell has the focus; Enter moves down the pre-test column, then on to the post-tests.
    for value in pre + post[:-1]:
        page.keyboard.type(value)
        page.keyboard.press("Enter")
        if value == "25":
            # Refused: the cell keeps the focus and shows why; the value is corrected in place.
            wait_for(lambda: page.locator(".invalid-feedback").count() == 1)
            # The trainer reads the message before correcting it: htmx has finished with the refused cell.
            wait_for(lambda: page.evaluate("!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"))
            assert page.locator(".invalid-feedback").inner_text() == "Enter a score from 0 to 20."
            assert page.evaluate("document.activeElement.value") == "25"
            page.keyboard.press("Control+A")
            page.keyboard.type("18")
            page.keyboard.press("Enter")

    def grid_state():
        saved = sorted(Result.objects.values_list("enrolment__deputy__last_name", "phase", "score"))
        cells = page.evaluate(
            "[...document.querySelectorAll('input.score-input')].map(i => [i.id, i.value, i.className])"
        )
        return f"saved {saved}; cells {cells}; messages {page.locator('.invalid-feedback').all_inner_texts()}"

    wait_for(
        lambda: Result.objects.count() == 11 and page.locator(".invalid-feedback").count() == 0, describe=grid_state
    )
    saved = {(r.enrolment_id, r.phase): r.score for r in Result.objects.all()}
    assert saved[(enrolments[1].pk, "pre")] == Decimal("8.5")
    assert saved[(enrolments[2].pk, "post")] == Decimal("18")
    assert (enrolments[5].pk, "post") not in saved
    wait_for(lambda: page.locator("[data-summary=matched]").inner_text() == "5")
    # Pre 10, 8.5, 12, 9, 11 -> mean 50.5 %; post 15, 14, 18, 16, 17 -> mean 80 %; growth 58.4 %.
    assert page.locator("[data-summary=pre]").inner_text() == "50.5%"
    assert page.locator("[data-summary=post]").inner_text() == "80.0%"
    assert page.locator("[data-summary=growth]").inner_text() == "58.4%"
    page.screenshot(path=os.environ.get("GRID_SCREENSHOT", "/tmp/score_grid_360.png"), full_page=True)
    # Nothing needs sideways scrolling on a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth)(document.querySelector('.table-responsive'))")


@pytest.mark.browser
def test_scores_typed_the_moment_the_grid_takes_the_focus_are_saved_on_a_slow_connection(
    live_server, transactional_db, phone_page, trainer
):
    """On a weak signal the page's last scripts arrive late; the grid must not take typing before it can save."""
    session = TrainingSessionFactory(code="S-SLOW-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    for name in ["Алиева", "Бакиров"]:
        enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=name))
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
    page = log_in(phone_page, live_server.url, "trainer")

    # The page's last script is held back until the grid has had its chance to take the focus.
    held = []
    page.route("**/score_retry*.js", lambda route: held.append(route))
    page.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]), wait_until="commit")
    page.wait_for_timeout(1500)

    def let_the_script_in():
        while held:
            held.pop().continue_()

    if not page.evaluate("document.activeElement.matches('input.score-input')"):
        let_the_script_in()
        expect(page.locator("input.score-input").first).to_be_focused()
    for value in ["10", "12", "15", "18"]:
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    let_the_script_in()

    wait_for(lambda: Result.objects.count() == 4, describe=lambda: str(list(Result.objects.values("phase", "score"))))
    assert sorted(Result.objects.values_list("score", flat=True)) == [10, 12, 15, 18]
