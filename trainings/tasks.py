"""Celery tasks of the trainings app: they take ids and call a service."""

from celery import shared_task

from .messaging.services import send_batch, sweep_stuck_batches


@shared_task(bind=True, acks_late=True)
def send_message_batch_task(self, batch_id: int) -> None:
    send_batch(batch_id, heartbeat=not self.request.is_eager)


@shared_task(name="trainings.sweep_stuck_message_batches")
def sweep_stuck_message_batches() -> int:
    """Batches whose worker died are queued again (or stopped after JOB_MAX_ATTEMPTS), by beat."""
    return sweep_stuck_batches()
