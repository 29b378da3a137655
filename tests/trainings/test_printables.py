"""Sign-in sheet (PDF) and roster (XLSX) downloads: content, language and personal data."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import AttendanceFactory, CouncilFactory, DeputyFactory, EnrolmentFactory
from trainings.printables import safe_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(session):
    council = CouncilFactory(kind="town_kenesh", name_ky="Кемин шаары", name_ru="Кемин", name_en="Kemin town")
    first = EnrolmentFactory(
        session=session,
        deputy=DeputyFactory(
            council=council,
            last_name="Өмүрбекова",
            first_name="Гүлнара",
            patronymic="Токтогуловна",
            gender="F",
            birth_year=1990,
            phone="+996555123456",
        ),
    )
    second = EnrolmentFactory(
        session=session,
        deputy=DeputyFactory(council=council, last_name="=Ңурланов", first_name="Бакыт", patronymic="", phone=""),
    )
    AttendanceFactory(enrolment=first, day=1, present=True)
    AttendanceFactory(enrolment=first, day=2, present=True)
    AttendanceFactory(enrolment=second, day=1, present=False)
    return [first, second]


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_sign_in_sheet_lists_participants_with_their_council(organiser_client, session, roster):
    response = organiser_client.get(reverse("trainings:sign_in_sheet", args=[session.pk, 2]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sign-in-S-01-day2.pdf"'
    text = pdf_text(response)
    assert "Sign-in sheet" in text
    assert "Session S-01, day 2 of 2: May 25, 2021" in text
    assert "Өмүрбекова Гүлнара Токтогуловна" in text
    assert "=Ңурланов Бакыт" in text
    assert text.count("Kemin town") == 2
    assert "+996555123456" not in text


def test_sign_in_sheet_is_in_the_users_language(organiser_client, session, roster):
    organiser_client.cookies["django_language"] = "ky"

    text = pdf_text(organiser_client.get(reverse("trainings:sign_in_sheet", args=[session.pk, 1])))

    assert "Кемин шаардык кеңеши" in text
    assert "Kemin town" not in text


def test_sign_in_sheet_for_a_day_the_session_does_not_have_is_not_found(organiser_client, session):
    assert organiser_client.get(reverse("trainings:sign_in_sheet", args=[session.pk, 3])).status_code == 404


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_roster_xlsx_has_attendance_per_day_and_completion(organiser_client, session, roster):
    response = organiser_client.get(reverse("trainings:roster_xlsx", args=[session.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="roster-S-01.xlsx"'
    title, rows = rows_of(response)
    assert title == "S-01"
    assert rows[0] == [
        "No.",
        "Last name",
        "First name",
        "Patronymic",
        "Sex",
        "Birth year",
        "Council",
        "Council code",
        "Phone",
        "Day 1 (05/24/2021)",
        "Day 2 (05/25/2021)",
        "Completed",
    ]
    code = roster[0].deputy.council.code
    assert rows[1] == [
        1,
        "'=Ңурланов",
        "Бакыт",
        None,
        "male",
        1980,
        "Kemin town council",
        code,
        None,
        "absent",
        None,
        "no",
    ]
    assert rows[2] == [
        2,
        "Өмүрбекова",
        "Гүлнара",
        "Токтогуловна",
        "female",
        1990,
        "Kemin town council",
        code,
        "+996555123456",
        "present",
        "present",
        "yes",
    ]


@pytest.mark.parametrize("persona", ["trainer_client", "staff_client"])
def test_roster_xlsx_has_no_phone_numbers_for_trainers_and_staff(request, persona, session, roster):
    client = request.getfixturevalue(persona)

    _title, rows = rows_of(client.get(reverse("trainings:roster_xlsx", args=[session.pk])))

    assert "Phone" not in rows[0]
    assert all("+996555123456" not in row for row in rows)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+A1*2", "'+A1*2"),
        ("+996 555 123456", "+996 555 123456"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("Асанов", "Асанов"),
        (5, 5),
    ],
)
def test_formula_like_cells_are_neutralised(value, expected):
    assert safe_cell(value) == expected
