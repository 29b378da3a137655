"""`make backup` / `make restore` (scripts/backup.sh, scripts/restore.sh) round-trip a campaign exactly.

A small campaign is written to the test database, dumped with scripts/backup.sh, restored with
scripts/restore.sh into a scratch database, and the campaign's figures are read from both databases
by the same code (tests/ops/figures.py) and compared.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from assessments.services import save_score
from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InstrumentFactory,
    InvitationFactory,
    TrainingSessionFactory,
)

BASE_DIR = Path(__file__).resolve().parents[2]


def _url(name):
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def _admin(sql):
    connection = psycopg2.connect(_url("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def _run(command, database_url):
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180, check=True)


def _figures(database_url, code):
    output = _run([sys.executable, "-m", "tests.ops.figures", code], database_url).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture
def scratch_database():
    name = settings.DATABASES["default"]["NAME"] + "_restored"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    yield _url(name)
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def small_campaign(transactional_db, trainer):
    campaign = CampaignFactory(code="BACKUP-1")
    InstrumentFactory(campaign=campaign, max_score=20)
    session = TrainingSessionFactory(campaign=campaign, trainers=[trainer])
    other = TrainingSessionFactory(campaign=campaign, status="cancelled")
    for number in range(5):  # five matched pairs: past the small-cell rule, so every figure is defined
        deputy = DeputyFactory(last_name=f"Backupova{number}", gender="F" if number % 2 else "M")
        ElectionFactory(council=deputy.council, convocation=2021)
        InvitationFactory(session=session if number < 4 else other, council=deputy.council)
        enrolment = EnrolmentFactory(session=session, deputy=deputy)
        AttendanceFactory(enrolment=enrolment, day=1, present=True)
        AttendanceFactory(enrolment=enrolment, day=2, present=number != 4)
        save_score(enrolment=enrolment, phase="pre", score=str(8 + number), expected_version=0, user=trainer)
        save_score(enrolment=enrolment, phase="post", score=f"{14 + number},5", expected_version=0, user=trainer)
    return campaign


def test_a_restored_backup_gives_the_same_campaign_figures(small_campaign, scratch_database, tmp_path):
    source = _url(settings.DATABASES["default"]["NAME"])
    dump = tmp_path / "portal.dump"

    backup = _run(["scripts/backup.sh", str(dump)], source)
    restore = _run(["scripts/restore.sh", str(dump)], scratch_database)

    assert backup.stdout.strip() == f"Backup written to {dump}"
    assert restore.stdout.strip() == f"Restored {dump} into the database"
    original = _figures(source, small_campaign.code)
    assert (original["enrolments"], original["participants"], original["completed"]) == (5, 5, 4)
    assert len(original["results"]) == 10
    assert (original["statistics"]["matched"], original["statistics"]["small_cell"]) == (5, False)
    assert original["statistics"]["knowledge_growth_pct"] > 0
    assert _figures(scratch_database, small_campaign.code) == original


def test_restore_refuses_a_missing_file(scratch_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": scratch_database}
    result = subprocess.run(
        ["scripts/restore.sh", str(tmp_path / "nothing.dump")], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr.strip()) == (2, f"No such backup file: {tmp_path / 'nothing.dump'}")
