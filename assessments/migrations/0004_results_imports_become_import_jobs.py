"""Results imports become import jobs of the "results" kind (one job model for every import).

Each ResultsImport is copied into councils.ImportJob, keeping its id in the job's options as
`legacy_results_import_id`, so that the old /results/import/<id>/ addresses redirect to the job.
"""

from django.db import migrations

# ResultsImport status → ImportJob status. A running import without a heartbeat was only queued.
DONE, FAILED, PREVIEWED, INVALID, QUEUED, RUNNING = "done", "failed", "previewed", "invalid", "queued", "running"


def _job_status(results_import, report):
    if results_import.status == "previewed":
        confirmable = report.get("valid_rows", 0) > 0 and (results_import.skip_invalid or not report.get("errors"))
        return PREVIEWED if confirmable else INVALID
    if results_import.status == "running":
        return RUNNING if results_import.heartbeat_at else QUEUED
    return DONE if results_import.status == "done" else FAILED


def copy_results_imports(apps, schema_editor):
    ResultsImport = apps.get_model("assessments", "ResultsImport")
    ImportJob = apps.get_model("councils", "ImportJob")
    for results_import in ResultsImport.objects.order_by("pk").iterator():
        report = dict(results_import.report or {})
        errors = report.pop("errors", [])
        failure = report.pop("failure", "")
        status = _job_status(results_import, {**report, "errors": errors})
        job = ImportJob.objects.create(
            kind="results",
            content=bytes(results_import.content),
            original_name=results_import.file_name,
            options={
                "campaign_code": results_import.campaign_code,
                "convocation": results_import.convocation,
                "skip_invalid": results_import.skip_invalid,
                "legacy_results_import_id": results_import.pk,
            },
            status=status,
            total_rows=results_import.row_count,
            summary={**report, "error": report.get("rows", 0) - report.get("valid_rows", 0)},
            preview={
                "file_error": "",
                "rows": [],
                "errors": [{"row": row, "column": column, "message": message} for row, column, message in errors],
                "truncated": False,
            },
            message=failure,
            created_by_id=results_import.created_by_id,
            heartbeat_at=results_import.heartbeat_at,
            attempts=results_import.attempts,
        )
        ended = results_import.created_at if status in (DONE, FAILED) else None
        ImportJob.objects.filter(pk=job.pk).update(created_at=results_import.created_at, finished_at=ended)


def copy_jobs_back(apps, schema_editor):
    """Undo: the results jobs that came from ResultsImport rows are given back to that table."""
    ResultsImport = apps.get_model("assessments", "ResultsImport")
    ImportJob = apps.get_model("councils", "ImportJob")
    back = {DONE: "done", FAILED: "failed", PREVIEWED: "previewed", INVALID: "previewed"}
    for job in ImportJob.objects.filter(kind="results", options__has_key="legacy_results_import_id"):
        summary = {key: value for key, value in job.summary.items() if key != "error"}
        errors = [[error["row"], error["column"], error["message"]] for error in job.preview.get("errors", [])]
        ResultsImport.objects.create(
            pk=job.options["legacy_results_import_id"],
            created_by_id=job.created_by_id,
            campaign_code=job.options.get("campaign_code", ""),
            convocation=job.options.get("convocation"),
            skip_invalid=job.options.get("skip_invalid", False),
            file_name=job.original_name,
            content=bytes(job.content),
            row_count=job.total_rows,
            status=back.get(job.status, "running"),
            report={**summary, "errors": errors, **({"failure": job.message} if job.message else {})},
        )
        job.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_job_heartbeat"),
        ("councils", "0004_job_heartbeat"),
    ]

    operations = [
        migrations.RunPython(copy_results_imports, copy_jobs_back),
        migrations.DeleteModel(name="ResultsImport"),
    ]
