import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from councils.models import Council, DeputyMerge
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    InvitationFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(trainer):
    council = CouncilFactory(seats=None)
    ElectionFactory(council=council, seats=11)
    session = TrainingSessionFactory(trainers=[trainer])
    mine = DeputyFactory(council=council, last_name="Асанова", first_name="Айгүл", patronymic="Маратовна", gender="F",
                         phone="+996555000001")  # fmt: skip
    other = DeputyFactory(council=council, last_name="Бакиев", first_name="Нурлан", phone="+996555000002")
    enrolment = EnrolmentFactory(session=session, deputy=mine)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)
    return {"council": council, "mine": mine, "other": other, "session": session}


def url_for(name, world):
    council = world["council"]
    args = {
        "region_detail": [council.region.code],
        "district_detail": [council.district.code],
        "council_detail": [council.code],
        "deputy_detail": [world["mine"].pk],
    }.get(name, [])
    return reverse(f"{APP_OF.get(name, 'councils')}:{name}", args=args)


# Pages about councils and deputies that show trainings or scores live in the app owning them.
APP_OF = {"council_detail": "trainings", "deputy_detail": "assessments", "duplicate_list": "assessments",
          "merge_list": "assessments"}  # fmt: skip


ROLE_CLIENTS = ["organiser_client", "staff_client", "trainer_client", "client"]
EXPECTED_STATUS = {
    # view: statuses for organiser, staff, trainer, anonymous (302 = to the login page)
    "region_list": [200, 200, 403, 302],
    "region_detail": [200, 200, 403, 302],
    "district_detail": [200, 200, 403, 302],
    "council_detail": [200, 200, 403, 302],
    "deputy_list": [200, 200, 200, 302],
    "deputy_detail": [200, 200, 200, 302],
    "duplicate_list": [200, 403, 403, 302],
    "merge_list": [200, 403, 403, 302],
    "import_start": [200, 403, 403, 302],
}


@pytest.mark.parametrize("view", EXPECTED_STATUS)
@pytest.mark.parametrize("role", range(4), ids=["organiser", "staff", "trainer", "anonymous"])
def test_page_permissions_per_role(request, world, view, role):
    client = request.getfixturevalue(ROLE_CLIENTS[role])
    response = client.get(url_for(view, world))
    assert response.status_code == EXPECTED_STATUS[view][role]


def names_on(response):
    return [deputy.full_name for deputy in response.context["page"].object_list]


def test_trainer_sees_only_deputies_of_own_sessions(trainer_client, world):
    response = trainer_client.get(reverse("councils:deputy_list"))
    assert names_on(response) == ["Асанова Айгүл Маратовна"]


def test_trainer_cannot_open_another_deputy(trainer_client, world):
    response = trainer_client.get(reverse("assessments:deputy_detail", args=[world["other"].pk]))
    assert response.status_code == 404


def test_other_trainer_sees_no_deputies(client, other_trainer, world):
    client.force_login(other_trainer)
    response = client.get(reverse("councils:deputy_list"))
    assert names_on(response) == []


@pytest.mark.parametrize(("role", "shown"), [("organiser_client", True), ("staff_client", False),
                                             ("trainer_client", False)])  # fmt: skip
def test_phones_only_for_organisers(request, world, role, shown):
    client = request.getfixturevalue(role)
    list_page = client.get(reverse("councils:deputy_list")).content.decode()
    detail_page = client.get(reverse("assessments:deputy_detail", args=[world["mine"].pk])).content.decode()
    assert ("+996555000001" in list_page, "+996555000001" in detail_page) == (shown, shown)


@pytest.mark.parametrize("query", ["asanova", "Асанова айгул", "АЙГҮЛ ASANOVA", "Asanova Aigul"])
def test_search_by_name_in_any_script(organiser_client, world, query):
    response = organiser_client.get(reverse("councils:deputy_list"), {"q": query})
    assert names_on(response) == ["Асанова Айгүл Маратовна"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sex": "F"}, ["Асанова Айгүл Маратовна"]),
        ({"trained": "yes"}, ["Асанова Айгүл Маратовна"]),
        ({"trained": "no"}, ["Бакиев Нурлан Маратович"]),
        ({"age_band": "middle"}, ["Асанова Айгүл Маратовна", "Бакиев Нурлан Маратович"]),
        ({"age_band": "youth"}, []),
        ({"kind": "city_kenesh"}, []),
        ({"convocation": "2021", "first_term": "yes"}, ["Асанова Айгүл Маратовна", "Бакиев Нурлан Маратович"]),
    ],
)
def test_deputy_filters(organiser_client, world, filters, expected):
    response = organiser_client.get(reverse("councils:deputy_list"), filters)
    assert names_on(response) == expected


def test_filter_by_region_district_and_council(organiser_client, world):
    DeputyFactory(last_name="Чужой")
    council = world["council"]
    params = {"region": council.region.pk, "district": council.district.pk, "council": council.code}
    response = organiser_client.get(reverse("councils:deputy_list"), params)
    assert len(names_on(response)) == 2


