"""PostgreSQL restarted under a running portal: the next request reconnects by itself.

The portal keeps database connections open between requests (CONN_MAX_AGE) and health-checks them
(CONN_HEALTH_CHECKS), so a connection broken by the restart is replaced instead of failing the request.
"""

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
