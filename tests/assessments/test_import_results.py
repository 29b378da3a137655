"""`import_results` (DESIGN §4): CSV and XLSX, English and Russian headers, idempotence, bad input."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from assessments.models import TestResult as Result
from assessments.results_import import import_results
from councils.models import Deputy
from fileformats.tables import FileRejected
from tests.factories import CampaignFactory, CouncilFactory, DeputyFactory, VenueFactory
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession, Venue

pytestmark = pytest.mark.django_db

HEADER = [
    "session_code", "session_start", "session_days", "venue", "trainers", "council_code", "last_name", "first_name",
    "patronymic", "sex", "birth_year", "day1", "day2", "pre_score", "post_score", "max_score",
]  # fmt: skip
# Headers of files written before «тренинг» and «кенеш» became the first aliases: still accepted.
RUSSIAN = [
    "Код сессии", "Дата начала", "Дней", "Место проведения", "Тренеры", "Код совета", "Фамилия", "Имя",
    "Отчество", "Пол", "Год рождения", "День 1", "День 2", "Пре-тест", "Пост-тест", "Макс. балл",
]  # fmt: skip
KYRGYZ = [
    "Тренингдин коду", "Башталган күнү", "Күн саны", "Өткөрүлүүчү жери", "Тренерлер", "Кеңештин коду", "Фамилиясы",
    "Аты", "Атасынын аты", "Жынысы", "Туулган жылы", "1-күн", "2-күн", "Алдын ала тест", "Жыйынтык тест",
    "Максималдуу балл",
]  # fmt: skip


@pytest.fixture
def councils():
    return [CouncilFactory(code="41702211000000"), CouncilFactory(code="41702215000000")]


def rows_for(councils):
    a, b = councils[0].code, councils[1].code
    return [
        ["CH-01", "2021-05-24", "2", "Кемин, ДК", "Асанов Бакыт; Иванова Анна", a, "Осмонова", "Айгүл", "Маратовна",
         "Ж", "1985", "1", "1", "10", "15", "20"],
        ["CH-01", "2021-05-24", "2", "Кемин, ДК", "Асанов Бакыт; Иванова Анна", a, "Токтогулов", "Нурлан", "",
         "М", "1970", "да", "нет", "12,5", "", "20"],
        ["CH-02", "26.05.2021", "2", "Токмок, школа №1", "Иванова Анна", b, "Ли", "Ольга", "Петровна",
         "female", "", "yes", "yes", "", "18", "20"],
    ]  # fmt: skip


def csv_bytes(rows, header=HEADER, delimiter=","):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return output.getvalue().encode()


def xlsx_bytes(rows, header=HEADER):
    workbook = Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def counts():
    return {
        "campaigns": Campaign.objects.count(),
        "sessions": TrainingSession.objects.count(),
        "venues": Venue.objects.count(),
        "deputies": Deputy.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "attendance": Attendance.objects.count(),
        "results": Result.objects.count(),
    }


def run(content, name="results.csv", **kwargs):
    return import_results(name=name, content=content, campaign_code=kwargs.pop("campaign", "VOICE-2021"), **kwargs)


def test_csv_with_english_headers_creates_everything(councils, trainer):
    report = run(csv_bytes(rows_for(councils)))
    assert report.errors == []
    assert report.written is True
    assert counts() == {
        "campaigns": 1, "sessions": 2, "venues": 2, "deputies": 3, "enrolments": 3, "attendance": 6, "results": 4,
    }  # fmt: skip
    campaign = Campaign.objects.get(code="VOICE-2021")
    assert (campaign.start.isoformat(), campaign.end.isoformat(), campaign.convocation) == (
        "2021-05-24",
        "2021-05-27",
        2021,
    )
    deputy = Deputy.objects.get(last_name="Осмонова")
    assert (deputy.gender, deputy.birth_year, deputy.normalized_name) == ("F", 1985, "осмонова айгул маратовна")
    assert deputy.search_key == "осмон аигул марат кизи"  # searchable in any script and form
    result = Result.objects.get(enrolment__deputy__last_name="Токтогулов", phase="pre")
    assert (result.score, result.max_score, result.source) == (Decimal("12.5"), Decimal("20"), "import")
    assert not Result.objects.filter(enrolment__deputy__last_name="Токтогулов", phase="post").exists()
    attendance = dict(
        Attendance.objects.filter(enrolment__deputy__last_name="Токтогулов").values_list("day", "present")
    )
    assert attendance == {1: True, 2: False}
    session = TrainingSession.objects.get(code="CH-01")
    assert sorted(user.username for user in session.trainers.all()) == ["trainer", "иванова-анна"]
    assert session.venue.district == councils[0].district


def test_history_records_the_imported_results(councils):
    run(csv_bytes(rows_for(councils)))
    assert Result.history.filter(history_type="+").count() == 4


def test_command_records_imported_and_corrected_results_in_the_history(councils, tmp_path):
    """The history of bulk-written rows is copied in SQL: on PostgreSQL and on the embedded SQLite alike."""
    started = timezone.now()
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(rows_for(councils)))
    call_command("import_results", str(path), "--campaign", "VOICE-2021", stdout=io.StringIO())
    rows = rows_for(councils)
    rows[0][13] = "11"
    path.write_bytes(csv_bytes(rows))
    call_command("import_results", str(path), "--campaign", "VOICE-2021", stdout=io.StringIO())
    corrected = Result.objects.get(enrolment__deputy__last_name="Осмонова", phase="pre")
    history = list(corrected.history.order_by("history_id"))
    assert [(record.history_type, record.score) for record in history] == [("+", Decimal("10")), ("~", Decimal("11"))]
    assert history[-1].version == corrected.version
    assert started <= history[0].history_date <= history[1].history_date <= timezone.now()
    assert Result.history.filter(history_type="+").count() == Result.objects.count()
    assert Deputy.history.filter(history_type="+").count() == Deputy.objects.count()


def test_history_of_many_results_is_copied_in_chunks_where_parameters_are_limited(councils, monkeypatch):
    # SQLite takes a limited number of query parameters; the ids are sent a few at a time there.
    monkeypatch.setattr(connection.features, "max_query_params", 5)
    run(csv_bytes(rows_for(councils)))
    copied = sorted(Result.history.filter(history_type="+").values_list("id", flat=True))
    assert copied == sorted(Result.objects.values_list("pk", flat=True))


def test_trainer_created_by_name_is_in_the_trainer_group(councils):
    run(csv_bytes(rows_for(councils)))
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(last_name="Иванова")
    assert (user.first_name, user.is_trainer, user.has_usable_password()) == ("Анна", True, False)


def test_xlsx_with_russian_headers(councils):
    report = run(xlsx_bytes(rows_for(councils), header=RUSSIAN), name="results.xlsx")
    assert report.errors == []
    assert counts()["results"] == 4
    assert counts()["deputies"] == 3


def test_xlsx_with_the_current_russian_and_kyrgyz_headers(councils):
    renamed = {"Код сессии": "Код тренинга", "Код совета": "Код кенеша"}
    current_russian = [renamed.get(header, header) for header in RUSSIAN]
    for header in (current_russian, KYRGYZ):
        report = run(xlsx_bytes(rows_for(councils), header=header), name="results.xlsx")
        assert report.errors == []
    assert counts()["results"] == 4


def test_semicolon_csv_with_russian_headers(councils):
    report = run(csv_bytes(rows_for(councils), header=RUSSIAN, delimiter=";"))
    assert report.errors == []
    assert counts()["enrolments"] == 3


def test_second_import_changes_nothing(councils):
    content = csv_bytes(rows_for(councils))
    run(content)
    before = counts()
    version = Campaign.objects.get(code="VOICE-2021").data_version
    history = Result.history.count()
    report = run(content)
    assert report.changed is False
    assert counts() == before
    assert Campaign.objects.get(code="VOICE-2021").data_version == version
    assert Result.history.count() == history


def test_reimport_with_a_corrected_score_updates_only_that_score(councils):
    run(csv_bytes(rows_for(councils)))
    rows = rows_for(councils)
    rows[0][14] = "16"
    report = run(csv_bytes(rows))
    assert (dict(+report.created), dict(+report.updated)) == ({}, {"results": 1})
    result = Result.objects.get(enrolment__deputy__last_name="Осмонова", phase="post")
    assert (result.score, result.version) == (Decimal("16"), 2)


def test_existing_deputy_is_found_by_normalised_name(councils):
    existing = DeputyFactory(
        council=councils[0], last_name="ОСМОНОВА", first_name="Айгул", patronymic="Маратовна", birth_year=1985
    )
    run(csv_bytes(rows_for(councils)))
    assert Enrolment.objects.filter(deputy=existing).count() == 1
    assert Deputy.objects.count() == 3


def test_existing_campaign_is_used(councils):
    campaign = CampaignFactory(code="VOICE-2021", convocation=2021)
    run(csv_bytes(rows_for(councils)))
    assert set(TrainingSession.objects.values_list("campaign_id", flat=True)) == {campaign.pk}


def test_convocation_option_for_a_new_campaign(councils):
    run(csv_bytes(rows_for(councils)), convocation=2020)
    assert Campaign.objects.get(code="VOICE-2021").convocation == 2020
    assert set(Deputy.objects.values_list("convocation", flat=True)) == {2020}


def test_dry_run_writes_nothing_but_counts(councils):
    report = run(csv_bytes(rows_for(councils)), dry_run=True)
    assert report.created["deputies"] == 3
    assert report.written is False
    assert counts() == dict.fromkeys(counts(), 0)


def bad(rows_or_content, councils, row, column, message):
    content = rows_or_content if isinstance(rows_or_content, bytes) else csv_bytes(rows_or_content)
    report = run(content)
    assert [(error.row, error.column) for error in report.errors] == [(row, column)]
    assert message in report.errors[0].message
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.parametrize(
    ("index", "value", "column", "message"),
    [
        (13, "десять", "pre_score", "is not a number"),
        (13, "-1", "pre_score", "cannot be negative"),
        (14, "21", "post_score", "above the maximum score 20"),
        (15, "0", "max_score", "must be above 0"),
        (5, "41799999999999", "council_code", "Unknown council code"),
        (1, "31.02.2021", "session_start", "is not a date"),
        (1, "2021-13-01", "session_start", "is not a date"),
        (9, "X", "sex", "is not a known sex"),
        (10, "1850", "birth_year", "outside the allowed range"),
        (11, "maybe", "day1", "is not yes or no"),
        (0, "", "session_code", "This field is required."),
        (6, "", "last_name", "This field is required."),
    ],
)
def test_bad_value_is_reported_with_row_and_column_and_nothing_is_written(councils, index, value, column, message):
    rows = rows_for(councils)
    rows[1][index] = value
    bad(rows, councils, 3, column, message)


def test_session_described_differently_is_an_error(councils):
    rows = rows_for(councils)
    rows[1][1] = "2021-05-25"
    bad(rows, councils, 3, "session_start", "Session CH-01 is given differently in row 2")


def test_duplicate_row_is_an_error(councils):
    rows = rows_for(councils)
    rows.append(list(rows[0]))
    bad(rows, councils, 5, "last_name", "Duplicate row: the same participant as row 2")


def test_attendance_beyond_the_sessions_days_is_an_error(councils):
    rows = rows_for(councils)
    rows[0][2] = "1"
    rows[1][2] = "1"
    bad(rows, councils, 2, "day2", "The session has only 1 days.")


def test_every_bad_row_is_reported(councils):
    rows = rows_for(councils)
    rows[0][13] = "abc"
    rows[2][5] = "000"
    report = run(csv_bytes(rows))
    assert [(error.row, error.column) for error in report.errors] == [(2, "pre_score"), (4, "council_code")]
    assert str(report.errors[0]) == "Row 2, column “pre_score”: “abc” is not a number."


def test_skip_invalid_imports_the_valid_rows(councils):
    rows = rows_for(councils)
    rows[1][13] = "abc"
    report = run(csv_bytes(rows), skip_invalid=True)
    assert (report.rows, report.valid_rows, report.skipped_rows) == (3, 2, 1)
    assert counts()["enrolments"] == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("results.pdf", b"%PDF-1.4", "Unsupported file type"),
        ("results.xlsx", b"not a workbook", "not a readable XLSX"),
        ("results.csv", b"session_code\nCH-01\n", "Missing columns"),
        ("results.csv", b"\xff\xfe\x00b\x00a\x00d", "not UTF-8"),
        ("results.csv", b"", "The file is empty."),
    ],
)
def test_unusable_files_are_rejected(name, content, message):
    with pytest.raises(FileRejected, match=message):
        run(content, name=name)
    assert counts() == dict.fromkeys(counts(), 0)


def test_command_imports_a_file(councils, tmp_path):
    path = tmp_path / "results.xlsx"
    path.write_bytes(xlsx_bytes(rows_for(councils), header=RUSSIAN))
    out = io.StringIO()
    call_command("import_results", str(path), "--campaign", "VOICE-2021", stdout=out)
    assert "3 of 3 rows valid." in out.getvalue()
    assert "test results: 4 created, 0 updated" in out.getvalue()
    assert counts()["results"] == 4


def test_command_exits_non_zero_on_invalid_rows(councils, tmp_path):
    rows = rows_for(councils)
    rows[0][14] = "99"
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 invalid rows of 3: nothing was imported."):
        call_command("import_results", str(path), "--campaign", "VOICE-2021", stderr=err)
    assert err.getvalue() == "Row 2, column “post_score”: 99 is above the maximum score 20.\n"
    assert counts()["campaigns"] == 0


def test_command_dry_run(councils, tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes(rows_for(councils)))
    out = io.StringIO()
    call_command("import_results", str(path), "--campaign", "VOICE-2021", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run: nothing was written.\n")
    assert counts()["campaigns"] == 0


def test_command_rejects_a_wrong_file_type(tmp_path):
    path = tmp_path / "results.docx"
    path.write_bytes(b"PK")
    with pytest.raises(CommandError, match="Unsupported file type"):
        call_command("import_results", str(path), "--campaign", "VOICE-2021")


@pytest.mark.slow
def test_ten_thousand_rows_import_whole_and_reimport_unchanged(councils):
    """Correctness at scale; the speed is measured by `make bench` (docs/BENCHMARKS.md), not asserted here."""
    rows = []
    for number in range(10_000):
        session = f"S{number // 25:03d}"
        start = f"2021-06-{1 + (number // 25) % 28:02d}"
        rows.append(
            [session, start, "2", f"Venue {number // 250}", "Асанов Бакыт", councils[number % 2].code,
             f"Фамилия{number}", "Имя", "", "F" if number % 3 else "M", str(1960 + number % 40), "1", "1",
             str(number % 20), "15", "20"]
        )  # fmt: skip
    content = csv_bytes(rows)
    report = run(content)
    assert report.errors == []
    assert counts()["results"] == 20_000
    assert run(content).changed is False


def test_a_venue_is_found_by_its_kyrgyz_name(councils):
    venue = VenueFactory(name_ru="Актовый зал акимиата Кеминского района", name_ky="Кемин, ДК", district=None)

    report = run(csv_bytes(rows_for(councils)))

    assert report.errors == []
    assert TrainingSession.objects.get(code="CH-01").venue == venue
    assert Venue.objects.count() == 2  # only «Токмок, школа №1» was new


def test_an_archived_venue_is_found_rather_than_created_again(councils):
    venue = VenueFactory(name="Кемин, ДК", district=councils[0].district, archived=True)

    run(csv_bytes(rows_for(councils)))

    assert TrainingSession.objects.get(code="CH-01").venue == venue


def test_the_venue_of_the_councils_district_is_preferred_among_namesakes(councils):
    VenueFactory(name="Кемин, ДК")  # another district's hall of the same name
    own = VenueFactory(name="кемин, дк", district=councils[0].district)

    run(csv_bytes(rows_for(councils)))

    assert TrainingSession.objects.get(code="CH-01").venue == own


def test_an_imported_venue_keeps_its_name_as_the_russian_one(councils):
    run(csv_bytes(rows_for(councils)))

    assert sorted(Venue.objects.values_list("name_ru", "name_ky", "name_en")) == [
        ("Кемин, ДК", "", ""), ("Токмок, школа №1", "", ""),
    ]  # fmt: skip
