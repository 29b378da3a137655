"""The deputies import's optional contact columns (ISSUE-20): e-mail, language and the opt-out, with
headers in English, Russian or Kyrgyz; a file without them imports as before and changes none of them."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from councils.models import Deputy
from tests.councils.helpers import csv_bytes, write
from tests.factories import CouncilFactory, DeputyFactory

pytestmark = pytest.mark.django_db

BASE = ["council_code", "convocation", "last_name", "first_name", "sex"]
HEADERS = {
    "en": [*BASE, "email", "language", "do_not_contact"],
    "ru": ["Код кенеша", "Созыв", "Фамилия", "Имя", "Пол", "Электронная почта", "Язык", "Не связываться"],
    "ky": ["Кеңештин коду", "Чакырылыш", "Фамилиясы", "Аты", "Жынысы", "Электрондук почта", "Тили", "Байланышпоо"],
}


@pytest.fixture
def council():
    return CouncilFactory(code="41708213842000")


def contacts():
    return sorted(
        Deputy.objects.values_list("last_name", "email", "language", "do_not_contact", "do_not_contact_since")
    )


@pytest.mark.parametrize("language", ["en", "ru", "ky"])
def test_contact_columns_in_any_header_language(tmp_path, council, language):
    rows = [
        HEADERS[language],
        ["41708213842000", "2021", "Асанова", "Айгүл", "Ж", "aigul@example.kg", "кыргызча", "ооба"],
        ["41708213842000", "2021", "Петров", "Иван", "M", "", "ru", "нет"],
        ["41708213842000", "2021", "Бакиев", "Нурлан", "M", "", "", ""],
    ]
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(rows)))
    today = timezone.localdate()
    assert contacts() == [
        ("Асанова", "aigul@example.kg", "ky", True, today),
        ("Бакиев", "", "", False, None),
        ("Петров", "", "ru", False, None),
    ]


def test_bad_contact_cells_are_reported_by_row_and_column(tmp_path, council, capsys):
    rows = [HEADERS["en"], ["41708213842000", "2021", "Асанова", "Айгүл", "F", "not-an-address", "english", "maybe"]]
    with pytest.raises(CommandError) as error:
        call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(rows)))
    assert str(error.value) == "1 rows have errors; nothing was written."
    assert sorted(capsys.readouterr().err.splitlines()) == [
        "Row 2, column “do_not_contact”: “maybe” is not yes or no (use 1/0, yes/no, да/нет, ооба/жок).",
        "Row 2, column “email”: “not-an-address” is not an e-mail address.",
        "Row 2, column “language”: “english” is not a known language (use ky or ru).",
    ]
    assert Deputy.objects.count() == 0


def test_a_file_without_the_contact_columns_leaves_them_as_they_are(tmp_path, council):
    DeputyFactory(council=council, last_name="Асанова", first_name="Айгүл", patronymic="", gender="F", birth_year=None,
                  email="aigul@example.kg", language="ru", do_not_contact=True)  # fmt: skip
    rows = [BASE, ["41708213842000", "2021", "Асанова", "Айгүл", "F"]]
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(rows)))
    assert contacts() == [("Асанова", "aigul@example.kg", "ru", True, timezone.localdate())]


def test_withdrawing_the_opt_out_by_import_clears_its_date(tmp_path, council):
    DeputyFactory(council=council, last_name="Асанова", first_name="Айгүл", patronymic="", gender="F", birth_year=None,
                  do_not_contact=True)  # fmt: skip
    rows = [[*BASE, "do_not_contact"], ["41708213842000", "2021", "Асанова", "Айгүл", "F", "no"]]
    call_command("import_deputies", write(tmp_path, "d.csv", csv_bytes(rows)))
    assert contacts() == [("Асанова", "", "", False, None)]
