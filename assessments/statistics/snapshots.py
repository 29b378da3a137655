"""Statistics snapshots: computing and storing them, scheduling recomputes, reading them with their freshness.

A snapshot row holds one scope of one campaign (DESIGN §3) and the campaign's `data_version` it was
computed from. `trainings.changes.mark_campaign_changed` bumps that version inside every transaction
that changes enrolments, attendance or scores and, after commit, sends `campaign_data_changed`;
`schedule_recompute` answers it with one debounced Celery task per campaign. Pages compare versions to
say "up to date", "recomputing" or "stale" (`get_campaign_stats`).
"""

import contextlib
import gc
import hashlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone

from trainings.models import Campaign

from ..models import StatsSnapshot
from .breakdowns import CAMPAIGN, LIST_SCOPES, SCOPES, build_payloads, expand
from .figures import SUMMARY_KEYS
from .labels import add_labels
from .loader import load_dataset

logger = logging.getLogger(__name__)

UP_TO_DATE, RECOMPUTING, STALE = "up_to_date", "recomputing", "stale"
PENDING_KEY = "stats:pending:{}"  # a recompute is scheduled (set with SET NX EX: the debounce)
RUNNING_KEY = "stats:running:{}"  # a recompute is running
RUNS_KEY = "stats:runs:{}"  # how many scheduled recomputes ran (an operational counter)


def _debounce_seconds() -> float:
    return float(getattr(settings, "STATS_DEBOUNCE_SECONDS", 1.0))


# --- computing and storing -----------------------------------------------------------------------------


@contextlib.contextmanager
def _consistent_read():
    """Read the data versions and the data in one snapshot of the database (REPEATABLE READ on PostgreSQL),
    so a snapshot never claims a version its data does not include."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        yield


def _unpack(scope, stored):
    return expand(stored) if scope in LIST_SCOPES else stored


def store_snapshots(campaign_id: int, data_version: int, payloads: dict, *, force: bool = False) -> bool:
    """Replace the campaign's snapshots with `payloads` (scope → payload) computed from `data_version`, in one
    transaction; only when that version is newer than the stored one (or equal, with force). Returns
    whether anything was written."""
    return store_many([(campaign_id, data_version, payloads)], force=force)[campaign_id]


def store_many(computed: list, *, force: bool = False) -> dict:
    """`store_snapshots` for several campaigns [(id, data version, payloads)] in one transaction.

    Each payload is serialised once (compact JSON) and its digest compared with the stored one: a scope whose
    payload did not change only gets the new data version and time (its stored JSON is not sent again); the
    others are written with one multi-row upsert per batch."""
    now = timezone.now()
    ids = sorted(campaign_id for campaign_id, _, _ in computed)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialise writers of a campaign without locking the campaign row that every save updates.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(4171, id) FROM unnest(%s::int[]) AS id", [ids])
        current = dict(
            StatsSnapshot.objects.filter(campaign_id__in=ids, scope=CAMPAIGN).values_list("campaign_id", "data_version")
        )
        written = {}
        for campaign_id, data_version, _payloads in computed:
            stored = current.get(campaign_id)
            written[campaign_id] = stored is None or data_version > stored or (force and data_version == stored)
        to_write = [pk for pk, done in written.items() if done]
        if not to_write:
            return written
        digests = {
            (campaign_id, scope): digest
            for campaign_id, scope, digest in StatsSnapshot.objects.filter(campaign_id__in=to_write).values_list(
                "campaign_id", "scope", "payload_digest"
            )
        }
        changed, unchanged = [], []
        for campaign_id, data_version, payloads in computed:
            if not written[campaign_id]:
                continue
            for scope, payload in payloads.items():
                text = encode_payload(payload)
                digest = hashlib.blake2b(text, digest_size=16).hexdigest()
                if digests.get((campaign_id, scope)) == digest:
                    unchanged.append((campaign_id, scope, data_version))
                else:
                    changed.append((campaign_id, scope, data_version, text, digest, payload))
        _write_changed(changed, now)
        _move_unchanged(unchanged, now)
        _delete_other_scopes(to_write, SCOPES)
    return written


def encode_payload(payload) -> bytes:
    """A payload as compact JSON (no spaces: the bytes sent to the database and hashed)."""
    return orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)


# Snapshot rows per INSERT statement (a campaign's 14 scopes are ≈ 230 KB of JSON).
WRITE_BATCH = 200


def _write_changed(rows, now):
    if not rows:
        return
    if connection.vendor != "postgresql":
        StatsSnapshot.objects.bulk_create(
            [
                StatsSnapshot(campaign_id=campaign_id, scope=scope, data_version=data_version, computed_at=now,
                              payload=payload, payload_digest=digest)
                for campaign_id, scope, data_version, _text, digest, payload in rows
            ],
            update_conflicts=True,
            unique_fields=["campaign", "scope"],
            update_fields=["data_version", "computed_at", "payload", "payload_digest"],
            batch_size=WRITE_BATCH,
        )  # fmt: skip
        return
    from psycopg2.extras import execute_values

    table = StatsSnapshot._meta.db_table
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,  # psycopg2's own cursor: execute_values builds the VALUES list with it
            f"INSERT INTO {table} (campaign_id, scope, data_version, computed_at, payload, payload_digest) "
            "VALUES %s ON CONFLICT (campaign_id, scope) DO UPDATE SET data_version = EXCLUDED.data_version, "
            "computed_at = EXCLUDED.computed_at, payload = EXCLUDED.payload, payload_digest = EXCLUDED.payload_digest",
            [(campaign_id, scope, data_version, now, text.decode(), digest)
             for campaign_id, scope, data_version, text, digest, _payload in rows],
            template="(%s, %s, %s, %s, %s::jsonb, %s)",
            page_size=WRITE_BATCH,
        )  # fmt: skip


def _move_unchanged(rows, now):
    """The new data version and time on snapshots whose payload is unchanged (one statement)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for campaign_id, scope, data_version in rows:
            StatsSnapshot.objects.filter(campaign_id=campaign_id, scope=scope).update(
                data_version=data_version, computed_at=now
            )
        return
    campaign_ids, scopes, versions = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {StatsSnapshot._meta.db_table} AS snapshot SET data_version = new.data_version, computed_at = %s "
            "FROM unnest(%s::bigint[], %s::text[], %s::bigint[]) AS new(campaign_id, scope, data_version) "
            "WHERE snapshot.campaign_id = new.campaign_id AND snapshot.scope = new.scope",
            [now, campaign_ids, scopes, versions],
        )


