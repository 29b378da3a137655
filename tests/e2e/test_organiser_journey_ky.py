"""An organiser runs a session in Kyrgyz without the admin; the new trainer signs in on a phone.

The organiser (1280×800, Kyrgyz chosen in the login page's footer) creates a venue and a trainer account,
reads the trainer's one-time set-password link off the trainer page, creates a session at that venue with
that trainer, invites two councils with the council picker, withdraws one invitation through its confirm
page and sees the session's and the campaign's counts drop. The trainer (360×740, Kyrgyz) opens the link,
chooses a password, lands signed in with the session in their list; the link then says it was used.

Expected texts come from the Kyrgyz catalogue (`ky()`), not literals. No page of the journey may scroll
sideways, at its own width or at 360 px. Screenshots go to $JOURNEY_SCREENSHOTS or /tmp/journey-ky/.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from portal.models import SetPasswordLink, User
from tests.browsing import DESKTOP, PHONE, choose_language, log_in, scroll_width
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    RegionFactory,
)
from trainings.models import TrainingSession, Venue
from trainings.venues import venue_label

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("JOURNEY_SCREENSHOTS", "/tmp/journey-ky"))
VENUE = {"name_ky": "Кемин маданият үйү", "name_ru": "Дом культуры Кемина", "name_en": "Kemin House of Culture"}
TRAINER = {"username": "zh.toktosunova", "last_name": "Токтосунова", "first_name": "Жыргал", "phone": "0700 123 456"}
NEW_PASSWORD = "Kemin-tosh-2021"
SESSION_CODE = "KY-KEMIN-02"


def ky(message, **values):
    """`message` as the Kyrgyz catalogue has it, with `values` put in."""
    with translation.override("ky"):
        text = gettext(message)
    return text % values if values else text


def ky_plural(singular, plural, count, **values):
    with translation.override("ky"):
        return ngettext(singular, plural, count) % {"count": count, "counter": count, **values}


def in_ky(function, *args):
    """A name property (`venue.name`, `council.name`) as a Kyrgyz page shows it."""
    with translation.override("ky"):
        return function(*args)


class Camera:
    """Screenshots of each step. Measures every page at its own width and at 360 px, where it must not
    scroll sideways either."""

    def __init__(self, folder):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.count = 0
        self.too_wide = {}

    def _measure(self, page, name):
        width = page.viewport_size["width"]
        page.screenshot(path=self.folder / f"{self.count:02d}-{name}-{width}.png", full_page=True)
        if scroll_width(page) > width:
            self.too_wide[f"{name} at {width} px"] = scroll_width(page)

    def shoot(self, page, name):
        self.count += 1
        size = page.viewport_size
        self._measure(page, name)
        if size["width"] > PHONE["width"]:
            page.set_viewport_size(PHONE)
            self._measure(page, name)
            page.set_viewport_size(size)


@pytest.fixture
def kemin(transactional_db):
    """A campaign under way, a district of Chüy, and two of its councils with three deputies each."""
    today = timezone.localdate()
    campaign = CampaignFactory(
        code="KY-2021", start=today - datetime.timedelta(days=7), end=today + datetime.timedelta(days=60)
    )
    region = RegionFactory(name_ky="Чүй облусу", name_ru="Чуйская область", name_en="Chüy Region")
    district = DistrictFactory(region=region, name_ky="Кемин району", name_ru="Кеминский район", name_en="Kemin")
    councils = []
    for name_ky, name_ru, last_names in (
        ("Кара-Булак", "Кара-Булакский", ["Абдыкадырова", "Бекова", "Жолдошев"]),
        ("Көк-Ой", "Кок-Ойский", ["Исакова", "Мамытов", "Токтогулова"]),
    ):
        council = CouncilFactory(
            district=district, name_ky=f"{name_ky} айыл аймагы", name_ru=f"{name_ru} айылный аймак", name_en=name_ky
        )
        ElectionFactory(council=council, convocation=campaign.convocation)
        for last_name in last_names:
            DeputyFactory(council=council, last_name=last_name, convocation=campaign.convocation)
        councils.append(council)
    return campaign, district, councils


def organiser_creates_a_venue(page, base_url, district, camera) -> Venue:
    page.goto(base_url + reverse("trainings:venue_list"))
    page.get_by_role("link", name=ky("New venue"), exact=True).click()
    expect(page.locator("h1")).to_have_text(ky("New venue"))
    for field, value in VENUE.items():
        page.fill(f"input[name={field}]", value)
    page.select_option("select[name=district]", label=in_ky(lambda: district.name))
    page.fill("input[name=capacity]", "40")
    camera.shoot(page, "venue-form")
    page.get_by_role("button", name=ky("Save"), exact=True).click()
    expect(page.locator("h1")).to_have_text(ky("Venues"))
    expect(page.locator(".alert-success")).to_contain_text(ky("Venue %(name)s saved.", name=VENUE["name_ky"]))
    expect(page.get_by_role("link", name=VENUE["name_ky"], exact=True)).to_be_visible()
    camera.shoot(page, "venue-list")
    return Venue.objects.get(name_ky=VENUE["name_ky"])


def organiser_creates_a_trainer(page, base_url, region, camera):
    """Create the account; returns the trainer and the set-password link read off the trainer page."""
    page.goto(base_url + reverse("trainers:trainer_list"))
    page.get_by_role("link", name=ky("New trainer"), exact=True).click()
    expect(page.locator("h1")).to_have_text(ky("New trainer"))
    for field, value in TRAINER.items():
        page.fill(f"input[name={field}]", value)
    page.check("input[name=languages][value=ky]")
    page.check("input[name=languages][value=ru]")
    page.get_by_label(in_ky(lambda: region.name), exact=True).check()
    camera.shoot(page, "trainer-form")
    page.get_by_role("button", name=ky("Save"), exact=True).click()
    expect(page.locator("h1")).to_contain_text(f"{TRAINER['first_name']} {TRAINER['last_name']}")
    expect(page.locator(".alert-success")).to_contain_text(
        ky(
            "Trainer account %(username)s created. Hand the set-password link below to the trainer.",
            username=TRAINER["username"],
        )
    )
    expect(page.locator("#link-heading")).to_have_text(ky("Set-password link"))
    expect(page.locator("figure.qr-figure svg")).to_be_visible()
    link = page.get_by_label(ky("Link"), exact=True).input_value()
    camera.shoot(page, "trainer-page")
    return User.objects.get(username=TRAINER["username"]), link


def organiser_creates_a_session(page, base_url, campaign, venue, trainer, camera) -> TrainingSession:
    page.goto(base_url + reverse("trainings:campaign_detail", args=[campaign.code]))
    page.get_by_role("link", name=ky("New session"), exact=True).click()
    expect(page.locator("h1")).to_have_text(ky("New session"))
    page.fill("input[name=code]", SESSION_CODE)
    venue_choice = page.locator(f"select[name=venue] option[value='{venue.pk}']")
    expect(venue_choice).to_have_text(in_ky(venue_label, venue))
    page.select_option("select[name=venue]", str(venue.pk))
    page.fill("input[name=start_date]", (timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.fill("input[name=days]", "2")
    page.fill("input[name=capacity]", "25")
    page.get_by_label(trainer.display_name, exact=True).check()
    page.select_option("select[name=language]", "ky")
    camera.shoot(page, "session-form")
    page.get_by_role("button", name=ky("Save"), exact=True).click()
    expect(page.locator("h1")).to_contain_text(ky("Session %(code)s", code=SESSION_CODE))
    return TrainingSession.objects.get(code=SESSION_CODE)


def organiser_invites_with_the_picker(page, councils, camera):
    """Type part of each council's Kyrgyz name into the picker, choose it from the results, invite it."""
    invite = page.get_by_test_id("invite-form")
    searchbox = invite.get_by_role("searchbox")
    for index, (council, typed) in enumerate(zip(councils, ("кара-бул", "көк-о"), strict=True)):
        page.wait_for_load_state()  # the picker works once the page's scripts have run
        searchbox.press_sequentially(typed, delay=30)
        choice = invite.locator(f"[data-council-code='{council.code}']")
        expect(choice.locator("[data-figure=to-invite]")).to_have_text(
            ky_plural("%(counter)s deputy to invite", "%(counter)s deputies to invite", 3)
        )
        if index == 0:
            camera.shoot(page, "council-picker")
        choice.click()
        expect(searchbox).to_have_value(in_ky(lambda council=council: council.name))
        invite.get_by_role("button", name=ky("Invite council"), exact=True).click()
        expect(page.locator(".alert-success")).to_contain_text(
            ky_plural(
                "%(council)s invited: %(count)d deputy enrolled.",
                "%(council)s invited: %(count)d deputies enrolled.",
                3,
                council=in_ky(lambda council=council: council.name),
            )
        )
        expect(page.locator("table.roster tbody tr")).to_have_count(3 * (index + 1))
    camera.shoot(page, "session-two-invited")


