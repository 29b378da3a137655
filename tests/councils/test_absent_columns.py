"""README: "An optional column that is absent leaves existing values alone" — for every register import,
by command and by the web flow. Each file changes a required value, so the row is written as an update:
a column left out must still keep what the record had."""

import datetime

import pytest
from django.core.management import call_command

from councils.models import Council, Deputy, Election
from councils.services import confirm_import_job, create_import_job
from tests.councils.helpers import csv_bytes, write
from tests.factories import CouncilFactory, DeputyFactory, ElectionFactory

pytestmark = pytest.mark.django_db


def _command(kind, tmp_path, rows, organiser):
    call_command(f"import_{kind}", write(tmp_path, f"{kind}.csv", csv_bytes(rows)))


def _web(kind, tmp_path, rows, organiser):
    job = create_import_job(kind_key=kind, name=f"{kind}.csv", content=csv_bytes(rows), user=organiser)
    assert job.summary["updated"] == 1, job.preview
    assert confirm_import_job(job=job).status == "done"


WAYS = pytest.mark.parametrize("run", [_command, _web], ids=["command", "web"])


@WAYS
def test_deputy_import_without_phone_or_first_term_keeps_them(run, tmp_path, organiser):
    deputy = DeputyFactory(
        last_name="Асанова", first_name="Айгүл", patronymic="Маратовна", gender="M", birth_year=1985,
        phone="+996555123456", first_term=True,
    )  # fmt: skip
    header = ["council_code", "convocation", "last_name", "first_name", "patronymic", "sex", "birth_year"]
    row = [deputy.council.code, "2021", "Асанова", "Айгүл", "Маратовна", "Ж", "1985"]
    run("deputies", tmp_path, [header, row], organiser)
    deputy.refresh_from_db()
    assert (deputy.gender, deputy.phone, deputy.first_term) == ("F", "+996555123456", True)
    assert Deputy.objects.count() == 1


@WAYS
def test_election_import_without_seats_keeps_them(run, tmp_path, organiser):
    election = ElectionFactory(seats=17)
    header = ["council_code", "election_date", "convocation"]
    run("elections", tmp_path, [header, [election.council.code, "2021-05-02", "2021"]], organiser)
    election.refresh_from_db()
    assert (election.date, election.seats) == (datetime.date(2021, 5, 2), 17)
    assert Election.objects.count() == 1


@WAYS
def test_council_import_with_required_columns_only_keeps_the_rest(run, tmp_path, organiser):
    council = CouncilFactory(seats=13, valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2030, 12, 31))
    before = Council.objects.values("district_id", "name_ky", "name_en", "seats", "valid_from", "valid_to").get()
    header = ["code", "kind", "region", "name_ru"]
    run("councils", tmp_path, [header, [council.code, "aiyl_kenesh", council.region.code, "Новое имя"]], organiser)
    after = Council.objects.values("district_id", "name_ky", "name_en", "seats", "valid_from", "valid_to").get()
    assert Council.objects.get().name_ru == "Новое имя"
    assert after == before
