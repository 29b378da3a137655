"""A score save answered 503 ("not saved — try again") is sent again by the grid itself until it is saved."""

import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import TestResult as Result
from tests.factories import EnrolmentFactory, InstrumentFactory, TrainingSessionFactory

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
NOT_SAVED = "Not saved, try again"


def wait_for(page, condition, timeout=20):
    """Waits in Playwright's loop, so that the page's routes are served meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        page.wait_for_timeout(50)


@pytest.mark.browser
def test_a_save_refused_with_503_is_retried_until_it_is_saved(live_server, transactional_db, phone_page, trainer):
    session = TrainingSessionFactory(trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    enrolment = EnrolmentFactory(session=session)
    page = phone_page
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "trainer")
    page.fill("input[name=password]", "secret-pass-123")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")

    refused = []  # the database "is down" for the first two attempts

    def database_down(route):
        if route.request.method == "POST" and len(refused) < 2:
            refused.append(route.request.post_data)
            route.fulfill(status=503, body=NOT_SAVED, content_type="text/plain; charset=utf-8")
        else:
            route.continue_()

    page.route("**/scores/*/pre/", database_down)
    page.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]))
    page.keyboard.type("14")
    page.keyboard.press("Enter")

    note = page.locator(".score-not-saved")
    wait_for(page, lambda: note.count() == 1 and note.inner_text() == NOT_SAVED)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "score-not-saved-360.png"))
    wait_for(page, lambda: Result.objects.filter(enrolment=enrolment, phase="pre").exists())
    assert Result.objects.get(enrolment=enrolment, phase="pre").score == Decimal("14")
    assert len(refused) == 2
    assert all("version=0" in data for data in refused)  # each retry names the same version
    wait_for(page, lambda: note.count() == 0)  # the saved cell replaced the mark
