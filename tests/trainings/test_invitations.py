"""Withdrawing an invitation, removing a participant with confirmation, and the counts that follow."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    ElectionFactory,
    EnrolmentFactory,
    TestResultFactory,
)
from trainings import selectors, services
from trainings.invitations import withdraw_invitation, withdrawal_refusals
from trainings.models import Attendance, Campaign, Enrolment, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ak_tuz(session):
    """Ak-Tuz aiyl kenesh, with an election of the campaign's convocation, invited with 2 places."""
    council = CouncilFactory(name_en="Ak-Tuz aiyl kenesh")
    ElectionFactory(council=council, convocation=2021)
    for name in ("Абдыкеримова", "Бекмуратов"):
        DeputyFactory(council=council, last_name=name)
    services.invite_council(session=session, council=council, places=2)
    return council


def invited_list(session):
    return [(i.council.name, i.places, i.enrolled) for i in selectors.session_invitations(session)]


def test_removing_both_invited_deputies_keeps_the_invitation_with_its_places_given_up(session, ak_tuz):
    # The report: after removing both, "Ak-Tuz aiyl aimak · 2 places" stayed. The invitation stays (the
    # campaign still counts it invited until it is withdrawn), but the places follow the roster.
    for enrolment in list(session.enrolments.all()):
        services.remove_enrolment(enrolment=enrolment)

    assert invited_list(session) == [("Ak-Tuz aiyl kenesh", 0, 0)]
    assert selectors.campaign_progress(session.campaign).invited == 1


def test_removing_a_walk_in_leaves_the_councils_places_alone(session, ak_tuz):
    walk_in = services.add_walk_in(session=session, deputy=DeputyFactory(council=ak_tuz, last_name="Келди"))

    assert invited_list(session) == [("Ak-Tuz aiyl kenesh", 2, 2)]  # a walk-in holds none of its places

    services.remove_enrolment(enrolment=walk_in)

    assert invited_list(session) == [("Ak-Tuz aiyl kenesh", 2, 2)]


def test_withdrawing_takes_the_enrolled_deputies_off_and_updates_every_count(session, ak_tuz):
    campaign = session.campaign
    before = Campaign.objects.get(pk=campaign.pk).data_version
    assert selectors.campaign_progress(campaign).invited == 1

    left = withdraw_invitation(invitation=Invitation.objects.get(session=session, council=ak_tuz))

    assert left == 2
    assert session.enrolments.count() == 0
    assert invited_list(session) == []
    progress = selectors.campaign_progress(campaign)
    assert progress.invited == 0
    assert [council.pk for council in progress.not_scheduled] == [ak_tuz.pk]
    assert list(selectors.invitable_councils(session)) == [ak_tuz]
    assert Campaign.objects.get(pk=campaign.pk).data_version > before


def test_withdrawing_keeps_the_councils_walk_ins(session, ak_tuz):
    walk_in = services.add_walk_in(session=session, deputy=DeputyFactory(council=ak_tuz, last_name="Келди"))

    withdraw_invitation(invitation=Invitation.objects.get(session=session, council=ak_tuz))

    assert list(session.enrolments.all()) == [walk_in]


@pytest.mark.parametrize("present", [True, False], ids=["present", "absent"])
def test_withdrawing_is_refused_while_attendance_is_recorded(session, ak_tuz, present):
    for enrolment in session.enrolments.all():
        AttendanceFactory(enrolment=enrolment, day=1, present=present)
    invitation = Invitation.objects.get(session=session, council=ak_tuz)

    with pytest.raises(ValidationError) as refused:
        withdraw_invitation(invitation=invitation)

    assert refused.value.messages == [
        "The invitation of Ak-Tuz aiyl kenesh cannot be withdrawn:",
        "2 deputies have attendance recorded.",
    ]
    assert session.enrolments.count() == 2
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert Attendance.objects.count() == 2


def test_withdrawing_is_refused_while_scores_are_recorded(session, ak_tuz):
    TestResultFactory(enrolment=session.enrolments.first(), phase="pre")
    invitation = Invitation.objects.get(session=session, council=ak_tuz)

    assert withdrawal_refusals(invitation) == ["1 deputy has test scores recorded."]
    with pytest.raises(ValidationError):
        withdraw_invitation(invitation=invitation)
    assert session.enrolments.count() == 2


def test_refusal_names_each_kind_of_record(session, ak_tuz):
    first, second = session.enrolments.order_by("pk")
    AttendanceFactory(enrolment=first, day=1, present=True)
    TestResultFactory(enrolment=second, phase="pre")

    assert withdrawal_refusals(Invitation.objects.get(council=ak_tuz)) == [
        "1 deputy has attendance recorded.",
        "1 deputy has test scores recorded.",
    ]


def test_withdraw_page_asks_first_and_withdraws_on_post(organiser_client, session, ak_tuz):
    invitation = Invitation.objects.get(session=session, council=ak_tuz)
    url = reverse("trainings:withdraw_invitation", args=[session.pk, invitation.pk])

    page = organiser_client.get(url)

    assert [e.deputy.last_name for e in page.context["leaving"]] == ["Абдыкеримова", "Бекмуратов"]
    assert page.context["refusal"] == []
    assert b'class="btn btn-danger"' in page.content
    assert Invitation.objects.filter(pk=invitation.pk).exists()  # a GET changes nothing
    response = organiser_client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The invitation of Ak-Tuz aiyl kenesh was withdrawn; 2 deputies left the roster."
    ]
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


def test_withdraw_page_shows_the_refusal_without_a_button(organiser_client, session, ak_tuz):
    AttendanceFactory(enrolment=session.enrolments.first(), day=1, present=False)
    invitation = Invitation.objects.get(session=session, council=ak_tuz)

    page = organiser_client.get(reverse("trainings:withdraw_invitation", args=[session.pk, invitation.pk]))

    assert page.context["refusal"] == ["1 deputy has attendance recorded."]
    assert b'class="btn btn-danger"' not in page.content  # no button to withdraw


def test_session_page_links_each_invitation_to_its_withdraw_page(organiser_client, session, ak_tuz):
    invitation = Invitation.objects.get(council=ak_tuz)

    page = organiser_client.get(reverse("trainings:session_detail", args=[session.pk]))

    assert reverse("trainings:withdraw_invitation", args=[session.pk, invitation.pk]).encode() in page.content


def test_remove_asks_for_confirmation_first(organiser_client, session):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(last_name="Токтосунов"))
    url = reverse("trainings:remove_enrolment", args=[session.pk, enrolment.pk])

    page = organiser_client.get(url)

    assert page.status_code == 200
    assert page.context["refusal"] == []
    assert Enrolment.objects.filter(pk=enrolment.pk).exists()
    organiser_client.post(url)
    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_remove_confirmation_says_why_it_cannot_be_done(organiser_client, session):
    enrolment = EnrolmentFactory(session=session, deputy=DeputyFactory(last_name="Токтосунов"))
    AttendanceFactory(enrolment=enrolment, day=1, present=True)

    page = organiser_client.get(reverse("trainings:remove_enrolment", args=[session.pk, enrolment.pk]))

    assert page.context["refusal"] == [
        f"{enrolment.deputy.full_name} is already marked present; clear the attendance first."
    ]
