"""Random and hostile values in import files: every file is imported whole or refused whole, with reasons.

Each example starts from a valid row and puts a hostile value into one of its cells (or appends a
hostile row). The import either writes everything, or refuses with messages naming row and column and
writes nothing — never an unexpected exception, never half a file. Then the same through the web pages.
"""

import csv
import io

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import TestResult
from assessments.results_import import import_results
from councils.import_kinds import get_kind
from councils.models import Council, Deputy, Election, ImportJob
from councils.services import ImportRefused, run_import
from fileformats.tables import FileRejected
from portal.models import User
from tests.factories import CouncilFactory, ElectionFactory
from tests.hardening.hostile import HOSTILE_TEXT
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession, Venue

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WEB = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
COUNCIL_CODE = "41703211000777"
VALID_ROWS = {
    "deputies": {"council_code": COUNCIL_CODE, "convocation": "2021", "last_name": "Асанова", "first_name": "Айгүл",
                 "sex": "F", "patronymic": "Бакытовна", "birth_year": "1980", "phone": "+996555000111",
                 "first_term": "yes"},
    "elections": {"council_code": COUNCIL_CODE, "election_date": "2021-04-11", "convocation": "2021", "seats": "11"},
    "councils": {"code": "41703211000888", "kind": "aiyl", "region": "", "name_ru": "Новый аймак", "district": "",
                 "name_en": "New aimak", "name_ky": "Жаңы аймак", "seats": "9", "valid_from": "", "valid_to": ""},
    "results": {"session_code": "H-01", "session_start": "2021-06-10", "session_days": "2", "venue": "Hall",
                "trainers": "Асанов Бакыт", "council_code": COUNCIL_CODE, "last_name": "Resultova",
                "first_name": "Aigul", "patronymic": "", "sex": "F", "birth_year": "1985", "day1": "1", "day2": "1",
                "pre_score": "10", "post_score": "15", "max_score": "20"},
}  # fmt: skip
TABLES = [Council, Deputy, Election, Campaign, TrainingSession, Venue, Enrolment, Attendance, TestResult, User]


@pytest.fixture
def council(db):
    council = CouncilFactory(code=COUNCIL_CODE)
    ElectionFactory(council=council, convocation=2021)
    return council


def _valid_row(kind, council):
    row = dict(VALID_ROWS[kind])
    if kind == "councils":
        row.update(region=council.region.code, district=council.district.code)
    return row


def _csv(rows) -> bytes:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue().encode()


@st.composite
def hostile_file(draw, kind):
    """(rows as dicts, the column that got a hostile value); sometimes a second, fully hostile row."""
    column = draw(st.sampled_from(list(VALID_ROWS[kind])))
    rows = [{**VALID_ROWS[kind], column: draw(HOSTILE_TEXT)}]
    if draw(st.booleans()):
        rows.append({name: draw(HOSTILE_TEXT) for name in VALID_ROWS[kind]})
    return rows, column


def _counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def _fix_references(rows, kind, council):
    if kind == "councils":
        for row in rows:
            row["region"] = row["region"] or council.region.code
    return rows


def _attempt(call, *args, **kwargs):
    """(result, None), or (None, the refusal) for the refusals an import is allowed to answer with."""
    try:
        return call(*args, **kwargs), None
    except (ImportRefused, FileRejected) as refusal:
        return None, refusal


RESULTS_COLUMNS = set(VALID_ROWS["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["deputies", "elections", "councils"])
@FAST
@given(data=st.data())
def test_register_imports_write_all_or_nothing(kind, council, data):
    rows, _column = data.draw(hostile_file(kind))
    before = _counts()

    preview, refusal = _attempt(run_import, kind, "hostile.csv", _csv(_fix_references(rows, kind, council)))

    if refusal is None:
        assert preview.is_valid
        assert sum(_counts().values()) >= sum(before.values())
        return
    messages = refusal.preview.error_messages()
    assert messages
    assert all(message.strip() for message in messages)
    located = [(error.row >= 2, error.column in VALID_ROWS[kind]) for error in refusal.preview.errors]
    assert set(located) <= {(True, True)}
    assert _counts() == before


@pytest.mark.django_db
@FAST
@given(data=st.data())
def test_results_import_writes_all_or_nothing(council, organiser, data):
    rows, _column = data.draw(hostile_file("results"))
    before = _counts()

    report, refusal = _attempt(
        import_results, name="hostile.csv", content=_csv(rows), campaign_code="HOSTILE-1", user=organiser
    )

    if refusal is not None:
        assert str(refusal).strip()
        assert _counts() == before
    elif report.errors:
        assert not report.written
        located = {
            (error.row >= 2, error.column in RESULTS_COLUMNS, bool(str(error.message))) for error in report.errors
        }
        assert located == {(True, True, True)}
        assert _counts() == before
    else:
        assert report.written


@pytest.mark.django_db
@WEB
@given(data=st.data())
def test_the_register_import_page_shows_every_hostile_file_with_its_errors(council, organiser_client, data):
    rows, _column = data.draw(hostile_file("deputies"))
    upload = io.BytesIO(_csv(rows))
    upload.name = "deputies.csv"
    before = _counts()

    response = organiser_client.post(reverse("councils:import_upload", args=["deputies"]), {"file": upload})

    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    page = organiser_client.get(response["Location"])
    assert page.status_code == 200
    if job.status == ImportJob.Status.INVALID:
        for error in job.preview["errors"] or [{"message": job.preview["file_error"]}]:
            assert escape(str(error["message"])[:20]) in page.content.decode()
    assert _counts() == before  # a preview writes nothing
    assert get_kind("deputies").key == job.kind


@pytest.mark.django_db
@WEB
@given(data=st.data())
def test_the_results_import_page_shows_every_hostile_file_with_its_errors(council, organiser_client, data):
    rows, _column = data.draw(hostile_file("results"))
    upload = io.BytesIO(_csv(rows))
    upload.name = "results.csv"
    before = _counts()

    url = reverse("councils:import_upload", args=["results"])
    response = organiser_client.post(url, {"file": upload, "options-campaign_code": "WEB-1"})

    if response.status_code == 200:  # the file as a whole was refused: the form says why
        assert response.context["form"].errors["file"]
    else:
        assert response.status_code == 302
        assert organiser_client.get(response["Location"]).status_code == 200
        stored = ImportJob.objects.latest("pk")
        assert (stored.kind, stored.status in ("previewed", "invalid")) == ("results", True)
    assert _counts() == before
