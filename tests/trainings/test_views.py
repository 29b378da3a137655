"""The trainings pages: forms with conflict warnings, invitations, roster changes, htmx attendance."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    TopicFactory,
    TrainingSessionFactory,
)
from trainings.models import Attendance, Campaign, TrainingSession

pytestmark = pytest.mark.django_db


def session_data(campaign, venue, trainers, **changes):
    data = {
        "campaign": campaign.pk,
        "code": "S-NEW",
        "venue": venue.pk,
        "start_date": "2021-06-01",
        "days": 2,
        "capacity": 25,
        "trainers": [trainer.pk for trainer in trainers],
        "language": "ky",
        "status": "planned",
    }
    data.update(changes)
    return data


def test_organiser_creates_a_campaign(organiser_client):
    topic = TopicFactory(code="deputy-rights")
    response = organiser_client.post(
        reverse("trainings:campaign_create"),
        {
            "code": "VOICE-2025",
            "name_ru": "Обучение 2025",
            "name_ky": "Окутуу 2025",
            "start": "2025-05-01",
            "end": "2025-06-30",
            "convocation": 2024,
            "topics": [topic.pk],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/campaigns/VOICE-2025/"
    campaign = Campaign.objects.get(code="VOICE-2025")
    assert (campaign.convocation, list(campaign.topics.all())) == (2024, [topic])


def test_campaign_ending_before_it_starts_is_refused(organiser_client):
    response = organiser_client.post(
        reverse("trainings:campaign_create"),
        {"code": "BAD", "name_ru": "Плохо", "start": "2025-06-01", "end": "2025-05-01", "convocation": 2024},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["The campaign cannot end before it starts."]}
    assert not Campaign.objects.filter(code="BAD").exists()


def test_organiser_creates_a_session_without_conflicts(organiser_client, campaign, venue, trainer):
    response = organiser_client.post(reverse("trainings:session_create"), session_data(campaign, venue, [trainer]))

    session = TrainingSession.objects.get(code="S-NEW")
    assert response["Location"] == reverse("trainings:session_detail", args=[session.pk])
    assert list(session.trainers.all()) == [trainer]


def test_session_form_warns_of_a_conflict_and_saves_only_when_confirmed(organiser_client, session, venue, trainer):
    data = session_data(session.campaign, venue, [trainer], start_date="2021-05-25")

    warned = organiser_client.post(reverse("trainings:session_create"), data)

    assert warned.status_code == 200
    assert [conflict.kind for conflict in warned.context["warnings"]] == ["trainer_day", "venue_day"]
    assert "Save despite the problems" in warned.content.decode()
    assert not TrainingSession.objects.filter(code="S-NEW").exists()

    confirmed = organiser_client.post(reverse("trainings:session_create"), {**data, "confirm_conflicts": "1"})

    assert confirmed.status_code == 302
    assert TrainingSession.objects.filter(code="S-NEW").count() == 1


def test_session_form_rejects_a_duplicate_code_in_the_campaign(organiser_client, session, venue, trainer):
    data = session_data(session.campaign, venue, [], code="S-01", start_date="2021-06-10")

    response = organiser_client.post(reverse("trainings:session_create"), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Training session with this Campaign and Code already exists."
    ]


def test_session_form_rejects_zero_days(organiser_client, campaign, venue):
    response = organiser_client.post(reverse("trainings:session_create"), session_data(campaign, venue, [], days=0))

    assert response.context["form"].errors["days"] == ["A session lasts from 1 to 10 days."]


def test_editing_a_session_keeps_its_id_and_changes_fields(organiser_client, session, venue, trainer):
    data = session_data(session.campaign, venue, [trainer], code="S-01", start_date="2021-05-24", capacity=25)

    response = organiser_client.post(reverse("trainings:session_update", args=[session.pk]), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 25


def test_invite_council_from_the_campaign_page(organiser_client, session):
    council = CouncilFactory()
    ElectionFactory(council=council)
    DeputyFactory(council=council, last_name="Асанова")
    DeputyFactory(council=council, last_name="Бакиров")

    response = organiser_client.post(
        reverse("trainings:campaign_invite", args=[session.campaign.code]),
        {"session": session.pk, "council": council.pk, "places": ""},
        follow=True,
    )

    assert sorted(session.enrolments.values_list("deputy__last_name", flat=True)) == ["Асанова", "Бакиров"]
    assert response.context["progress"].not_scheduled == []


def test_campaign_page_lists_not_yet_scheduled_councils_with_an_invite_button(organiser_client, session):
    council = CouncilFactory(name_en="Kara-Suu")
    ElectionFactory(council=council)

    html = organiser_client.get(reverse("trainings:campaign_detail", args=[session.campaign.code])).content.decode()

    assert "Kara-Suu" in html
    assert f'form="invite-form" name="council" value="{council.pk}"' in html


def test_invite_council_from_the_session_page(organiser_client, session):
    council = CouncilFactory()
    ElectionFactory(council=council)
    for name in ("Асанова", "Бакиров", "Жумабаев"):
        DeputyFactory(council=council, last_name=name)

    url = reverse("trainings:session_invite", args=[session.pk])
    organiser_client.post(url, {"council": council.code, "places": 2})

    assert sorted(session.enrolments.values_list("deputy__last_name", flat=True)) == ["Асанова", "Бакиров"]


def test_walk_in_search_and_add(organiser_client, session):
    deputy = DeputyFactory(last_name="Токтосунова")

    found = organiser_client.get(reverse("trainings:walk_in", args=[session.pk]), {"q": "токтосун"})
    assert [d.pk for d in found.context["candidates"]] == [deputy.pk]

    organiser_client.post(reverse("trainings:walk_in", args=[session.pk]), {"deputy": deputy.pk})
    assert list(session.enrolments.values_list("deputy", "source")) == [(deputy.pk, "walk_in")]


def test_substitute_lists_the_same_councils_deputies_and_replaces(organiser_client, session):
    enrolment = EnrolmentFactory(session=session)
    colleague = DeputyFactory(council=enrolment.deputy.council)
    DeputyFactory()  # another council: not offered without a search
    url = reverse("trainings:substitute", args=[session.pk, enrolment.pk])

    assert [d.pk for d in organiser_client.get(url).context["candidates"]] == [colleague.pk]

    organiser_client.post(url, {"deputy": colleague.pk})
    assert list(session.enrolments.values_list("deputy", flat=True)) == [colleague.pk]


def test_remove_refused_for_a_present_participant_shows_a_message(organiser_client, session):
    enrolment = EnrolmentFactory(
        session=session, deputy__last_name="Осмонов", deputy__first_name="Азамат", deputy__patronymic=""
    )
    AttendanceFactory(enrolment=enrolment, day=1, present=True)

    response = organiser_client.post(
        reverse("trainings:remove_enrolment", args=[session.pk, enrolment.pk]), follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Осмонов Азамат is already marked present; clear the attendance first."
    ]
    assert session.enrolments.count() == 1


def test_htmx_toggle_answers_with_the_updated_row(trainer_client, session):
    enrolment = EnrolmentFactory(session=session)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)

    response = trainer_client.post(
        reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 2]),
        {"present": "1"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="enrolment-{enrolment.pk}">')
    assert "completed" in html
    assert "<html" not in html


def test_toggle_without_a_valid_value_is_a_bad_request(trainer_client, session):
    enrolment = EnrolmentFactory(session=session)

    response = trainer_client.post(
        reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 1]), {"present": "maybe"}
    )

    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_mark_everyone_present_for_a_day(trainer_client, session):
    enrolments = [EnrolmentFactory(session=session) for _ in range(3)]

    trainer_client.post(reverse("trainings:mark_all_present", args=[session.pk, 2]))

    assert sorted(Attendance.objects.values_list("enrolment", "day", "present")) == [
        (enrolment.pk, 2, True) for enrolment in enrolments
    ]


def test_session_list_filters_by_status(organiser_client, session):
    TrainingSessionFactory(
        campaign=session.campaign, code="HELD-1", status="held", start_date=datetime.date(2021, 6, 1)
    )

    response = organiser_client.get(reverse("trainings:session_list"), {"status": "held"})

    assert [s.code for s in response.context["sessions"]] == ["HELD-1"]


def test_calendar_opens_on_the_requested_month(trainer_client, session):
    response = trainer_client.get(reverse("trainings:session_calendar"), {"month": "2021-05"})

    html = response.content.decode()
    assert response.context["month"] == datetime.date(2021, 5, 1)
    assert html.count(reverse("trainings:session_detail", args=[session.pk])) == 4  # 2 days × grid and list


def test_a_crowded_calendar_day_shows_six_sessions_and_links_to_the_rest(organiser_client, trainer):
    campaign = CampaignFactory()
    for number in range(8):
        TrainingSessionFactory(campaign=campaign, code=f"DAY-{number}", start_date=datetime.date(2021, 6, 8), days=2)

    response = organiser_client.get(reverse("trainings:session_calendar"), {"month": "2021-06"})

    days = {day.date: day for week in response.context["weeks"] for day in week}
    assert [s.code for s in days[datetime.date(2021, 6, 9)].sessions] == [f"DAY-{n}" for n in range(6)]
    assert days[datetime.date(2021, 6, 9)].more == 2
    more = f"{reverse('trainings:session_list')}?date_from=2021-06-08&amp;date_to=2021-06-09"
    assert response.content.decode().count(more) == 2  # the grid, and the list shown on phones
    listed = organiser_client.get(
        reverse("trainings:session_list"), {"date_from": "2021-06-08", "date_to": "2021-06-09"}
    )
    assert {s.code for s in listed.context["sessions"]} == {f"DAY-{n}" for n in range(8)}


def test_the_calendar_of_one_campaign_opens_on_its_latest_month(organiser_client, session):
    other = TrainingSessionFactory(code="OTHER-01", start_date=datetime.date(2021, 9, 6))

    response = organiser_client.get(reverse("trainings:session_calendar"), {"campaign": session.campaign.pk})

    assert response.context["month"] == datetime.date(2021, 5, 1)
    html = response.content.decode()
    assert reverse("trainings:session_detail", args=[session.pk]) in html
    assert f"?month=2021-06&amp;campaign={session.campaign.pk}" in html  # the next month keeps the campaign
    everything = organiser_client.get(reverse("trainings:session_calendar"), {"month": "2021-09"})
    assert reverse("trainings:session_detail", args=[other.pk]) in everything.content.decode()
    only_one = organiser_client.get(
        reverse("trainings:session_calendar"), {"month": "2021-09", "campaign": session.campaign.pk}
    )
    assert reverse("trainings:session_detail", args=[other.pk]) not in only_one.content.decode()


@pytest.mark.parametrize("value", ["abc", "999999", "1' OR '1"])
def test_a_calendar_campaign_that_is_not_one_is_refused_in_the_form(organiser_client, session, value):
    response = organiser_client.get(reverse("trainings:session_calendar"), {"campaign": value})

    assert response.status_code == 200
    assert response.context["filter_form"].errors["campaign"]
    assert response.context["campaign"] is None


def make_sessions(count, trainer):
    campaign = CampaignFactory()
    for number in range(count):
        session = TrainingSessionFactory(
            campaign=campaign, start_date=datetime.date(2021, 6, 1 + number), trainers=[trainer]
        )
        for _ in range(2):
            AttendanceFactory(enrolment=EnrolmentFactory(session=session), day=1)
    return campaign


@pytest.mark.parametrize("count", [1, 3])
def test_session_list_query_count_does_not_grow(organiser_client, trainer, django_assert_max_num_queries, count):
    make_sessions(count, trainer)

    # 7, and 3 for reading it a page at a time: the longest session, the count of past ones, the page of them.
    with django_assert_max_num_queries(10):
        response = organiser_client.get(reverse("trainings:session_list"))

    assert len(response.context["sessions"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_campaign_list_query_count_does_not_grow(staff_client, trainer, django_assert_max_num_queries, count):
    for _ in range(count):
        make_sessions(1, trainer)

    with django_assert_max_num_queries(4):
        response = staff_client.get(reverse("trainings:campaign_list"))

    assert len(response.context["campaigns"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_campaign_page_query_count_does_not_grow(organiser_client, trainer, django_assert_max_num_queries, count):
    campaign = make_sessions(count, trainer)
    for _ in range(count):
        ElectionFactory(council=CouncilFactory())

    # 28 for the page itself (5 of them for the target and the councils not yet trained, 1 for the trainers'
    # unavailable days), 4 for the score-quality flags, 1 for the state its cached parts are kept by.
    with django_assert_max_num_queries(33):
        response = organiser_client.get(reverse("trainings:campaign_detail", args=[campaign.code]))

    assert len(response.context["progress"].not_scheduled) == count


@pytest.mark.parametrize("count", [1, 3])
def test_session_page_query_count_does_not_grow(organiser_client, trainer, django_assert_max_num_queries, count):
    campaign = make_sessions(1, trainer)
    session = campaign.sessions.get()
    for _ in range(count):
        AttendanceFactory(enrolment=EnrolmentFactory(session=session), day=2)

    # One of them reads the trainers' unavailable days for the conflict check.
    with django_assert_max_num_queries(16):
        response = organiser_client.get(reverse("trainings:session_detail", args=[session.pk]))

    assert len(response.context["roster"]) == count + 2


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_query_count_does_not_grow(trainer_client, trainer, django_assert_max_num_queries, count):
    make_sessions(count, trainer)

    # One of them lists the campaigns of the filter; the month's sessions are read as plain rows, then the
    # ones shown as models.
    with django_assert_max_num_queries(7):
        response = trainer_client.get(reverse("trainings:session_calendar"), {"month": "2021-06"})

    assert sum(len(day.sessions) for week in response.context["weeks"] for day in week) == count * 2
