# ruff: noqa: E501 - expected messages are kept whole on one line so they read as the user sees them
import pytest
from django.core.management import CommandError, call_command

from councils.models import Deputy
from tests.councils.helpers import csv_bytes, write, xlsx_bytes
from tests.factories import CouncilFactory, DeputyFactory

pytestmark = pytest.mark.django_db

HEADER = ["council_code", "convocation", "last_name", "first_name", "patronymic", "sex", "birth_year", "phone",
          "first_term"]  # fmt: skip
RU = ["Код совета", "Созыв", "Фамилия", "Имя", "Отчество", "Пол", "Год рождения", "Телефон", "Впервые избран"]
KY = ["Кеңештин коду", "Чакырылыш", "Фамилиясы", "Аты", "Атасынын аты", "Жынысы", "Туулган жылы", "Телефон",
      "Биринчи жолу шайланган"]  # fmt: skip


@pytest.fixture
def council():
    return CouncilFactory(code="41708213842000")


def good_rows(header=HEADER):
    return [
        header,
        ["41708213842000", "2021", "Асанова", "Айгүл", "Маратовна", "Ж", "1985", "+996555123456", "да"],
        ["41708213842000", "2021", "Бакиев", "Нурлан", "", "M", "", "", "нет"],
    ]


def deputies():
    return sorted(Deputy.objects.values_list("last_name", "gender", "birth_year", "phone", "first_term"))


EXPECTED = [("Асанова", "F", 1985, "+996555123456", True), ("Бакиев", "M", None, "", False)]


@pytest.mark.parametrize("header", [HEADER, RU, KY], ids=["en", "ru", "ky"])
def test_csv_import_with_any_header_language(tmp_path, council, header):
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(good_rows(header), delimiter=";")))
    assert deputies() == EXPECTED


def test_xlsx_import(tmp_path, council):
    call_command("import_deputies", write(tmp_path, "d.xlsx", xlsx_bytes(good_rows(RU))))
    assert deputies() == EXPECTED


def test_reimport_changes_nothing(tmp_path, council, capsys):
    path = write(tmp_path, "d.csv", csv_bytes(good_rows()))
    call_command("import_deputies", path)
    before = list(Deputy.objects.order_by("pk").values("pk", "updated_at"))
    call_command("import_deputies", path)
    assert capsys.readouterr().out.splitlines()[-1] == "0 new, 0 updated, 2 unchanged."
    assert list(Deputy.objects.order_by("pk").values("pk", "updated_at")) == before


def test_changed_phone_updates_the_existing_deputy(tmp_path, council):
    existing = DeputyFactory(council=council, last_name="Асанова", first_name="Айгүл", patronymic="Маратовна",
                             gender="F", birth_year=1985, phone="", first_term=None)  # fmt: skip
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(good_rows()[:2])))
    existing.refresh_from_db()
    assert (Deputy.objects.count(), existing.phone, existing.first_term) == (1, "+996555123456", True)


def test_dry_run_writes_nothing(tmp_path, council, capsys):
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(good_rows())), "--dry-run")
    assert Deputy.objects.count() == 0
    assert capsys.readouterr().out.strip() == "Dry run, nothing written: 2 new, 0 updated, 0 unchanged."


BAD_CASES = {
    "unknown council": (["99999999999999", "2021", "A", "B", "", "F", "1980", "", ""], "Row 3, column “council_code”: Unknown council code “99999999999999”."),
    "blank last name": (["41708213842000", "2021", "", "B", "", "F", "1980", "", ""], "Row 3, column “last_name”: This field is required."),
    "unknown sex": (["41708213842000", "2021", "A", "B", "", "X", "1980", "", ""], "Row 3, column “sex”: “X” is not a known sex (use F/M, Ж/М, А/Э)."),
    "non-numeric year": (["41708213842000", "2021", "A", "B", "", "F", "19x0", "", ""], "Row 3, column “birth_year”: “19x0” is not a whole number."),
    "non-numeric convocation": (["41708213842000", "two", "A", "B", "", "F", "1980", "", ""], "Row 3, column “convocation”: “two” is not a whole number."),
    "bad yes/no": (["41708213842000", "2021", "A", "B", "", "F", "1980", "", "maybe"], "Row 3, column “first_term”: “maybe” is not yes or no (use 1/0, yes/no, да/нет, ооба/жок)."),
    "duplicate in file": (["41708213842000", "2021", "асанова", "айгүл", "маратовна", "F", "1985", "", ""], "Row 3, column “council_code, convocation, last_name, first_name, patronymic, birth_year”: Duplicate of row 2 in this file."),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_CASES.keys())
def test_bad_row_is_reported_and_nothing_written(tmp_path, council, capsys, case):
    row, message = BAD_CASES[case]
    rows = [HEADER, good_rows()[1], row]
    with pytest.raises(CommandError, match="1 rows have errors; nothing was written."):
        call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(rows)))
    assert capsys.readouterr().err.strip() == message
    assert Deputy.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.txt.pdf", b"%PDF-1.4", "Unsupported file type: upload a .csv or .xlsx file."),
        ("d.csv", b"", "The file is empty."),
        ("d.xlsx", b"not a workbook", "The file is not a readable XLSX workbook."),
        ("d.csv", b"council_code\n1\n", "Missing columns: convocation, last_name, first_name, sex."),
    ],
    ids=["wrong type", "empty", "broken xlsx", "missing columns"],
)
def test_unusable_file_is_refused(tmp_path, council, capsys, name, content, message):
    with pytest.raises(CommandError, match="The file was refused; nothing was written."):
        call_command("import_deputies", write(tmp_path, name, content))
    assert capsys.readouterr().err.strip() == message


def test_too_large_file_is_refused(tmp_path, council, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(CommandError, match="larger than 100 bytes"):
        call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(good_rows() * 5)))
    assert Deputy.objects.count() == 0


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file: /nonexistent/d.csv"):
        call_command("import_deputies", "/nonexistent/d.csv")


@pytest.mark.parametrize("command", ["import_deputies", "import_elections", "import_councils"])
def test_commands_have_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command(command, "--help")
    assert exit_info.value.code == 0
    assert "--dry-run" in capsys.readouterr().out
