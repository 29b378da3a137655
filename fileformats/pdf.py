"""Fonts for every PDF the portal makes: DejaVu Sans (shipped in `fonts/` with its licence) covers Cyrillic
and the Kyrgyz letters ү, ө, ң. fpdf2 documents call `add_fonts`; the WeasyPrint report reads `FONT_DIR`."""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


def add_fonts(pdf, family: str = "DejaVu"):
    """Register the regular and bold faces with an fpdf2 document under `family`."""
    pdf.add_font(family, "", str(REGULAR))
    pdf.add_font(family, "B", str(BOLD))
