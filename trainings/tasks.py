"""Celery tasks of the trainings app: they take ids and call a service."""

from celery import shared_task

from .planning.runs import run_plan

# The solver stops itself at the run's time limit (at most MAX_TIME_LIMIT of the form); these are the backstops.
PLAN_SOFT_TIME_LIMIT = 5 * 60
PLAN_TIME_LIMIT = 6 * 60


@shared_task(soft_time_limit=PLAN_SOFT_TIME_LIMIT, time_limit=PLAN_TIME_LIMIT)
def run_plan_task(run_id: int) -> None:
    run_plan(run_id)
