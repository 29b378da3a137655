"""A fixed-window rate limit on the cache, for pages open without an account (self-test, verification).

`allow("selftest", device_key, limit=30, window=60)` counts one hit and answers whether it is within the
limit. The count lives in the default cache (Redis in production, shared by every process); with the cache
unreachable the limit is not enforced rather than locking everyone out.
"""

from django.core.cache import cache

from .proxy import client_address


def client_key(request) -> str:
    """The caller as the limit sees it: the client address (behind the proxy, see `portal.proxy`)."""
    return client_address(request) or "unknown"


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit of `key` in `scope`; False once more than `limit` hits came within `window` seconds."""
    cache_key = f"ratelimit:{scope}:{key}"
    # add() only sets a missing key, so the window starts at the first hit and is not extended by later ones.
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit
