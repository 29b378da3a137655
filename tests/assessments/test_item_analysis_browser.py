"""The item analysis on the test editor's page reads at 1280 × 800 and at 360 × 740: on a phone each question
is a card that stays inside the screen, flagged questions carry the ⚑ marker."""

from pathlib import Path

import pytest
from django.urls import reverse

from assessments.models import Question
from tests.assessments.item_data import POST, item_campaign

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TEXTS = {
    1: ("Айыл өкмөтүнүн башчысын ким шайлайт?", "Кто избирает главу айыл окмоту?"),
    2: ("Жергиликтүү бюджеттин долбоору кеңешке качан берилет?", "Когда проект местного бюджета вносится в кенеш?"),
    3: ("Кеңештин сессиясы качан укук күчүнө ээ болот?", "Когда сессия кенеша правомочна?"),
    4: ("Депутат шайлоочулар алдында канча жолу отчет берет?", "Как часто депутат отчитывается перед избирателями?"),
}  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_item_analysis_reads_on_a_laptop_and_a_phone(live_server, transactional_db, chromium, organiser, language):
    data = item_campaign(post=POST[:3] if language == "ky" else POST)
    for number, (text_ky, text_ru) in TEXTS.items():
        Question.objects.filter(instrument=data["instrument"], number=number).update(text_ky=text_ky, text_ru=text_ru)
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1280, 800), (360, 740)):
        context = chromium.new_context(viewport={"width": width, "height": height})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "organiser")
        page.fill("input[name=password]", "secret-pass-123")
        page.keyboard.press("Enter")
        page.wait_for_url(live_server.url + "/")
        page.goto(live_server.url + reverse("assessments:instrument_update", args=[data["instrument"].pk]))
        section = page.locator("#item-analysis")
        assert page.locator(".item-table tbody tr").count() == 4
        assert page.locator(".item-table tr.item-flagged th").first.inner_text().startswith("⚑")
        # Nothing pushes the page sideways; a wide table scrolls inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 360:
            box = page.locator(".item-table tbody tr").first.bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= width
        section.screenshot(path=str(ARTIFACTS / f"item_analysis_{language}_{width}.png"))
        context.close()
