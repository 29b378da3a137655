"""Every main page of every persona, in a real browser, in ky, ru and en, on a phone and a desktop.

The pages are those the authorization matrix (tests/test_authorization_matrix.py) answers with 200 for the
persona, less files and fragments (NOT_PAGES), opened with real ids from the demo campaign (seed_demo).
Each page is opened at 360×740 in every language and at 1280×800 in one language, the languages taking
turns (`visited_here`; E2E_EVERY_LANGUAGE=1 opens every page in every language at both sizes), and the
suite asserts: no horizontal overflow, no console error, no failed request, and no serious or critical
axe-core violation. axe-core comes from
node_modules (pinned in package.json) and is injected through the devtools protocol (an init script), so the
portal's Content-Security-Policy stays as strict as in production. One JPEG screenshot per visit lands in
tests/artifacts/pages/ (not under CI=true). One browser, one login per persona; the language is a cookie.
"""

import os
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Instrument, SelfTestWindow
from councils.services import create_import_job
from demo.accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from portal.reports.services import freeze_report
from tests.browsing import log_in
from tests.test_authorization_matrix import MATRIX, PERSONAS, QUERY, URL_KWARGS
from tests.world import build_trainer_accounts
from trainings.certificates import issue_certificates
from trainings.messaging.selectors import session_recipients
from trainings.messaging.services import create_batch, send_batch
from trainings.models import Campaign, Enrolment, PlanRun

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts" / "pages"
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("ky", "ru", "en")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}
PERSONA_ORDER = ("admin", "organiser", "trainer", "staff")

# URLs of the matrix that are not pages: downloads (PDF, XLSX, CSV), JSON, htmx fragments, redirects.
NOT_PAGES = {
    "health", "login", "logout", "set_language", "favicon", "service_worker", "manifest", "trainings:plan_progress",
    "portal:certificate", "portal:session_certificates", "portal:report_pdf", "portal:report_xlsx",
    "portal:report_csv", "portal:frozen_pdf", "portal:frozen_xlsx", "portal:frozen_csv",
    "trainings:roster_xlsx", "trainings:sign_in_sheet", "trainers:trainer_link_pdf", "assessments:score_sheet_download",
    "assessments:api_stats_summary", "assessments:score_cell", "councils:import_progress",
    "trainings:message_batch_progress",
    "trainings:campaign_council_search", "trainings:session_council_search",
    "assessments:offline_snapshot", "assessments:offline_token", "assessments:selftest_status",
}  # fmt: skip

ADMIN_PAGES = ["home", "password_change"]

# Pages the matrix opens for one import kind (deputies) that look different for another: the results kind's
# upload form (its options) and job page (counts per record type, rows skipped). Visited where the matrix's
# page is; `page_url` gives them their own arguments.
KIND_PAGES = {
    "councils:import_upload@results": lambda objects: {"kind": "results"},
    "councils:import_job@results": lambda objects: {"pk": objects.world.results_import.pk},
}

# axe-core impact levels that fail the suite.
FAILING_IMPACTS = ("serious", "critical")


def pages_for(persona):
    """The matrix's URL names this persona may open (GET 200), less the NOT_PAGES.

    Administrators open the same pages as organisers and see them alike (their matrix columns are equal);
    only the top bar differs (the most links, administration in the user menu), so they visit ADMIN_PAGES.
    """
    if persona == "admin":
        return ADMIN_PAGES
    column = PERSONAS.index(persona)
    # The open API answers JSON to other systems (and its docs are Swagger UI's): tested in tests/portal/api/.
    names = {
        name
        for name, (get, _post) in MATRIX.items()
        if get.split()[column] == "200" and name not in NOT_PAGES and not name.startswith("api:")
    }
    return sorted(names | {page for page in KIND_PAGES if page.split("@")[0] in names})


