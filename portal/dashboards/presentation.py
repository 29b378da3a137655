"""Turns dashboard figures into what the page shows: KPI cards, chart descriptions for Chart.js, the map's
values per region and the drill-down rows. Numbers are rounded here for display only; the page also
carries the unrounded figures (`json_script`) for anyone who needs them."""

import re
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from assessments.statistics.definitions import definition, label
from assessments.statistics.figures import FORMS_DIFFER_PP, has_parallel_forms
from assessments.statistics.stats import SMALL_CELL_MIN_PAIRS
from councils.models import Region

from .filters import DashboardFilters

DASH = "—"
LEVEL_TITLES = {
    "region": lambda: _("Pre-test and post-test means by region"),
    "district": lambda: _("Pre-test and post-test means by district"),
    "council": lambda: _("Pre-test and post-test means by council"),
    "session": lambda: _("Pre-test and post-test means by session"),
}
LEVEL_NAMES = {
    "region": lambda: _("Region"),
    "district": lambda: _("District"),
    "council": lambda: _("Council"),
    "session": lambda: _("Session"),
}
# Columns of the drill-down table, in order: (figure key, kind); on phones only PHONE_COLUMNS are shown.
DRILL_COLUMNS = (
    ("participants", "count"),
    ("completed", "count"),
    ("councils_covered", "count"),
    ("coverage_pct", "pct"),
    ("women_pct", "pct"),
    ("matched", "count"),
    ("pre_mean_pct", "pct"),
    ("post_mean_pct", "pct"),
    ("knowledge_growth_pct", "pct"),
)
SORT_KEYS = {"label", *(key for key, _kind in DRILL_COLUMNS)}
PHONE_COLUMNS = ("participants", "coverage_pct", "knowledge_growth_pct")
MAP_METRICS = ("coverage_pct", "knowledge_growth_pct", "women_pct")


def pct(value) -> str:
    return DASH if value is None else f"{number_format(round(value, 1), 1)}%"


def count(value) -> str:
    return DASH if value is None else number_format(value, force_grouping=True)


def dashboard_url(campaign, filters: DashboardFilters, **extra) -> str:
    query = {**filters.as_dict(), **{key: value for key, value in extra.items() if value}}
    base = reverse("portal:dashboard", args=[campaign.code])
    return f"{base}?{urlencode(query)}" if query else base


def kpi_cards(summary: dict) -> list[dict]:
    """One card per headline figure: title, value, a line of detail and the definition shown on hover."""
    if not summary:
        return []

    def card(key, value, detail="", raw=None):
        return {"key": key, "label": label(key), "help": definition(key), "value": value, "detail": detail,
                "raw": summary.get(key) if raw is None else raw}  # fmt: skip

    # Summaries stored before campaign targets existed count against the councils with elections.
    covered = summary.get("target_covered", summary["councils_covered_with_elections"])
    target = summary.get("target_councils", summary["councils_with_elections"])
    coverage_detail = _("%(pct)s of target councils") % {"pct": pct(summary["coverage_pct"])}
    if summary.get("councils_covered_outside_target"):
        coverage_detail += " · " + ngettext(
            "%(count)s council outside the target", "%(count)s councils outside the target",
            summary["councils_covered_outside_target"],
        ) % {"count": count(summary["councils_covered_outside_target"])}  # fmt: skip
    return [
        card("participants", count(summary["participants"])),
        card(
            "completed",
            count(summary["completed"]),
            _("%(pct)s of participants") % {"pct": pct(100 * summary["completed"] / summary["participants"])}
            if summary["participants"]
            else "",
        ),
        card(
            "coverage_pct",
            f"{count(covered)} / {count(target)}",
            coverage_detail,
        ),
        card(
            "knowledge_growth_pct",
            pct(summary["knowledge_growth_pct"]),
            _("pre %(pre)s → post %(post)s")
            % {"pre": pct(summary["pre_mean_pct"]), "post": pct(summary["post_mean_pct"])},
        ),
        card("women_pct", pct(summary["women_pct"]), _("%(count)s women") % {"count": count(summary["women"])}),
        card(
            "youth_pct", pct(summary["youth_pct"]), _("%(count)s young deputies") % {"count": count(summary["youth"])}
        ),
        card(
            "matched",
            count(summary["matched"]),
            _("pre-test only %(pre)s · post-test only %(post)s")
            % {"pre": count(summary["pre_only"]), "post": count(summary["post_only"])},
        ),
    ]


