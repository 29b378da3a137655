"""Printable documents of a session: the sign-in sheet per day (PDF) and the roster (XLSX).

Texts, dates and council names come out in the active language; the PDF embeds DejaVu Sans (shipped
with its licence, `fileformats.pdf`) because it covers Cyrillic and the Kyrgyz letters ү, ө, ң.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font

from fileformats.cells import safe_cell
from fileformats.pdf import add_fonts

from .codes import file_name_part


def _trainer_names(session):
    return ", ".join(trainer.display_name for trainer in session.trainers.all())


def sign_in_sheet_pdf(session, day: int, roster) -> bytes:
    """A4 sheet for day `day`: one line per participant with their council and a signature box."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_title(_("Sign-in sheet") + f" {session.code}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, _("Sign-in sheet"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    day_date = session.dates[day - 1]
    lines = [
        session.campaign.name,
        _("Session %(code)s, day %(day)s of %(days)s: %(date)s")
        % {"code": session.code, "day": day, "days": session.days, "date": date_format(day_date, "DATE_FORMAT")},
    ]
    if session.venue is not None:
        lines.append(
            _("Venue: %(venue)s") % {"venue": ", ".join(filter(None, [session.venue.name, session.venue.address]))}
        )
    trainers = _trainer_names(session)
    if trainers:
        lines.append(_("Trainers: %(names)s") % {"names": trainers})
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=(8, 70, 55, 47), line_height=8, headings_style=headings, first_row_as_headings=True
    ) as table:
        header = table.row()
        for title in (_("No."), _("Full name"), _("Council"), _("Signature")):
            header.cell(title)
        for number, row in enumerate(roster, start=1):
            line = table.row()
            line.cell(str(number))
            line.cell(row.enrolment.deputy.full_name)
            line.cell(row.enrolment.deputy.council.name)
            line.cell("")
    return bytes(pdf.output())


def roster_xlsx(session, roster, *, with_phones: bool) -> bytes:
    """The roster as one sheet: one row per participant, attendance per day and completion."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = file_name_part(session.code)[:31]
    header = [_("No."), _("Last name"), _("First name"), _("Patronymic"), _("Sex"), _("Birth year")]
    header += [_("Council"), _("Council code")]
    if with_phones:
        header.append(_("Phone"))
    header += [
        _("Day %(day)s (%(date)s)") % {"day": day, "date": date_format(date, "SHORT_DATE_FORMAT")}
        for day, date in enumerate(session.dates, start=1)
    ]
    header.append(_("Completed"))
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    marks = {True: _("present"), False: _("absent"), None: ""}
    for number, row in enumerate(roster, start=1):
        deputy = row.enrolment.deputy
        values = [number, deputy.last_name, deputy.first_name, deputy.patronymic, deputy.get_gender_display()]
        values += [deputy.birth_year, deputy.council.name, deputy.council.code]
        if with_phones:
            values.append(deputy.phone)
        values += [marks[present] for _day, present in row.days]
        values.append(_("yes") if row.completed else _("no"))
        sheet.append([safe_cell(value) for value in values])
    sheet.freeze_panes = "B2"
    for column, width in zip("ABCDEFGH", (5, 20, 16, 18, 8, 8, 30, 16), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
