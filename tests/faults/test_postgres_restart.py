"""PostgreSQL restarted under a running portal: the next request reconnects by itself.

The portal keeps database connections open between requests (CONN_MAX_AGE) and health-checks them
(CONN_HEALTH_CHECKS), so a connection broken by the restart is replaced instead of failing the request.
"""

import re
import threading
import time

import pytest

from tests.faults.conftest import query
from tests.faults.seed import PASSWORD
from tests.faults.services import Browser

pytestmark = pytest.mark.slow


def test_the_portal_reconnects_after_postgresql_restarts(private_postgres, portal_server):
    cluster, url, ids = private_postgres
    session, enrolment = ids["session"], ids["enrolments"][0]
    browser = Browser(portal_server.base_url).login("trainer", PASSWORD)
    assert browser.get(f"/sessions/{session}/")[0] == 200
    backends_before = query(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'portal'")[0][0]

    cluster.restart()

    page = browser.get(f"/sessions/{session}/")
    saved = browser.post(f"/sessions/{session}/scores/{enrolment}/pre/", {"score": "13", "version": "0"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert (page[0], saved[0]) == (200, 200)
    assert query(url, "SELECT score FROM assessments_testresult WHERE enrolment_id = %s", [enrolment]) == [(13,)]
    # The kept connection is what the restart broke: it was open before (CONN_MAX_AGE), and no request failed.
    assert backends_before >= 1
    assert "Internal Server Error" not in portal_server.output()


def cell_state(body):
    """(version, score shown) of a score cell as the server sent it."""
    version = re.search(r'name="version" value="(\d+)"', body).group(1)
    shown = re.search(r'name="score" type="text"[^>]*value="([^"]*)"', body)
    return version, shown.group(1) if shown else None


def test_score_saves_across_a_restart_answer_503_never_500_and_keep_the_last_confirmed_value(private_postgres,
                                                                                            portal_server):  # fmt: skip
    """A trainer saves one cell again and again while PostgreSQL is down for a second. Every answer is a
    save, a conflict or "not saved — try again" (503, which the grid retries with the same version, as
    score_retry.js does); the score stored is the last one the server confirmed."""
    cluster, url, ids = private_postgres
    cell = f"/sessions/{ids['session']}/scores/{ids['enrolments'][2]}/post/"
    browser = Browser(portal_server.base_url).login("trainer", PASSWORD)
    htmx = {"HX-Request": "true"}
    version, confirmed = cell_state(browser.get(cell, headers=htmx)[1])

    def restart():
        cluster.stop()
        time.sleep(1.0)
        cluster.start()

    outage = threading.Thread(target=restart)
    statuses, value, saves_after = [], 0, 0
    outage.start()
    while outage.is_alive() or saves_after < 10:
        if not outage.is_alive():
            saves_after += 1
        if not statuses or statuses[-1] != 503:
            value = value % 20 + 1  # a new value only once the last one was answered
        status, body, _headers = browser.post(cell, {"score": str(value), "version": version}, headers=htmx)
        statuses.append(status)
        if status == 200 and "Keep mine" in body:  # our save went through before its answer was lost
            status, body, _headers = browser.get(cell, headers=htmx)
        if status == 200:
            version, confirmed = cell_state(body)
        elif status == 503:
            assert "Not saved" in body
            time.sleep(0.05)
    outage.join()

    assert set(statuses) <= {200, 409, 503}, statuses
    assert 503 in statuses  # the saves did meet the outage
    stored = query(url, "SELECT score FROM assessments_testresult WHERE enrolment_id = %s AND phase = 'post'",
                   [ids["enrolments"][2]])  # fmt: skip
    assert [(int(score),) for (score,) in stored] == [(int(confirmed),)]
    assert "Internal Server Error" not in portal_server.output()
