"""Celery beat that stays single when doubled: only the beat holding a lease in Redis sends periodic tasks.

Beat runs as a process of its own (README, Production). Two of them — a second machine, a restarted
container next to one that never stopped, `make demo` beside a service — would each send every periodic
task, so each would run twice. The tasks are written to be harmless when doubled (a recompute stores a
snapshot only when it is newer, a swept import is claimed by one worker only, clearing old uploads twice
clears nothing more), but the nightly recompute would still cost twice. With `LeaderScheduler` (the
CELERY_BEAT_SCHEDULER) a beat sends tasks only while it holds the lease `celery-beat:leader` in Redis, renewed
on every tick (at most every 5 s) for BEAT_LEASE_SECONDS; any other beat stands by and takes over when the
lease expires (its holder was killed) or is released (its holder stopped). A lease left by a dead beat on
this same machine is taken over at once. docs/scaling.md, tests/ops/test_two_of_everything.py.
"""

import contextlib
import datetime
import logging
import os
import socket
import uuid

import redis
from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LEASE_KEY = "celery-beat:leader"

# Renew the lease when we hold it (or take it when free): 1 when we hold it afterwards, else 0.
_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('expire', KEYS[1], ARGV[2])
  return 1
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return 1
end
return 0
"""
# Delete the key only when it still holds the given value.
_DELETE_IF = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


def lease_seconds() -> int:
    return int(getattr(settings, "BEAT_LEASE_SECONDS", 30))


def _dead_local_holder(holder: str) -> bool:
    """Whether the lease was left by a beat of this machine whose process is gone (a crash, kill -9)."""
    try:
        host, pid, _token = holder.split("|", 2)
        pid = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname():
        return False
    if pid == os.getpid():  # a restarted container may give us the pid of the dead beat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class LeaderScheduler(DatabaseScheduler):
    """django-celery-beat's DatabaseScheduler, sending tasks only while it holds the beat lease."""

    def __init__(self, *args, **kwargs):
        self.identity = f"{socket.gethostname()}|{os.getpid()}|{uuid.uuid4().hex}"
        self.leading = False
        # Without Redis (the embedded default) tasks run in process and there is no beat to double.
        self._redis = (
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
            if settings.REDIS_URL
            else None
        )
        super().__init__(*args, **kwargs)

    def hold_lease(self) -> bool:
        """Take or renew the lease; False while another beat holds it or Redis cannot be reached."""
        if self._redis is None:
            return True
        try:
            held = bool(self._redis.eval(_RENEW, 1, LEASE_KEY, self.identity, lease_seconds()))
            if not held:
                holder = (self._redis.get(LEASE_KEY) or b"").decode()
                if holder and _dead_local_holder(holder):
                    self._redis.eval(_DELETE_IF, 1, LEASE_KEY, holder)
                    held = bool(self._redis.eval(_RENEW, 1, LEASE_KEY, self.identity, lease_seconds()))
        except redis.RedisError:
            logger.warning("beat: Redis unreachable, no periodic task is sent meanwhile", exc_info=True)
            held = False
        if held and not self.leading:
            logger.warning("beat: this beat (%s) now sends the periodic tasks", self.identity)
            # Read the schedule again: the previous leader recorded when each task last ran.
            self._last_full_sync = datetime.datetime.min  # noqa: DTZ901 (the library compares naive times)
        elif self.leading and not held:
            logger.warning("beat: another beat holds the lease; this one stands by")
        self.leading = held
        return held

    def tick(self, *args, **kwargs):
        if not self.hold_lease():
            return min(self.max_interval, lease_seconds() / 3)
        return min(super().tick(*args, **kwargs), lease_seconds() / 3)

    def close(self):
        try:
            super().close()
        finally:
            if self.leading and self._redis is not None:
                with contextlib.suppress(redis.RedisError):
                    self._redis.eval(_DELETE_IF, 1, LEASE_KEY, self.identity)
                self.leading = False