def test_csv_export_has_phones_for_organisers_and_neutralises_formulas(organiser_client, world):
    DeputyFactory(council=world["council"], last_name="=HYPERLINK(1)", first_name="@x")
    response = organiser_client.get(reverse("councils:deputy_list"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_name = {row["last_name"]: row for row in rows}
    assert by_name["'=HYPERLINK(1)"]["first_name"] == "'@x"
    assert by_name["Асанова"]["phone"] == "+996555000001"  # a phone number cannot run as a formula
    assert by_name["Асанова"]["trained"] == "yes"


def test_xlsx_export_for_staff_has_no_phone_column(staff_client, world):
    response = staff_client.get(reverse("councils:deputy_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "phone" not in header
    assert sheet.max_row == 3


def test_browser_figures(organiser_client, world):
    response = organiser_client.get(reverse("councils:region_list"))
    total = response.context["total"]
    assert (total.councils, total.with_elections, total.seats, total.deputies, total.women, total.trained) == (
        1, 1, 11, 2, 1, 1,
    )  # fmt: skip
    assert total.women_pct == 50


def test_council_detail_shows_training_history(organiser_client, world):
    response = organiser_client.get(reverse("trainings:council_detail", args=[world["council"].code]))
    [session] = response.context["sessions"]
    assert (session.code, session.enrolled, session.participants) == (world["session"].code, 1, 1)


@pytest.mark.parametrize("count", [1, 3])
def test_deputy_list_query_count(organiser_client, django_assert_max_num_queries, count):
    for _ in range(count):
        EnrolmentFactory()
    with django_assert_max_num_queries(10):
        response = organiser_client.get(reverse("councils:deputy_list"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_region_list_query_count(organiser_client, django_assert_max_num_queries, count):
    for _ in range(count):
        DeputyFactory()
    with django_assert_max_num_queries(8):
        response = organiser_client.get(reverse("councils:region_list"))
    assert response.context["total"].deputies == count


@pytest.mark.parametrize("count", [1, 3])
def test_district_detail_query_count(organiser_client, django_assert_max_num_queries, count):
    council = CouncilFactory()
    for _ in range(count - 1):
        CouncilFactory(district=council.district)
    with django_assert_max_num_queries(8):
        response = organiser_client.get(reverse("councils:district_detail", args=[council.district.code]))
    assert len(response.context["councils"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_duplicate_list_query_count(organiser_client, django_assert_max_num_queries, count):
    for _ in range(count):
        council = CouncilFactory()
        DeputyFactory(council=council, last_name="Асанов", first_name="Бакыт", birth_year=None)
        DeputyFactory(council=council, last_name="Asanov", first_name="Bakyt")
    # The register's state, its rows (on a cache miss) and the pairs' deputies: 3 queries where one was.
    with django_assert_max_num_queries(8):
        response = organiser_client.get(reverse("assessments:duplicate_list"))
    assert len(response.context["pairs"]) == count


def test_merge_and_undo_through_the_pages(organiser_client, world):
    dup = DeputyFactory(council=world["council"], last_name="Asanova", first_name="Aigul", patronymic="Maratovna")
    response = organiser_client.post(
        reverse("assessments:deputy_merge"), {"kept": world["mine"].pk, "merged": dup.pk}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Asanova Aigul Maratovna was merged into Асанова Айгүл Маратовна."
    ]
    merge = DeputyMerge.objects.get()
    organiser_client.post(reverse("assessments:merge_undo", args=[merge.pk]))
    dup.refresh_from_db()
    assert dup.merged_into_id is None


@pytest.mark.parametrize("role", ["staff_client", "trainer_client"])
def test_only_organisers_merge(request, world, role):
    dup = DeputyFactory(council=world["council"], last_name="Asanova", first_name="Aigul", patronymic="Maratovna")
    client = request.getfixturevalue(role)
    response = client.post(reverse("assessments:deputy_merge"), {"kept": world["mine"].pk, "merged": dup.pk})
    assert response.status_code == 403
    assert DeputyMerge.objects.count() == 0


def test_council_names_follow_the_language(organiser_client, world):
    council = Council.objects.get(pk=world["council"].pk)
    organiser_client.cookies["django_language"] = "ky"
    response = organiser_client.get(reverse("trainings:council_detail", args=[council.code]))
    assert f'<h1 class="h3">{council.council_name_in("ky")}</h1>' in response.content.decode()


def test_council_history_counts_only_its_own_deputies_and_lists_invitations_without_any(organiser_client):
    council, neighbour = CouncilFactory(), CouncilFactory()
    shared = TrainingSessionFactory(code="SHARED", start_date=datetime.date(2021, 6, 7))
    invited_only = TrainingSessionFactory(code="INVITED", start_date=datetime.date(2021, 6, 14))
    TrainingSessionFactory(code="ELSEWHERE", start_date=datetime.date(2021, 6, 21))
    InvitationFactory(session=invited_only, council=council)
    came, absent = (EnrolmentFactory(session=shared, deputy=DeputyFactory(council=council)) for _ in range(2))
    AttendanceFactory(enrolment=came, day=1, present=True)
    AttendanceFactory(enrolment=absent, day=1, present=False)
    AttendanceFactory(enrolment=EnrolmentFactory(session=shared, deputy=DeputyFactory(council=neighbour)), day=1)

    response = organiser_client.get(reverse("trainings:council_detail", args=[council.code]))

    figures = [(s.code, s.enrolled, s.participants) for s in response.context["sessions"]]
    assert figures == [("INVITED", 0, 0), ("SHARED", 2, 1)]
