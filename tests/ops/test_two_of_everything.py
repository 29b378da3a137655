"""Nothing relies on a single process: two gunicorn instances and two Celery workers on this machine, sharing
one PostgreSQL database (the test database) and one Redis server (a private redis-server), as two machines
behind a load balancer would (docs/scaling.md).

- sessions: a login on instance A is a login on instance B (sessions live in PostgreSQL); a logout on B
  ends it on A;
- caches: a dashboard cached by A is what B serves, and a change saved on B makes A show fresh figures;
- debounced recomputes: saves on A and on B in one debounce window cause one recompute, whose snapshot has
  the latest data version and both scores;
- import jobs: a job confirmed on A runs in one worker, its page read on B; a job delivered to both workers
  at once is run by one of them only (its claim is a conditional UPDATE);
- beat: two `celery beat` processes send each periodic task once — one holds the lease, the other stands
  by — and the standby takes over when the first is killed (portal/beat.py).
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

from assessments.models import StatsSnapshot
from councils.models import Deputy, ImportJob
from councils.services.jobs import create_import_job
from tests import processes
from tests.conftest import make_user
from tests.councils.helpers import csv_bytes
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    InstrumentFactory,
    TrainingSessionFactory,
)
from tests.faults.services import Browser, Gunicorn, PrivateRedis, portal_env, wait_for
from trainings.models import Campaign

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow]

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "secret-pass-123"
DEBOUNCE = 8.0  # seconds: wide enough that two saves made one after the other fall in one window
# Imports of more than one row run in a worker; a beat sweeps stuck imports every second.
SETTINGS = {"STATS_DEBOUNCE_SECONDS": str(DEBOUNCE), "IMPORT_ASYNC_ROWS": "1", "JOB_SWEEP_SECONDS": "1",
            "STATS_CATCH_UP_SECONDS": "1", "BEAT_LEASE_SECONDS": "3"}  # fmt: skip
DEPUTY_HEADER = ["council_code", "convocation", "last_name", "first_name", "sex", "birth_year"]


def _database_url():
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """A Celery worker on the shared services, named so that the tests can ping it."""

    def __init__(self, env, name):
        self.env, self.name, self.process = env, name, None

    def start(self, broker: Celery):
        self.process = processes.start(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "solo", "--loglevel", "warning",
             "--hostname", self.name, "--without-mingle", "--without-gossip"],
            cwd=BASE_DIR, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: broker.control.ping(destination=[self.name], timeout=0.5), 60, f"{self.name} never answered")
        return self

    def stop(self):
        processes.stop(self.process)


@pytest.fixture(scope="module")
def two(django_db_setup):
    """Redis, two gunicorn instances A and B, two workers; all on the test database."""
    redis_server = PrivateRedis().start()
    env = {**portal_env(_database_url(), redis_server.url()), **SETTINGS}
    # Not the current app: the portal's own tasks sent later in this test process must keep the portal's broker.
    broker = Celery("probe", broker=redis_server.url(), backend=redis_server.url(), set_as_current=False)
    started = []
    try:
        for _ in range(2):
            started.append(Gunicorn(env, workers=1, threads=1).start())
        for name in ("one", "two"):
            started.append(Worker(env, f"{name}-{time.monotonic_ns()}@two-of-everything").start(broker))
        yield {"a": started[0], "b": started[1], "env": env, "redis": redis_server, "broker": broker}
    finally:
        for process in reversed(started):
            process.stop()
        broker.close()
        redis_server.stop()


@pytest.fixture
def world(transactional_db, settings):
    """Accounts with real password hashes (the instances do not know the tests' fast hasher), one session."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    from roles import Role

    trainer = make_user(django_user_model(), "trainer", Role.TRAINER)
    organiser = make_user(django_user_model(), "organiser", Role.ORGANISER)
    make_user(django_user_model(), "staff", Role.STAFF)
    session = TrainingSessionFactory(code="TWO-01", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    enrolments = [EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=f"Экиев{n}")) for n in range(3)]
    for enrolment in enrolments:
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
    return {"session": session, "campaign": session.campaign, "enrolments": enrolments, "organiser": organiser}