def organiser_withdraws_an_invitation(page, session, council, camera):
    invitation = session.invitations.get(council=council)
    council_name = in_ky(lambda: council.name)
    page.locator(f"#invitation-{invitation.pk}").get_by_role("link", name=ky("Withdraw"), exact=True).click()
    expect(page.locator("h1")).to_have_text(ky("Withdraw the invitation of %(council)s?", council=council_name))
    leaving = page.locator("main ul li")
    expect(leaving).to_have_count(3)
    camera.shoot(page, "withdraw-confirm")
    page.get_by_role("button", name=ky("Withdraw the invitation"), exact=True).click()
    expect(page.locator("h1")).to_contain_text(ky("Session %(code)s", code=session.code))
    expect(page.locator(".alert-success")).to_contain_text(
        ky_plural(
            "The invitation of %(council)s was withdrawn; %(count)d deputy left the roster.",
            "The invitation of %(council)s was withdrawn; %(count)d deputies left the roster.",
            3,
            council=council_name,
        )
    )


def campaign_figures(page, base_url, session, camera, shot):
    """The campaign page's invited and not-yet-scheduled councils, and the session's enrolled / places."""
    page.goto(base_url + reverse("trainings:campaign_detail", args=[session.campaign.code]))
    sessions = page.locator("section[aria-labelledby=sessions-heading]")
    row = sessions.get_by_role("row").filter(has=page.get_by_role("link", name=session.code, exact=True))
    figures = {key: page.locator(f"[data-figure={key}]").inner_text().strip() for key in ("invited", "not_scheduled")}
    figures["enrolled"] = row.locator("td").last.inner_text().strip()
    camera.shoot(page, shot)
    row.get_by_role("link", name=session.code, exact=True).click()
    expect(page.locator("h1")).to_contain_text(ky("Session %(code)s", code=session.code))
    return figures