def _delete_other_scopes(campaign_ids, scopes):
    StatsSnapshot.objects.filter(campaign_id__in=campaign_ids).exclude(scope__in=scopes).delete()


def recompute(campaign_ids=None, *, force: bool = False) -> dict:
    """Compute and store the snapshots of these campaigns (all when None). Returns {campaign id: written}.

    Idempotent: the data versions are read with the data; a snapshot is only replaced by a newer one, so a
    late or repeated run changes nothing, and an interrupted run leaves the previous snapshot in place.
    Many campaigns are done in chunks: while one chunk's snapshots are written (mostly database time, on a
    second connection) the next chunk is read and computed.
    """
    if campaign_ids is None:
        campaign_ids = Campaign.objects.order_by("pk").values_list("pk", flat=True)
    ids = list(campaign_ids)
    if not ids:
        return {}
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    written = {}
    with _cyclic_gc_paused():
        if len(chunks) <= 1:
            return store_many(_compute(ids), force=force)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stats-writer") as writer:
            pending = [writer.submit(_store_in_thread, _compute(chunk), force) for chunk in chunks]
            for future in pending:
                written.update(future.result())
    return written


# Campaigns read, computed and written together by a full recompute.
CHUNK = 50


def stale_campaign_ids() -> list[int]:
    """Campaigns whose campaign snapshot is missing or older than their data."""
    stored = StatsSnapshot.objects.filter(campaign=OuterRef("pk"), scope=CAMPAIGN).values("data_version")[:1]
    return list(
        Campaign.objects.annotate(stored_version=Subquery(stored))
        .filter(Q(stored_version__isnull=True) | Q(stored_version__lt=F("data_version")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _compute(campaign_ids) -> list:
    """[(campaign id, data version, payloads)] read in one consistent snapshot of the database."""
    with _consistent_read():
        data = load_dataset(campaign_ids)
    payloads = build_payloads(data)
    return [(pk, data.data_versions[pk], payloads[pk]) for pk in data.campaign_ids]


def _store_in_thread(computed, force):
    try:
        return store_many(computed, force=force)
    finally:
        connection.close()  # this thread's own connection


@contextlib.contextmanager
def _cyclic_gc_paused():
    """A recompute creates a few million short-lived, acyclic tuples and floats; the cyclic garbage collector
    would walk them again and again (a third of the load time) without ever finding a cycle."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_scheduled_recompute(campaign_id: int) -> bool:
    """The body of the debounced task: release the debounce key first, so that a change committed while this
    run computes schedules the next run, then recompute."""
    _cache_call(cache.delete, PENDING_KEY.format(campaign_id))
    _cache_call(cache.set, RUNNING_KEY.format(campaign_id), 1, timeout=settings.CELERY_TASK_TIME_LIMIT)
    try:
        written = recompute([campaign_id]).get(campaign_id, False)
    finally:
        _cache_call(cache.delete, RUNNING_KEY.format(campaign_id))
    if not _cache_call(cache.add, RUNS_KEY.format(campaign_id), 1, timeout=24 * 3600):
        _cache_call(cache.incr, RUNS_KEY.format(campaign_id))
    return written


def scheduled_runs(campaign_id: int) -> int:
    """How many scheduled recomputes of this campaign ran in the last day."""
    return int(_cache_call(cache.get, RUNS_KEY.format(campaign_id)) or 0)


def _cache_call(method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except Exception:  # Redis down: statistics must never break the work that triggered them
        logger.warning("Cache unavailable for statistics bookkeeping", exc_info=True)
        return None


# --- scheduling ----------------------------------------------------------------------------------------


def schedule_recompute(campaign_id: int) -> bool:
    """Queue one recompute of the campaign a moment from now unless one is already queued (debounce: a burst of
    saves causes one run). Never raises: with Redis down the save stands and the snapshot stays stale."""
    from ..tasks import recompute_campaign_stats

    key = PENDING_KEY.format(campaign_id)
    try:
        if not cache.add(key, time.time(), timeout=int(getattr(settings, "STATS_PENDING_TTL", 120))):
            return False
        recompute_campaign_stats.apply_async((campaign_id,), countdown=_debounce_seconds(), retry=False)
        return True
    except Exception:
        logger.warning("Could not schedule the statistics of campaign %s; they stay stale", campaign_id, exc_info=True)
        _cache_call(cache.delete, key)
        return False


def on_campaign_data_changed(sender, campaign_id, **kwargs):
    """Receiver of `trainings.changes.campaign_data_changed` (sent after commit)."""
    schedule_recompute(campaign_id)


# --- reading -------------------------------------------------------------------------------------------


@dataclass
class CampaignStats:
    """A campaign's snapshot of one scope with its freshness, as pages and the API show it."""

    campaign: Campaign
    scope: str
    state: str  # UP_TO_DATE, RECOMPUTING or STALE
    data_version: int | None
    computed_at: datetime | None
    payload: dict | list | None
    computed_now: bool = False

    @property
    def is_up_to_date(self) -> bool:
        return self.state == UP_TO_DATE


_LEADING_KEYS = ("scope", "key", "label")


def _ordered(entry: dict) -> dict:
    """Keys in the order of DESIGN §3 (the database stores JSON objects with sorted keys)."""
    ordered = {key: entry[key] for key in (*_LEADING_KEYS, *SUMMARY_KEYS) if key in entry}
    ordered.update((key, value) for key, value in entry.items() if key not in ordered)
    return ordered


def _readable(scope, payload, campaign):
    entries = add_labels(scope, payload if isinstance(payload, list) else [payload], campaign)
    entries = [_ordered(entry) for entry in entries]
    return entries if isinstance(payload, list) else entries[0]


def freshness(campaign: Campaign, snapshot_version) -> str:
    if snapshot_version is not None and snapshot_version >= campaign.data_version:
        return UP_TO_DATE
    keys = [PENDING_KEY.format(campaign.pk), RUNNING_KEY.format(campaign.pk)]
    if _cache_call(cache.get_many, keys):
        return RECOMPUTING
    return STALE


def get_campaign_stats(campaign: Campaign, scope: str = CAMPAIGN, *, refresh: bool = False) -> CampaignStats:
    """The stored snapshot of `scope` and whether it is up to date. With refresh=True a missing or stale
    snapshot is recomputed here, synchronously, first (`computed_now` says so)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    campaign.refresh_from_db(fields=["data_version"])
    snapshot = StatsSnapshot.objects.filter(campaign=campaign, scope=scope).first()
    computed_now = False
    if refresh and (snapshot is None or snapshot.data_version < campaign.data_version):
        recompute([campaign.pk])
        computed_now = True
        campaign.refresh_from_db(fields=["data_version"])
        snapshot = StatsSnapshot.objects.filter(campaign=campaign, scope=scope).first()
    if snapshot is None:
        return CampaignStats(campaign, scope, freshness(campaign, None), None, None, None, computed_now)
    payload = _readable(scope, _unpack(scope, snapshot.payload), campaign)
    return CampaignStats(
        campaign=campaign,
        scope=scope,
        state=freshness(campaign, snapshot.data_version),
        data_version=snapshot.data_version,
        computed_at=snapshot.computed_at,
        payload=payload,
        computed_now=computed_now,
    )


def as_scope_list(stats: CampaignStats) -> list:
    """The payload as a list of entries (the campaign scope becomes a list of one)."""
    if stats.payload is None:
        return []
    return [stats.payload] if isinstance(stats.payload, dict) else stats.payload