def points(value) -> str:
    """Percentage points with one decimal and a sign: +16.7, −3.0."""
    if value is None:
        return DASH
    text = number_format(round(abs(value), 1), 1)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def forms_panel(summary: dict | None) -> dict | None:
    """The "Parallel forms" panel: growth per order of the forms, the form-equated growth and the pre-test
    means per form, or None when the scope has no results on both forms A and B."""
    if not has_parallel_forms(summary):
        return None

    def cell(key, kind="pct"):
        value = summary.get(key)
        return {"text": pct(value) if kind == "pct" else count(value), "raw": value, "help": definition(key)}

    orders = [
        {
            "key": order,
            "label": f"{first}→{second}",
            "pairs": cell(f"order_{order}_matched", "count"),
            "pre": cell(f"order_{order}_pre_mean_pct"),
            "post": cell(f"order_{order}_post_mean_pct"),
            "growth": cell(f"order_{order}_growth_pct"),
            "small": (summary.get(f"order_{order}_matched") or 0) < SMALL_CELL_MIN_PAIRS,
        }
        for order, first, second in (("ab", "A", "B"), ("ba", "B", "A"))
    ]
    forms = [
        {
            "form": form,
            "mean": cell(f"form_{form.lower()}_pre_mean_pct"),
            "results": cell(f"form_{form.lower()}_pre_results", "count"),
        }
        for form in ("A", "B")
    ]
    gap = summary.get("forms_pre_gap_pp")
    return {
        "orders": orders,
        "equated": cell("counterbalanced_growth_pct"),
        "equated_label": label("counterbalanced_growth_pct"),
        "forms": forms,
        "gap": {"text": points(gap), "raw": gap, "help": definition("forms_pre_gap_pp")},
        "gap_size": DASH if gap is None else number_format(round(abs(gap), 1), 1),
        "differ": summary.get("forms_differ") is True,
        "threshold": number_format(FORMS_DIFFER_PP, 0),
        "small": any(order["small"] for order in orders),
    }


def _bar(labels, datasets, *, y_title="", y1_title="", horizontal=False, percent=False):
    return {"type": "bar", "labels": labels, "datasets": datasets, "y": y_title, "y1": y1_title,
            "horizontal": horizontal, "percent": percent}  # fmt: skip


def _rounded(values):
    return [None if value is None else round(value, 1) for value in values]


def _group_chart(entries):
    """Participants (bars, left axis) and knowledge growth (right axis) per group."""
    return _bar(
        [entry["label"] for entry in entries],
        [
            {"label": label("participants"), "data": [entry["participants"] for entry in entries]},
            {
                "label": label("knowledge_growth_pct"),
                "data": _rounded(e["knowledge_growth_pct"] for e in entries),
                "axis": "y1",
                "kind": "line",
            },  # fmt: skip
        ],
        y_title=label("participants"),
        y1_title=_("Knowledge growth, %"),
    )


def charts(figures: dict) -> list[dict]:
    """The charts of the dashboard: {"id", "title", "spec"} (spec as dashboard.js reads it) or "empty"."""
    scopes, level = figures["scopes"], figures["level"]
    entries = scopes.get(level) or []
    result = [
        {
            "id": "chart-pre-post",
            "title": LEVEL_TITLES[level](),
            "spec": _bar(
                [entry["label"] for entry in entries],
                [
                    {"label": label("pre_mean_pct"), "data": _rounded(e["pre_mean_pct"] for e in entries)},
                    {"label": label("post_mean_pct"), "data": _rounded(e["post_mean_pct"] for e in entries)},
                ],
                # xgettext:no-python-format
                y_title=_("Mean score, % of maximum"),
                percent=True,
            )
            if any(entry["pre_mean_pct"] is not None for entry in entries)
            else None,
        }
    ]
    topics = [entry for entry in scopes.get("topic") or [] if entry["knowledge_growth_pct"] is not None]
    result.append(
        {
            "id": "chart-topics",
            "title": _("Knowledge growth by topic"),
            "spec": _bar(
                [entry["label"] for entry in topics],
                [{"label": label("knowledge_growth_pct"), "data": _rounded(e["knowledge_growth_pct"] for e in topics)}],
                y_title=_("Knowledge growth, %"),
                horizontal=True,
                percent=True,
            )
            if topics
            else None,
            "empty": _("No topic scores: they need answers to single questions."),
        }
    )
    histogram = figures["histogram"]
    result.append(
        {
            "id": "chart-gains",
            "title": _("Distribution of individual gains"),
            "spec": _bar(
                [
                    pgettext("gain bin", "%(low)s to %(high)s") % {"low": low, "high": low + step}
                    for low, step in zip(histogram["edges"], _steps(histogram["edges"]), strict=False)
                ],
                [{"label": _("Participants"), "data": histogram["counts"]}],
                y_title=_("Participants"),
            )
            if histogram
            else None,
            "note": _("Post-test minus pre-test, in percentage points."),
        }
    )
    result.append({"id": "chart-sex", "title": _("Women and men"), "spec": _group_chart(scopes.get("sex") or [])})
    result.append({"id": "chart-age", "title": _("Age bands"), "spec": _group_chart(scopes.get("age_band") or [])})
    days = figures["timeline"]
    result.append(
        {
            "id": "chart-days",
            "title": _("Sessions and participants per day"),
            "spec": _bar(
                [date_format(date.fromisoformat(day), "SHORT_DATE_FORMAT") for day in days["dates"]],
                [
                    {"label": _("Participants present"), "data": days["participants"]},
                    {"label": _("Sessions held"), "data": days["sessions"], "axis": "y1", "kind": "line"},
                ],
                y_title=_("Participants present"),
                y1_title=_("Sessions held"),
            )
            if any(days["participants"])
            else None,
            "wide": True,
        }
    )
    for chart in result:
        chart["data_id"] = f"{chart['id']}-data"
        chart.setdefault("empty", _("Not enough data yet (fewer than 5 matched pairs or nobody present)."))
    return result


