"""The data migration that made every ResultsImport an ImportJob of the "results" kind
(assessments/migrations/0004): run on real rows of the old table, in each status the old page knew."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The state just before the move, and the move itself.
BEFORE = [("assessments", "0003_job_heartbeat"), ("councils", "0004_job_heartbeat")]
AFTER = [("assessments", "0004_results_imports_become_import_jobs"), ("councils", "0004_job_heartbeat")]

UPLOADED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
BEAT = dt.datetime(2026, 3, 2, 9, 31, tzinfo=dt.UTC)
ROW_ERROR = [4, "post_score", "30 is above the maximum score 20."]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db):
    """The database as it was before 0004; migrated to the latest state again afterwards."""
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def report(rows, valid, errors=(), **extra):
    created = {"deputies": valid, "results": 2 * valid}
    return {"rows": rows, "valid_rows": valid, "errors": list(errors), "created": created, "updated": {},
            "dry_run": True, "written": False, **extra}  # fmt: skip


def old_imports(apps):
    """ResultsImport rows in every status (and flavour of status) the old pages knew, by a short name."""
    user = apps.get_model("portal", "User").objects.create(username="organiser")
    results_import = apps.get_model("assessments", "ResultsImport")
    rows = {
        "ready": dict(status="previewed", report=report(3, 3)),
        "invalid": dict(status="previewed", report=report(3, 2, [ROW_ERROR])),
        "skipping": dict(status="previewed", skip_invalid=True, report=report(3, 2, [ROW_ERROR])),
        "queued": dict(status="running", task_id="t-1", report=report(3, 3)),
        "running": dict(status="running", task_id="t-2", heartbeat_at=BEAT, attempts=1, report=report(3, 3)),
        "done": dict(status="done", report={**report(3, 3), "dry_run": False, "written": True}),
        "failed": dict(status="failed", attempts=3, report=report(3, 3, failure="The import failed unexpectedly.")),
    }
    made = {}
    for name, fields in rows.items():
        made[name] = results_import.objects.create(
            created_by=user, campaign_code="VOICE-2021", convocation=2021, file_name=f"{name}.csv",
            content=f"rows of {name}".encode(), row_count=3, **fields,
        )  # fmt: skip
    results_import.objects.update(created_at=UPLOADED)  # auto_now_add: set after the fact
    return user, made


def test_every_results_import_becomes_a_results_job(before_the_move):
    user, old = old_imports(before_the_move)
    import_job = migrate(AFTER).get_model("councils", "ImportJob")

    jobs = {job.options["legacy_results_import_id"]: job for job in import_job.objects.all()}
    assert sorted(jobs) == sorted(row.pk for row in old.values())
    job = {name: jobs[row.pk] for name, row in old.items()}
    assert {name: j.status for name, j in job.items()} == {
        "ready": "previewed", "invalid": "invalid", "skipping": "previewed", "queued": "queued",
        "running": "running", "done": "done", "failed": "failed",
    }  # fmt: skip
    assert {j.kind for j in jobs.values()} == {"results"}
    for name, j in job.items():
        assert (bytes(j.content), j.original_name, j.total_rows) == (f"rows of {name}".encode(), f"{name}.csv", 3)
        assert (j.created_by_id, j.created_at) == (user.pk, UPLOADED)
    assert job["skipping"].options == {
        "campaign_code": "VOICE-2021", "convocation": 2021, "skip_invalid": True,
        "legacy_results_import_id": old["skipping"].pk,
    }  # fmt: skip

    # The counts become the job's summary, with the refused rows under "error"; the errors go to the preview.
    assert job["invalid"].summary == {
        "rows": 3, "valid_rows": 2, "created": {"deputies": 2, "results": 4}, "updated": {},
        "dry_run": True, "written": False, "error": 1,
    }  # fmt: skip
    assert job["invalid"].preview == {
        "file_error": "", "rows": [], "truncated": False,
        "errors": [{"row": 4, "column": "post_score", "message": "30 is above the maximum score 20."}],
    }  # fmt: skip
    assert (job["ready"].summary["error"], job["ready"].preview["errors"]) == (0, [])

    # Finished imports are finished when they were uploaded (the old table kept no end); others are not.
    assert {name: j.finished_at for name, j in job.items() if j.finished_at} == {"done": UPLOADED, "failed": UPLOADED}
    assert (job["failed"].message, job["failed"].attempts) == ("The import failed unexpectedly.", 3)
    assert "failure" not in job["failed"].summary
    assert (job["running"].heartbeat_at, job["running"].attempts) == (BEAT, 1)
    assert job["queued"].heartbeat_at is None
