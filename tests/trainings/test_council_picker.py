"""The council picker: search by name in any language or by code, nearest councils first, deputies to
invite and badges, the plain-field path without JavaScript, refusals and bounds, and who may search."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from councils.council_search import MAX_TERMS, name_terms, search_councils
from councils.models import Council
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    EnrolmentFactory,
    InvitationFactory,
    RegionFactory,
    TrainingSessionFactory,
)
from trainings.council_picker import PICKER_LIMIT
from trainings.models import CampaignTargetChange, Invitation, TrainingSession

pytestmark = pytest.mark.django_db


def aiyl_council(district, ky, ru, en, code):
    council = CouncilFactory(
        district=district, code=code, name_ky=f"{ky} айыл аймагы", name_ru=f"{ru} айылный аймак", name_en=en
    )
    ElectionFactory(council=council, convocation=2021)
    return council


@pytest.fixture
def councils(session):
    """Three target councils: one in the venue's district, one elsewhere in its region, one in another region."""
    district = session.venue.district
    return {
        "near": aiyl_council(district, "Ак-Суу", "Ак-Суйский", "Ak-Suu aiyl aimak", "41702000000001"),
        "region": aiyl_council(
            DistrictFactory(region=district.region), "Ак-Дөбө", "Ак-Дёбёнский", "Ak-Dobo aiyl aimak", "41702000000002"
        ),
        "far": aiyl_council(DistrictFactory(region=RegionFactory()), "Ак-Талаа", "Ак-Талинский", "", "41703000000003"),
    }


def search(client, session, query, language="en"):
    with translation.override(language):
        url = reverse("trainings:session_council_search", args=[session.pk])
        response = client.get(url, {"q": query}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response


def found(response):
    return [council.code for council in response.context["results"].councils]


@pytest.mark.parametrize(
    ("query", "language"),
    [("ак-суу", "ky"), ("АК СУУ", "ky"), ("Ак-Суйский", "ru"), ("ак-суйский айылный", "ru"), ("Ak-Suu", "en")],
)
def test_finds_a_council_by_its_name_in_each_language(organiser_client, session, councils, query, language):
    assert found(search(organiser_client, session, query, language)) == [councils["near"].code]


def test_kyrgyz_letters_and_case_are_folded(organiser_client, session, councils):
    # "Ак-Дөбө" typed without the Kyrgyz letters, and the council's own name ("… айылдык кеңеши").
    assert found(search(organiser_client, session, "ак-добо")) == [councils["region"].code]
    assert found(search(organiser_client, session, "АК-ДӨБӨ АЙЫЛДЫК КЕҢЕШИ")) == [councils["region"].code]


def test_finds_a_council_by_the_start_of_its_code(organiser_client, session, councils):
    assert found(search(organiser_client, session, "4170200")) == [councils["near"].code, councils["region"].code]
    assert found(search(organiser_client, session, "41703 000000003")) == [councils["far"].code]


def test_matches_the_start_of_words_only(organiser_client, session, councils):
    # "ак" starts the three names; it is inside "аймак", which must not make every council match.
    other = aiyl_council(session.venue.district, "Бостери", "Бостеринский", "Bosteri", "41702000000009")
    assert other.code not in found(search(organiser_client, session, "ак"))


def test_lists_the_venues_district_then_its_region_then_the_rest(organiser_client, session, councils):
    response = search(organiser_client, session, "ак")

    assert found(response) == [councils["near"].code, councils["region"].code, councils["far"].code]
    assert [getattr(council, "nearness", None) for council in response.context["results"].councils] == [0, 1, 2]


def test_an_empty_query_lists_the_venues_district(organiser_client, session, councils):
    assert found(search(organiser_client, session, "")) == [councils["near"].code]


def test_shows_deputies_to_invite_and_whether_invited_or_trained(organiser_client, session, councils):
    near, region = councils["near"], councils["region"]
    deputies = [DeputyFactory(council=near, convocation=2021) for _ in range(3)]
    DeputyFactory(council=near, convocation=2016)  # another convocation: not to invite
    other = TrainingSessionFactory(campaign=session.campaign, code="S-02", venue=session.venue)
    AttendanceFactory(enrolment=EnrolmentFactory(session=other, deputy=deputies[0]), day=1, present=True)
    InvitationFactory(session=other, council=region)
    cancelled = TrainingSessionFactory(
        campaign=session.campaign, code="S-03", status=TrainingSession.Status.CANCELLED, venue=session.venue
    )
    InvitationFactory(session=cancelled, council=councils["far"])

    response = search(organiser_client, session, "ак")
    rows = {council.code: council for council in response.context["results"].councils}
    html = response.content.decode()

    assert [(rows[c.code].to_invite, rows[c.code].invited_to, rows[c.code].trained) for c in councils.values()] == [
        (2, None, True),
        (0, "S-02", False),
        (0, None, False),
    ]
    assert html.count('data-badge="trained"') == 1
    assert html.count('data-badge="invited"') == 1
    assert "invited · S-02" in html
    assert "2 deputies to invite" in html


def test_results_are_in_the_active_language(organiser_client, session, councils):
    html = search(organiser_client, session, "ак-суу", "ky").content.decode()
    assert "Ак-Суу айылдык кеңеши" in html
    html = search(organiser_client, session, "ак-суу", "ru").content.decode()
    assert "Ак-Суйский айылный кенеш" in html


def test_a_council_invited_to_this_session_is_not_offered_again(organiser_client, session, councils):
    InvitationFactory(session=session, council=councils["near"])
    assert found(search(organiser_client, session, "ак")) == [councils["region"].code, councils["far"].code]


def test_the_query_is_bounded(organiser_client, session, councils):
    district = session.venue.district
    for number in range(PICKER_LIMIT + 2):
        aiyl_council(district, f"Ала-Тоо {number}", f"Ала-Тоо {number}", "", f"417020000001{number:02d}")

    response = search(organiser_client, session, "ала тоо")
    long_query = search(organiser_client, session, "ак " * 5000)

    assert len(found(response)) == PICKER_LIMIT
    assert response.context["results"].more is True
    assert "The first 20 councils are shown" in response.content.decode()
    assert len(long_query.context["results"].query) <= 100
    assert len(name_terms("а б в г д е ж з")) == MAX_TERMS
    assert list(search_councils(Council.objects.all(), "а")) == []  # one letter finds nothing


@pytest.mark.parametrize("count", [1, 3])
def test_search_takes_a_fixed_number_of_queries(organiser_client, session, django_assert_num_queries, count):
    for number in range(count):
        aiyl_council(session.venue.district, f"Ак-Жол {number}", f"Ак-Жол {number}", "", f"4170200000010{number}")
    # session, user and groups, the session again with its venue, the results
    with django_assert_num_queries(6):
        response = search(organiser_client, session, "ак-жол")
    assert len(found(response)) == count


def test_invite_without_javascript_takes_the_code_typed(organiser_client, session, councils):
    DeputyFactory(council=councils["region"], convocation=2021)
    url = reverse("trainings:session_invite", args=[session.pk])

    organiser_client.post(url, {"council": "", "q": " 4170200000 0002 ", "places": ""})

    assert list(Invitation.objects.filter(session=session).values_list("council__code", "places")) == [
        (councils["region"].code, 1)
    ]


def test_the_chosen_council_wins_over_the_text_in_the_field(organiser_client, session, councils):
    DeputyFactory(council=councils["near"], convocation=2021)
    url = reverse("trainings:session_invite", args=[session.pk])

    organiser_client.post(url, {"council": councils["near"].code, "q": "Ак-Суу айылдык кеңеши"})

    assert list(Invitation.objects.values_list("council__code", flat=True)) == [councils["near"].code]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("41799999999999", "Council: “41799999999999” is not the code of a council. Choose a council from the list "
         "or type its 14-digit code."),
        ("Ак-Суу", "Council: “Ак-Суу” is not the code of a council. Choose a council from the list or type its "
         "14-digit code."),
        ("", "Council: choose a council from the list or type its code."),
    ],
)  # fmt: skip
def test_an_unknown_code_is_refused_with_a_message(organiser_client, session, councils, typed, message):
    url = reverse("trainings:session_invite", args=[session.pk])

    response = organiser_client.post(url, {"council": "", "q": typed}, HTTP_ACCEPT_LANGUAGE="en")

    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert not Invitation.objects.exists()


