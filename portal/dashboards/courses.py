"""The dashboard's "Online courses" panel: the share of a campaign's participants (present on at least one
training day) who completed at least one online course on or after the campaign's start, overall and by
region, sex and age band.

Groups with fewer than 5 participants show the counts only (the small-cell rule of DESIGN §3, applied to
participants). Cached for five minutes per data version and language, like the quota panel: a completions
import shows within five minutes.
"""

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.statistics import stats
from assessments.statistics.breakdowns import AGE_BAND_KEYS, UNKNOWN_KEY
from councils.models import CourseCompletion, Region
from trainings.selectors import participating_enrolments

from .presentation import count, pct

COURSES_CACHE_SECONDS = 300


def course_completion_shares(campaign) -> dict:
    """{"overall": row, "region": [rows], "sex": [rows], "age_band": [rows]}; a row is {"key", "label",
    "total", "completed", "pct"} (pct None in small cells). One query."""
    completion = CourseCompletion.objects.filter(deputy=OuterRef("deputy_id"), completed_on__gte=campaign.start)
    region = "deputy__council__region__"
    people = (
        participating_enrolments(campaign)
        .order_by()
        .annotate(has_course=Exists(completion))
        .values_list(
            "deputy_id",
            "deputy__gender",
            "deputy__birth_year",
            "has_course",
            f"{region}code",
            f"{region}name_ky",
            f"{region}name_ru",
            f"{region}name_en",
        )  # fmt: skip
        .distinct()
    )
    by_deputy = {row[0]: row for row in people}
    rows = list(by_deputy.values())
    completed = np.array([bool(row[3]) for row in rows], dtype=bool)
    regions = {row[4]: Region(code=row[4], name_ky=row[5], name_ru=row[6], name_en=row[7]) for row in rows}
    region_codes = sorted(regions)
    overall = _rows(np.zeros(len(rows)), completed, [("all", _("All participants"))])
    result = {"overall": overall[0] if overall else None}
    region_keys = [(code, regions[code].name) for code in region_codes]
    result["region"] = _rows([region_codes.index(row[4]) for row in rows], completed, region_keys)
    result["sex"] = _rows([0 if row[1] == "F" else 1 for row in rows], completed, [("F", _("Women")), ("M", _("Men"))])
    ages = stats.ages_at(campaign.start.year, [np.nan if row[2] is None else row[2] for row in rows])
    bands = stats.age_band_codes(ages)
    bands = np.where(bands >= 0, bands, len(AGE_BAND_KEYS) - 1)
    result["age_band"] = _rows(
        bands, completed, [(key, _("age unknown") if key == UNKNOWN_KEY else key) for key in AGE_BAND_KEYS]
    )
    return result


def _rows(group, completed, keys) -> list[dict]:
    columns = stats.share_columns(np.asarray(group, dtype=np.int64).reshape(-1), completed, len(keys))
    return [
        {"key": key, "label": str(label), "total": total, "completed": flagged, "pct": share}
        for (key, label), total, flagged, share in zip(
            keys, columns["total"], columns["flagged"], columns["pct"], strict=True
        )
        if total
    ]


def courses_panel(campaign) -> dict | None:
    """What the panel shows, or None when no participant completed a course (the panel is left out)."""
    key = f"dashboard:courses:{campaign.pk}:{campaign.data_version}:{get_language()}"
    shares = cache.get(key)
    if shares is None:
        shares = course_completion_shares(campaign)
        cache.set(key, shares, COURSES_CACHE_SECONDS)
    if not shares["overall"] or not shares["overall"]["completed"]:
        return None

    def shown(row):
        return {**row, "text": pct(row["pct"]), "detail": f"{count(row['completed'])} / {count(row['total'])}"}

    return {
        "overall": shown(shares["overall"]),
        "tables": [
            (_("By region"), [shown(row) for row in shares["region"]]),
            (_("By sex"), [shown(row) for row in shares["sex"]]),
            (_("By age band"), [shown(row) for row in shares["age_band"]]),
        ],
        "catalogue_url": settings.COURSE_CATALOGUE_URL,
    }
