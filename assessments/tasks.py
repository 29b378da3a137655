"""Celery tasks of the assessments part: they unwrap ids and call a service."""

from celery import shared_task


@shared_task(bind=True)
def run_results_import(self, import_id):
    """Import a previewed results file (large files), reporting progress in the task's state."""
    from .uploads import run_import

    def progress(percent, stage):
        if not self.request.called_directly and self.request.id:
            self.update_state(state="PROGRESS", meta={"percent": percent, "stage": stage})

    run_import(import_id, progress=progress)
