"""The whole-campaign results import (DESIGN §4 `import_results`), the "results" kind of the one import
pipeline (`councils.import_kinds`): `parse` checks a file into a preview, `write` writes it, `report`
counts what changed. The web pages, jobs and Celery task are the shared ones of `councils`.
"""

from django.db import transaction

from councils.services import ImportRefused, run_import
from fileformats.tables import FileRejected
from trainings.codes import validate_campaign_code

from .parse import ResultsImporter
from .report import ImportReport

KIND = "results"


def import_results(
    *, name, content, campaign_code, convocation=None, dry_run=False, skip_invalid=False, check_only=False,
    user=None, progress=None,
) -> ImportReport:  # fmt: skip
    """Check and (unless dry_run, or when rows are invalid and not skip_invalid) import a results file.

    `dry_run` goes through the whole import and rolls it back (exact counts); `check_only` only checks
    the rows. Raises FileRejected when the file cannot be used at all, and ValidationError for a campaign
    code that is not a valid code.
    """
    validate_campaign_code(campaign_code)
    options = {"campaign_code": campaign_code, "convocation": convocation, "skip_invalid": skip_invalid}
    if check_only:
        preview = ResultsImporter(options).preview(name, content)
    else:
        try:
            with transaction.atomic():
                preview = run_import(KIND, name, content, user=user, options=options, progress=progress)
                preview.report.written = not dry_run
                transaction.set_rollback(dry_run)
        except ImportRefused as refused:
            preview = refused.preview
    if preview.file_error:
        raise FileRejected(preview.file_error)
    preview.report.dry_run = dry_run or check_only
    return preview.report


__all__ = ["KIND", "ImportReport", "ResultsImporter", "import_results"]
