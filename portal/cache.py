"""Django's Redis cache, failing soft: an unreachable Redis is a cache miss, never a broken page.

The portal caches only what it can recompute or do without (import progress, figures). When Redis is
stopped or unreachable, reads answer the default, writes are dropped, and a warning is logged; for a
few seconds after a failure Redis is not even tried, so pages do not each wait for a connect timeout.
Redis answering again ends that pause by itself.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
PAUSE_SECONDS = 5.0


def _fail_soft(answer):
    """Wrap a cache method: when Redis cannot be reached, log and return `answer(*args, **kwargs)`."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._paused_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._paused_until = time.monotonic() + PAUSE_SECONDS
                logger.warning("Redis cache unreachable (%s); carrying on without the cache", exc)
                return answer(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _missing_key(key, *args, **kwargs):
    # What Django's caches raise for incr/decr on a key they do not hold.
    raise ValueError(f"Key '{key}' not found")


def _computed(key, default, *args, **kwargs):
    return default() if callable(default) else default


def _not_stored(keys, *args, **kwargs):
    return list(keys)


class FailSoftRedisCache(RedisCache):
    _paused_until = 0.0

    get = _fail_soft(_default)(RedisCache.get)
    set = _fail_soft(_nothing)(RedisCache.set)
    add = _fail_soft(_false)(RedisCache.add)
    touch = _fail_soft(_false)(RedisCache.touch)
    delete = _fail_soft(_false)(RedisCache.delete)
    has_key = _fail_soft(_false)(RedisCache.has_key)
    get_many = _fail_soft(_empty)(RedisCache.get_many)
    set_many = _fail_soft(_not_stored)(RedisCache.set_many)
    delete_many = _fail_soft(_nothing)(RedisCache.delete_many)
    incr = _fail_soft(_missing_key)(RedisCache.incr)
    decr = _fail_soft(_missing_key)(RedisCache.decr)
    get_or_set = _fail_soft(_computed)(RedisCache.get_or_set)
    clear = _fail_soft(_false)(RedisCache.clear)
