"""The donor report as PDF (fpdf2): narrative, key figures, charts drawn with fpdf2's own shapes, breakdown
tables and definitions, in the payload's language. DejaVu Sans (trainings/fonts) covers Cyrillic and the
Kyrgyz letters ү, ө, ң."""

from datetime import date, datetime

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from portal.narrative import period_text
from trainings.printables import FONT_DIR

DASH = "—"
PRE_COLOUR, POST_COLOUR = (120, 160, 215), (230, 126, 34)
TABLE_SCOPES = ("region", "council_kind", "sex", "age_band", "youth", "first_term", "topic", "session")
TABLE_COLUMNS = (
    ("participants", "count"),
    ("completed", "count"),
    ("matched", "count"),
    ("women_pct", "pct"),
    ("pre_mean_pct", "pct"),
    ("post_mean_pct", "pct"),
    ("knowledge_growth_pct", "pct"),
)
KPI_KEYS = (
    ("participants", "count"),
    ("completed", "count"),
    ("councils_covered", "count"),
    ("councils_with_elections", "count"),
    ("coverage_pct", "pct"),
    ("women_pct", "pct"),
    ("youth_pct", "pct"),
    ("matched", "count"),
    ("pre_mean_pct", "pct"),
    ("post_mean_pct", "pct"),
    ("knowledge_growth_pct", "pct"),
    ("abs_gain_pp", "number"),
    ("normalized_gain", "ratio"),
    ("cohens_dz", "ratio"),
    ("p_value", "p"),
)


def _format(value, kind) -> str:
    if value is None:
        return DASH
    if kind == "count":
        return number_format(value, force_grouping=True)
    if kind == "pct":
        return f"{number_format(round(value, 1), 1)}%"
    if kind == "p":
        return "< 0.001" if value < 0.001 else number_format(round(value, 3), 3)
    if kind == "ratio":
        return number_format(round(value, 2), 2)
    return number_format(round(value, 1), 1)


class ReportPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}", align="C")
        self.set_text_color(0, 0, 0)