def django_user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def shared_cache(two):
    """The instances' cache (Django's Redis backend on the shared Redis), read from the test."""
    return RedisCache(two["redis"].url(), {})


def save_score(browser, session, enrolment, score):
    version = enrolment.results.filter(phase="post").values_list("version", flat=True).first() or 0
    status, body, _ = browser.post(
        f"/sessions/{session.pk}/scores/{enrolment.pk}/post/",
        {"score": score, "version": str(version)},
        headers={"HX-Request": "true"},
    )
    assert status == 200, body[:1000]


def test_a_session_opened_on_one_instance_works_on_the_other(two, world):
    browser = Browser(two["a"].base_url).login("organiser", PASSWORD)
    browser.base_url = two["b"].base_url  # the same cookies, the other instance
    status, body, _ = browser.get(f"/sessions/{world['session'].pk}/")
    assert status == 200
    assert "TWO-01" in body

    assert browser.post("/accounts/logout/", {})[0] in (200, 302)
    browser.base_url = two["a"].base_url
    status, _, headers = browser.get(f"/sessions/{world['session'].pk}/")
    assert status == 302
    assert "/accounts/login/" in headers["Location"]


def test_a_figure_cached_by_one_instance_is_served_and_invalidated_by_the_other(two, world):
    campaign, cache = world["campaign"], shared_cache(two)
    trainer = Browser(two["b"].base_url).login("trainer", PASSWORD)
    save_score(trainer, world["session"], world["enrolments"][0], "11")
    wait_for(lambda: _fresh(campaign), 60, "the first recompute never came")
    staff_a = Browser(two["a"].base_url).login("staff", PASSWORD)
    dashboard = f"/campaigns/{campaign.code}/dashboard/"
    assert staff_a.get(dashboard)[0] == 200

    # A cached the rendered figures in Redis; B serves that very entry (marked here to tell it apart).
    keys = [key.decode() for key in cache._cache.get_client().keys(f"*dashboard:*:{campaign.pk}:*:html:*")]
    assert keys, "instance A cached no dashboard figures in the shared Redis"
    key = keys[0].split(":", 2)[2]  # without Django's ":<version>:" prefix
    cache.set(key, cache.get(key) + "<!-- cached by instance A -->", 300)
    staff_b = Browser(two["b"].base_url).login("staff", PASSWORD)
    assert "<!-- cached by instance A -->" in staff_b.get(dashboard)[1]

    # A save on B makes the figures A serves fresh: the cache key follows the snapshot's version.
    save_score(trainer, world["session"], world["enrolments"][1], "13")
    wait_for(lambda: _fresh(campaign), 60, "the recompute after the save on B never came")
    body = staff_a.get(dashboard)[1]
    assert "<!-- cached by instance A -->" not in body
    assert _snapshot(campaign).payload["post_only"] + _snapshot(campaign).payload["matched"] == 2


def _snapshot(campaign):
    return StatsSnapshot.objects.get(campaign=campaign, scope="campaign")


def _fresh(campaign):
    campaign.refresh_from_db()
    snapshot = StatsSnapshot.objects.filter(campaign=campaign, scope="campaign").first()
    return snapshot is not None and snapshot.data_version >= campaign.data_version


def test_saves_on_both_instances_make_one_recompute_with_the_latest_data(two, world):
    campaign, cache = world["campaign"], shared_cache(two)
    on_a = Browser(two["a"].base_url).login("trainer", PASSWORD)
    on_b = Browser(two["b"].base_url).login("trainer", PASSWORD)
    save_score(on_a, world["session"], world["enrolments"][0], "9")
    save_score(on_b, world["session"], world["enrolments"][1], "12")
    # Both saves came within the debounce window: the first one's pending recompute is still waiting.
    assert cache.get(f"stats:pending:{campaign.pk}") is not None
    assert cache.get(f"stats:runs:{campaign.pk}") is None

    wait_for(lambda: cache.get(f"stats:runs:{campaign.pk}"), DEBOUNCE + 60, "the recompute never ran")
    wait_for(lambda: _fresh(campaign), 60, "the snapshot is not fresh")
    campaign.refresh_from_db()
    snapshot = _snapshot(campaign)
    assert snapshot.data_version == campaign.data_version
    assert snapshot.payload["post_only"] + snapshot.payload["matched"] == 2  # both saves are in it
    time.sleep(1)  # a second run, had one been queued, would have been due with the first one
    assert cache.get(f"stats:runs:{campaign.pk}") == 1


