"""Celery tasks of the trainings app: they take ids and call a service."""

from celery import shared_task

from .messaging.services import send_batch, sweep_stuck_batches
from .planning.runs import run_plan

# The solver stops itself at the run's time limit (at most MAX_TIME_LIMIT of the form); these are the backstops.
PLAN_SOFT_TIME_LIMIT = 5 * 60
PLAN_TIME_LIMIT = 6 * 60


@shared_task(soft_time_limit=PLAN_SOFT_TIME_LIMIT, time_limit=PLAN_TIME_LIMIT)
def run_plan_task(run_id: int) -> None:
    run_plan(run_id)


@shared_task(bind=True, acks_late=True)
def send_message_batch_task(self, batch_id: int) -> None:
    send_batch(batch_id, heartbeat=not self.request.is_eager)


@shared_task(name="trainings.sweep_stuck_message_batches")
def sweep_stuck_message_batches() -> int:
    """Batches whose worker died are queued again (or stopped after JOB_MAX_ATTEMPTS), by beat."""
    return sweep_stuck_batches()
