"""The whole journey in a real browser, in Kyrgyz: plan a session, invite councils, record it.

An organiser chooses Kyrgyz in the footer of the login page, logs in through the form, creates a
session and invites two councils. A trainer logs in on a phone-sized screen (360×740), marks
attendance and enters every pre- and post-test score with the keyboard only.

Each part of the journey is a helper named for what the person does; the test calls them in order.
The statistics step (project staff see the dashboard change) is appended after
`trainer_records_attendance_and_scores`. Screenshots go to tests/artifacts/ (not in git).
"""

import datetime
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import TestResult
from tests.browsing import PHONE, choose_language, log_in
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    InstrumentFactory,
    VenueFactory,
)
from trainings.models import Attendance, TrainingSession

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
PRE_SCORES = ["10", "8,5", "12", "9", "11", "7"]  # a decimal comma, as Kyrgyz pages write numbers
POST_SCORES = ["15", "14", "18", "16", "17", "13"]


@pytest.fixture(autouse=True)
def _artifacts_folder():
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture
def campaign_to_run(db):
    """A campaign with its 20-point test, a venue, and two councils with three deputies each."""
    campaign = CampaignFactory(code="KY-2021", start=datetime.date(2021, 5, 24), end=datetime.date(2021, 7, 2))
    InstrumentFactory(campaign=campaign, max_score=20)
    councils = []
    for council_name, last_names in (("Кара-Суу", ["Абдыкадырова", "Бекова", "Жолдошев"]),
                                     ("Ак-Талаа", ["Исакова", "Мамытов", "Токтогулова"])):  # fmt: skip
        council = CouncilFactory(name_ky=f"{council_name} айыл аймагы")
        ElectionFactory(council=council, convocation=2021)
        for last_name in last_names:
            DeputyFactory(council=council, last_name=last_name, convocation=2021)
        councils.append(council)
    venue = VenueFactory(name="Кемин, маданият үйү", district=councils[0].district)
    return campaign, venue, councils