def session_figures(page):
    """What the session page counts: participants listed, invitations listed, and its enrolled / places line."""
    enrolled_term = page.locator("dt", has_text=re.compile(f"^{re.escape(ky('Enrolled'))}$"))
    enrolled = enrolled_term.locator("xpath=following-sibling::dd[1]").inner_text().split("·")[0].strip()
    return {
        "rows": page.locator("table.roster tbody tr").count(),
        "invitations": page.locator("[id^=invitation-]").count(),
        "enrolled": enrolled,
    }


def trainer_sets_a_password_on_a_phone(browser, base_url, link, trainer, session, camera):
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": "ky", "url": base_url}])
    page = context.new_page()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    expect(page.locator("h1")).to_have_text(ky("Choose your password"))
    expect(page.locator("main")).to_contain_text(TRAINER["username"])
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    camera.shoot(page, "phone-set-password")
    page.get_by_role("button", name=ky("Set password and sign in"), exact=True).click()
    page.wait_for_url(base_url + "/")
    expect(page.locator(".alert-success")).to_contain_text(
        ky("Your password is set. Welcome, %(name)s!", name=trainer.display_name)
    )
    expect(page.locator("h1")).to_have_text(ky("Welcome, %(name)s", name=trainer.display_name))
    expect(page.locator("[data-section=upcoming]")).to_contain_text(session.code)
    camera.shoot(page, "phone-home")

    page.goto(base_url + reverse("trainings:session_list"))
    expect(page.get_by_role("link", name=session.code, exact=True)).to_be_visible()
    camera.shoot(page, "phone-session-list")

    response = page.goto(link)
    expect(page.locator(".alert-warning")).to_have_text(
        ky("This link has already been used to set a password.") + " " + ky("Ask the organiser for a new link.")
    )
    camera.shoot(page, "phone-link-used")
    context.close()
    return response.status


