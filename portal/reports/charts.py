"""The donor report's two charts as inline SVG, drawn on the server (no JavaScript): pre-test and post-test
means by region as pairs of horizontal bars, and the distribution of individual gains as a histogram.

One SVG unit is one typographic point, so text is laid out with the widths of DejaVu Sans (the report's
font) measured from the font file: long Kyrgyz region names wrap instead of running into the bars."""

import math
from dataclasses import dataclass
from functools import cache
from html import escape

from fontTools.ttLib import TTFont

from fileformats.pdf import FONT_DIR

PRE_COLOUR, POST_COLOUR = "#9ecae1", "#2166ac"
BAR_COLOUR = "#4a7fb5"
GRID_COLOUR, AXIS_COLOUR, TEXT_COLOUR, MUTED_COLOUR = "#d9d9d9", "#8c8c8c", "#222222", "#555555"
FONT_SIZE = 8.0
# The family report.css declares with @font-face from fileformats/fonts, so that the charts use the same files.
FONT_FAMILY = "Report Sans"
MINUS = "\u2212"


@cache
def _metrics(bold: bool) -> tuple[dict, int]:
    font = TTFont(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"), lazy=True)
    advances = font["hmtx"].metrics
    widths = {code: advances[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """Width of `text` in points set in DejaVu Sans at `size` points (kerning ignored)."""
    widths, units = _metrics(bold)
    fallback = widths.get(ord("M"), units)
    return sum(widths.get(ord(char), fallback) for char in text) * size / units


def wrap(text: str, width: float, size: float = FONT_SIZE, *, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width`, broken between words only (a word longer than the line stays
    whole on its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold=bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(x, y, content, *, anchor="start", size=FONT_SIZE, colour=TEXT_COLOUR, bold=False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}"{weight}>'
            f"{escape(content)}</text>")  # fmt: skip


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}pt" height="{height:.1f}pt" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{FONT_FAMILY}" role="img">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


@dataclass(frozen=True)
class RegionBar:
    label: str
    pre: float
    post: float
    pre_text: str
    post_text: str


def region_means_svg(rows: list[RegionBar], *, width: float, title: str, percent) -> str:
    """Two bars per region (pre-test, post-test) on a 0–100 % scale, with the value at the end of each bar.
    `percent(n)` writes an axis tick (0, 25 … 100) as the reader's language does."""
    bar, gap, row_gap, line = 9.0, 1.5, 9.0, FONT_SIZE * 1.2
    value_room = max((text_width(text, FONT_SIZE - 0.5) for row in rows for text in (row.pre_text, row.post_text)),
                     default=0) + 6  # fmt: skip
    label_room = min(max((text_width(row.label) for row in rows), default=0), width * 0.34)
    origin, right = label_room + 8, width - value_room
    scale = (right - origin) / 100
    top, y, body = 4.0, 4.0, []
    rows_at = []
    for row in rows:
        lines = wrap(row.label, label_room)
        height = max(2 * bar + gap, len(lines) * line)
        rows_at.append((row, y, lines, height))
        y += height + row_gap
    bottom = y - row_gap + 4
    for tick in (0, 25, 50, 75, 100):
        x = origin + tick * scale
        body.append(f'<line x1="{x:.1f}" y1="{top - 2:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                    f'stroke="{GRID_COLOUR if tick else AXIS_COLOUR}" stroke-width="0.6"/>')  # fmt: skip
        body.append(_text(x, bottom + FONT_SIZE + 2, percent(tick), anchor="middle", size=FONT_SIZE - 0.5,
                          colour=MUTED_COLOUR))  # fmt: skip
    for row, y, lines, height in rows_at:
        bars_top = y + (height - (2 * bar + gap)) / 2
        text_top = y + (height - len(lines) * line) / 2
        for index, text in enumerate(lines):
            body.append(_text(label_room, text_top + (index + 0.8) * line, text, anchor="end"))
        for index, (value, text, colour) in enumerate(((row.pre, row.pre_text, PRE_COLOUR),
                                                       (row.post, row.post_text, POST_COLOUR))):  # fmt: skip
            bar_y = bars_top + index * (bar + gap)
            length = max(value, 0) * scale
            body.append(f'<rect x="{origin:.1f}" y="{bar_y:.1f}" width="{length:.1f}" height="{bar:.1f}" '
                        f'fill="{colour}"/>')  # fmt: skip
            body.append(_text(origin + length + 3, bar_y + bar - 2, text, size=FONT_SIZE - 0.5))
    return _svg(width, bottom + FONT_SIZE + 6, body, title)


def _count_ticks(biggest: int) -> list[int]:
    """Gridlines at a round step (1, 2 or 5 × 10ⁿ), at most five of them above zero, reaching `biggest`."""
    magnitude = 1
    while biggest > 0:
        for base in (1, 2, 5):
            step = base * magnitude
            if math.ceil(biggest / step) <= 5:
                return list(range(0, step * math.ceil(biggest / step) + 1, step))
        magnitude *= 10
    return [0, 1]


def gain_histogram_svg(counts: list[int], edges: list[int], *, width: float, title: str, number) -> str:
    """A bar per 10-point band of individual gains (post − pre, in percentage points) with its count above
    it; band edges under the axis. `number(n)` writes a count as the reader's language does."""
    height, left, right, top = 170.0, 34.0, 8.0, 12.0
    ticks = _count_ticks(max(counts, default=0))
    plot_height, plot_width = height - top, width - left - right
    scale = plot_height / ticks[-1]
    step = plot_width / max(len(counts), 1)
    body = []
    for tick in ticks:
        y = top + plot_height - tick * scale
        body.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{width - right:.1f}" y2="{y:.1f}" '
                    f'stroke="{AXIS_COLOUR if tick == 0 else GRID_COLOUR}" stroke-width="0.6"/>')  # fmt: skip
        body.append(_text(left - 4, y + 2.5, number(tick), anchor="end", size=FONT_SIZE - 0.5, colour=MUTED_COLOUR))
    for index, value in enumerate(counts):
        x = left + index * step
        bar_height = value * scale
        body.append(f'<rect x="{x + 1:.1f}" y="{top + plot_height - bar_height:.1f}" width="{step - 2:.1f}" '
                    f'height="{bar_height:.1f}" fill="{BAR_COLOUR}"/>')  # fmt: skip
        if value:
            body.append(_text(x + step / 2, top + plot_height - bar_height - 3, number(value), anchor="middle",
                              size=FONT_SIZE - 0.5))  # fmt: skip
    for index, edge in enumerate(edges):
        x = left + index * step
        label = number(edge).replace("-", MINUS)
        body.append(f'<line x1="{x:.1f}" y1="{height:.1f}" x2="{x:.1f}" y2="{height + 3:.1f}" '
                    f'stroke="{AXIS_COLOUR}" stroke-width="0.6"/>')  # fmt: skip
        body.append(_text(x, height + FONT_SIZE + 4, label, anchor="middle", size=FONT_SIZE - 0.5,
                          colour=MUTED_COLOUR))  # fmt: skip
    return _svg(width, height + FONT_SIZE + 8, body, title)
