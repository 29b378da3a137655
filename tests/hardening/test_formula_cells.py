"""Every spreadsheet the portal writes neutralises text that a spreadsheet program would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fileformats.cells import FORMULA_LEADS, safe_cell, unsafe_cell
from tests.factories import DeputyFactory, EnrolmentFactory, InstrumentFactory, TrainingSessionFactory

HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', "+cmd|'/c calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("lead", FORMULA_LEADS)
def test_text_starting_with_a_formula_character_gets_an_apostrophe(lead):
    assert safe_cell(f"{lead}1+1") == f"'{lead}1+1"


@pytest.mark.parametrize("value", ["Асанова", "O'Brien", "", None, 12, 12.5, "+996 555 123 456", "+996(555)12-34-56"])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [*HOSTILE_NAMES, "Асанова", "'quoted", "+996 555 123 456"])
def test_unsafe_cell_gives_back_what_safe_cell_was_given(value):
    assert unsafe_cell(safe_cell(value)) == value


@pytest.fixture
def hostile_session(trainer):
    session = TrainingSessionFactory(code="=S1+1", trainers=[trainer])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    for name in HOSTILE_NAMES:
        deputy = DeputyFactory(last_name=name, first_name="@Aigul", patronymic="-x", council__name_ru="=Council")
        EnrolmentFactory(session=session, deputy=deputy)
    return session


def _xlsx_cells(content):
    workbook = load_workbook(io.BytesIO(content))  # not read-only: data_type tells formulas apart
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def _csv_cells(content):
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _formula_like(values):
    return sorted(str(value) for value in values if isinstance(value, str) and value.startswith(FORMULA_LEADS))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "export",
    [
        ("councils:deputy_list", False, "?export=csv"),
        ("councils:deputy_list", False, "?export=xlsx"),
        ("trainings:roster_xlsx", True, ""),
        ("assessments:score_sheet_download", True, ""),
    ],
    ids=["deputies.csv", "deputies.xlsx", "roster.xlsx", "score-sheet.xlsx"],
)
def test_exports_contain_no_formula(export, hostile_session, organiser_client):
    name, with_session, query = export
    url = reverse(name, args=[hostile_session.pk] if with_session else []) + query

    response = organiser_client.get(url)

    if query.endswith("csv"):
        values = _csv_cells(response.content)
    else:
        cells = _xlsx_cells(response.content)
        assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
        values = [cell.value for cell in cells]
    phones = [value for value in values if isinstance(value, str) and value.startswith("+996")]
    assert _formula_like(values) == sorted(phones)
    assert '\'=HYPERLINK("http://x","y")' in values


@pytest.mark.django_db
def test_score_sheet_with_a_formula_like_session_code_reads_back(hostile_session, organiser_client):
    sheet = organiser_client.get(reverse("assessments:score_sheet_download", args=[hostile_session.pk])).content
    upload = io.BytesIO(sheet)
    upload.name = "scores.xlsx"

    response = organiser_client.post(
        reverse("assessments:score_sheet_upload", args=[hostile_session.pk]), {"file": upload}
    )

    preview = response.context["preview"]
    assert (preview.errors, preview.unchanged) == ([], len(HOSTILE_NAMES) * 2)
