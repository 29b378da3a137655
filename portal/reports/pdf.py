"""The donor report as PDF: `templates/portal/reports/report.html` laid out by WeasyPrint, with the charts as
inline SVG (`charts.py`), in the payload's language. Live and frozen reports go through `report_pdf`, so a
frozen report is drawn from its stored payload only.

Everything the layout needs is local: DejaVu Sans from fileformats/fonts, and a URL fetcher that refuses
anything but those files, so making a report never reaches out to the network."""

from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from fileformats.pdf import FONT_DIR
from portal.dashboards.presentation import count, forms_panel, pct
from portal.narrative import period_text

from .charts import RegionBar, gain_histogram_svg, region_means_svg, text_width, wrap
from .tables import quota_titles

DASH = "—"
PAGE_WIDTH_MM, MARGIN_MM = 210, 18
CONTENT_WIDTH_PT = (PAGE_WIDTH_MM - 2 * MARGIN_MM) * 72 / 25.4
HIGHLIGHTS = ("participants", "coverage_pct", "women_pct", "knowledge_growth_pct")
KEY_FIGURES = (
    ("participants", "count"),
    ("completed", "count"),
    ("councils_covered", "count"),
    ("councils_with_elections", "count"),
    ("target_councils", "count"),
    ("target_covered", "count"),
    ("councils_covered_outside_target", "count"),
    ("coverage_pct", "pct"),
    ("women_pct", "pct"),
    ("youth_pct", "pct"),
    ("matched", "count"),
    ("pre_mean_pct", "pct"),
    ("post_mean_pct", "pct"),
    ("knowledge_growth_pct", "pct"),
    ("abs_gain_pp", "number"),
    ("ci95_abs_gain_pp", "interval"),
    ("normalized_gain", "ratio"),
    ("cohens_dz", "ratio"),
    ("p_value", "p"),
)
TABLE_SCOPES = ("region", "council_kind", "sex", "age_band", "youth", "first_term", "topic", "session")
# Sizes (pt) of the breakdown tables' header and figures, and a cell's left + right padding (1.2 mm each):
# the same as in report.css, so that columns are sized to hold their longest header word whole.
HEADER_SIZE, CELL_SIZE, CELL_PADDING = 7.0, 8.0, 2 * 1.2 * 72 / 25.4
NAME_SHARE = 0.3
TABLE_COLUMNS = (
    ("participants", "count"),
    ("completed", "count"),
    ("matched", "count"),
    ("women_pct", "pct"),
    ("pre_mean_pct", "pct"),
    ("post_mean_pct", "pct"),
    ("knowledge_growth_pct", "pct"),
)


def figure(value, kind: str) -> str:
    """A figure as the active language writes it (decimal comma in ky and ru, grouped thousands)."""
    if value is None:
        return DASH
    if kind == "count":
        return count(value)
    if kind == "pct":
        return pct(value)
    if kind == "p":
        return f"< {number_format(0.001, 3)}" if value < 0.001 else number_format(round(value, 3), 3)
    if kind == "ratio":
        return number_format(round(value, 2), 2)
    if kind == "interval":
        return f"{figure(value[0], 'number')} – {figure(value[1], 'number')}"
    return number_format(round(value, 1), 1)


