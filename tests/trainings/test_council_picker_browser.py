"""An organiser on a phone types into the council picker, chooses a council and invites it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import CouncilFactory, DeputyFactory, DistrictFactory, ElectionFactory
from trainings.models import Invitation


@pytest.mark.browser
def test_organiser_picks_a_council_by_typing_at_360_px(live_server, transactional_db, chromium, session, organiser):
    near = CouncilFactory(district=session.venue.district, code="41702000000001", name_ky="Чоң-Кемин айыл аймагы")
    far = CouncilFactory(district=DistrictFactory(), code="41703000000002", name_ky="Чоң-Алай айыл аймагы")
    for council in (near, far):
        ElectionFactory(council=council, convocation=2021)
        DeputyFactory(council=council, convocation=2021)
    client = Client()
    client.force_login(organiser)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    context.add_cookies([{"name": "django_language", "value": "ky", "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("trainings:session_detail", args=[session.pk]))
    form = page.get_by_test_id("invite-form")

    form.get_by_role("searchbox").press_sequentially("чон", delay=30)  # without ң: the letters are folded
    results = form.locator("[data-council-code]")
    expect(results).to_have_count(2)
    codes = [results.nth(index).get_attribute("data-council-code") for index in range(2)]
    width = page.evaluate("document.documentElement.scrollWidth")
    form.locator(f"[data-council-code='{far.code}']").click()
    expect(form.get_by_role("searchbox")).to_have_value("Чоң-Алай айылдык кеңеши")
    expect(results).to_have_count(0)
    form.get_by_role("button", name="Кеңешти чакыруу").click()
    expect(page.locator("table.roster tbody tr")).to_have_count(1)

    assert codes == [near.code, far.code]  # the venue's district first
    assert width == 360
    assert list(Invitation.objects.values_list("council__code", flat=True)) == [far.code]
