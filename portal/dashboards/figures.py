"""Figures of a campaign dashboard: the whole campaign from the stored snapshots, a filtered part from
`assessments.statistics.filtering`, with the few things the snapshots do not hold (the distribution of
individual gains, sessions and participants per day).

The assembled figures are cached under the snapshot's data version (or, for a filter, the campaign's),
so that an unchanged campaign costs two small queries and a cache read however large it is.
"""

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from assessments.models import StatsSnapshot
from assessments.statistics.breakdowns import CAMPAIGN
from assessments.statistics.filtering import filtered_scopes, selected_enrolments
from assessments.statistics.loader import load_dataset, load_scores
from assessments.statistics.snapshots import freshness, get_campaign_stats
from assessments.statistics.stats import SMALL_CELL_MIN_PAIRS
from trainings.approval import approval_count_annotations
from trainings.models import Campaign, TrainingSession
from trainings.selectors import present_attendance

from .filters import DashboardFilters, filter_options

CACHE_VERSION = 2  # 2: the "Parallel forms" panel
CACHE_SECONDS = 24 * 3600
# Breakdowns the dashboard shows besides the drill-down level; trainer and topic also feed the filters.
DASHBOARD_SCOPES = ("region", "sex", "age_band", "topic", "trainer")
COMPUTED = "computed"  # the state of figures computed on the spot for a filter
GAIN_BIN_PP = 10


def campaign_with_snapshot_meta(code):
    """The campaign `code` with the data version and time of its stored snapshot (`snapshot_version`,
    `snapshot_computed_at`, None when never computed), in one query; 404 when there is none."""
    snapshot = StatsSnapshot.objects.filter(campaign=OuterRef("pk"), scope=CAMPAIGN)
    campaigns = Campaign.objects.annotate(
        snapshot_version=Subquery(snapshot.values("data_version")[:1]),
        snapshot_computed_at=Subquery(snapshot.values("computed_at")[:1]),
        **approval_count_annotations(),
    )
    return get_object_or_404(campaigns, code=code)


def _snapshot_meta(campaign):
    """(data version, computed at) of the campaign's stored snapshot, or (None, None)."""
    if hasattr(campaign, "snapshot_version"):
        return campaign.snapshot_version, campaign.snapshot_computed_at
    row = (
        StatsSnapshot.objects.filter(campaign=campaign, scope=CAMPAIGN)
        .values_list("data_version", "computed_at")
        .first()
    )
    return row or (None, None)


def gain_histogram(pre_pct, post_pct) -> dict | None:
    """Counts of individual gains d = q − p (percentage points) in 10-point bins over the matched pairs;
    None with fewer than 5 pairs (small-cell rule)."""
    pre, post = np.asarray(pre_pct, dtype=float), np.asarray(post_pct, dtype=float)
    matched = ~np.isnan(pre) & ~np.isnan(post)
    gains = post[matched] - pre[matched]
    if gains.size < SMALL_CELL_MIN_PAIRS:
        return None
    low = math.floor(gains.min() / GAIN_BIN_PP) * GAIN_BIN_PP
    high = max(math.floor(gains.max() / GAIN_BIN_PP) * GAIN_BIN_PP + GAIN_BIN_PP, low + GAIN_BIN_PP)
    edges = list(range(int(low), int(high) + 1, GAIN_BIN_PP))
    counts, _ = np.histogram(gains, bins=edges)
    return {"edges": edges, "counts": counts.tolist(), "pairs": int(gains.size)}


def timeline(campaign, enrolment_ids=None) -> dict:
    """Per calendar day of the campaign: sessions with someone present and participants present; only of
    the enrolments `enrolment_ids` (`filtering.selected_enrolments`) when given."""
    present = present_attendance().filter(enrolment__session__campaign=campaign).order_by()
    fields = ("enrolment__session_id", "enrolment__session__start_date", "day")
    if enrolment_ids is None:
        per_session_day = list(present.values_list(*fields).annotate(present=Count("pk")))
    else:
        wanted = set(np.asarray(enrolment_ids).tolist())
        marks = Counter(row[1:] for row in present.values_list("enrolment_id", *fields) if row[0] in wanted)
        per_session_day = [(*key, count) for key, count in marks.items()]
    sessions, participants = {}, {}
    for _session, start, number, count in per_session_day:
        day = start + timedelta(days=number - 1)
        sessions[day] = sessions.get(day, 0) + 1
        participants[day] = participants.get(day, 0) + count
    first = min([campaign.start, *sessions])
    last = max([campaign.end, *sessions])
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    return {
        "dates": [day.isoformat() for day in days],
        "sessions": [sessions.get(day, 0) for day in days],
        "participants": [participants.get(day, 0) for day in days],
    }


