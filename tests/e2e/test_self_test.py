"""Participants take the pre-test on their own phones (issue 18 §1–2): the trainer shows the QR code, three
phones (360 × 740; one in Kyrgyz; one on a 2G connection) open its link, pick their names, answer the form
assigned to them, and the trainer's page, the score grid and the session's figures follow."""

import os
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import FormAssignment, SelfTestWindow, TestResult
from assessments.services import save_score
from tests.browsing import DESKTOP, PHONE, log_in, scroll_width
from tests.factories import (
    AttendanceFactory,
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    QuestionFactory,
    TopicFactory,
    TrainingSessionFactory,
)
from trainings.models import Campaign

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = os.environ.get("SELFTEST_SCREENSHOTS", "/tmp/selftest-shots")
KEYS = ["A", "C", "D", "A"]
# 2G as Chrome's presets have it: 250 kbit/s down, 50 kbit/s up, 300 ms round trip.
TWO_G = {"offline": False, "latency": 300, "downloadThroughput": 250 * 1024 // 8, "uploadThroughput": 50 * 1024 // 8}


@pytest.fixture
def classroom(trainer):
    """Six participants present both days, a post-test typed for all and a pre-test for three of them;
    the campaign defines forms A and B of a 4-question, 20-point test."""
    session = TrainingSessionFactory(code="S-NARYN-02", trainers=[trainer], language="ru")
    topic = TopicFactory()
    for form in ("A", "B"):
        instrument = InstrumentFactory(campaign=session.campaign, name="Test", form=form, max_score=20)
        for number, key in enumerate(KEYS, start=1):
            QuestionFactory(
                instrument=instrument,
                number=number,
                topic=topic,
                key=key,
                points=5,
                text_ru=f"Форма {form}, вопрос {number}",
                text_ky=f"{form} формасы, {number}-суроо",
            )
    council = DeputyFactory().council
    names = ["Алиева", "Бакиров", "Жумабаева", "Исаков", "Касымова", "Мамытов"]
    enrolments = [
        EnrolmentFactory(
            session=session,
            deputy=DeputyFactory(council=council, last_name=name, first_name="Нурлан", birth_year=1970 + i),
        )
        for i, name in enumerate(names)
    ]
    for enrolment in enrolments:
        for day in (1, 2):
            AttendanceFactory(enrolment=enrolment, day=day, present=True)
        save_score(enrolment=enrolment, phase="post", score="16", expected_version=0, user=trainer)
    for enrolment in enrolments[3:]:
        save_score(enrolment=enrolment, phase="pre", score="10", expected_version=0, user=trainer)
    return session, enrolments


def _phone(chromium, *, language=None):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    if language:
        context.add_cookies([{"name": "django_language", "value": language, "url": "http://localhost"}])
    return context, context.new_page()


def _take_the_test(page, link, deputy, answers, *, language, weights=None):
    page.goto(link)
    page.get_by_role("button", name=f"{deputy.last_name} {deputy.first_name[0]}.").click()
    page.fill("input[name=birth_year]", str(deputy.birth_year))
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("form button.main").click()
    texts = []
    for number, answer in enumerate(answers, start=1):
        expect(page).to_have_url(re.compile(rf"/t/q/{number}/$"))
        texts.append(page.locator("legend.q").inner_text())
        assert scroll_width(page) <= PHONE["width"]
        if weights is not None and number == 1:
            weights.update(_page_weight(page))
        page.locator(f"input[name=answer][value={answer}]").check()
        page.locator("button[name=go].main").click()
    expect(page).to_have_url(re.compile(r"/t/review/$"))
    page.locator("form button.main").click()
    expect(page).to_have_url(re.compile(r"/t/done/$"))
    return texts


def _page_weight(page) -> dict:
    """Bytes of the question page and everything it loads (uncompressed), from the browser's own timing."""
    entries = page.evaluate(
        "() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]"
        ".map(e => ({name: e.name, size: e.decodedBodySize}))"
    )
    return {entry["name"]: entry["size"] for entry in entries}


def test_three_phones_take_the_pre_test(live_server, chromium, trainer, classroom):
    session, enrolments = classroom
    os.makedirs(SHOTS, exist_ok=True)
    version_before = Campaign.objects.get(pk=session.campaign_id).data_version

    trainer_context = chromium.new_context(viewport=DESKTOP)
    screen = trainer_context.new_page()
    log_in(screen, live_server.url, "trainer")
    screen.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]))
    expect(screen.locator("[data-summary=matched]")).to_have_text("3")
    screen.goto(live_server.url + reverse("trainings:session_detail", args=[session.pk]))
    screen.locator("[data-selftest-open=pre]").click()
    expect(screen.locator("[data-selftest-code]")).to_be_visible()
    window = SelfTestWindow.objects.get()
    expect(screen.locator("[data-selftest-code]")).to_have_text(window.code)
    link = screen.locator("[data-selftest-link]").get_attribute("href")
    screen.screenshot(path=f"{SHOTS}/trainer-qr-1280.png")
    assert FormAssignment.objects.filter(enrolment__session=session).count() == 6

    takers = enrolments[:3]
    answers = [KEYS, ["A", "C", "D", "B"], ["A", "C", "B", "B"]]  # 20, 15 and 10 of 20
    plain, _ = _phone(chromium)
    kyrgyz, _ = _phone(chromium, language="ky")
    slow, _ = _phone(chromium)
    cdp = slow.new_cdp_session(slow.pages[0])
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", TWO_G)
    weights = {}
    for context, enrolment, chosen, language in zip(
        (plain, kyrgyz, slow), takers, answers, ("ru", "ky", "ru"), strict=True
    ):
        page = context.pages[0]
        texts = _take_the_test(
            page, link, enrolment.deputy, chosen, language=language, weights=weights if context is slow else None
        )
        form = FormAssignment.objects.get(enrolment=enrolment).order[0]
        expected = [
            f"{form} формасы, {n}-суроо" if language == "ky" else f"Форма {form}, вопрос {n}" for n in range(1, 5)
        ]
        assert texts == expected
        page.screenshot(path=f"{SHOTS}/phone-done-{language}-{enrolment.pk}.png")

    # The trainer's screen shows them finished without a reload.
    expect(screen.locator("[data-count-finished]")).to_have_attribute("data-count-finished", "3", timeout=15000)
    for enrolment in takers:
        expect(screen.locator(f"tr[data-enrolment='{enrolment.pk}']")).to_have_attribute("data-state", "finished")
    screen.screenshot(path=f"{SHOTS}/trainer-finished-1280.png")

    results = {result.enrolment_id: result for result in TestResult.objects.filter(phase="pre", enrolment__in=takers)}
    assert [results[enrolment.pk].score for enrolment in takers] == [Decimal(20), Decimal(15), Decimal(10)]
    assert {result.source for result in results.values()} == {"self_test"}
    for enrolment in takers:
        assigned = FormAssignment.objects.get(enrolment=enrolment).order[0]
        assert results[enrolment.pk].instrument.form == assigned
    assert Campaign.objects.get(pk=session.campaign_id).data_version == version_before + 3

    # The scores are in the grid, and its figures are recomputed: by hand, the pre-test mean of the six is
    # (100 + 75 + 50 + 3 × 50) / 6 = 62.5 % and all six now have both tests.
    screen.goto(live_server.url + reverse("assessments:score_grid", args=[session.pk]))
    for enrolment, shown in zip(takers, ("20", "15", "10"), strict=True):
        expect(screen.locator(f"#score-{enrolment.pk}-pre")).to_have_value(shown)
    expect(screen.locator("[data-summary=matched]")).to_have_text("6")
    expect(screen.locator("[data-summary=pre]")).to_have_text("62.5%")
    expect(screen.locator("[data-summary=post]")).to_have_text("80.0%")

    # A question screen on 2G stays under 30 KB with its style sheet.
    total = sum(weights.values())
    assert 0 < total < 30 * 1024, weights
    print(f"question screen: {total} bytes {weights}")
    for context in (plain, kyrgyz, slow, trainer_context):
        context.close()