def test_organiser_prepares_a_session_and_the_new_trainer_signs_in_on_a_phone_in_kyrgyz(
    live_server, chromium, kemin, organiser
):
    campaign, district, councils = kemin
    base = live_server.url
    camera = Camera(SHOTS)

    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.goto(base + reverse("login"))
    choose_language(page, "ky")
    log_in(page, base, organiser.username)
    venue = organiser_creates_a_venue(page, base, district, camera)
    trainer, link = organiser_creates_a_trainer(page, base, district.region, camera)
    session = organiser_creates_a_session(page, base, campaign, venue, trainer, camera)
    organiser_invites_with_the_picker(page, councils, camera)
    before = {"campaign": campaign_figures(page, base, session, camera, "campaign-two-invited")}
    before["session"] = session_figures(page)
    organiser_withdraws_an_invitation(page, session, councils[0], camera)
    after = {"session": session_figures(page)}
    camera.shoot(page, "session-after-withdrawal")
    after["campaign"] = campaign_figures(page, base, session, camera, "campaign-after-withdrawal")
    page.context.close()

    status = trainer_sets_a_password_on_a_phone(chromium, base, link, trainer, session, camera)

    assert camera.too_wide == {}
    assert (venue.name_ky, venue.name_ru, venue.name_en) == tuple(VENUE.values())
    assert (venue.district, venue.capacity) == (district, 40)
    trainer.refresh_from_db()
    assert (trainer.phone, trainer.groups.get().name) == ("+996700123456", "trainer")
    assert sorted(trainer.trainer_profile.languages) == ["ky", "ru"]
    assert list(trainer.trainer_profile.regions.all()) == [district.region]
    assert trainer.check_password(NEW_PASSWORD)
    assert SetPasswordLink.objects.get(user=trainer).used_at is not None
    assert link.startswith(f"{base}/accounts/set-password/{trainer.pk}/")
    assert status == 410
    session.refresh_from_db()
    assert (session.venue, list(session.trainers.all()), session.campaign) == (venue, [trainer], campaign)
    assert list(session.invitations.values_list("council__code", flat=True)) == [councils[1].code]
    assert sorted(session.enrolments.values_list("deputy__last_name", flat=True)) == [
        "Исакова",
        "Мамытов",
        "Токтогулова",
    ]
    assert before == {
        "campaign": {"invited": "2", "not_scheduled": "0", "enrolled": "6 / 25"},
        "session": {"rows": 6, "invitations": 2, "enrolled": "6 / 25"},
    }
    assert after == {
        "session": {"rows": 3, "invitations": 1, "enrolled": "3 / 25"},
        "campaign": {"invited": "1", "not_scheduled": "1", "enrolled": "3 / 25"},
    }
