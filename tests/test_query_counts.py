"""No page's number of queries grows with the data (a page per row would be an N+1 waiting for 100 000 rows).

Every GET page of the authorization matrix is opened, as the first persona it answers 200 to, on the shared
world (tests/world.py) grown once — more councils, deputies, sessions, participants with attendance and
scores, another campaign, and so on — and again after it has grown a second time. Each page must need the
same number of queries both times. (Growing once first means that a list going from empty to not empty, which
may add a query, is not taken for growth.) Each page is opened twice each time and the second opening is
counted, so that what a page keeps in a cache of its own is counted the same way before and after.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InvitationFactory,
    TestResultFactory,
    TrainingSessionFactory,
    VenueFactory,
)
from tests.test_authorization_matrix import MATRIX, PERSONAS, QUERY, URL_KWARGS
from tests.world import client_as, objects_for, shared_world

pytestmark = [pytest.mark.django_db, pytest.mark.once]

# Pages whose answer is not a page of the portal's own making: the health check asks the services.
NOT_PAGES = {"health", "set_language", "logout", "favicon"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker) as world:
        yield world


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.SELFTEST_RATE_DEVICE = settings.SELFTEST_RATE_GUESSES = (10**6, 60)
    settings.SELFTEST_RATE_SESSION = settings.SELFTEST_RATE_BIRTH_YEAR = (10**6, 60)
    settings.VERIFY_RATE_LIMIT = 10**6
    settings.HEALTH_CELERY_TIMEOUT = 0.1


def pages(world):
    """(name, persona, url) of every GET page that answers 200 to some persona (the first one that may)."""
    found = []
    for name, (get_tokens, _post) in sorted(MATRIX.items()):
        if name in NOT_PAGES:
            continue
        for persona, token in zip(PERSONAS, get_tokens.split(), strict=True):
            if token == "200" and persona != "trainer_other":
                objects = objects_for(world, own=True)
                url = reverse(name, kwargs=URL_KWARGS(name, objects))
                if QUERY(name, objects):
                    url += "?" + urlencode(QUERY(name, objects))
                found.append((name, {"trainer": "trainer"}.get(persona, persona), url))
                break
    return found


def queries_of(world, persona, url):
    client = client_as(world, None if persona == "anonymous" else persona)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def grow(world, round_number):
    """More of everything the pages list, in the world's campaign and beside it."""
    campaign, trainer = world.campaign, world.trainer
    for number in range(3 * round_number, 3 * round_number + 3):
        council = CouncilFactory(district=world.district)
        ElectionFactory(council=council, convocation=2021)
        venue = VenueFactory(district=world.district)
        session = TrainingSessionFactory(
            campaign=campaign,
            code=f"GROW-{number}",
            venue=venue,
            start_date=datetime.date(2021, 6, 7) + datetime.timedelta(days=7 * number),
            trainers=[trainer, world.other_trainer],
        )
        InvitationFactory(session=session, council=council, places=5)
        for target in (session, world.own_session):
            for _ in range(2):
                enrolment = EnrolmentFactory(session=target, deputy=DeputyFactory(council=council))
                for day in (1, 2):
                    AttendanceFactory(enrolment=enrolment, day=day, present=True)
                TestResultFactory(enrolment=enrolment, phase="pre", score=8 + number, max_score=20)
                TestResultFactory(enrolment=enrolment, phase="post", score=14 + number, max_score=20)
        DeputyFactory(council=world.council)
    year = 2022 + round_number
    other_campaign = CampaignFactory(
        code=f"GROW-{year}", start=datetime.date(year, 5, 2), end=datetime.date(year, 6, 30)
    )
    TrainingSessionFactory(campaign=other_campaign, code=f"GROW-OTHER-{year}", trainers=[trainer])


def test_no_page_needs_more_queries_when_the_data_grows(world):
    listed = pages(world)
    with transaction.atomic():
        grow(world, 0)
        before = {name: queries_of(world, persona, url) for name, persona, url in listed}
        grow(world, 1)
        after = {name: queries_of(world, persona, url) for name, persona, url in listed}
        transaction.set_rollback(True)

    assert len(listed) > 100  # every page of the portal, not a few
    assert {name: answer for name, (answer, _count) in before.items() if answer != 200} == {}
    grown = {name: (before[name][1], after[name][1]) for name in before if after[name][1] > before[name][1]}
    assert grown == {}, "pages whose queries grow with the data, as {name: (before, after)}"
