"""Online-course completions: the import kind (every bad row, never a guess, idempotent), the deputy's page and
the dashboard's share of participants who completed a course."""

import csv
import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from councils.models import CourseCompletion, ImportJob
from councils.services import ImportRefused, run_import
from portal.dashboards.courses import course_completion_shares
from tests.councils.helpers import xlsx_bytes
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    RegionFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def csv_bytes(rows):
    output = StringIO()
    csv.writer(output).writerows(rows)
    return output.getvalue().encode()


HEADER = ["council_code", "last_name", "first_name", "patronymic", "birth_year", "course", "completed_on", "grade"]
CODE = "41708213842000"


@pytest.fixture
def people(db):
    council = CouncilFactory(code=CODE)
    return {
        "asanova": DeputyFactory(
            council=council,
            last_name="Асанова",
            first_name="Гүлзат",
            patronymic="Бакытовна",
            birth_year=1985,
            gender="F",
        ),  # fmt: skip
        "beкov": DeputyFactory(council=council, last_name="Беков", first_name="Нурлан", patronymic="", birth_year=1970),
        # Two namesakes born the same year: only their patronymics tell them apart.
        "ali_1": DeputyFactory(
            council=council, last_name="Алиев", first_name="Азамат", patronymic="Маратович", birth_year=1990
        ),  # fmt: skip
        "ali_2": DeputyFactory(
            council=council, last_name="Алиев", first_name="Азамат", patronymic="Бакытович", birth_year=1990
        ),  # fmt: skip
    }


def run(rows, header=HEADER, name="c.csv", **options):
    content = xlsx_bytes([header, *rows]) if name.endswith(".xlsx") else csv_bytes([header, *rows])
    return run_import("course_completions", name, content, options=options)


def refused(rows, header=HEADER, **options):
    with pytest.raises(ImportRefused) as caught:
        run(rows, header, **options)
    return caught.value.preview


GOOD = [
    [CODE, "АСАНОВА", "Гүлзат", "Бакытовна", "1985", "Местный бюджет", "2021-09-15", "92,5"],
    [CODE, "Беков", "Нурлан", "", "1970", "Местный бюджет", "01.10.2021", ""],
]


def test_rows_are_matched_by_council_name_and_birth_year(people):
    preview = run(GOOD)
    assert preview.counts == {"new": 2, "updated": 0, "unchanged": 0, "error": 0}
    assert sorted(CourseCompletion.objects.values_list("deputy__last_name", "course", "completed_on", "grade")) == [
        ("Асанова", "Местный бюджет", datetime.date(2021, 9, 15), Decimal("92.50")),
        ("Беков", "Местный бюджет", datetime.date(2021, 10, 1), None),
    ]


def test_reimport_changes_nothing_and_a_new_grade_updates(people):
    run(GOOD)
    again = run(GOOD)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert CourseCompletion.objects.count() == 2
    changed = [[*GOOD[0][:7], "95"], GOOD[1]]
    assert run(changed).counts == {"new": 0, "updated": 1, "unchanged": 1, "error": 0}
    assert CourseCompletion.objects.get(deputy=people["asanova"]).grade == Decimal("95")


def test_matching_by_portal_id_and_russian_and_kyrgyz_headers(people):
    header = ["ID депутата", "Курс", "Дата завершения", "Оценка"]
    run([[str(people["ali_1"].pk), "Гендер", "2021-11-01", "80"]], header)
    header_ky = ["Депутаттын id", "Курстун аталышы", "Аяктаган күнү", "Баа"]
    run([[str(people["ali_2"].pk), "Гендер", "2021-11-02", ""]], header_ky, name="c.xlsx")
    assert sorted(CourseCompletion.objects.values_list("deputy_id", "completed_on")) == [
        (people["ali_1"].pk, datetime.date(2021, 11, 1)),
        (people["ali_2"].pk, datetime.date(2021, 11, 2)),
    ]