def _add_session_links(entries):
    """Session entries carry the code; the drill-down links them to the session page."""
    codes = [entry["key"] for entry in entries]
    if not codes:
        return
    pks = dict(TrainingSession.objects.filter(code__in=codes).values_list("code", "pk"))
    for entry in entries:
        if entry["key"] in pks:
            entry["url"] = reverse("trainings:session_detail", args=[pks[entry["key"]]])


@dataclass(frozen=True)
class FiguresStamp:
    """Which figures a dashboard request needs (the cache key) and how fresh they are, from two small queries."""

    key: str
    state: str
    computed_at: datetime | None
    data_version: int | None


def figures_stamp(campaign, filters: DashboardFilters, language: str) -> FiguresStamp:
    """The whole campaign's figures are those of the stored snapshot; a filter's are computed from the data
    as it is (the campaign's data version, as loaded with `campaign`)."""
    prefix = f"dashboard:{CACHE_VERSION}:{campaign.pk}"
    if filters.is_empty:
        version, computed_at = _snapshot_meta(campaign)
        stamp = computed_at.timestamp() if computed_at else 0
        return FiguresStamp(f"{prefix}:s{version}:{stamp}:{language}", freshness(campaign, version), computed_at,
                            version)  # fmt: skip
    return FiguresStamp(
        f"{prefix}:d{campaign.data_version}:{filters.cache_key()}:{language}", COMPUTED, None, campaign.data_version
    )


def _whole_campaign(campaign, stamp: FiguresStamp):
    figures = cache.get(stamp.key)
    if figures is None:
        figures = {"scopes": {}}
        for scope in (CAMPAIGN, *DASHBOARD_SCOPES):
            stats = get_campaign_stats(campaign, scope)
            figures["scopes"][scope] = (
                stats.payload if stats.payload is not None else ([] if scope != CAMPAIGN else None)
            )
            if scope == CAMPAIGN:
                figures["data_version"], figures["computed_at"] = stats.data_version, stats.computed_at
        figures["histogram"] = gain_histogram(*load_scores([campaign.pk]))
        figures["timeline"] = timeline(campaign)
        figures["options"] = filter_options(figures["scopes"])
        cache.set(stamp.key, figures, CACHE_SECONDS)
    return figures


def _filtered(campaign, filters, stamp: FiguresStamp):
    figures = cache.get(stamp.key)
    if figures is None:
        whole = load_dataset([campaign.pk])
        scopes, data = filtered_scopes(campaign, filters, dataset=whole)
        level = filters.drill_level
        figures = {
            "scopes": {scope: scopes[scope] for scope in (CAMPAIGN, *DASHBOARD_SCOPES, level)},
            "data_version": stamp.data_version,
            "computed_at": timezone.now(),
            "histogram": gain_histogram(data.pre_pct, data.post_pct),
            "timeline": timeline(campaign, selected_enrolments(whole, filters)),
        }
        if level == "session":
            _add_session_links(figures["scopes"]["session"])
        cache.set(stamp.key, figures, CACHE_SECONDS)
    return figures


def dashboard_figures(campaign, filters: DashboardFilters, language: str, stamp: FiguresStamp | None = None) -> dict:
    """Everything the dashboard shows: {"scopes": {scope: entries}, "summary", "level", "histogram",
    "timeline", "options", "state", "data_version", "computed_at"}."""
    stamp = stamp or figures_stamp(campaign, filters, language)
    if filters.is_empty:
        figures = dict(_whole_campaign(campaign, stamp))
    else:
        figures = dict(_filtered(campaign, filters, stamp))
        figures["options"] = _whole_campaign(campaign, figures_stamp(campaign, DashboardFilters(), language))["options"]
    figures["state"] = stamp.state
    figures["summary"] = figures["scopes"][CAMPAIGN]
    figures["level"] = filters.drill_level
    return figures
