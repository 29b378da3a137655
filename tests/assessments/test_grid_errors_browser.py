"""A refused score on a 360 × 740 phone, in Kyrgyz and Russian: the cell keeps the focus, the typed value and
a readable message; saved scores use the page's decimal comma and both separators are accepted."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assessments.models import TestResult as Result
from tests.assessments.test_grid_browser import wait_for
from tests.factories import DeputyFactory, EnrolmentFactory, InstrumentFactory, TrainingSessionFactory

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def message(language, text, **values):
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ky", "ru"])
def test_refused_score_keeps_the_focus_and_shows_value_and_message_at_360px(
    live_server, transactional_db, chromium, trainer, language
):
    session = TrainingSessionFactory(code="S-TALAS-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    council = DeputyFactory().council
    first, second, third = (
        EnrolmentFactory(session=session, deputy=DeputyFactory(council=council, last_name=name))
        for name in ("Абдыкадырова", "Бекова", "Васильев")
    )
    Result.objects.create(enrolment=third, phase="pre", score=Decimal("12.5"), max_score=20)

    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "trainer")
    page.fill("input[name=password]", "secret-pass-123")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]))

    # The saved score is written as the page writes numbers: with a decimal comma.
    assert page.input_value(f"#score-{third.pk}-pre") == "12,5"
    first_cell = f"score-{first.pk}-pre"
    assert page.evaluate("document.activeElement.id") == first_cell

    refusals = [
        ("150", message(language, "Enter a score from 0 to %(max)s.", max="20")),
        ("abc", message(language, "Enter a number.")),
        ("-3", message(language, "Enter a score from 0 to %(max)s.", max="20")),
    ]
    error = page.locator(f"#error-{first.pk}-pre")
    for typed, expected in refusals:
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        # The server's answer replaces the cell: wait for its message for this value.
        wait_for(lambda expected=expected: error.count() == 1 and error.inner_text() == expected)
        assert page.input_value(f"#{first_cell}") == typed
        assert page.evaluate("document.activeElement.id") == first_cell
        # The value is readable: no icon drawn over it, and the whole text fits in the box.
        cell = page.locator(f"#{first_cell}")
        assert cell.evaluate("el => getComputedStyle(el).backgroundImage") == "none"
        assert cell.evaluate("el => el.scrollWidth <= el.clientWidth")
        # The message sits below the value, inside the screen, at a readable size.
        box, value_box = error.bounding_box(), cell.bounding_box()
        assert box["y"] >= value_box["y"] + value_box["height"] - 1
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 360
        assert error.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 12
        page.screenshot(path=str(ARTIFACTS / f"score_grid_refused_{typed}_{language}_360.png"))
    assert Result.objects.filter(enrolment=first).count() == 0

    # A point is accepted on a comma page; Enter then moves on, and the saved value is shown with a comma.
    page.keyboard.press("Control+A")
    page.keyboard.type("8.5")
    page.keyboard.press("Enter")
    wait_for(lambda: page.evaluate("document.activeElement.id") == f"score-{second.pk}-pre")
    wait_for(lambda: Result.objects.filter(enrolment=first, phase="pre").exists())
    assert Result.objects.get(enrolment=first, phase="pre").score == Decimal("8.5")
    wait_for(lambda: page.input_value(f"#{first_cell}") == "8,5")
    assert page.locator(".score-error").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(ARTIFACTS / f"score_grid_saved_{language}_360.png"), full_page=True)
    context.close()
