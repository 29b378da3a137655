"""Certificates of completion (PDF, one landscape A4 page per participant) in Kyrgyz or Russian (English
too), for participants present on every day of their session.

Each page carries its verification code (`trainings.certificates`) under a QR code of the absolute
address of its public page `/verify/<code>/`, and the link to the national course catalogue
(`COURSE_CATALOGUE_URL`).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import npgettext
from fpdf import FPDF

from councils.models import Deputy
from fileformats.pdf import add_fonts
from portal.trainers.printables import qr_image

CERTIFICATE_LANGUAGES = ("ky", "ru", "en")
FRAME_COLOUR = (23, 78, 145)
GREY = (100, 100, 100)
# The bottom band: signatures and footer lines on the left, the QR code and its code on the right, all
# inside the inner frame (14 … 283 mm across, … 196 mm down).
TEXT_LEFT, TEXT_RIGHT = 30, 240
QR_SIZE, QR_X, QR_Y = 28, 251, 154


@dataclass(frozen=True)
class Verification:
    """What a page prints to be checked: the code as printed (XXXX-XXXX) and its page's absolute address."""

    code: str
    url: str


def catalogue_label(url: str) -> str:
    """The catalogue's address as people type it: no scheme, no trailing slash (myktyaimak.gov.kg)."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/") or url


def _new_pdf(title: str) -> FPDF:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(30, 25, 30)
    return pdf


def _centered(pdf, text, size, *, bold=False, height=None, gap=0.0):
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    if gap:
        pdf.ln(gap)


def _completed(days: int, gender: str) -> str:
    # Russian past tense agrees with the person («прошёл» / «прошла»): a certificate is a formal document.
    if gender == Deputy.Gender.FEMALE:
        return npgettext(
            "certificate, female", "completed the %(count)s-day training", "completed the %(count)s-day training", days
        )
    return npgettext(
        "certificate, male", "completed the %(count)s-day training", "completed the %(count)s-day training", days
    )


def _footer_line(pdf, y, text):
    pdf.set_xy(TEXT_LEFT, y)
    pdf.cell(TEXT_RIGHT - TEXT_LEFT, 4, text, align="C")


def _verification(pdf, verification: Verification):
    pdf.image(qr_image(verification.url), x=QR_X, y=QR_Y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_xy(QR_X - 4, QR_Y + QR_SIZE + 0.5)
    pdf.set_font("DejaVu", "B", 10)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(QR_SIZE + 8, 5, verification.code, align="C")


def _page(pdf, session, enrolment, topics, trainers, verification: Verification | None):
    pdf.add_page()
    pdf.set_draw_color(*FRAME_COLOUR)
    pdf.set_line_width(1.6)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)
    pdf.set_y(26)
    pdf.set_text_color(*FRAME_COLOUR)
    _centered(pdf, _("Certificate").upper(), 30, bold=True, height=14, gap=2)
    pdf.set_text_color(0, 0, 0)
    _centered(pdf, _("This certifies that"), 13, gap=3)
    deputy = enrolment.deputy
    _centered(pdf, deputy.full_name, 24, bold=True, height=11, gap=1)
    _centered(pdf, _("deputy of %(council)s") % {"council": deputy.council.name}, 12, gap=4)
    _centered(pdf, _completed(session.days, deputy.gender) % {"count": session.days}, 13, gap=1)
    _centered(pdf, session.campaign.name, 14, bold=True, height=7, gap=2)
    period = date_format(session.start_date, "DATE_FORMAT")
    if session.days > 1:
        period = f"{period} – {date_format(session.end_date, 'DATE_FORMAT')}"
    place = f"{period}, {session.venue.name}" if session.venue else period
    _centered(pdf, place, 11, gap=2)
    if topics:
        _centered(pdf, _("Topics: %(topics)s") % {"topics": "; ".join(topics)}, 9.5, height=5)
    pdf.set_y(165)
    signers = (trainers or [""])[:3]
    width = 80 if len(signers) < 3 else 66
    gap = (TEXT_RIGHT - TEXT_LEFT - width * len(signers)) / len(signers)
    for index, name in enumerate(signers):
        x = TEXT_LEFT + gap / 2 + index * (width + gap)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(x, 172, x + width, 172)
        pdf.set_xy(x, 173)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(width, 5, _("Trainer: %(name)s") % {"name": name} if name else _("Trainer"), align="C")
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*GREY)
    number = f"{session.campaign.code}/{session.code}/{enrolment.pk}"
    _footer_line(pdf, 180, _("Certificate No. %(number)s") % {"number": number})
    if verification:
        _footer_line(pdf, 184.5, _("Check this certificate: %(url)s") % {"url": verification.url})
    if settings.COURSE_CATALOGUE_URL:
        label = catalogue_label(settings.COURSE_CATALOGUE_URL)
        _footer_line(pdf, 189, _("Continue learning: %(catalogue)s") % {"catalogue": label})
    pdf.set_text_color(0, 0, 0)
    if verification:
        _verification(pdf, verification)


def certificates_pdf(session, enrolments, language: str, verifications: dict | None = None) -> bytes:
    """One page per enrolment (each must have completed the session) in `language`; `verifications` maps an
    enrolment's id to the `Verification` its page carries."""
    verifications = verifications or {}
    with translation.override(language):
        pdf = _new_pdf(_("Certificates") + f" {session.code}")
        topics = [topic.name for topic in session.campaign.topics.all()]
        trainers = [trainer.display_name for trainer in session.trainers.all()]
        for enrolment in enrolments:
            _page(pdf, session, enrolment, topics, trainers, verifications.get(enrolment.pk))
        if not enrolments:
            pdf.add_page()
            pdf.set_font("DejaVu", "", 14)
            pdf.set_y(90)
            pdf.multi_cell(0, 8, _("Nobody has completed this session yet."), align="C")
        return bytes(pdf.output())
