"""A trainer takes a session to a venue without a connection: attendance and scores typed offline on a phone
are kept on the device across a closed browser, and reach the database when the connection returns."""

import json
import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import TestResult
from assessments.services import save_score
from tests.browsing import PHONE, choose_language, log_in
from tests.conftest import CHROMIUM_ARGS
from tests.factories import (
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    QuestionFactory,
    TrainingSessionFactory,
)
from trainings.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = os.environ.get("OFFLINE_SCREENSHOTS", "/tmp/offline-shots")


@pytest.fixture
def playwright(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Without it, Playwright's offline switch leaves the service worker's own requests on the network.
    monkeypatch.setenv("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    with sync_playwright() as running:
        yield running


def open_device(playwright, user_data_dir):
    """The trainer's phone: a browser whose storage (IndexedDB, service worker and its caches) survives closing."""
    return playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, viewport=PHONE
    )


def a_session(trainer, names):
    session = TrainingSessionFactory(code="S-TALAS-03", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    council = DeputyFactory().council
    enrolments = [EnrolmentFactory(session=session, deputy=DeputyFactory(council=council, last_name=n)) for n in names]
    return session, enrolments


def take_offline(page, base_url, session):
    page.goto(base_url + reverse("assessments:score_grid", args=[session.pk]))
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.locator("[data-offline-action=take]").click()
    expect(page.locator("[data-offline-action=forget]")).to_be_visible(timeout=30000)


def test_a_whole_session_typed_offline_reaches_the_database(
    live_server, transactional_db, playwright, trainer, tmp_path
):
    session, enrolments = a_session(trainer, ["Алиева", "Бакиров", "Жумабаева", "Исаков"])
    grid_url = live_server.url + reverse("assessments:score_grid", args=[session.pk])
    session_url = live_server.url + reverse("trainings:session_detail", args=[session.pk])
    device = open_device(playwright, tmp_path / "phone")
    page = device.pages[0] if device.pages else device.new_page()
    log_in(page, live_server.url, "trainer")
    take_offline(page, live_server.url, session)
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_text("All changes saved.")

    # Renamed on the server afterwards: the page opened offline is the device's copy, so it keeps the old name.
    enrolments[0].deputy.last_name = "Алиева-Орозова"
    enrolments[0].deputy.save()
    device.set_offline(True)
    page.reload()
    expect(banner).to_have_text("Offline — no changes waiting.")
    assert "Алиева-Орозова" not in page.content()

    # Attendance on the session's page, from the device too: everyone present both days, Исаков absent on day 2.
    page.goto(session_url)
    for enrolment in enrolments:
        for day in (1, 2):
            page.locator(f"#enrolment-{enrolment.pk} form[hx-post$='/days/{day}/'] button").click()
    isakov_day2 = page.locator(f"#enrolment-{enrolments[3].pk} form[hx-post$='/days/2/'] button")
    expect(isakov_day2).to_have_text("✓")
    isakov_day2.click()  # present → absent: the same queued change, replaced
    expect(isakov_day2).to_have_text("✗")
    expect(banner).to_have_text("Offline — changes waiting: 8")

    # Scores with the keyboard, on the device's grid: a value above the maximum is refused as the server would.
    page.goto(grid_url)
    page.locator(f"#score-{enrolments[0].pk}-pre").focus()
    for value in ["10", "8,5", "12", "9", "15", "14", "25"]:
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    expect(page.locator(".invalid-feedback")).to_have_text("Enter a score from 0 to 20.")
    page.keyboard.press("Control+A")
    page.keyboard.type("18")
    page.keyboard.press("Enter")
    page.keyboard.type("16")
    page.keyboard.press("Enter")
    expect(banner).to_have_text("Offline — changes waiting: 16")
    expect(page.locator(".score-cell.offline-waiting")).to_have_count(8)
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/offline-grid-en.png", full_page=True)
    device.close()  # the phone is switched off at the venue

    # Switched on again, still without a connection: what was typed is still there.
    device = open_device(playwright, tmp_path / "phone")
    device.set_offline(True)
    page = device.pages[0] if device.pages else device.new_page()
    page.goto(grid_url)
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_text("Offline — changes waiting: 16")
    expect(page.locator(f"#score-{enrolments[1].pk}-pre")).to_have_value("8,5")
    expect(page.locator(f"#score-{enrolments[2].pk}-post")).to_have_value("18")
    assert TestResult.objects.count() == 0
    assert Attendance.objects.count() == 0

    # Back in town: the queue goes out by itself.
    device.set_offline(False)
    expect(banner).to_have_text("All changes saved.", timeout=30000)
    expect(page.locator(".offline-waiting")).to_have_count(0)
    scores = {(r.enrolment_id, r.phase): r.score for r in TestResult.objects.all()}
    assert scores == {
        (enrolments[0].pk, "pre"): Decimal("10"),
        (enrolments[1].pk, "pre"): Decimal("8.5"),
        (enrolments[2].pk, "pre"): Decimal("12"),
        (enrolments[3].pk, "pre"): Decimal("9"),
        (enrolments[0].pk, "post"): Decimal("15"),
        (enrolments[1].pk, "post"): Decimal("14"),
        (enrolments[2].pk, "post"): Decimal("18"),
        (enrolments[3].pk, "post"): Decimal("16"),
    }
    marks = {(a.enrolment_id, a.day): a.present for a in Attendance.objects.all()}
    assert marks == {(e.pk, day): not (e == enrolments[3] and day == 2) for e in enrolments for day in (1, 2)}
    assert set(Attendance.objects.values_list("updated_by", flat=True)) == {trainer.pk}
    device.close()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_a_score_changed_online_meanwhile_comes_back_as_a_conflict(
    live_server, transactional_db, playwright, trainer, organiser, tmp_path, language
):
    session, enrolments = a_session(trainer, ["Асанова", "Турдубеков"])
    grid_url = live_server.url + reverse("assessments:score_grid", args=[session.pk])
    device = open_device(playwright, tmp_path / "phone")
    page = device.pages[0] if device.pages else device.new_page()
    log_in(page, live_server.url, "trainer")
    page.goto(grid_url)
    choose_language(page, language)
    take_offline(page, live_server.url, session)
    device.set_offline(True)
    page.reload()
    page.locator(f"#score-{enrolments[0].pk}-pre").fill("12")
    page.keyboard.press("Enter")
    expect(page.locator(".score-cell.offline-waiting")).to_have_count(1)
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/offline-grid-{language}.png")
    page.get_by_test_id("offline-banner").screenshot(path=f"{SHOTS}/banner-{language}.png")

    # Meanwhile an organiser in the office enters 15 for the same participant.
    save_score(enrolment=enrolments[0], phase="pre", score="15", expected_version=0, user=organiser)
    device.set_offline(False)
    cell = page.locator(f"#cell-{enrolments[0].pk}-pre")
    expect(cell.locator(".offline-conflict-note")).to_contain_text("15", timeout=30000)
    expect(cell.locator(".offline-conflict-note")).to_contain_text("12")
    assert TestResult.objects.get(enrolment=enrolments[0], phase="pre").score == Decimal("15")
    expect(page.locator("[data-offline-action=sync]")).to_be_hidden()  # nothing left to send until a choice
    page.screenshot(path=f"{SHOTS}/conflict-{language}.png")

    cell.locator(".offline-choices .btn-warning").click()  # Keep mine
    expect(cell.locator(".offline-conflict-note")).to_have_count(0, timeout=30000)
    expect(page.locator(".offline-waiting")).to_have_count(0)
    result = TestResult.objects.get(enrolment=enrolments[0], phase="pre")
    assert result.score == Decimal("12")
    assert [h.score for h in result.history.order_by("history_date")] == [Decimal("15"), Decimal("12")]
    device.close()


def test_days_to_come_open_on_the_device_when_their_date_comes(
    live_server, transactional_db, playwright, trainer, tmp_path
):
    """A copy taken on day 1 shows day 2's buttons on the device the next day; the server still judges the date."""
    session, enrolments = a_session(trainer, ["Абдыкадырова", "Бекмуратов", "Султанова"])
    session.start_date = timezone.localdate()
    session.save()
    session_url = live_server.url + reverse("trainings:session_detail", args=[session.pk])
    device = open_device(playwright, tmp_path / "phone")
    page = device.pages[0] if device.pages else device.new_page()
    log_in(page, live_server.url, "trainer")
    take_offline(page, live_server.url, session)
    page.goto(session_url)
    expect(page.locator("form[hx-post$='/days/2/']")).to_have_count(0)  # online: the server's page, day 1 only

    device.set_offline(True)
    page.reload()
    day2 = page.locator("form[hx-post$='/days/2/']")
    expect(day2).to_have_count(3)
    for form in day2.all():
        expect(form).to_be_hidden()
    expect(page.locator("form[data-mark-all-day='2']")).to_be_hidden()
    expect(page.get_by_test_id("days-not-yet")).to_be_visible()

    # Day 1, offline: one mark by hand, then everyone else with one button (one queued mark each).
    page.locator(f"#enrolment-{enrolments[0].pk} form[hx-post$='/days/1/'] button").click()
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_text("Offline — changes waiting: 1")
    page.get_by_role("button", name="Mark everyone present for day 1").click()
    expect(banner).to_have_text("Offline — changes waiting: 3")
    for enrolment in enrolments:
        expect(page.locator(f"#enrolment-{enrolment.pk} form[hx-post$='/days/1/'] button")).to_have_text("✓")

    # The next morning, still offline: the device's date opens day 2.
    page.clock.set_fixed_time(timezone.now() + timedelta(days=1))
    page.reload()
    for form in day2.all():
        expect(form).to_be_visible()
    expect(page.get_by_test_id("days-not-yet")).to_be_hidden()
    page.get_by_role("button", name="Mark everyone present for day 2").click()
    expect(banner).to_have_text("Offline — changes waiting: 6")
    expect(page.locator(".offline-waiting")).to_have_count(6)

    # Back online while it is in truth still day 1: day 1 is saved, day 2 refused by the server with its reason.
    device.set_offline(False)
    problems = page.get_by_test_id("offline-problems")
    expect(problems.locator("li")).to_have_count(3, timeout=30000)
    expect(problems.locator("li").first).to_contain_text("attendance can be marked from that day on")
    marks = {(a.enrolment_id, a.day): a.present for a in Attendance.objects.all()}
    assert marks == {(e.pk, 1): True for e in enrolments}
    device.close()


def test_forgetting_exporting_and_a_queue_of_another_account(
    live_server, transactional_db, playwright, trainer, organiser, tmp_path
):
    session, enrolments = a_session(trainer, ["Асанова", "Турдубеков"])
    grid_url = live_server.url + reverse("assessments:score_grid", args=[session.pk])
    device = open_device(playwright, tmp_path / "phone")
    page = device.pages[0] if device.pages else device.new_page()
    dialogs, answers = [], []  # what the page asked, and the answers to give (accept when none is left)

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if not answers or answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    log_in(page, live_server.url, "trainer")
    take_offline(page, live_server.url, session)
    banner = page.get_by_test_id("offline-banner")
    forget = page.locator("[data-offline-action=forget]")

    def cache_names():
        return page.evaluate("async () => (await caches.keys()).filter((name) => name.startsWith('portal-offline-'))")

    # Nothing waiting: the copy goes at once, without a question.
    assert cache_names() == [f"portal-offline-u{trainer.pk}-s{session.pk}"]
    forget.click()
    expect(forget).to_be_hidden()
    expect(banner).to_have_text("")
    assert dialogs == []
    assert cache_names() == []

    # A score waiting on the device: exported as a file; forgetting asks first.
    take_offline(page, live_server.url, session)
    device.set_offline(True)
    page.reload()
    page.locator(f"#score-{enrolments[0].pk}-pre").fill("12")
    page.keyboard.press("Enter")
    expect(banner).to_have_text("Offline — changes waiting: 1")
    with page.expect_download() as download:
        page.locator("[data-offline-action=export]").click()
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert [(c["kind"], c["enrolment"], c["phase"], c["score"], c["user"]) for c in exported["changes"]] == [
        ("score", enrolments[0].pk, "pre", "12", trainer.pk)
    ]
    answers[:] = [False, True]
    with page.expect_event("dialog"):
        forget.click()
    expect(banner).to_have_text("Offline — changes waiting: 1")  # declined: the copy and its queue stay
    assert dialogs == ["Delete this device’s copy of the session? Changes not sent yet will be lost: 1."]
    with page.expect_event("dialog"):
        forget.click()
    expect(forget).to_be_hidden()
    expect(banner).to_have_text("Offline — no changes waiting.")
    assert len(dialogs) == 2

    # The trainer's queue waits on the device; an organiser signs in on it: it is not sent under their account.
    device.set_offline(False)
    take_offline(page, live_server.url, session)
    device.set_offline(True)
    page.reload()
    page.locator(f"#score-{enrolments[1].pk}-post").fill("7")
    page.keyboard.press("Enter")
    expect(banner).to_have_text("Offline — changes waiting: 1")
    page.close()  # the trainer's page would send its queue as soon as the connection returns
    device.set_offline(False)
    device.clear_cookies()
    page = device.new_page()
    log_in(page, live_server.url, "organiser")
    page.goto(grid_url)
    expect(page.locator("#offline-state")).to_contain_text(
        "Changes made under another account wait on this device: 1. They are sent only when that person signs in here."
    )
    expect(page.locator(f"#score-{enrolments[1].pk}-post")).to_have_value("")
    page.reload()
    expect(page.locator("#offline-state")).to_contain_text("another account")
    assert TestResult.objects.count() == 0
    device.close()


def test_an_answer_sheet_typed_offline_reaches_the_database(
    live_server, transactional_db, playwright, trainer, tmp_path
):
    session, enrolments = a_session(trainer, ["Асанова", "Турдубеков"])
    instrument = session.campaign.instruments.get()
    for number in (1, 2, 3):
        QuestionFactory(instrument=instrument, number=number, key="A")
    sheet_url = live_server.url + reverse("assessments:answer_sheet", args=[session.pk, enrolments[1].pk, "pre"])
    device = open_device(playwright, tmp_path / "phone")
    page = device.pages[0] if device.pages else device.new_page()
    log_in(page, live_server.url, "trainer")
    take_offline(page, live_server.url, session)

    device.set_offline(True)
    page.goto(sheet_url)  # stored at "Take offline" with the grid and the session page
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_text("Offline — no changes waiting.")
    page.keyboard.type("ABD")
    page.keyboard.press("Enter")
    expect(banner).to_have_text("Offline — changes waiting: 1")
    expect(page.locator("#answer-sheet .offline-note")).to_have_text("not sent yet")
    page.reload()
    expect(page.locator("#q3")).to_have_value("D")  # the queued answers, put back on the stored page
    assert TestResult.objects.count() == 0

    device.set_offline(False)
    expect(banner).to_have_text("All changes saved.", timeout=30000)
    result = TestResult.objects.get(enrolment=enrolments[1], phase="pre")
    assert result.responses == {"1": "A", "2": "B", "3": "D"}
    assert result.score is not None

    # After the sync the stored sheet is fetched again: offline it shows the saved answers, nothing waiting.
    page.wait_for_load_state("networkidle")
    device.set_offline(True)
    page.reload()
    expect(banner).to_have_text("Offline — no changes waiting.")
    expect(page.locator("#q3")).to_have_value("D")
    device.close()
