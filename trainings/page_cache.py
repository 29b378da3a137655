"""The campaign page's heavy parts (progress against the target, scheduling conflicts), cached while
nothing they read has changed.

At 100 000 participants they take most of a second to compute; the page is opened far more often than
the data changes. The cache key is the state of everything they read, taken in one query: every
campaign's `data_version` (bumped by each service that changes sessions, invitations, enrolments,
attendance, targets or a venue's capacity — see `changes.mark_campaign_changed`), plus the tables that
change without a campaign of their own: trainers' unavailable days, elections and the register. Conflicts
involve other campaigns' sessions, so any campaign's change is a new state; the language is part of the key
because conflict messages are translated when computed. A change made around the services (the admin site)
shows after `CAMPAIGN_PAGE_CACHE_SECONDS` at the latest; 0 turns the cache off (the test settings do, since
test data is made with factories that bump no version).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

STATE_SQL = """
SELECT
  (SELECT COALESCE(SUM(data_version), 0) || '.' || COUNT(*) || '.' || COALESCE(MAX(id), 0)
     FROM trainings_campaign),
  (SELECT COUNT(*) || '.' || COALESCE(MAX(id), 0) FROM trainings_trainerunavailability),
  (SELECT COUNT(*) || '.' || COALESCE(MAX(id), 0) FROM councils_election),
  (SELECT COUNT(*) || '.' || COALESCE(MAX(id), 0) FROM councils_deputy)
"""


def planning_state() -> str:
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        return ":".join(str(part) for part in cursor.fetchone())


def cached_part(name: str, campaign, state: str, compute):
    """`compute()` for this campaign, reused while `state` (see `planning_state`) is the same."""
    if not settings.CAMPAIGN_PAGE_CACHE_SECONDS:
        return compute()
    key = f"campaign-page:{name}:{campaign.pk}:{get_language()}:{state}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.CAMPAIGN_PAGE_CACHE_SECONDS)
    return value


@dataclass
class Reused:
    value: object
    computed_at: datetime
    current: bool  # computed for the state asked for, not an earlier one


def reused_part(name: str, campaign, state: str, compute, reuse_seconds: int) -> Reused:
    """`compute()` for this campaign and `state`; while the state keeps changing, the value computed for an
    earlier state is reused for `reuse_seconds` after it was computed, so that a stream of saves costs one
    computation per `reuse_seconds` rather than one per view."""
    now = timezone.now()
    if not settings.CAMPAIGN_PAGE_CACHE_SECONDS:
        return Reused(compute(), now, True)
    key = f"campaign-page:{name}:{campaign.pk}:{get_language()}"
    kept = cache.get(key)  # (state, computed at, value)
    if kept is not None:
        kept_state, computed_at, value = kept
        if kept_state == state or (now - computed_at).total_seconds() < reuse_seconds:
            return Reused(value, computed_at, kept_state == state)
    value = compute()
    cache.set(key, (state, now, value), settings.CAMPAIGN_PAGE_CACHE_SECONDS)
    return Reused(value, now, True)