def organiser_plans_a_session(browser, base_url, campaign, venue, councils, trainer) -> TrainingSession:
    """Choose Kyrgyz, log in, create a two-day session for the trainer, invite both councils."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + reverse("login"))
    choose_language(page, "ky")
    log_in(page, base_url, "organiser")

    page.goto(base_url + reverse("trainings:session_create") + f"?campaign={campaign.code}")
    expect(page.locator("h1")).to_have_text("Жаңы тренинг")
    page.fill("input[name=code]", "KY-KEMIN-01")
    page.select_option("select[name=venue]", str(venue.pk))
    page.fill("input[name=start_date]", "2021-06-07")
    page.fill("input[name=days]", "2")
    page.fill("input[name=capacity]", "25")
    page.check(f"input[name=trainers][value='{trainer.pk}']")
    page.select_option("select[name=language]", "ky")
    page.get_by_role("button", name="Сактоо", exact=True).click()
    expect(page.locator("h1")).to_contain_text("KY-KEMIN-01 тренинги")
    session = TrainingSession.objects.get(code="KY-KEMIN-01")

    invite = page.locator("form[action$='/invitations/']")
    expect(invite.locator("button[type=submit]")).to_have_text("Кеңешти чакыруу")
    for council in councils:
        # The council picker (htmx, once the page's scripts run): type part of the Kyrgyz name, choose the council.
        page.wait_for_load_state()
        invite.get_by_role("searchbox").fill(council.name_ky.split()[0].lower())
        invite.locator(f"[data-council-code='{council.code}']").click()
        invite.locator("button[type=submit]").click()
        expect(page.locator("table.roster tbody tr")).to_have_count(3 * (councils.index(council) + 1))
    page.screenshot(path=ARTIFACTS / "journey-1-organiser-session.png", full_page=True)
    page.close()
    return session


def trainer_records_attendance_and_scores(browser, base_url, session, trainer):
    """On a phone: log in, mark attendance for both days, then type every score with the keyboard only."""
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": "ky", "url": base_url}])
    page = context.new_page()
    log_in(page, base_url, "trainer")
    page.goto(base_url + reverse("trainings:session_detail", args=[session.pk]))

    page.locator("form[action$='/days/1/all-present/'] button").click()
    expect(page.locator("form[action$='/days/1/'] button.btn-success")).to_have_count(6)
    rows = page.locator("table.roster tbody tr")
    for index in range(5):  # the sixth participant missed day 2
        rows.nth(index).locator("form[action$='/days/2/'] button").click()
        expect(rows.nth(index).locator("form[action$='/days/2/'] button")).to_have_class(re.compile("btn-success"))
    page.screenshot(path=ARTIFACTS / "journey-2-trainer-attendance.png", full_page=True)

    page.locator(f"a[href='{reverse('assessments:score_grid', args=[session.pk])}']").click()
    expect(page.locator("input.score-input").first).to_be_focused()
    # Enter moves down the pre-test column, then on to the post-tests.
    for value in PRE_SCORES + POST_SCORES:
        page.keyboard.type(value)
        page.keyboard.press("Enter")
    expect(page.locator("[data-summary=matched]")).to_have_text("6")
    page.screenshot(path=ARTIFACTS / "journey-3-trainer-scores.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    return width


def staff_read_the_dashboard(browser, base_url, campaign, *, participants, shot):
    """In Kyrgyz, reload the campaign dashboard until it is up to date and shows `participants`; its figures."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "ky", "url": base_url}])
    page = context.new_page()
    log_in(page, base_url, "staff")
    url = base_url + reverse("portal:dashboard", args=[campaign.code])
    deadline = time.monotonic() + 60
    while True:
        page.goto(url)
        state = page.locator(".dashboard-freshness").get_attribute("data-state")
        shown = page.locator("[data-figure=participants]").get_attribute("data-value")
        if (state, shown) == ("up_to_date", str(participants)) or time.monotonic() > deadline:
            break
        time.sleep(0.5)  # the Celery worker recomputes after each committed change
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    figures = {
        "state": state,
        **{
            key: page.locator(f"[data-figure={key}]").get_attribute("data-value") for key in ("participants", "matched")
        },
    }
    page.screenshot(path=ARTIFACTS / shot, full_page=True)
    context.close()
    return figures


@pytest.mark.browser
@pytest.mark.celery_worker
def test_organiser_plans_trainer_records_and_staff_see_the_dashboard_change_in_kyrgyz(
    live_server, celery_worker, chromium, campaign_to_run, organiser, trainer, staff_viewer
):
    campaign, venue, councils = campaign_to_run

    session = organiser_plans_a_session(chromium, live_server.url, campaign, venue, councils, trainer)
    before = staff_read_the_dashboard(
        chromium, live_server.url, campaign, participants=0, shot="journey-0-staff-dashboard-before.png"
    )
    width = trainer_records_attendance_and_scores(chromium, live_server.url, session, trainer)
    after = staff_read_the_dashboard(
        chromium, live_server.url, campaign, participants=6, shot="journey-4-staff-dashboard-after.png"
    )

    assert before == {"state": "up_to_date", "participants": "0", "matched": "0"}
    assert after == {"state": "up_to_date", "participants": "6", "matched": "6"}

    assert width <= PHONE["width"]
    assert list(session.trainers.all()) == [trainer]
    assert (session.enrolments.count(), session.invitations.count()) == (6, 2)
    present = Attendance.objects.filter(enrolment__session=session, present=True)
    assert (present.filter(day=1).count(), present.filter(day=2).count()) == (6, 5)
    results = TestResult.objects.filter(enrolment__session=session)
    by_phase = {phase: sorted(str(r.score) for r in results.filter(phase=phase)) for phase in ("pre", "post")}
    assert by_phase == {
        "pre": sorted(f"{float(value.replace(',', '.')):.2f}" for value in PRE_SCORES),
        "post": sorted(f"{float(value):.2f}" for value in POST_SCORES),
    }
    assert set(results.values_list("entered_by__username", flat=True)) == {"trainer"}