class LocalFilesOnly(URLFetcher):
    """Hands WeasyPrint the report's own font files and refuses every other address (http, ftp, other
    files): a report must never fetch anything from the network."""

    def __init__(self, root: Path = FONT_DIR):
        super().__init__(allowed_protocols={"file"})
        self.root = root.resolve()

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not path.is_relative_to(self.root):
            raise ValueError(f"The report may only read its own files, not {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=LocalFilesOnly()).write_pdf()


def _column_widths(columns: list[str], tables: list[dict]) -> list[float]:
    """Width (pt) of each figure column of the breakdown tables: wide enough for the longest word of its
    header and for its widest figure, so that a header wraps between words and is never broken inside one.
    Headers get two lines each when that leaves room for the names (up to NAME_SHARE of the line), else
    three, else four."""
    names = max((text_width(row[0], CELL_SIZE) for table in tables for row in table["rows"]), default=0)
    room = CONTENT_WIDTH_PT - min(names, CONTENT_WIDTH_PT * NAME_SHARE) - CELL_PADDING - 2
    for lines in (2, 3, 4):
        widths = []
        for index, header in enumerate(columns):
            longest_word = max(text_width(word, HEADER_SIZE, bold=True) for word in header.split())
            widest_value = max((text_width(row[1][index], CELL_SIZE) for table in tables for row in table["rows"]),
                               default=0)  # fmt: skip
            width = max(longest_word, widest_value, text_width(header, HEADER_SIZE, bold=True) / lines)
            while len(wrap(header, width, HEADER_SIZE, bold=True)) > lines:
                width += 1
            widths.append(round(width + CELL_PADDING + 2, 1))
        if sum(widths) <= room:
            break
    return widths


def _region_chart(payload) -> str:
    rows = [
        RegionBar(
            entry["label"],
            entry["pre_mean_pct"],
            entry["post_mean_pct"],
            pct(entry["pre_mean_pct"]),
            pct(entry["post_mean_pct"]),
        )
        for entry in payload["breakdowns"].get("region") or []
        if entry["pre_mean_pct"] is not None and entry["post_mean_pct"] is not None
    ]
    if not rows:
        return ""
    return region_means_svg(rows, width=CONTENT_WIDTH_PT, title=_("Pre-test and post-test means by region"),
                            percent=lambda tick: f"{tick}%")  # fmt: skip


def _histogram(payload) -> str:
    histogram = payload.get("histogram")
    if not histogram:
        return ""
    return gain_histogram_svg(histogram["counts"], histogram["edges"], width=CONTENT_WIDTH_PT,
                              title=_("Distribution of individual gains"), number=count)  # fmt: skip


def _tables(payload) -> list[dict]:
    tables = []
    for scope in TABLE_SCOPES:
        entries = payload["breakdowns"].get(scope) or []
        if entries:
            rows = [(entry["label"], [figure(entry.get(key), kind) for key, kind in TABLE_COLUMNS])
                    for entry in entries]  # fmt: skip
            tables.append({"scope": scope, "title": payload["scope_titles"][scope], "rows": rows})
    return tables


QUOTA_LEVELS = ("campaign", "council_kind", "region")  # districts are in the workbook


def _quota_cell(row: dict, group: str) -> str:
    return f"{pct(row[f'{group}_women_pct'])} ({count(row[f'{group}_women'])} / {count(row[group])})"


def _quota(payload) -> dict | None:
    """The women's quota section: shares by level (women / total in brackets), councils under the quota."""
    quota = payload.get("quota")
    if not quota:
        return None  # a report frozen before the quota was reported
    titles = quota_titles()
    groups = [
        (titles[level] if level != "campaign" else "",
         [(titles[level] if level == "campaign" else row["label"],
           [_quota_cell(row, group) for group in ("elected", "target", "participants")])
          for row in quota["levels"][level]])
        for level in QUOTA_LEVELS
    ]  # fmt: skip
    under = [
        (council["label"], f"{council['kind']}, {council['district'] or council['region']}",
         f"{pct(council['women_pct'])} ({count(council['women'])} / {count(council['seats'])})")
        for council in quota["under_quota"]
    ]  # fmt: skip
    return {"threshold": quota["threshold_pct"], "groups": groups, "under": under}


def _context(payload: dict, frozen_at: datetime | None) -> dict:
    campaign, summary = payload["campaign"], payload["summary"]
    labels = {item["key"]: item["label"] for item in payload["definitions"]}
    computed = datetime.fromisoformat(payload["computed_at"]) if payload.get("computed_at") else None
    start, end = date.fromisoformat(campaign["start"]), date.fromisoformat(campaign["end"])
    context = {
        "language": payload["language"],
        "campaign": campaign,
        "period": period_text(start, end, payload["language"]),
        "sponsors": " · ".join(filter(None, [campaign.get("donor"), campaign.get("implementer")])),
        "computed_line": _("Figures of data version %(version)s, computed %(when)s")
        % {"version": payload["data_version"], "when": date_format(computed, "DATETIME_FORMAT") if computed else DASH},
        "frozen_line": _("Frozen report of %(when)s.") % {"when": date_format(frozen_at, "DATETIME_FORMAT")}
        if frozen_at
        else "",
        "font_regular": (FONT_DIR / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(),
        "margin_mm": MARGIN_MM,
        "summary": summary,
    }
    if not summary:
        return context
    columns = [labels.get(key, key) for key, _kind in TABLE_COLUMNS]
    tables = _tables(payload)
    widths = _column_widths(columns, tables)
    name_width = CONTENT_WIDTH_PT - sum(widths) - CELL_PADDING
    for table in tables:
        # Names that would stand in a tall narrow column (topics) get a line of their own above the figures.
        table["long_names"] = any(len(wrap(name, name_width, CELL_SIZE)) > 2 for name, _values in table["rows"])
    context.update(
        {
            "narrative": payload.get("narrative") or "",
            "highlights": [
                (labels[key], figure(summary.get(key), kind)) for key, kind in KEY_FIGURES if key in HIGHLIGHTS
            ],
            "key_figures": [(labels.get(key, key), figure(summary.get(key), kind)) for key, kind in KEY_FIGURES],
            "region_chart": mark_safe(_region_chart(payload)),  # noqa: S308 - every text in it is escaped
            "histogram": mark_safe(_histogram(payload)),  # noqa: S308 - numbers only, escaped title
            "pre_label": labels["pre_mean_pct"],
            "post_label": labels["post_mean_pct"],
            "columns": columns,
            "column_widths": widths,
            "tables": tables,
            "quota": _quota(payload),
            # Only for a campaign with results on both forms; reports frozen before have no such figures.
            "forms": forms_panel(summary),
            "definitions": payload["definitions"],
            "small_cell_note": payload["small_cell_note"],
        }
    )
    return context


def report_pdf(payload: dict, *, frozen_at: datetime | None = None) -> bytes:
    """The donor report of a payload (live or frozen), in the payload's language."""
    with translation.override(payload["language"]):
        return html_to_pdf(render_to_string("portal/reports/report.html", _context(payload, frozen_at)))
