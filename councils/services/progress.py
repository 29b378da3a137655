"""How far a running import has got, for every kind of import job: one mechanism for the progress bars.

The process running the import writes (done, total) to the cache; the page polling the job reads it.
The cache fails soft (portal/cache.py): without it the bar shows no progress, the import is unaffected.
"""

from django.core.cache import cache

KEEP_SECONDS = 24 * 3600


def _key(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}:progress"


def record(model, pk, done: int, total: int) -> None:
    cache.set(_key(model, pk), (done, total), KEEP_SECONDS)


def read(model, pk) -> tuple[int, int]:
    """(done, total) of a running job; (0, 0) before its first report."""
    done, total = cache.get(_key(model, pk), (0, 0))
    return done, total


def reporter(model, pk):
    """A `progress(done, total)` callback recording the job's progress."""
    return lambda done, total: record(model, pk, done, total)