def test_a_council_outside_the_offer_is_refused_by_name(organiser_client, session, councils):
    outside = CouncilFactory(code="41704000000004", name_ky="Тогуз-Булак айыл аймагы")  # no election: not a target
    url = reverse("trainings:session_invite", args=[session.pk])

    response = organiser_client.post(url, {"q": outside.code})

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Council: {outside.name} cannot be invited to this session: it is not in the campaign's target, "
        "or it is invited already."
    ]
    assert not Invitation.objects.exists()


def test_the_session_page_offers_the_picker(organiser_client, session, councils):
    html = organiser_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()

    search_url = reverse("trainings:session_council_search", args=[session.pk])
    assert f'hx-get="{search_url}"' in html
    assert '<input type="hidden" name="council" value="" data-picker-value>' in html
    assert "<select" not in html.split('data-testid="invite-form"')[1].split("</form>")[0]


def test_campaign_picker_finds_any_council_and_marks_the_target(organiser_client, session, councils):
    outside = CouncilFactory(code="41704000000004", name_ky="Ак-Булак айыл аймагы")  # no election
    url = reverse("trainings:campaign_council_search", args=[session.campaign.code])

    response = organiser_client.get(url, {"q": "ак"})
    rows = {council.code: council.in_target for council in response.context["results"].councils}

    assert rows == {**{c.code: True for c in councils.values()}, outside.code: False}
    assert response.content.decode().count('data-badge="in-target"') == 3


def test_campaign_page_target_form_uses_the_picker_and_takes_a_code(organiser_client, session, councils):
    campaign = session.campaign
    outside = CouncilFactory(code="41704000000004")
    page = organiser_client.get(reverse("trainings:campaign_detail", args=[campaign.code])).content.decode()

    organiser_client.post(
        reverse("trainings:campaign_target", args=[campaign.code]),
        {"action": "add", "council": "", "q": outside.code, "reason": "asked to join"},
    )

    assert f'hx-get="{reverse("trainings:campaign_council_search", args=[campaign.code])}"' in page
    assert list(CampaignTargetChange.objects.values_list("council__code", "action")) == [(outside.code, "add")]


@pytest.mark.parametrize(
    ("persona", "session_status", "campaign_status"),
    [("trainer", 403, 403), ("other_trainer", 404, 403), ("staff_viewer", 404, 403), ("organiser", 200, 200)],
)
def test_only_organisers_may_search(client, request, session, persona, session_status, campaign_status):
    client.force_login(request.getfixturevalue(persona))  # `trainer` trains the session, `other_trainer` does not

    by_session = client.get(reverse("trainings:session_council_search", args=[session.pk]), {"q": "ак"})
    by_campaign = client.get(reverse("trainings:campaign_council_search", args=[session.campaign.code]), {"q": "ак"})

    assert (by_session.status_code, by_campaign.status_code) == (session_status, campaign_status)