def test_a_merged_duplicates_id_finds_the_kept_record(people):
    duplicate = DeputyFactory(council=people["beкov"].council, last_name="Бекoв", merged_into=people["beкov"])
    run([[str(duplicate.pk), "Гендер", "2021-11-01", ""]], ["deputy_id", "course", "completed_on", "grade"])
    assert CourseCompletion.objects.get().deputy == people["beкov"]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["41700000000000", "Беков", "Нурлан", "", "1970", "Курс", "2021-10-01", ""], "council_code",
         "Unknown council code “41700000000000”."),
        ([CODE, "Бекова", "Нурлан", "", "1970", "Курс", "2021-10-01", ""], "last_name",
         "No deputy of this council with this name and birth year."),
        ([CODE, "Беков", "Нурлан", "", "1971", "Курс", "2021-10-01", ""], "last_name",
         "No deputy of this council with this name and birth year."),
        ([CODE, "Беков", "Нурлан", "", "", "Курс", "2021-10-01", ""], "birth_year", "This field is required."),
        ([CODE, "Беков", "Нурлан", "", "1970", "Курс", "31.02.2021", ""], "completed_on",
         "“31.02.2021” is not a date (use YYYY-MM-DD or DD.MM.YYYY)."),
        ([CODE, "Беков", "Нурлан", "", "1970", "Курс", "2999-01-01", ""], "completed_on", "The date is in the future."),
        ([CODE, "Беков", "Нурлан", "", "1970", "Курс", "2021-10-01", "120"], "grade",
         "The grade must be a percentage from 0 to 100."),
        ([CODE, "Беков", "Нурлан", "", "1970", "Курс", "2021-10-01", "A+"], "grade", "“A+” is not a number."),
        ([CODE, "Беков", "Нурлан", "", "1970", "", "2021-10-01", ""], "course", "This field is required."),
        ([CODE, "Беков", "Нурлан", "", "1970", "К" * 301, "2021-10-01", ""], "course",
         "Longer than 300 characters."),
    ],
)  # fmt: skip
def test_a_bad_row_is_listed_and_nothing_is_written(people, row, column, message):
    preview = refused([GOOD[0], row])
    assert [(e.row, e.column, str(e.message)) for e in preview.errors] == [(3, column, message)]
    assert CourseCompletion.objects.count() == 0


def test_ambiguous_names_are_listed_for_review_never_guessed(people):
    # Without a patronymic the two Азамат Алиев of 1990 cannot be told apart.
    preview = refused([[CODE, "Алиев", "Азамат", "", "1990", "Курс", "2021-10-01", ""]])
    ids = sorted([people["ali_1"].pk, people["ali_2"].pk])
    assert [(e.row, e.column, str(e.message)) for e in preview.errors] == [
        (2, "last_name", f"Several deputies match (portal ids {ids[0]}, {ids[1]}): give the deputy_id.")
    ]
    # With the patronymic there is one.
    run([[CODE, "Алиев", "Азамат", "Бакытович", "1990", "Курс", "2021-10-01", ""]])
    assert CourseCompletion.objects.get().deputy == people["ali_2"]


def test_unknown_portal_id_is_an_error(people):
    preview = refused([["999999", "Курс", "2021-10-01", ""]], ["deputy_id", "course", "completed_on", "grade"])
    assert [(e.column, str(e.message)) for e in preview.errors] == [
        ("deputy_id", "No deputy has the portal id 999999.")
    ]


def test_duplicate_row_in_one_file(people):
    preview = refused([GOOD[0], [CODE, "Асанова", "Гүлзат", "Бакытовна", "1985", "местный  бюджет", "15.09.2021", ""]])
    assert [(e.row, str(e.message)) for e in preview.errors] == [(3, "Duplicate of row 2 in this file.")]