def deputies_file(code, names):
    return csv_bytes([DEPUTY_HEADER] + [[code, "2021", f"Экиев{i}", "Бакыт", "M", "1980"] for i in names])


def test_an_import_started_on_one_instance_is_followed_on_the_other_and_run_once(two, world):
    CouncilFactory(code="41708213842000")
    organiser = world["organiser"]
    job = create_import_job(kind_key="deputies", name="d.csv", content=deputies_file("41708213842000", range(30)),
                            user=organiser)  # fmt: skip
    assert job.status == ImportJob.Status.PREVIEWED
    on_a = Browser(two["a"].base_url).login("organiser", PASSWORD)
    status, body, _ = on_a.post(f"/imports/jobs/{job.pk}/confirm/", {})
    assert status in (200, 302), body[:1000]

    on_b = Browser(two["b"].base_url).login("organiser", PASSWORD)
    assert on_b.get(f"/imports/jobs/{job.pk}/progress/", headers={"HX-Request": "true"})[0] == 200
    wait_for(lambda: not ImportJob.objects.get(pk=job.pk).is_active, 60, "the import never finished")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.summary["new"]) == ("done", 1, 30)
    status, body, _ = on_b.get(f"/imports/jobs/{job.pk}/")
    assert status == 200
    assert "d.csv" in body

    # The same job delivered twice at once (a redelivery, a doubled sweep): one worker runs it, once.
    content = deputies_file("41708213842000", range(100, 105))
    again = create_import_job(kind_key="deputies", name="e.csv", content=content, user=organiser)
    ImportJob.objects.filter(pk=again.pk).update(status=ImportJob.Status.QUEUED)
    for _ in range(2):
        two["broker"].send_task("councils.tasks.run_import_job_task", args=[again.pk])
    wait_for(lambda: not ImportJob.objects.get(pk=again.pk).is_active, 60, "the second import never finished")
    again.refresh_from_db()
    assert (again.status, again.attempts) == ("done", 1)
    assert Deputy.objects.filter(last_name__startswith="Экиев", council__code="41708213842000").count() == 35
    assert Campaign.objects.count() == 1


def _sends(log: Path) -> list[str]:
    return re.findall(r"Sending due task (\S+)", log.read_text()) if log.exists() else []


def test_two_beats_send_each_periodic_task_once_and_the_standby_takes_over(two, transactional_db, tmp_path):
    beats = {}
    try:
        for name in ("first", "second"):
            log = tmp_path / f"{name}.log"
            with log.open("w") as out:
                process = processes.start(
                    [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel", "info",
                     "--pidfile", str(tmp_path / f"{name}.pid"), "--max-interval", "1"],
                    cwd=BASE_DIR, env=two["env"], stdout=out, stderr=subprocess.STDOUT,
                )  # fmt: skip
            beats[name] = (process, log)
        wait_for(lambda: any(len(_sends(log)) >= 3 for _, log in beats.values()), 60, "no beat sent any task")
        leader = max(beats, key=lambda name: len(_sends(beats[name][1])))
        standby = "second" if leader == "first" else "first"
        time.sleep(2)  # both beats had time to send; only one may have
        assert "stuck-imports" in _sends(beats[leader][1])
        assert _sends(beats[standby][1]) == []

        processes.kill(beats[leader][0])  # kill -9: the lease is left behind, and taken over
        wait_for(lambda: "stuck-imports" in _sends(beats[standby][1]), 60, "the standby beat never took over")
        assert beats[standby][0].poll() is None
    finally:
        for process, _log in beats.values():
            processes.stop(process)