def _new_pdf(title: str) -> ReportPDF:
    pdf = ReportPDF(orientation="P", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.footer_text = title
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    return pdf


def _heading(pdf, text, size=12):
    if pdf.get_y() > 250:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", size)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)


def _kpi_table(pdf, payload):
    summary = payload["summary"]
    labels = {item["key"]: item["label"] for item in payload["definitions"]}
    with pdf.table(col_widths=(110, 70), line_height=6, headings_style=FontFace(emphasis="BOLD",
                   fill_color=(235, 235, 235)), text_align=("LEFT", "RIGHT")) as table:  # fmt: skip
        header = table.row()
        header.cell(_("Figure"))
        header.cell(_("Value"))
        for key, kind in KPI_KEYS:
            row = table.row()
            row.cell(labels.get(key, key))
            row.cell(_format(summary.get(key), kind))


def _region_chart(pdf, payload):
    """Pre-test and post-test means per region as pairs of horizontal bars on a 0–100 % scale."""
    entries = [entry for entry in payload["breakdowns"].get("region") or [] if entry["pre_mean_pct"] is not None]
    if not entries:
        return
    _heading(pdf, _("Pre-test and post-test means by region"))
    left, label_width, scale_width, bar = pdf.l_margin, 55, 105, 3.2
    needed = 10 + len(entries) * (2 * bar + 3)
    if pdf.get_y() + needed > 280:
        pdf.add_page()
    y = pdf.get_y() + 1
    for index, (colour, text) in enumerate(((PRE_COLOUR, _("Pre-test mean")), (POST_COLOUR, _("Post-test mean")))):
        pdf.set_fill_color(*colour)
        pdf.rect(left + label_width + index * 50, y, 4, 3, style="F")
        pdf.set_xy(left + label_width + index * 50 + 5, y - 0.8)
        pdf.cell(40, 4.5, text)
    y += 6
    chart_top = y
    origin = left + label_width
    pdf.set_draw_color(150, 150, 150)
    for entry in entries:
        pdf.set_xy(left, y)
        pdf.cell(label_width - 2, 2 * bar, entry["label"][:38], align="R")
        for offset, (key, colour) in enumerate((("pre_mean_pct", PRE_COLOUR), ("post_mean_pct", POST_COLOUR))):
            value = entry[key]
            pdf.set_fill_color(*colour)
            pdf.rect(origin, y + offset * bar, max(scale_width * value / 100, 0.2), bar - 0.4, style="F")
            pdf.set_xy(origin + scale_width * value / 100 + 1, y + offset * bar - 0.6)
            pdf.set_font("DejaVu", "", 7)
            pdf.cell(15, bar, _format(value, "pct"))
            pdf.set_font("DejaVu", "", 9)
        y += 2 * bar + 3
    pdf.line(origin, chart_top - 1, origin, y - 2)
    for tick in (0, 25, 50, 75, 100):
        x = origin + scale_width * tick / 100
        pdf.line(x, y - 2, x, y - 1)
        pdf.set_xy(x - 5, y - 1)
        pdf.set_font("DejaVu", "", 7)
        pdf.cell(10, 4, f"{tick}%", align="C")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_y(y + 5)


def _histogram_chart(pdf, payload):
    """The distribution of individual gains as vertical bars."""
    histogram = payload.get("histogram")
    if not histogram:
        return
    _heading(pdf, _("Distribution of individual gains"))
    if pdf.get_y() + 60 > 280:
        pdf.add_page()
    counts, edges = histogram["counts"], histogram["edges"]
    left, top, width, height = pdf.l_margin + 10, pdf.get_y() + 2, 165, 40
    biggest = max(counts) or 1
    step = width / len(counts)
    pdf.set_fill_color(*PRE_COLOUR)
    pdf.set_font("DejaVu", "", 7)
    for index, value in enumerate(counts):
        bar_height = height * value / biggest
        x = left + index * step
        pdf.rect(x + 0.5, top + height - bar_height, step - 1, bar_height, style="F")
        pdf.set_xy(x, top + height - bar_height - 3.5)
        pdf.cell(step, 3, str(value), align="C")
        pdf.set_xy(x, top + height + 0.5)
        pdf.cell(step, 3, f"{edges[index]}…{edges[index + 1]}", align="C")
    pdf.set_draw_color(150, 150, 150)
    pdf.line(left, top + height, left + width, top + height)
    pdf.set_xy(pdf.l_margin, top + height + 5)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, _("Post-test minus pre-test, in percentage points; number of participants per band."),
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.set_font("DejaVu", "", 9)


def _breakdown_tables(pdf, payload):
    labels = {item["key"]: item["label"] for item in payload["definitions"]}
    for scope in TABLE_SCOPES:
        entries = payload["breakdowns"].get(scope) or []
        if not entries:
            continue
        _heading(pdf, payload["scope_titles"][scope], size=11)
        pdf.set_font("DejaVu", "", 7.5)
        with pdf.table(
            col_widths=(46, 19, 19, 19, 19, 19, 19, 20),
            line_height=4.5,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            text_align=("LEFT", *("RIGHT",) * len(TABLE_COLUMNS)),
        ) as table:
            header = table.row()
            header.cell("")
            for key, _kind in TABLE_COLUMNS:
                header.cell(labels.get(key, key))
            for entry in entries:
                row = table.row()
                row.cell(str(entry["label"]))
                for key, kind in TABLE_COLUMNS:
                    row.cell(_format(entry.get(key), kind))
        pdf.set_font("DejaVu", "", 9)
    pdf.set_font("DejaVu", "", 8)
    pdf.multi_cell(0, 4, payload["small_cell_note"], new_x="LMARGIN", new_y="NEXT")


def _definitions(pdf, payload):
    _heading(pdf, _("Definitions"))
    for item in payload["definitions"]:
        pdf.set_font("DejaVu", "B", 8.5)
        pdf.multi_cell(0, 4.2, item["label"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(0, 4.2, item["definition"], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)


def report_pdf(payload: dict, *, frozen_at: datetime | None = None) -> bytes:
    """The donor report of a payload (live or frozen), in the payload's language."""
    with translation.override(payload["language"]):
        campaign = payload["campaign"]
        pdf = _new_pdf(campaign["name"])
        pdf.set_font("DejaVu", "B", 15)
        pdf.multi_cell(0, 7.5, campaign["name"], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        start, end = date.fromisoformat(campaign["start"]), date.fromisoformat(campaign["end"])
        lines = [f"{campaign['code']} · {period_text(start, end, payload['language'])}"]
        if campaign.get("donor") or campaign.get("implementer"):
            lines.append(" · ".join(filter(None, [campaign.get("donor"), campaign.get("implementer")])))
        computed = datetime.fromisoformat(payload["computed_at"]) if payload.get("computed_at") else None
        lines.append(
            _("Figures of data version %(version)s, computed %(when)s")
            % {
                "version": payload["data_version"],
                "when": date_format(computed, "DATETIME_FORMAT") if computed else DASH,
            }
        )
        if frozen_at is not None:
            lines.append(_("Frozen report of %(when)s.") % {"when": date_format(frozen_at, "DATETIME_FORMAT")})
        for line in lines:
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        if payload["summary"] is None:
            pdf.ln(4)
            pdf.multi_cell(0, 5, _("No figures have been computed for this campaign yet."))
            return bytes(pdf.output())
        if payload.get("narrative"):
            _heading(pdf, _("Summary"))
            pdf.set_font("DejaVu", "", 10)
            pdf.multi_cell(0, 5.2, payload["narrative"], new_x="LMARGIN", new_y="NEXT")
        _heading(pdf, _("Key figures"))
        _kpi_table(pdf, payload)
        _region_chart(pdf, payload)
        _histogram_chart(pdf, payload)
        _breakdown_tables(pdf, payload)
        _definitions(pdf, payload)
        return bytes(pdf.output())