def test_hostile_text_is_stored_as_text_and_shown_escaped(people, organiser_client):
    hostile = '=HYPERLINK("http://x")<script>alert(1)</script>'
    run([[CODE, "Беков", "Нурлан", "", "1970", hostile, "2021-10-01", ""]])
    assert CourseCompletion.objects.get().course == hostile
    html = organiser_client.get(reverse("assessments:deputy_detail", args=[people["beкov"].pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_file_without_a_way_to_find_the_deputy_is_refused(people):
    preview = refused([["Беков", "Курс", "2021-10-01"]], ["last_name", "course", "completed_on"])
    assert preview.file_error.startswith("Name the deputy by the column deputy_id")


def test_skip_invalid_imports_the_good_rows(people):
    preview = run([GOOD[0], [CODE, "Никто", "Нурлан", "", "1970", "Курс", "2021-10-01", ""]], skip_invalid=True)
    assert preview.counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 1}
    assert CourseCompletion.objects.count() == 1


def test_web_import_records_its_job(people, organiser_client):
    address = reverse("councils:import_upload", args=["course_completions"])
    content = csv_bytes([HEADER, *GOOD])
    # A browser posts the CSRF token beside the file; the test client does not, so the option is posted.
    data = {"file": SimpleUploadedFile("c.csv", content), "options-skip_invalid": ""}
    job = organiser_client.post(address, data, follow=True).context["job"]
    assert job.status == ImportJob.Status.PREVIEWED
    organiser_client.post(reverse("councils:import_confirm", args=[job.pk]))
    assert set(CourseCompletion.objects.values_list("source_job_id", flat=True)) == {job.pk}


def test_only_organisers_may_import_completions(trainer_client, staff_client):
    address = reverse("councils:import_upload", args=["course_completions"])
    assert staff_client.get(address).status_code == 403


def test_command_imports_and_reports_bad_rows(people, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([HEADER, GOOD[0], [CODE, "Никто", "Нурлан", "", "1970", "Курс", "2021-10-01", ""]]))
    with pytest.raises(CommandError):
        call_command("import_course_completions", str(path), stdout=StringIO(), stderr=StringIO())
    assert CourseCompletion.objects.count() == 0
    call_command("import_course_completions", str(path), "--skip-invalid", stdout=StringIO(), stderr=StringIO())
    assert CourseCompletion.objects.count() == 1


# --- the deputy's page and the dashboard ----------------------------------------------------------------


def test_deputy_page_lists_courses_and_the_catalogue(people, staff_client, settings):
    settings.COURSE_CATALOGUE_URL = "https://catalogue.example.kg/"
    run(GOOD)
    html = staff_client.get(reverse("assessments:deputy_detail", args=[people["asanova"].pk])).content.decode()
    assert html.count('data-testid="course-row"') == 1
    assert "Местный бюджет" in html
    assert 'href="https://catalogue.example.kg/"' in html


def shares_world():
    """Region A: six participants, three with a course after the campaign's start, one with a course before it
    (not counted); region B: two participants, one with a course. One enrolled deputy was never present."""
    session = TrainingSessionFactory()
    campaign = session.campaign
    region_a, region_b = RegionFactory(code="41702000000000"), RegionFactory(code="41703000000000")
    council_a = CouncilFactory(region=region_a, district__region=region_a)
    council_b = CouncilFactory(region=region_b, district__region=region_b)
    plan = [(council_a, "F", 1990, "2021-09-01"), (council_a, "F", 1960, "2021-10-01"),
            (council_a, "M", 1980, "2022-01-10"), (council_a, "M", 1980, "2020-01-01"),
            (council_a, "M", 1975, None), (council_a, "F", None, None),
            (council_b, "F", 1990, "2021-09-01"), (council_b, "M", 1990, None)]  # fmt: skip
    for council, gender, birth_year, completed in plan:
        deputy = DeputyFactory(council=council, gender=gender, birth_year=birth_year)
        AttendanceFactory(enrolment=EnrolmentFactory(session=session, deputy=deputy), day=1)
        if completed:
            CourseCompletion.objects.create(deputy=deputy, course="Курс", completed_on=completed)
    absent = DeputyFactory(council=council_a)
    EnrolmentFactory(session=session, deputy=absent)
    CourseCompletion.objects.create(deputy=absent, course="Курс", completed_on="2021-09-01")
    return campaign


def test_share_of_participants_with_a_course_by_region_sex_and_age(db):
    shares = course_completion_shares(shares_world())
    assert (shares["overall"]["total"], shares["overall"]["completed"]) == (8, 4)
    assert shares["overall"]["pct"] == pytest.approx(50.0)
    regions = {row["key"]: (row["total"], row["completed"], row["pct"]) for row in shares["region"]}
    assert regions == {"41702000000000": (6, 3, 50.0), "41703000000000": (2, 1, None)}  # B: a small cell
    sexes = {row["key"]: (row["total"], row["completed"], row["pct"]) for row in shares["sex"]}
    assert sexes == {"F": (4, 3, None), "M": (4, 1, None)}
    bands = {row["key"]: (row["total"], row["completed"]) for row in shares["age_band"]}
    # Ages at the campaign's start (2021): 31, 61, 41, 41, 46, unknown, 31, 31.
    assert bands == {"30-39": (3, 2), "40-49": (3, 1), "60+": (1, 1), "unknown": (1, 0)}


def test_dashboard_shows_the_courses_panel_only_with_completions(db, staff_client):
    campaign = shares_world()
    html = staff_client.get(reverse("portal:dashboard", args=[campaign.code])).content.decode()
    assert 'data-testid="courses-panel"' in html
    assert 'data-figure="course_share" data-value="50.0"' in html
    CourseCompletion.objects.all().delete()
    other = TrainingSessionFactory().campaign
    html = staff_client.get(reverse("portal:dashboard", args=[other.code])).content.decode()
    assert 'data-testid="courses-panel"' not in html
