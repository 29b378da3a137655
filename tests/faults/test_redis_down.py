"""Redis stopped under a running portal: people log in, read pages and save scores as before.

Redis is the Celery broker, the result store and the cache. Sessions, login throttling and all data
live in PostgreSQL; the cache fails soft (portal/cache.py); queueing a background import while the
broker is down gives the import back to confirm later, with a message, instead of an error page.
"""

import json
import logging

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError

from assessments.services import save_score
from tests.factories import EnrolmentFactory, InstrumentFactory
from tests.faults.conftest import query
from tests.faults.seed import PASSWORD
from tests.faults.services import Browser, Gunicorn, portal_env
from trainings.changes import campaign_data_changed

UNREACHABLE = "The background worker cannot be reached just now; nothing was imported. Confirm again later."


@pytest.fixture
def queueing_portal(private_postgres, private_redis):
    """The portal with every web import handed to the Celery worker (none runs: only queueing matters)."""
    _cluster, url, _ids = private_postgres
    env = {**portal_env(url, private_redis.url()), "IMPORT_ASYNC_ROWS": "0"}
    server = Gunicorn(env).start()
    yield server
    server.stop()


def _results_csv(council_code):
    return (
        "session_code,session_start,council_code,last_name,first_name,sex,birth_year,day1,day2,"
        "pre_score,post_score,max_score\n"
        f"R-9,2021-06-10,{council_code},Redisova,Aigul,F,1985,1,1,10,15,20\n"
    ).encode()


def _deputies_csv(council_code):
    return f"council_code,convocation,last_name,first_name,sex\n{council_code},2021,Queuedova,Aida,F\n".encode()


def _upload_both(organiser, ids):
    status, _body, headers = organiser.upload(
        "/imports/results/", {"options-campaign_code": "REDIS-1"}, "results.csv", _results_csv(ids["council"])
    )
    assert status == 302, _body[:2000]
    results_path = headers["Location"]
    status, _body, headers = organiser.upload("/imports/deputies/", {}, "deputies.csv", _deputies_csv(ids["council"]))
    assert status == 302
    return results_path, headers["Location"]


@pytest.mark.slow
def test_pages_logins_and_score_saves_keep_working_while_redis_is_down(
    private_postgres, private_redis, queueing_portal
):
    _cluster, url, ids = private_postgres
    session, enrolment = ids["session"], ids["enrolments"][1]
    trainer = Browser(queueing_portal.base_url).login("trainer", PASSWORD)
    organiser = Browser(queueing_portal.base_url).login("organiser", PASSWORD)
    results_path, job_path = _upload_both(organiser, ids)

    private_redis.stop()

    staff = Browser(queueing_portal.base_url).login("staff", PASSWORD)  # a login through the form
    pages = {
        path: staff.get(path)[0]
        for path in ("/", f"/campaigns/{ids['campaign']}/", f"/sessions/{session}/", f"/sessions/{session}/scores/")
    }
    assert pages == dict.fromkeys(pages, 200)
    assert trainer.get(f"/sessions/{session}/scores/")[0] == 200
    saved = trainer.post(f"/sessions/{session}/scores/{enrolment}/pre/", {"score": "14,5", "version": "0"},
                         headers={"HX-Request": "true"})  # fmt: skip
    assert saved[0] == 200
    assert query(url, "SELECT score FROM assessments_testresult WHERE enrolment_id = %s", [enrolment]) == [(14.5,)]
    health_status, health_body, _ = staff.get("/health/")
    assert (health_status, json.loads(health_body)["checks"]["redis"]["ok"]) == (503, False)

    # Imports queued for the worker cannot be handed over: they stay ready to confirm, with a message.
    assert organiser.post(results_path + "confirm/", {})[0] == 302
    assert UNREACHABLE in organiser.get(results_path)[1]
    assert organiser.post(job_path + "confirm/", {})[0] == 302
    job_page = organiser.get(job_path)
    assert (job_page[0], UNREACHABLE in job_page[1]) == (200, True)
    assert query(url, "SELECT kind, status FROM councils_importjob ORDER BY id") == [
        ("results", "previewed"),
        ("deputies", "previewed"),
    ]

    private_redis.start()  # the same port: Redis is back

    assert organiser.post(results_path + "confirm/", {})[0] == 302
    assert organiser.post(job_path + "confirm/", {})[0] == 302
    assert query(url, "SELECT kind, status FROM councils_importjob ORDER BY id") == [
        ("results", "queued"),
        ("deputies", "queued"),
    ]
    assert "Internal Server Error" not in queueing_portal.output()


@pytest.mark.django_db(transaction=True)
def test_a_failing_listener_of_campaign_changes_does_not_break_a_score_save(trainer, caplog):
    """The statistics listener queues a Celery task; with the broker down that raises — the save stands."""
    enrolment = EnrolmentFactory(session__trainers=[trainer])
    InstrumentFactory(campaign=enrolment.session.campaign, max_score=20)

    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    campaign_data_changed.connect(broker_down, dispatch_uid="test-broker-down")
    try:
        with caplog.at_level(logging.ERROR, logger="django.dispatch"):
            outcome = save_score(enrolment=enrolment, phase="pre", score="12", expected_version=0, user=trainer)
    finally:
        campaign_data_changed.disconnect(dispatch_uid="test-broker-down")

    assert outcome.status == "saved"
    assert transaction.get_autocommit()
    assert enrolment.results.get().score == 12
    logged = [record for record in caplog.records if record.name == "django.dispatch"]
    assert [record.levelname for record in logged] == ["ERROR"]
    assert "Connection refused" in logged[0].getMessage()
