"""Two people save the same score at the same moment: one wins, the other is told — nothing is lost.

Both requests read version 1 and pass their checks before either writes: a row lock taken by the test
holds both at the conditional UPDATE (`... WHERE version = 1`) until it is released. The first to get
the row writes version 2; the other's UPDATE then matches no row and it answers a conflict showing
both values. Keeping one's own value afterwards is a new, recorded change.
"""

import threading
from decimal import Decimal

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from assessments.models import TestResult
from assessments.services import save_score
from tests.factories import EnrolmentFactory, InstrumentFactory
from tests.faults.services import Browser, wait_for

PASSWORD = "secret-pass-123"  # the personas' password (tests/conftest.py)


def _database_url():
    db = settings.DATABASES["default"]
    return f"host={db['HOST']} port={db['PORT']} user={db['USER']} dbname={db['NAME']}"


def _waiting_on_a_lock(monitor) -> int:
    # `monitor` is in autocommit: inside a transaction pg_stat_activity would be a frozen snapshot.
    with monitor.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_score_lose_nothing(live_server, trainer, organiser):
    enrolment = EnrolmentFactory(session__trainers=[trainer])
    InstrumentFactory(campaign=enrolment.session.campaign, max_score=20)
    save_score(enrolment=enrolment, phase="pre", score="10", expected_version=0, user=organiser)
    url = f"/sessions/{enrolment.session_id}/scores/{enrolment.pk}/pre/"
    people = {"trainer": Browser(live_server.url), "organiser": Browser(live_server.url)}
    for username, browser in people.items():
        browser.login(username, PASSWORD)
    typed = {"trainer": "15", "organiser": "17"}
    answers = {}

    def save(username):
        answers[username] = people[username].post(
            url, {"score": typed[username], "version": "1"}, headers={"HX-Request": "true"}
        )

    locker, monitor = psycopg2.connect(_database_url()), psycopg2.connect(_database_url())
    monitor.autocommit = True
    try:
        with locker.cursor() as cursor:
            cursor.execute("SELECT id FROM assessments_testresult WHERE enrolment_id = %s FOR UPDATE", [enrolment.pk])
        threads = [threading.Thread(target=save, args=[username]) for username in typed]
        for thread in threads:
            thread.start()
        wait_for(lambda: _waiting_on_a_lock(monitor) == 2, 20, "both saves should wait for the row")
        locker.rollback()  # release the row: both UPDATEs now race for it
        for thread in threads:
            thread.join(timeout=20)
    finally:
        locker.close()
        monitor.close()

    result = TestResult.objects.get(enrolment=enrolment, phase="pre")
    winner = "trainer" if result.score == Decimal(typed["trainer"]) else "organiser"
    loser = "organiser" if winner == "trainer" else "trainer"
    assert (result.version, result.entered_by.username) == (2, winner)
    assert {name: status for name, (status, _body, _headers) in answers.items()} == {"trainer": 200, "organiser": 200}
    assert "Keep mine" not in answers[winner][1]
    assert "Keep mine" in answers[loser][1]
    assert f"Yours: {typed[loser]}." in answers[loser][1]

    # The loser keeps their value: a save from the version they were shown.
    kept = people[loser].post(url, {"score": typed[loser], "version": "2"}, headers={"HX-Request": "true"})
    assert (kept[0], "Keep mine" in kept[1]) == (200, False)
    history = TestResult.history.filter(id=result.pk).order_by("history_date")
    assert [(h.score, h.version, h.history_user.username) for h in history] == [
        (Decimal("10.00"), 1, "organiser"),
        (Decimal(typed[winner]), 2, winner),
        (Decimal(typed[loser]), 3, loser),
    ]
    connection.close()
