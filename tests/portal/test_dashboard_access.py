"""Who may open dashboards and reports (DESIGN §5), and the dashboard's query counts."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.statistics.snapshots import recompute
from tests.assessments.stats_data import add_participant
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DistrictFactory,
    ElectionFactory,
    RegionFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

READER_PAGES = [
    ("portal:dashboard", "code"),
    ("portal:report_xlsx", "code"),
    ("portal:report_csv", "code"),
    ("portal:report_pdf", "code"),
    ("portal:frozen_list", "code"),
]


def page_url(name, campaign):
    return reverse(name, args=[campaign.code])


@pytest.mark.parametrize(("name", "_arg"), READER_PAGES)
@pytest.mark.parametrize("persona", ["staff_client", "organiser_client", "admin_client_"])
def test_staff_organisers_and_admins_may_read(persona, name, _arg, report_campaign, request):
    assert request.getfixturevalue(persona).get(page_url(name, report_campaign)).status_code == 200


@pytest.mark.parametrize(("name", "_arg"), READER_PAGES)
def test_trainers_are_refused(trainer_client, name, _arg, report_campaign):
    assert trainer_client.get(page_url(name, report_campaign)).status_code == 403


@pytest.mark.parametrize(("name", "_arg"), READER_PAGES)
def test_anonymous_visitors_go_to_the_login_page(client, name, _arg, report_campaign):
    response = client.get(page_url(name, report_campaign))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_trainers_cannot_freeze(trainer_client, report_campaign):
    response = trainer_client.post(reverse("portal:report_freeze", args=[report_campaign.code]))
    assert response.status_code == 403
    assert report_campaign.frozen_reports.count() == 0


def test_unknown_campaign_is_404(staff_client, db):
    assert staff_client.get(reverse("portal:dashboard", args=["NOPE"])).status_code == 404


def test_dashboard_shows_no_personal_data(staff_client, report_data):
    content = staff_client.get(reverse("portal:dashboard", args=[report_data["campaign"].code])).content.decode()
    for enrolment in report_data["enrolments"]:
        assert enrolment.deputy.phone not in content
        assert enrolment.deputy.last_name not in content


def test_navigation_has_dashboards_for_staff(staff_client, db):
    assert f'href="{reverse("portal:dashboard_index")}"' in staff_client.get(reverse("home")).content.decode()


def test_navigation_has_no_dashboards_for_trainers(trainer_client, db):
    assert f'href="{reverse("portal:dashboard_index")}"' not in trainer_client.get(reverse("home")).content.decode()


def campaign_with(count):
    """A campaign with `count` regions (one council each, 6 participants) and `count` sessions."""
    campaign = CampaignFactory(code=f"QC-{count}")
    sessions = [
        TrainingSessionFactory(campaign=campaign, venue=None, start_date=datetime.date(2021, 5, 24 + 3 * number))
        for number in range(count)
    ]
    for number in range(count):
        region = RegionFactory(code=f"41777{number:09d}")
        council = CouncilFactory(district=DistrictFactory(region=region), region=region)
        ElectionFactory(council=council, convocation=campaign.convocation)
        for person in range(6):
            add_participant(sessions[number], council, pre=8 + person, post=12 + person, gender="FM"[person % 2])
    recompute([campaign.pk])
    campaign.refresh_from_db()
    return campaign


def queries_for(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_does_not_grow(staff_client, count):
    campaign = campaign_with(count)
    address = reverse("portal:dashboard", args=[campaign.code])
    # First view: figures read from the snapshots, the map's region names and the page's figures rendered; then
    # served from the cache. Four of them are the women's quota panel (elected,
    # participants, target, councils), two describe the campaign's target for the summary paragraph, one is the
    # online-courses panel (participants with a completed course), one finds that nobody has answered the
    # feedback survey yet.
    assert queries_for(staff_client, address) == 28
    assert queries_for(staff_client, address) == 4


@pytest.mark.parametrize("count", [1, 3])
def test_filtered_dashboard_query_count_does_not_grow(staff_client, count):
    campaign = campaign_with(count)
    address = reverse("portal:dashboard", args=[campaign.code]) + "?sex=F"
    # The quota panel's four, the target's three, and one for the feedback and online-courses panels.
    assert queries_for(staff_client, address) == 44
    assert queries_for(staff_client, address) == 4
