"""The dashboard map in Chromium, in ky, ru and en, on a desktop and a phone: the legend leaves every region
visible, regions carry their names, the zoom buttons and the legend speak the page's language, and the map
is no nested interactive element for screen readers."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from assessments.statistics.snapshots import recompute
from councils.models import Council, Region
from portal.dashboards.presentation import map_label
from tests.assessments.stats_data import add_participant
from tests.factories import CampaignFactory, ElectionFactory, TrainingSessionFactory

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# The regions in the south-west that the old legend, drawn on the map, covered.
SOUTH_WEST = {"41705000000000": "Batken", "41706000000000": "Osh", "41703000000000": "Jalal-Abad"}
VIEWPORTS = ((1280, 800), (360, 740))


def campaign_in_every_region():
    """The real regions and councils (reference data), three councils with elections per region and
    participants in one or two of them, so that every region has its own coverage and growth."""
    call_command("load_reference_data", verbosity=0)
    campaign = CampaignFactory(code="MAP-1")
    for number, region in enumerate(Region.objects.order_by("code")):
        councils = list(Council.objects.filter(region=region).order_by("code")[:3])
        session = TrainingSessionFactory(campaign=campaign, venue=None)
        for index, council in enumerate(councils):
            ElectionFactory(council=council, convocation=campaign.convocation)
            if index <= number % 2:
                for person in range(5):
                    add_participant(session, council, pre=8 + person, post=12 + person + number % 3)
    recompute([campaign.pk])
    return campaign


def box(page, selector):
    return page.locator(selector).bounding_box()


def overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and \
        a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]  # fmt: skip


@pytest.mark.browser
def test_map_legend_labels_zoom_and_numbers_in_every_language_and_size(live_server, transactional_db, chromium,
                                                                       staff_viewer):  # fmt: skip
    campaign = campaign_in_every_region()
    address = live_server.url + reverse("portal:dashboard", args=[campaign.code])
    ARTIFACTS.mkdir(exist_ok=True)
    for language in ("ky", "ru", "en"):
        with translation.override(language):
            names = {region.code: map_label(region.name) for region in Region.objects.all()}
            zoom_titles = [translation.gettext("Zoom in"), translation.gettext("Zoom out")]
        for width, height in VIEWPORTS:
            context = chromium.new_context(viewport={"width": width, "height": height})
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(live_server.url + reverse("login"))
            page.fill("input[name=username]", staff_viewer.username)
            page.fill("input[name=password]", "secret-pass-123")
            page.click("button[type=submit]")
            page.goto(address)
            expect(page.locator("#dashboard-map path.leaflet-interactive")).to_have_count(8)
            expect(page.locator("#dashboard-map .region-label")).to_have_count(8)
            page.locator("#dashboard-map").scroll_into_view_if_needed()
            where = f"{language} {width}px"

            # Every outline is named in the page's language, on the region itself.
            shown = {}
            for code in names:
                label = page.locator(f".region-label-{code}")
                if label.count():
                    shown[code] = label.inner_text()
                    assert overlap(box(page, f".region-label-{code}"), box(page, f"path.region-{code}")), where
            assert shown == {code: name for code, name in names.items() if code in shown}, where
            assert len(shown) == 8, where

            # The legend hides no region and no name: it is under the map.
            legend, outline = box(page, ".map-legend"), box(page, "#dashboard-map")
            assert legend["y"] >= outline["y"] + outline["height"], where
            for code in SOUTH_WEST:
                assert not overlap(legend, box(page, f"path.region-{code}")), (where, SOUTH_WEST[code])
            for label in page.locator(".region-label").all():
                assert not overlap(legend, label.bounding_box()), where
            assert legend["x"] + legend["width"] <= width, where

            # Numbers as the page writes them: a decimal comma in Kyrgyz and Russian.
            legend_text = page.locator(".map-legend").inner_text()
            decimals = re.findall(r"\d([.,])\d", legend_text)
            assert decimals, legend_text
            assert set(decimals) == {"." if language == "en" else ","}, legend_text

            # Zoom buttons in the page's language, for the eye and for screen readers.
            data = json.loads(page.locator("#dashboard-map-data").text_content())
            assert [data["labels"]["zoom_in"], data["labels"]["zoom_out"]] == zoom_titles
            buttons = page.locator(".leaflet-control-zoom a")
            assert [button.get_attribute("title") for button in buttons.all()] == zoom_titles, where
            assert [button.get_attribute("aria-label") for button in buttons.all()] == zoom_titles, where

            # Leaflet makes the map focusable and puts buttons in it: it must not claim to be an image.
            assert page.locator("#dashboard-map").get_attribute("role") == "region"
            if AXE.exists():  # pinned in package.json by the accessibility suite
                page.evaluate(AXE.read_text())
                found = page.evaluate(
                    "axe.run(document.getElementById('dashboard-map').closest('figure'))"
                    ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id))"
                )
                assert found == [], where

            page.locator("#dashboard-map").locator("xpath=ancestor::figure").screenshot(
                path=str(ARTIFACTS / f"dashboard-map-{language}-{width}.png")
            )
            assert errors == [], where
            context.close()