def seed_demo_world():
    """The demo campaign plus what it lacks for every page: a frozen report, a deputies and a results import job."""
    call_command("load_reference_data", verbosity=0)
    call_command("seed_demo", verbosity=0)
    campaign = Campaign.objects.get(code="VOICE-2021")
    organiser = get_user_model().objects.get(username="organiser")
    # The demo trainer's session with the most participants who came on every day (certificates, scores).
    enrolment = (
        Enrolment.objects.filter(session__trainers__username="trainer", session__campaign=campaign)
        .annotate(days=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-days", "session__start_date", "pk")
        .select_related("session", "deputy__council__district__region")
        .first()
    )
    council = enrolment.deputy.council
    deputies_csv = f"council_code,convocation,last_name,first_name,sex\n{council.code},2021,Imported,Aigul,F\n"
    # One row the import would skip (a score above the maximum): the job page shows its whole preview.
    results_csv = (
        "session_code,session_start,council_code,last_name,first_name,sex,birth_year,day1,day2,"
        f"pre_score,post_score,max_score\nR-01,2021-06-10,{council.code},Resultova,Aigul,F,1985,1,1,10,15,20\n"
        f"R-01,2021-06-10,{council.code},Skippedova,Aida,F,1990,1,1,10,30,20\n"
    )
    world = SimpleNamespace(
        campaign=campaign,
        instrument=Instrument.objects.filter(campaign=campaign).first(),
        council=council,
        district=council.district,
        region=council.district.region,
        venue=enrolment.session.venue,
        frozen_report=freeze_report(campaign=campaign, user=organiser, language="ky"),
        import_job=create_import_job(
            kind_key="deputies", name="deputies.csv", content=deputies_csv.encode(), user=organiser
        ),
        results_import=create_import_job(
            kind_key="results",
            name="results.csv",
            content=results_csv.encode(),
            user=organiser,
            options={"campaign_code": campaign.code, "convocation": None, "skip_invalid": True},
        ),
        invitation=enrolment.session.invitations.order_by("pk").first(),
        message_batch=sent_batch(enrolment.session, organiser),
        # The trainer's full-screen self-test page, open for the post-test (docs/self-test.md).
        selftest_window=SelfTestWindow.objects.create(
            session=enrolment.session, phase="post", code="PGSCDE", closes_at=timezone.now() + timedelta(days=1)
        ),
        # A finished proposal of the campaign scheduler (its page, the calendar and the table).
        plan_run=PlanRun.objects.create(
            campaign=campaign,
            status=PlanRun.Status.DONE,
            inputs={"councils": [], "venues": [], "trainers": [], "working_days": []},
            plan={"sessions": [], "left_out": [], "status": "optimal"},
        ),
        # Only POST URLs name these; URL_KWARGS builds its whole table, so they need a pk.
        merge=SimpleNamespace(pk=0),
        kept_deputy=SimpleNamespace(pk=0),
    )
    assert world.results_import.status == "previewed", world.results_import.preview  # ready, one row to skip
    trainers = get_user_model().objects.filter(groups__name="trainer").order_by("username")
    trainer = trainers.get(username="trainer")
    other_trainer = trainers.exclude(pk=trainer.pk).first()
    vars(world).update(build_trainer_accounts(trainer=trainer, other_trainer=other_trainer, organiser=organiser))
    return SimpleNamespace(
        world=world, session=enrolment.session, enrolment=enrolment, deputy=enrolment.deputy, trainer=trainer,
        certificate=issue_certificates(enrolments=[enrolment], user=organiser)[enrolment.pk],
    )  # fmt: skip


def sent_batch(session, organiser):
    """A reminder to the session's deputies, sent in process (the status page shows it finished)."""
    batch = create_batch(campaign=session.campaign, kind="reminder", channels=["sms", "email"], user=organiser,
                         recipients=session_recipients(session), session=session)  # fmt: skip
    send_batch(batch.pk)
    return batch


def page_url(name, objects):
    if name in KIND_PAGES:
        return reverse(name.split("@")[0], kwargs=KIND_PAGES[name](objects))
    url = reverse(name, kwargs=URL_KWARGS(name, objects))
    query = QUERY(name, objects)
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


class Watcher:
    """Console errors, uncaught exceptions and failed requests of one page, reset before each visit."""

    def __init__(self, page):
        self.problems = []
        self.in_flight = set()
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", lambda request: self.in_flight.discard(request))
        page.on("console", lambda message: message.type == "error" and self.problems.append(f"console: {message.text}"))
        page.on("pageerror", lambda error: self.problems.append(f"exception: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("response", lambda response: response.status >= 400 and self.problems.append(
            f"HTTP {response.status}: {response.url}"))  # fmt: skip

    def settle(self, page, quiet_ms=60, timeout_s=15):
        """Wait until no request has been in flight for `quiet_ms` (charts, maps and htmx load after `load`)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(quiet_ms)
            if not self.in_flight:
                return
        self.problems.append(f"still loading after {timeout_s} s: {sorted(r.url for r in self.in_flight)}")

    def take(self):
        problems, self.problems = self.problems, []
        return problems


def axe_violations(page):
    """Serious and critical axe-core violations as (rule id, first offending element, count) triples."""
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["nodes"][0]["target"][0] if violation["nodes"] else "", len(violation["nodes"]))
        for violation in results["violations"]
        if violation["impact"] in FAILING_IMPACTS
    ]


def log_in_demo(context, base_url, username):
    """A new page of `context`, logged in as the demo account `username`."""
    password = next(account.password for account in DEMO_ACCOUNTS if account.username == username)
    return log_in(context.new_page(), base_url, username, password)


# E2E_EVERY_LANGUAGE=1: every page at both sizes in every language, each visit checked by axe-core.
EVERY_LANGUAGE = os.environ.get("E2E_EVERY_LANGUAGE") == "1"


def in_turn(language, viewport, page_index):
    """Whether this page's turn in this viewport falls on `language`: each page and viewport in one language,
    the languages taking turns from page to page so that each is covered."""
    return LANGUAGES[(page_index + list(VIEWPORTS).index(viewport)) % len(LANGUAGES)] == language


def visited_here(language, viewport, page_index):
    """Whether the page is opened in this language and viewport. A phone's 360 px is where a language's longer
    words overflow, so phones see every page in every language; at 1280 px there is room, and each page is
    opened in one language, in turn (the top bar, which does fill a desktop, is checked at every width in every
    language by `test_user_menu_is_reachable_at_every_width`)."""
    return EVERY_LANGUAGE or viewport == "phone" or in_turn(language, viewport, page_index)


def axe_runs_here(language, viewport, page_index):
    """Whether axe-core checks this visit. Its rules (contrast, names, roles, landmarks) do not depend on the
    language, and a run costs about as much as the visit, so each page and viewport is checked in one
    language, in turn."""
    return EVERY_LANGUAGE or in_turn(language, viewport, page_index)


# Screenshots are for people looking at the pages; CI (CI=true) checks them without taking pictures, which
# keeps `make test` under 30 minutes.
SCREENSHOTS = not os.environ.get("CI")


def check_page(page, watcher, url, shot, *, with_axe, clock):
    """Open `url` and list what is wrong with it: (what, detail) pairs."""
    # A request of the page before that the browser never reported finished (one cut short by navigating
    # away) is no request of this page: waiting for it would stall every later visit.
    watcher.in_flight.clear()
    with clock("open"):
        response = page.goto(url, wait_until="load")
        watcher.settle(page)
    found = []
    if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
        found.append(("status", f"{response and response.status} {response and response.headers.get('content-type')}"))
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        found.append(("overflow", f"{scroll_width} px wide in {inner_width}"))
    found += [("browser", problem) for problem in watcher.take()]
    if with_axe:
        with clock("axe"):
            found += [(rule, f"{target} ({count} elements)") for rule, target, count in axe_violations(page)]
    if not SCREENSHOTS:
        return found
    with clock("screenshot"):
        page.screenshot(path=shot, full_page=True, type="jpeg", quality=60)
    return found


class Clock:
    """Seconds spent per step, printed at the end so that a slow step shows."""

    def __init__(self):
        self.spent = defaultdict(float)

    @contextmanager
    def __call__(self, step):
        started = time.perf_counter()
        yield
        self.spent[step] += time.perf_counter() - started

    def __str__(self):
        return ", ".join(f"{step} {seconds:.0f} s" for step, seconds in self.spent.items())


def test_every_main_page_in_every_language_and_viewport(live_server, chromium, transactional_db, settings):
    settings.VERIFY_RATE_LIMIT = 1_000_000  # the certificate check is opened in every language and viewport
    clock = Clock()
    with clock("seed"):
        objects = seed_demo_world()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    problems = defaultdict(list)
    visits = 0
    for persona in os.environ.get("E2E_PERSONAS", ",".join(PERSONA_ORDER)).split(","):
        context = chromium.new_context(viewport=VIEWPORTS["desktop"])
        # Injected by the browser itself into every document (devtools protocol), not through the page:
        # the Content-Security-Policy that refuses inline and foreign scripts stays as it is.
        context.add_init_script(path=AXE_SOURCE)
        page = log_in_demo(context, base, persona)
        watcher = Watcher(page)
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            for viewport, size in VIEWPORTS.items():
                page.set_viewport_size(size)
                for index, name in enumerate(pages_for(persona)):
                    if not visited_here(language, viewport, index):
                        continue
                    shot = ARTIFACTS / f"{persona}-{name.replace(':', '-').replace('@', '-')}-{language}-{viewport}.jpg"
                    with_axe = axe_runs_here(language, viewport, index)
                    url = base + page_url(name, objects)
                    for what, detail in check_page(page, watcher, url, shot, with_axe=with_axe, clock=clock):
                        problems[f"{persona} {name} {language} {viewport}"].append(f"{what}: {detail}")
                    visits += 1
        context.close()
    report = "\n".join(f"{where}: {'; '.join(found)}" for where, found in sorted(problems.items()))
    (ARTIFACTS / "problems.txt").write_text(report + "\n")
    print(f"\n{visits} page visits; {clock}")
    assert not problems, f"{len(problems)} pages with problems (also in tests/artifacts/pages/problems.txt):\n{report}"


# Widths where the top bar changes: phones, tablets, Bootstrap's breakpoints either side, common desktops.
MENU_WIDTHS = (360, 414, 768, 1024, 1199, 1200, 1280, 1366, 1399, 1400, 1920)


def test_user_menu_is_reachable_at_every_width(live_server, chromium, transactional_db):
    """Password change and logout are on screen, without sideways scrolling, from 360 to 1920 px."""
    ensure_demo_accounts()
    base = live_server.url
    failures = []
    for persona in PERSONA_ORDER:
        # Reduced motion: Bootstrap then opens the menu without its animation.
        context = chromium.new_context(viewport=VIEWPORTS["desktop"], reduced_motion="reduce")
        page = log_in_demo(context, base, persona)
        for language in LANGUAGES:
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page.goto(base + reverse("home"))
            for width in MENU_WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                if page.evaluate("() => document.documentElement.scrollWidth") > width:
                    failures.append((persona, language, width, "overflow"))
                collapsed = page.locator(".navbar-toggler").is_visible()
                if collapsed:
                    page.click(".navbar-toggler")
                    expect(page.locator("#main-nav")).to_have_class("navbar-collapse collapse show")
                page.click(".user-menu-toggle")
                for link in (page.locator(f"a[href='{reverse('password_change')}']"),
                             page.locator(f"form[action='{reverse('logout')}'] button")):  # fmt: skip
                    expect(link).to_be_visible()
                    box = link.bounding_box()
                    if box["x"] < 0 or box["x"] + box["width"] > width:
                        failures.append((persona, language, width, link))
                page.keyboard.press("Escape")  # close the user menu, then the collapsed menu, for the next width
                if collapsed:
                    page.click(".navbar-toggler")
                    expect(page.locator("#main-nav")).to_have_class("navbar-collapse collapse")
        context.close()
    assert failures == []
