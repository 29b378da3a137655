"""The dashboard's "Women's quota" panel: `trainings.quota` figures as short table cells.

The figures depend on the register as well as on the campaign's data, so they are cached only briefly
(and per data version and language), not with the snapshot-based figures."""

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trainings.quota import GROUPS, under_quota, women_quota

from .presentation import count, pct

QUOTA_CACHE_SECONDS = 300


def _cells(row: dict) -> list[dict]:
    return [
        {
            "text": pct(row[f"{group}_women_pct"]),
            "detail": f"{count(row[f'{group}_women'])} / {count(row[group])}",
            "low": under_quota(row[f"{group}_women"], row[group]),
        }
        for group in GROUPS
    ]


def _rows(rows: list[dict]) -> list[dict]:
    return [{"label": row["label"], "cells": _cells(row)} for row in rows]


def quota_panel(campaign) -> dict:
    """{"threshold", "tables": [(title, rows, open)], "under": councils under the quota}."""
    key = f"dashboard:quota:{campaign.pk}:{campaign.data_version}:{get_language()}"
    quota = cache.get(key)
    if quota is None:
        quota = women_quota(campaign)
        cache.set(key, quota, QUOTA_CACHE_SECONDS)
    levels = quota["levels"]
    under = [
        {
            **council,
            "share": pct(council["women_pct"]),
            "detail": f"{count(council['women'])} / {count(council['seats'])}",
        }
        for council in quota["under_quota"]
    ]
    return {
        "threshold": quota["threshold_pct"],
        # (title, rows, open): the first table is always shown, the others fold away on small screens.
        "tables": [
            (_("Whole campaign and kinds of council"), _rows(levels["campaign"] + levels["council_kind"]), True),
            (_("By region"), _rows(levels["region"]), False),
            (_("By district"), _rows(levels["district"]), False),
        ],
        "under": under,
    }
