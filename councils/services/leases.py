"""Background jobs that recover from a killed worker.

A running job's row carries `heartbeat_at`, touched every few seconds by the process that runs it, and
`attempts`. A job whose heartbeat is older than JOB_STALE_SECONDS has lost its worker (kill -9, a machine
gone, a hard time limit): the next delivery of its task, or the beat sweep, runs it again. That is safe
because an import writes everything, its final status included, in one transaction. Claims are
conditional UPDATEs, so two deliveries never run one job at once.
"""

import logging
import threading
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

CLAIMED, EXHAUSTED = "claimed", "exhausted"


def stale_seconds() -> float:
    return settings.JOB_STALE_SECONDS


def max_attempts() -> int:
    return settings.JOB_MAX_ATTEMPTS


def _stale(model) -> Q:
    cutoff = timezone.now() - timedelta(seconds=stale_seconds())
    return Q(status=model.Status.RUNNING, heartbeat_at__lt=cutoff)


def stale_running(model):
    """Jobs marked running whose process has not been heard of for JOB_STALE_SECONDS."""
    return model.objects.filter(_stale(model))


def claim(model, pk, startable: Q) -> str | None:
    """Take job `pk` for this process if `startable` matches it or it is running with a stale heartbeat.

    Returns CLAIMED, EXHAUSTED (stale but out of attempts: the caller marks it failed) or None (someone
    else is running it, or it is finished).
    """
    stale = _stale(model)
    taken = (
        model.objects.filter(startable | stale, pk=pk, attempts__lt=max_attempts())
        .update(status=model.Status.RUNNING, heartbeat_at=timezone.now(), attempts=F("attempts") + 1)
    )  # fmt: skip
    if taken:
        return CLAIMED
    return EXHAUSTED if model.objects.filter(stale, pk=pk).exists() else None


@contextmanager
def heartbeat(model, pk):
    """While the block runs, touch the job's heartbeat from a thread with a database connection of its own
    (the import's transaction must not hold it back). Leave the block only after that transaction ended."""
    stop = threading.Event()
    interval = max(stale_seconds() / 4, 0.2)

    def beat():
        try:
            while not stop.wait(interval):
                try:
                    model.objects.filter(pk=pk, status=model.Status.RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:
                    logger.warning("could not record the heartbeat of %s %s", model.__name__, pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def sweep(model, *, requeue, give_up) -> int:
    """Beat: queue again (`requeue(pk)`) every running job of `model` whose worker died, or `give_up(pk)`
    when it is out of attempts. Returns how many jobs it handled."""
    count = 0
    for pk, attempts in stale_running(model).values_list("pk", "attempts"):
        if attempts >= max_attempts():
            give_up(pk)
        else:
            logger.warning("%s %s lost its worker; queued again", model.__name__, pk)
            requeue(pk)
        count += 1
    return count
