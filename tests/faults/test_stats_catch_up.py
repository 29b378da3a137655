"""Statistics survive faults: Redis stopped while scores are saved, a Celery worker killed mid-recompute.

The portal runs under gunicorn with a real Celery worker (and its beat) on the private PostgreSQL and
Redis of the fault tests. Beat's `recompute_stale_stats` runs every second here (every minute in
production), so a snapshot left behind catches up as soon as the worker can work again.
"""

import subprocess
import sys

import psycopg2
import pytest

from tests import processes
from tests.faults.conftest import query
from tests.faults.seed import PASSWORD
from tests.faults.services import BASE_DIR, Browser, Gunicorn, portal_env, wait_for

pytestmark = pytest.mark.slow


class Worker:
    """`celery worker --beat` on the given environment; `kill()` ends it at once, as a crash would."""

    def __init__(self, env):
        self.env = env
        self.process = None

    def start(self):
        self.process = processes.start(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--beat", "--pool", "solo",
             "--loglevel", "warning", "--without-mingle", "--without-gossip"],
            cwd=BASE_DIR, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        return self

    def kill(self):
        """The worker and its beat, at once (killing only the worker would leave the beat orphaned)."""
        processes.kill(self.process)

    def stop(self):
        processes.stop(self.process)


@pytest.fixture
def stats_env(private_postgres, private_redis):
    _cluster, url, _ids = private_postgres
    return {**portal_env(url, private_redis.url()), "STATS_CATCH_UP_SECONDS": "1", "STATS_DEBOUNCE_SECONDS": "0.2"}


@pytest.fixture
def portal_and_worker(stats_env):
    server, worker = Gunicorn(stats_env).start(), Worker(stats_env).start()
    yield server, worker
    worker.stop()
    server.stop()


def versions(url, campaign_code):
    """(the campaign's data version, the version of its campaign snapshot or None)."""
    rows = query(
        url,
        "SELECT c.data_version, s.data_version FROM trainings_campaign c LEFT JOIN assessments_statssnapshot s "
        "ON s.campaign_id = c.id AND s.scope = 'campaign' WHERE c.code = %s",
        [campaign_code],
    )
    return rows[0]


def is_fresh(url, campaign_code):
    data, snapshot = versions(url, campaign_code)
    return snapshot is not None and snapshot >= data


def save_post_score(browser, url, ids, enrolment, score):
    version = query(
        url, "SELECT COALESCE(MAX(version), 0) FROM assessments_testresult WHERE enrolment_id = %s AND phase = 'post'",
        [enrolment],
    )[0][0]  # fmt: skip
    status, body, _ = browser.post(
        f"/sessions/{ids['session']}/scores/{enrolment}/post/",
        {"score": score, "version": str(version)},
        headers={"HX-Request": "true"},
    )
    assert status == 200, body[:2000]


def test_statistics_go_stale_without_redis_and_catch_up_when_it_returns(private_postgres, private_redis,
                                                                      portal_and_worker):  # fmt: skip
    _cluster, url, ids = private_postgres
    server, _worker = portal_and_worker
    trainer = Browser(server.base_url).login("trainer", PASSWORD)
    staff = Browser(server.base_url).login("staff", PASSWORD)
    save_post_score(trainer, url, ids, ids["enrolments"][0], "15")
    wait_for(lambda: is_fresh(url, ids["campaign"]), 60, "the snapshot never caught up with the first save")

    private_redis.stop()
    save_post_score(trainer, url, ids, ids["enrolments"][2], "17")
    data, snapshot = versions(url, ids["campaign"])
    dashboard = staff.get(f"/campaigns/{ids['campaign']}/dashboard/")

    assert snapshot < data  # the save stands; the statistics know they are behind
    assert dashboard[0] == 200
    assert "stale: the data changed since it was updated" in dashboard[1]

    private_redis.start()  # the same port: the worker reconnects and beat's catch-up runs
    wait_for(lambda: is_fresh(url, ids["campaign"]), 90, "the snapshot did not catch up after Redis returned")
    assert "Internal Server Error" not in server.output()


def counts_in_data(url, campaign_code):
    """matched / pre_only / post_only counted straight from the results, independently of the portal."""
    rows = query(
        url,
        "SELECT bool_or(r.phase = 'pre'), bool_or(r.phase = 'post') FROM assessments_testresult r "
        "JOIN trainings_enrolment e ON e.id = r.enrolment_id JOIN trainings_trainingsession s ON s.id = e.session_id "
        "JOIN trainings_campaign c ON c.id = s.campaign_id WHERE c.code = %s GROUP BY e.id",
        [campaign_code],
    )
    return {
        "matched": sum(pre and post for pre, post in rows),
        "pre_only": sum(pre and not post for pre, post in rows),
        "post_only": sum(post and not pre for pre, post in rows),
    }


def counts_in_snapshot(url):
    row = query(
        url,
        "SELECT payload->>'matched', payload->>'pre_only', payload->>'post_only' FROM assessments_statssnapshot "
        "WHERE scope = 'campaign'",
    )[0]
    return dict(zip(("matched", "pre_only", "post_only"), map(int, row), strict=True))


def test_a_worker_killed_mid_recompute_leaves_the_snapshot_and_the_next_run_is_right(private_postgres, stats_env,
                                                                                   portal_and_worker):  # fmt: skip
    _cluster, url, ids = private_postgres
    server, worker = portal_and_worker
    trainer = Browser(server.base_url).login("trainer", PASSWORD)
    save_post_score(trainer, url, ids, ids["enrolments"][0], "12")
    wait_for(lambda: is_fresh(url, ids["campaign"]), 60, "the snapshot never caught up with the first save")
    before = query(url, "SELECT data_version, payload::text FROM assessments_statssnapshot WHERE scope = 'campaign'")

    # Hold the snapshot table so that the next recompute blocks on its write, then kill the worker there.
    blocker = psycopg2.connect(url)
    blocker.cursor().execute("LOCK TABLE assessments_statssnapshot IN EXCLUSIVE MODE")
    save_post_score(trainer, url, ids, ids["enrolments"][1], "16")  # a new post-test: the counts change
    waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%%statssnapshot%%'"
    wait_for(lambda: query(url, waiting)[0][0] > 0, 60, "the recompute never reached its write")
    worker.kill()
    blocker.rollback()
    blocker.close()

    after_kill = query(
        url, "SELECT data_version, payload::text FROM assessments_statssnapshot WHERE scope = 'campaign'"
    )
    assert after_kill == before  # the interrupted run wrote nothing
    assert not is_fresh(url, ids["campaign"])

    replacement = Worker(stats_env).start()  # beat's catch-up in the new worker finishes the job
    try:
        wait_for(lambda: is_fresh(url, ids["campaign"]), 90, "the snapshot did not catch up after the worker died")
    finally:
        replacement.stop()
    assert counts_in_snapshot(url) == counts_in_data(url, ids["campaign"])
