"""Walk-ins who are not in the register: the service, the form for organisers and trainers, the review."""

import pytest
from django.urls import reverse

from councils.models import Deputy
from tests.factories import CouncilFactory, DeputyFactory, InvitationFactory
from trainings.models import Enrolment
from trainings.walk_ins import AlreadyInRegister, add_new_walk_in

pytestmark = pytest.mark.django_db

PERSON = {
    "last_name": "Сатыбалдиева",
    "first_name": "Гүлнара",
    "patronymic": "Өмүрбековна",
    "sex": "F",
    "birth_year": "1984",
}


@pytest.fixture
def invited(session):
    return InvitationFactory(session=session, council=CouncilFactory(name_en="Kara-Suu aiyl kenesh")).council


def post_walk_in(client, session, council, **changes):
    data = {**PERSON, "council": council.pk, **changes}
    return client.post(reverse("trainings:walk_in_new", args=[session.pk]), data)


def test_service_creates_the_deputy_for_the_campaigns_convocation_flagged_and_enrolled(session, invited):
    enrolment = add_new_walk_in(
        session=session, council=invited, last_name="Сатыбалдиева", first_name="Гүлнара", gender="F", birth_year=1984
    )

    deputy = enrolment.deputy
    assert (deputy.council, deputy.convocation, deputy.needs_review) == (invited, 2021, True)
    assert (enrolment.session, enrolment.source) == (session, Enrolment.Source.WALK_IN)


def test_service_refuses_someone_the_register_has_under_another_spelling(session, invited):
    existing = DeputyFactory(
        council=invited, last_name="Сатыбалдиева", first_name="Гулнара", patronymic="", birth_year=1984
    )

    with pytest.raises(AlreadyInRegister) as refused:
        add_new_walk_in(
            session=session, council=invited, last_name="САТЫБАЛДИЕВА ", first_name="Гүлнара", gender="F",
            birth_year=1984,
        )  # fmt: skip

    assert refused.value.deputy == existing
    assert Deputy.objects.count() == 1
    assert session.enrolments.count() == 0


def test_organiser_adds_a_walk_in_with_a_phone(organiser_client, session, invited):
    response = post_walk_in(organiser_client, session, invited, phone="+996 555 123 456")

    assert response.status_code == 302
    deputy = Deputy.objects.get()
    assert (deputy.full_name, deputy.birth_year, deputy.gender, deputy.phone) == (
        "Сатыбалдиева Гүлнара Өмүрбековна", 1984, "F", "+996 555 123 456"
    )  # fmt: skip
    assert list(session.enrolments.values_list("deputy", "source")) == [(deputy.pk, "walk_in")]


def test_organiser_may_pick_a_council_that_is_not_invited(organiser_client, session, invited):
    elsewhere = CouncilFactory()

    post_walk_in(organiser_client, session, elsewhere)

    assert Deputy.objects.get().council == elsewhere


def test_trainer_sees_no_phone_field_and_a_phone_sent_anyway_is_dropped(trainer_client, session, invited):
    page = trainer_client.get(reverse("trainings:walk_in_new", args=[session.pk]))
    assert "phone" not in page.context["form"].fields
    assert b'name="phone"' not in page.content

    response = post_walk_in(trainer_client, session, invited, phone="+996555123456")

    assert response.status_code == 302
    assert Deputy.objects.get().phone == ""


def test_trainer_may_pick_only_a_council_invited_to_the_session(trainer_client, session, invited):
    elsewhere = CouncilFactory()

    page = trainer_client.get(reverse("trainings:walk_in_new", args=[session.pk]))
    response = post_walk_in(trainer_client, session, elsewhere)

    assert [value for value, _label in page.context["form"].fields["council"].choices] == ["", invited.pk]
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["council"]
    assert Deputy.objects.count() == 0


def test_trainer_of_another_session_cannot_add_a_walk_in(client, other_trainer, session, invited):
    client.force_login(other_trainer)

    response = post_walk_in(client, session, invited)

    assert response.status_code == 404
    assert Deputy.objects.count() == 0


def test_trainer_searches_only_the_invited_councils_of_the_register(trainer_client, session, invited):
    DeputyFactory(council=invited, last_name="Токтосунов")
    stranger = DeputyFactory(last_name="Токтосунова")

    page = trainer_client.get(reverse("trainings:walk_in", args=[session.pk]), {"q": "токтосун"})
    refused = trainer_client.post(reverse("trainings:walk_in", args=[session.pk]), {"deputy": stranger.pk})

    assert [deputy.last_name for deputy in page.context["candidates"]] == ["Токтосунов"]
    assert refused.status_code == 404
    assert session.enrolments.count() == 0


def test_duplicate_walk_in_is_refused_and_offers_the_existing_deputy(organiser_client, session, invited):
    existing = DeputyFactory(
        council=invited, last_name="Сатыбалдиева", first_name="Гүлнара", patronymic="Өмүрбековна", birth_year=1984
    )

    response = post_walk_in(organiser_client, session, invited)

    assert response.status_code == 200
    assert response.context["refusal"] == (
        f"Сатыбалдиева Гүлнара Өмүрбековна (1984) of {invited.name} is already in the register."
    )
    offer = f'name="deputy" value="{existing.pk}"'.encode()
    assert offer in response.content
    assert Deputy.objects.count() == 1
    assert session.enrolments.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_year", "1900", "The birth year must be between 1921 and 2003."),
        ("birth_year", "2015", "The birth year must be between 1921 and 2003."),
        ("last_name", "Асанов/Усенов", "Use letters only, with spaces or hyphens between words."),
        ("first_name", "Бакыт\nМарат", "Use letters only, with spaces or hyphens between words."),
        ("last_name", '"Асанов"', "Use letters only, with spaces or hyphens between words."),
        ("patronymic", "Маратович'", "Use letters only, with spaces or hyphens between words."),
        ("last_name", "Асанов2", "Use letters only, with spaces or hyphens between words."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(organiser_client, session, invited, field, value,
                                                                 message):  # fmt: skip
    response = post_walk_in(organiser_client, session, invited, **{field: value})

    assert response.context["form"].errors == {field: [message]}
    assert Deputy.objects.count() == 0


def test_names_keep_hyphens_and_single_spaces(organiser_client, session, invited):
    post_walk_in(organiser_client, session, invited, last_name="Абдыкадыр-Уулу", patronymic="Марат   уулу")

    assert Deputy.objects.values_list("last_name", "patronymic").get() == ("Абдыкадыр-Уулу", "Марат уулу")


def test_walk_in_is_listed_for_review_and_leaves_the_list_once_reviewed(organiser_client, session, invited):
    post_walk_in(organiser_client, session, invited)
    deputy = Deputy.objects.get()

    page = organiser_client.get(reverse("assessments:duplicate_list"))
    assert [listed.pk for listed in page.context["to_review"]] == [deputy.pk]
    assert session.code.encode() in page.content

    organiser_client.post(reverse("assessments:deputy_reviewed", args=[deputy.pk]))

    assert Deputy.objects.get().needs_review is False
    assert list(organiser_client.get(reverse("assessments:duplicate_list")).context["to_review"]) == []


def test_review_list_points_at_a_probable_duplicate(organiser_client, session, invited):
    DeputyFactory(council=invited, last_name="Сатыбалдиева", first_name="Гүлнара", patronymic="", birth_year=1984,
                  gender="F")  # fmt: skip
    post_walk_in(organiser_client, session, invited, last_name="Сатыбалдыева")  # one letter apart: not refused

    [listed] = organiser_client.get(reverse("assessments:duplicate_list")).context["to_review"]

    assert listed.has_probable_duplicate is True
