"""Plan runs: an organiser's request becomes a PlanRun solved by a Celery task (in the request on the embedded
default), with its progress in the cache like the import jobs' (councils.services.progress)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from councils.services import progress

from ..models import PlanRun
from .inputs import PlanInputs
from .solve import solve

logger = logging.getLogger(__name__)


def start_run(*, campaign, inputs: PlanInputs, form_data: dict, warnings=(), user=None) -> PlanRun:
    run = PlanRun.objects.create(
        campaign=campaign, inputs=inputs.to_json(), form_data=form_data, messages=list(warnings), created_by=user
    )
    transaction.on_commit(lambda: _queue(run.pk))
    return run


def _queue(run_id: int) -> None:
    from ..tasks import run_plan_task

    try:
        run_plan_task.delay(run_id)
    except (OperationalError, OSError):
        logger.exception("could not queue plan run %s", run_id)
        PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).update(
            status=PlanRun.Status.FAILED,
            messages=[_("The background worker cannot be reached just now; nothing was planned. Try again later.")],
        )


def run_progress(run: PlanRun) -> tuple[int, int]:
    """(seconds solved, seconds allowed) of a running plan run."""
    return progress.read(PlanRun, run.pk)


def run_plan(run_id: int) -> None:
    claimed = PlanRun.objects.filter(pk=run_id, status=PlanRun.Status.QUEUED).update(
        status=PlanRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = PlanRun.objects.get(pk=run_id)

    def report(elapsed, limit, _sessions):
        progress.record(PlanRun, run_id, int(elapsed), int(limit))

    try:
        plan = solve(PlanInputs.from_json(run.inputs), progress=report)
    except Exception:
        PlanRun.objects.filter(pk=run_id).update(
            status=PlanRun.Status.FAILED,
            finished_at=timezone.now(),
            messages=[*run.messages, _("Planning failed unexpectedly; nothing was changed.")],
        )
        raise
    status = PlanRun.Status.FAILED if plan.status == "refused" else PlanRun.Status.DONE
    PlanRun.objects.filter(pk=run_id).update(
        status=status, plan=plan.to_json(), messages=[*run.messages, *plan.messages], finished_at=timezone.now()
    )
