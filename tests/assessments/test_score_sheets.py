"""The session's score sheet: download pre-filled, upload back, preview, confirm; all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import TestResult as Result

pytestmark = pytest.mark.django_db


def download(client, session):
    response = client.get(reverse("assessments:score_sheet_download", args=[session.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def upload(client, session, workbook, name="scores.xlsx"):
    output = io.BytesIO()
    workbook.save(output)
    file = SimpleUploadedFile(name, output.getvalue())
    return client.post(reverse("assessments:score_sheet_upload", args=[session.pk]), {"file": file})


def test_sheet_is_prefilled_with_ids_names_and_scores(trainer_client, session, enrolments):
    Result.objects.create(enrolment=enrolments[1], phase="pre", score=Decimal("12.5"), max_score=20)
    sheet = download(trainer_client, session).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Enrolment_id", "Session_code", "Last_name", "First_name", "Patronymic", "Pre_score", "Post_score", "Council",
    )  # fmt: skip
    assert [row[:3] for row in rows[1:]] == [(e.pk, "S-CHUI-01", e.deputy.last_name) for e in enrolments]
    assert rows[2][5:7] == (12.5, None)


@pytest.mark.parametrize(
    ("language", "headers"),
    [
        ("ru", ["Id участника", "Код тренинга", "Фамилия", "Имя", "Отчество", "Пре-тест", "Пост-тест", "Кенеш"]),
        ("ky", ["Катышуучунун id", "Тренингдин коду", "Фамилиясы", "Аты", "Атасынын аты", "Алдын ала тест",
                "Жыйынтык тест", "Кеңеш"]),
    ],
)  # fmt: skip
def test_sheet_headers_are_in_the_users_language_and_say_training(trainer_client, session, enrolments, language,
                                                                     headers):  # fmt: skip
    trainer_client.cookies["django_language"] = language
    sheet = download(trainer_client, session).worksheets[0]
    assert [cell.value for cell in sheet[1]] == headers


def test_sheet_with_the_old_session_code_header_still_uploads(trainer_client, session, enrolments):
    trainer_client.cookies["django_language"] = "ru"
    workbook = download(trainer_client, session)
    sheet = workbook.worksheets[0]
    sheet["B1"] = "Код сессии"
    sheet["F2"] = 7
    response = upload(trainer_client, session, workbook)
    changes = [(c.enrolment_id, c.phase, c.new) for c in response.context["preview"].changes]
    assert changes == [(enrolments[0].pk, "pre", Decimal("7"))]


def test_round_trip_previews_then_saves_the_changes(trainer_client, session, enrolments):
    Result.objects.create(enrolment=enrolments[0], phase="pre", score=8, max_score=20)
    workbook = download(trainer_client, session)
    sheet = workbook.worksheets[0]
    sheet["F2"] = 9
    sheet["G2"] = "15,5"
    sheet["F3"] = 11
    response = upload(trainer_client, session, workbook)
    changes = [(c.enrolment_id, c.phase, c.old, c.new) for c in response.context["preview"].changes]
    assert changes == [
        (enrolments[0].pk, "pre", Decimal("8"), Decimal("9")),
        (enrolments[0].pk, "post", None, Decimal("15.5")),
        (enrolments[1].pk, "pre", None, Decimal("11")),
    ]
    assert Result.objects.count() == 1
    response = trainer_client.post(reverse("assessments:score_sheet_confirm", args=[session.pk]))
    assert response.status_code == 302
    saved = dict(((r.enrolment_id, r.phase), (r.score, r.source)) for r in Result.objects.all())
    assert saved == {
        (enrolments[0].pk, "pre"): (Decimal("9"), "import"),
        (enrolments[0].pk, "post"): (Decimal("15.5"), "import"),
        (enrolments[1].pk, "pre"): (Decimal("11"), "import"),
    }


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ("F2", "many", "Row 2, column “pre_score”: Enter a number."),
        ("G3", 25, "Row 3, column “post_score”: Enter a score from 0 to 20."),
        ("F4", -2, "Row 4, column “pre_score”: Enter a score from 0 to 20."),
        ("A2", 999999, "Row 2, column “enrolment_id”: Nobody with id 999999 is enrolled in this session."),
        ("B3", "OTHER-01", "Row 3, column “session_code”: Unknown session code “OTHER-01”"),
        ("A3", "x", "Row 3, column “enrolment_id”: “x” is not a whole number."),
    ],
)
def test_bad_sheet_saves_nothing(trainer_client, session, enrolments, cell, value, message):
    workbook = download(trainer_client, session)
    sheet = workbook.worksheets[0]
    sheet["F2"], sheet["F3"], sheet["F4"] = 5, 6, 7
    sheet[cell] = value
    response = upload(trainer_client, session, workbook)
    errors = [str(error) for error in response.context["preview"].errors]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert "Save " not in response.content.decode()
    confirm = trainer_client.post(reverse("assessments:score_sheet_confirm", args=[session.pk]))
    assert confirm.status_code == 302
    assert Result.objects.count() == 0


def test_duplicate_participant_row_is_an_error(trainer_client, session, enrolments):
    workbook = download(trainer_client, session)
    sheet = workbook.worksheets[0]
    sheet.append([enrolments[0].pk, "S-CHUI-01", "x", "y", "", 3, 4])
    response = upload(trainer_client, session, workbook)
    assert [str(e) for e in response.context["preview"].errors] == [
        "Row 5, column “enrolment_id”: Duplicate row: this participant is already in row 2."
    ]


def test_wrong_file_type_is_refused(trainer_client, session, enrolments):
    file = SimpleUploadedFile("scores.pdf", b"%PDF")
    response = trainer_client.post(reverse("assessments:score_sheet_upload", args=[session.pk]), {"file": file})
    assert response.context["form"].errors["file"] == ["Unsupported file type: upload a .csv or .xlsx file."]


def test_score_changed_after_preview_aborts_everything(trainer_client, session, enrolments):
    workbook = download(trainer_client, session)
    sheet = workbook.worksheets[0]
    sheet["F2"], sheet["F3"] = 5, 6
    upload(trainer_client, session, workbook)
    Result.objects.create(enrolment=enrolments[1], phase="pre", score=19, max_score=20)  # typed in the grid meanwhile
    response = trainer_client.post(reverse("assessments:score_sheet_confirm", args=[session.pk]), follow=True)
    assert "nothing was saved" in response.content.decode()
    assert list(Result.objects.values_list("enrolment_id", "score")) == [(enrolments[1].pk, Decimal("19"))]
