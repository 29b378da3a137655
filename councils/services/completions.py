"""Writing a checked file of online-course completions (`completions_import`)."""

from ..importers import NEW, UPDATED
from ..models import CourseCompletion, ImportJob


def apply_course_completions(preview, *, user=None, options=None, progress=None) -> None:
    """Create the new completions and update the grades of a valid preview; each new one remembers its
    import job. Re-importing a file finds its rows unchanged and writes nothing."""
    options = options or {}
    job_id = options.get("import_job_id")
    if job_id is not None and not ImportJob.objects.filter(pk=job_id).exists():
        job_id = None
    new = [outcome for outcome in preview.rows if outcome.status == NEW]
    updated = [outcome for outcome in preview.rows if outcome.status == UPDATED]
    total = len(new) + len(updated)
    if progress:
        progress(0, total)
    CourseCompletion.objects.bulk_create(
        [CourseCompletion(**outcome.values, source_job_id=job_id) for outcome in new], batch_size=1000
    )
    instances = CourseCompletion.objects.in_bulk([outcome.instance_id for outcome in updated])
    for outcome in updated:
        instances[outcome.instance_id].grade = outcome.values["grade"]
    CourseCompletion.objects.bulk_update(list(instances.values()), ["grade"], batch_size=1000)
    if progress:
        progress(total, total)
