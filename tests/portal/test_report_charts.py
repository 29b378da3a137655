"""The report's SVG charts: long labels wrap between words inside their column, and nothing overlaps."""

import xml.etree.ElementTree as ET

from portal.reports.charts import RegionBar, gain_histogram_svg, region_means_svg, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Жалал-Абад облусунун жергиликтүү кеңештеринин депутаттары"


def test_wrap_breaks_between_words_only_and_fits_the_width():
    lines = wrap(LONG, 90)
    assert " ".join(lines) == LONG
    assert len(lines) > 1
    assert all(text_width(line) <= 90 for line in lines)


def test_region_labels_stay_left_of_the_bars_and_inside_the_chart():
    rows = [RegionBar(LONG, 44.5, 68.0, "44,5%", "68,0%"), RegionBar("Ош облусу", 44.0, 65.7, "44,0%", "65,7%")]
    svg = ET.fromstring(region_means_svg(rows, width=490, title="t", percent=lambda tick: f"{tick}%"))
    bars_start = min(float(rect.get("x")) for rect in svg.iter(f"{SVG}rect"))
    labels = [text for text in svg.iter(f"{SVG}text") if text.get("text-anchor") == "end"]
    assert " ".join(text.text for text in labels[:-1]) == LONG  # the long name, wrapped over several lines
    for text in labels:
        right = float(text.get("x"))
        assert right - text_width(text.text, float(text.get("font-size"))) >= 0
        assert right < bars_start
    for rect in svg.iter(f"{SVG}rect"):  # bars end inside the chart, leaving room for their value
        assert float(rect.get("x")) + float(rect.get("width")) < 490 - text_width("68,0%")


def test_histogram_writes_negative_edges_with_a_minus_sign():
    svg = gain_histogram_svg([1, 4, 15], [-30, -20, -10, 0], width=490, title="t", number=str)
    texts = [text.text for text in ET.fromstring(svg).iter(f"{SVG}text")]
    assert {"\u221230", "\u221220", "\u221210", "0"} <= set(texts)
    assert "-30" not in texts
