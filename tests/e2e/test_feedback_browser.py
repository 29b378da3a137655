"""A participant fills the feedback survey on a 360 × 740 phone in Kyrgyz (the session's language), a second
submit is refused, and the staff dashboard then counts the response — in Debian's Chromium."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from assessments.feedback import survey_url
from assessments.models import FeedbackAnswer, FeedbackResponse
from tests.factories import EnrolmentFactory, TrainingSessionFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.mark.browser
def test_a_participant_answers_on_a_phone_in_kyrgyz_and_the_dashboard_counts_it(live_server, transactional_db,
                                                                               chromium, staff_viewer):  # fmt: skip
    cache.clear()
    session = TrainingSessionFactory(language="ky")
    enrolment = EnrolmentFactory(session=session)
    ARTIFACTS.mkdir(exist_ok=True)
    failures = []
    phone = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto(live_server.url + survey_url(enrolment))
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator("legend").first).to_contain_text("Тренингдин мазмуну пайдалуу болду")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Each rating is a big button: a finger-sized target.
    box = page.locator("label.fb-point").first.bounding_box()
    assert box["height"] >= 48
    assert box["width"] >= 48
    for number, rating in enumerate(("5", "4", "3", "5"), start=1):
        page.locator("fieldset.fb-q").nth(number - 1).locator(f"label.fb-point:text-is('{rating}')").tap()
    page.locator("textarea").fill("Бюджет боюнча көбүрөөк практика керек")
    page.screenshot(path=str(ARTIFACTS / "feedback-survey-ky-360.png"), full_page=True)
    page.locator("button.fb-submit").tap()
    expect(page.locator("[data-testid=feedback-message]")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    assert failures == []

    response = FeedbackResponse.objects.get(enrolment=enrolment)
    assert response.language == "ky"
    assert sorted(FeedbackAnswer.objects.filter(response=response).exclude(rating=None).values_list(
        "question__order", "rating")) == [(1, 5), (2, 4), (3, 3), (4, 5)]  # fmt: skip
    assert FeedbackAnswer.objects.get(response=response, rating=None).text == "Бюджет боюнча көбүрөөк практика керек"

    # Going back and sending again writes nothing more.
    page.go_back()
    page.reload()
    expect(page.locator("[data-testid=feedback-message]")).to_be_visible()
    assert FeedbackResponse.objects.count() == 1
    phone.close()

    desk = chromium.new_context(viewport={"width": 1280, "height": 800})
    staff = desk.new_page()
    staff.goto(live_server.url + reverse("login"))
    staff.fill("input[name=username]", staff_viewer.username)
    staff.fill("input[name=password]", "secret-pass-123")
    staff.click("button[type=submit]")
    staff.goto(live_server.url + reverse("portal:dashboard", args=[session.campaign.code]))
    expect(staff.locator("[data-testid=feedback-responses]")).to_have_text("1 response")
    staff.locator("[data-testid=feedback-panel]").screenshot(path=str(ARTIFACTS / "feedback-panel-1280.png"))
    desk.close()