def _steps(edges):
    return [high - low for low, high in zip(edges, edges[1:], strict=False)]


def map_values(campaign, figures: dict, filters: DashboardFilters) -> dict:
    """{"metrics": [(key, label)], "regions": {region code: values and links}} for the map."""
    regions = {}
    for entry in figures["scopes"].get("region") or []:
        values = {metric: entry[metric] for metric in MAP_METRICS}
        regions[entry["key"]] = {
            "label": entry["label"],
            "participants": entry["participants"],
            "values": {metric: None if value is None else round(value, 1) for metric, value in values.items()},
            "display": {metric: pct(value) for metric, value in values.items()},
            "filter_url": dashboard_url(campaign, filters.without("district", "council").replaced(region=entry["key"])),
            "page_url": reverse("councils:region_detail", args=[entry["key"]]),
        }
    return {
        "metrics": [[metric, label(metric)] for metric in MAP_METRICS],
        "regions": regions,
        "names": {region.code: map_label(region.name) for region in Region.objects.all()},
        "labels": {
            "participants": label("participants"),
            "filter": _("Show this region"),
            "page": _("Region page"),
            "none": _("no figures"),
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
        },  # fmt: skip
    }


# The generic word of an official region name ("Баткен облусу", "Баткенская область", "Batken Region",
# "г. Бишкек"): a map shows the name without it, as printed maps do, so that labels fit on a phone.
GENERIC_WORDS = re.compile(r"\s+(облусу|шаары|область|Region)$|^г\.\s*|\s+\(city\)$")


def map_label(name: str) -> str:
    return GENERIC_WORDS.sub("", name).strip() or name


def _sort_value(entry, key):
    value = entry.get(key)
    if key == "label":
        return (0, str(value).casefold())
    return (0, value) if value is not None else (1, 0)


def drill_rows(campaign, figures: dict, filters: DashboardFilters, sort: str) -> dict:
    """The drill-down table at the filters' level, sorted by `sort` ("key" or "-key")."""
    level = figures["level"]
    entries = list(figures["scopes"].get(level) or [])
    key = sort.lstrip("-")
    if key in SORT_KEYS:
        present = [entry for entry in entries if entry.get(key) is not None]
        missing = [entry for entry in entries if entry.get(key) is None]
        present.sort(key=lambda entry: _sort_value(entry, key), reverse=sort.startswith("-"))
        entries = present + missing
    child = {"region": "region", "district": "district", "council": "council"}.get(level)
    rows = []
    for entry in entries:
        link = entry.get("url")
        if child and entry["key"]:
            link = dashboard_url(campaign, filters.replaced(**{child: entry["key"]}))
        rows.append(
            {
                "label": entry["label"],
                "link": link,
                "htmx": bool(child and entry["key"]),
                "small_cell": entry["small_cell"],
                "cells": [
                    {
                        "text": count(entry[column]) if kind == "count" else pct(entry[column]),
                        "wide": column not in PHONE_COLUMNS,
                    }
                    for column, kind in DRILL_COLUMNS
                ],
                "raw": {column: entry[column] for column, _kind in DRILL_COLUMNS},
            }
        )
    headers = [{"key": "label", "label": LEVEL_NAMES[level]()}]
    headers += [
        {"key": column, "label": label(column), "help": definition(column), "wide": column not in PHONE_COLUMNS}
        for column, _kind in DRILL_COLUMNS
    ]
    for header in headers:
        descending = sort == f"-{header['key']}"
        header["sorted"] = "desc" if descending else "asc" if sort == header["key"] else ""
        header["url"] = dashboard_url(campaign, filters, sort=header["key"] if descending else f"-{header['key']}")
        if header["key"] == "label":
            header["url"] = dashboard_url(campaign, filters, sort="-label" if sort == "label" else "label")
    return {"level": level, "headers": headers, "rows": rows}


def breadcrumb(campaign, filters: DashboardFilters, names: dict) -> list[dict]:
    """Whole campaign › region › district › council, each a link to that level."""
    crumbs = [
        {"label": _("All regions"), "url": dashboard_url(campaign, filters.without("region", "district", "council"))}
    ]
    if filters.region:
        crumbs.append({"label": names.get("region", filters.region),
                       "url": dashboard_url(campaign, filters.without("district", "council"))})  # fmt: skip
    if filters.district:
        crumbs.append({"label": names.get("district", filters.district),
                       "url": dashboard_url(campaign, filters.without("council"))})  # fmt: skip
    if filters.council:
        crumbs.append({"label": names.get("council", filters.council), "url": dashboard_url(campaign, filters)})
    return crumbs
