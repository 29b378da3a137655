"""The set-password link as a QR code (SVG for the page, PNG inside the PDF) and as a printable A4 page
to hand to the trainer. The PDF embeds DejaVu Sans (`fileformats.pdf`) for Cyrillic and ү, ө, ң."""

import io

import segno
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from fpdf import FPDF
from PIL import Image

from fileformats.pdf import add_fonts


def qr_svg(url: str, *, title: str = "") -> str:
    """An inline <svg> of the link's QR code (no XML declaration, scales with its box)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, title=title or None, svgclass="qr-code")


def qr_image(url: str) -> Image.Image:
    output = io.BytesIO()
    segno.make(url, error="m").save(output, kind="png", scale=10, border=2)
    output.seek(0)
    # segno writes a 1-bit PNG, which fpdf2 embeds garbled: hand it 8-bit greyscale instead.
    return Image.open(output).convert("L")


def set_password_pdf(*, trainer, url: str, expires_at, login_url: str) -> bytes:
    """One A4 page: who the account is for, the username, the link as text and as a QR code, and until when."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_title(_("Your account in the Deputy Training Portal"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, _("Your account in the Deputy Training Portal"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    expires = date_format(localtime(expires_at), "DATETIME_FORMAT")
    lines = [
        _("Trainer: %(name)s") % {"name": trainer.display_name},
        _("Username: %(username)s") % {"username": trainer.username},
        "",
        _("Scan the code with your phone or open the link below, then choose your password."),
        _("The link works once, until %(date)s.") % {"date": expires},
    ]
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(4)
    size = 70
    pdf.image(qr_image(url), x=(pdf.w - size) / 2, w=size, h=size)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, url, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(
        0, 6, _("Afterwards, sign in at %(url)s with your username and password.") % {"url": login_url},
        new_x="LMARGIN", new_y="NEXT", align="L",
    )  # fmt: skip
    return bytes(pdf.output())
