"""Certificates of completion (PDF, one landscape A4 page per participant) in Kyrgyz or Russian (English
too), for participants present on every day of their session."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import npgettext
from fpdf import FPDF

from councils.models import Deputy
from fileformats.pdf import add_fonts

CERTIFICATE_LANGUAGES = ("ky", "ru", "en")
FRAME_COLOUR = (23, 78, 145)


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


def _page(pdf, session, enrolment, topics, trainers):
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
    width = 80
    signers = trainers or [""]
    gap = (297 - 2 * 30 - width * len(signers[:3])) / max(len(signers[:3]), 1)
    for index, name in enumerate(signers[:3]):
        x = 30 + gap / 2 + index * (width + gap)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(x, 172, x + width, 172)
        pdf.set_xy(x, 173)
        pdf.set_font("DejaVu", "", 9)
        pdf.cell(width, 5, _("Trainer: %(name)s") % {"name": name} if name else _("Trainer"), align="C")
    pdf.set_xy(30, 186)
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(100, 100, 100)
    number = f"{session.campaign.code}/{session.code}/{enrolment.pk}"
    pdf.cell(0, 4, _("Certificate No. %(number)s") % {"number": number}, align="C")
    pdf.set_text_color(0, 0, 0)


def certificates_pdf(session, enrolments, language: str) -> bytes:
    """One page per enrolment (each must have completed the session) in `language`."""
    with translation.override(language):
        pdf = _new_pdf(_("Certificates") + f" {session.code}")
        topics = [topic.name for topic in session.campaign.topics.all()]
        trainers = [trainer.display_name for trainer in session.trainers.all()]
        for enrolment in enrolments:
            _page(pdf, session, enrolment, topics, trainers)
        if not enrolments:
            pdf.add_page()
            pdf.set_font("DejaVu", "", 14)
            pdf.set_y(90)
            pdf.multi_cell(0, 8, _("Nobody has completed this session yet."), align="C")
        return bytes(pdf.output())
