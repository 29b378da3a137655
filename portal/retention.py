"""Uploaded import files are kept only as long as an import needs them (`UPLOAD_RETENTION_DAYS`).

After that the file's bytes are cleared from refused, finished and failed imports; an upload that was
checked but never confirmed is closed as failed, since it can no longer be imported. What the import
did stays: who uploaded which file name when, its counts, errors and messages. Queued and running
imports keep their file whatever their age: a worker may still need it.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from councils.models import ImportJob


def expired_message() -> str:
    days = settings.UPLOAD_RETENTION_DAYS
    return ngettext(
        "The file was not imported within %(days)s day and has been deleted; upload it again.",
        "The file was not imported within %(days)s days and has been deleted; upload it again.",
        days,
    ) % {"days": days}


def clear_old_uploads(now=None) -> int:
    """Clear the files of imports uploaded before the retention period; returns how many were cleared."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UPLOAD_RETENTION_DAYS)
    old_jobs = ImportJob.objects.filter(created_at__lt=cutoff).exclude(content=b"")
    cleared = old_jobs.filter(status=ImportJob.Status.PREVIEWED).update(
        content=b"", status=ImportJob.Status.FAILED, message=expired_message(), finished_at=now
    )
    ended = (ImportJob.Status.INVALID, ImportJob.Status.DONE, ImportJob.Status.FAILED)
    cleared += old_jobs.filter(status__in=ended).update(content=b"")
    return cleared
