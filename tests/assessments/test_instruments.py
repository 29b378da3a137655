"""Organisers define tests (instruments) and their questions on the portal's own pages."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.instruments import QuestionSpec, create_instrument
from assessments.models import Instrument, Question
from tests.factories import (
    CampaignFactory,
    EnrolmentFactory,
    InstrumentFactory,
    QuestionFactory,
    TopicFactory,
    TrainingSessionFactory,
)
from tests.factories import (
    TestResultFactory as ResultFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return CampaignFactory(code="KG-2021")


@pytest.fixture
def topic():
    return TopicFactory(code="budget", name_en="Local budget")


@pytest.fixture
def instrument(campaign, topic):
    instrument = InstrumentFactory(campaign=campaign, name="Knowledge test", form="A", max_score=2)
    QuestionFactory(instrument=instrument, number=1, topic=topic, choices=["A", "B", "C"], key="A", points=1)
    QuestionFactory(instrument=instrument, number=2, topic=topic, choices=["A", "B", "C"], key="B", points=1)
    return instrument


def give_result(instrument, campaign):
    enrolment = EnrolmentFactory(session=TrainingSessionFactory(campaign=campaign))
    return ResultFactory(enrolment=enrolment, instrument=instrument, score=1, max_score=instrument.max_score)


def question(topic, number, *, choices="A, B, C, D", key="A", points="1", text_ru="Вопрос", pk=None):
    data = {
        "number": number,
        "topic": topic.pk,
        "text_ky": "",
        "text_ru": text_ru,
        "choices_text": choices,
        "key": key,
        "points": points,
    }
    if pk is not None:
        data["id"] = pk
    return data


# An extra row left empty, as a browser posts it (the points keep their initial value).
BLANK_QUESTION = {"number": "", "topic": "", "text_ky": "", "text_ru": "", "choices_text": "", "key": "", "points": "1"}


def form_data(*, campaign, questions=(), initial=0, name="Knowledge test", form="A", phase="", max_score="2"):
    data = {
        "campaign": campaign.pk if campaign else "",
        "name": name,
        "form": form,
        "phase": phase,
        "max_score": max_score,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": initial,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, fields in enumerate(questions):
        data.update({f"questions-{index}-{key}": value for key, value in fields.items()})
    return data


def existing(instrument, topic, **changes):
    """The edit page's questions as posted back unchanged (optionally with changes to some fields)."""
    rows = []
    for item in instrument.questions.order_by("number"):
        row = question(topic, item.number, choices=", ".join(item.choices), key=item.key, points="1", pk=item.pk)
        row.update(changes.get(item.number, {}))
        rows.append(row)
    return rows


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def create_url(campaign):
    return reverse("assessments:instrument_create", args=[campaign.code])


def update_url(instrument):
    return reverse("assessments:instrument_update", args=[instrument.pk])


# Creating


def test_organiser_creates_a_test_with_questions(organiser_client, campaign, topic):
    data = form_data(
        campaign=campaign,
        phase="pre",
        questions=[question(topic, 1, key="b"), question(topic, 2, choices="A\nB\nC", key="C"), BLANK_QUESTION],
    )

    response = organiser_client.post(create_url(campaign), data)

    instrument = Instrument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == update_url(instrument)
    assert (instrument.campaign, instrument.name, instrument.form, instrument.phase, instrument.max_score) == (
        campaign,
        "Knowledge test",
        "A",
        "pre",
        Decimal(2),
    )
    assert list(instrument.questions.values_list("number", "topic", "choices", "key", "points")) == [
        (1, topic.pk, ["A", "B", "C", "D"], "B", Decimal(1)),
        (2, topic.pk, ["A", "B", "C"], "C", Decimal(1)),
    ]


def test_organiser_creates_a_shared_test(organiser_client, campaign):
    organiser_client.post(create_url(campaign), form_data(campaign=None, name="Shared test"))

    assert list(Instrument.objects.values_list("name", "campaign")) == [("Shared test", None)]


def test_a_key_that_is_not_a_choice_is_refused(organiser_client, campaign, topic):
    data = form_data(campaign=campaign, questions=[question(topic, 1, choices="A, B, C, D", key="E")])

    response = organiser_client.post(create_url(campaign), data)

    assert response.status_code == 200
    assert "The correct answer must be one of the choices: A, B, C, D." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_a_maximum_score_of_zero_is_refused(organiser_client, campaign):
    response = organiser_client.post(create_url(campaign), form_data(campaign=campaign, max_score="0"))

    assert response.status_code == 200
    assert "The maximum score must be greater than 0." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_zero_points_are_refused(organiser_client, campaign, topic):
    data = form_data(campaign=campaign, questions=[question(topic, 1, points="0")])

    response = organiser_client.post(create_url(campaign), data)

    assert "Points must be greater than 0." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_two_questions_with_one_number_are_refused(organiser_client, campaign, topic):
    data = form_data(campaign=campaign, questions=[question(topic, 1), question(topic, 1)])

    response = organiser_client.post(create_url(campaign), data)

    assert "Each question needs its own number; used more than once: 1." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_points_that_do_not_add_up_to_the_maximum_give_a_warning(organiser_client, campaign, topic):
    data = form_data(campaign=campaign, max_score="4", questions=[question(topic, 1), question(topic, 2)])

    response = organiser_client.post(create_url(campaign), data, follow=True)

    assert messages_of(response) == ["Test “Knowledge test A” saved."]
    assert (
        "The questions' points add up to 2, but the maximum score is 4: answer sheets are scaled to the maximum."
        in response.content.decode()
    )


def test_points_that_add_up_to_the_maximum_give_no_warning(organiser_client, instrument):
    response = organiser_client.get(update_url(instrument))

    assert response.context["points_mismatch"] is False
    assert "add up to" not in response.content.decode()


def test_the_service_refuses_a_key_that_is_not_a_choice(campaign, topic):
    spec = QuestionSpec(number=3, topic=topic, text_ky="", text_ru="?", choices=["A", "B"], key="C", points=1)

    with pytest.raises(ValidationError) as error:
        create_instrument(campaign=campaign, name="Test", max_score=Decimal(1), questions=[spec])

    assert error.value.messages == ["Question 3: The correct answer must be one of the choices: A, B."]
    assert Instrument.objects.count() == 0


# Editing


def test_organiser_edits_a_test_and_its_questions(organiser_client, instrument, campaign, topic):
    rows = existing(instrument, topic)
    rows[0]["DELETE"] = "on"
    rows[1].update(key="C", number=1)
    rows.append(question(topic, 2, choices="Да, Нет", key="нет"))
    data = form_data(campaign=campaign, name="Final test", form="B", questions=rows, initial=2)

    response = organiser_client.post(update_url(instrument), data)

    instrument.refresh_from_db()
    assert response.status_code == 302
    assert (instrument.name, instrument.form) == ("Final test", "B")
    assert list(instrument.questions.values_list("number", "choices", "key")) == [
        (1, ["A", "B", "C"], "C"),
        (2, ["Да", "Нет"], "Нет"),
    ]


def test_question_numbers_can_be_swapped(organiser_client, instrument, campaign, topic):
    rows = existing(instrument, topic)
    rows[0]["number"], rows[1]["number"] = 2, 1

    organiser_client.post(update_url(instrument), form_data(campaign=campaign, questions=rows, initial=2))

    assert list(instrument.questions.order_by("number").values_list("number", "key")) == [(1, "B"), (2, "A")]


def test_maximum_score_change_is_refused_once_results_exist(organiser_client, instrument, campaign, topic):
    give_result(instrument, campaign)
    data = form_data(campaign=campaign, max_score="10", questions=existing(instrument, topic), initial=2)

    response = organiser_client.post(update_url(instrument), data)

    instrument.refresh_from_db()
    assert response.status_code == 200
    assert (
        "Results of this test are already saved with a maximum of 2: the maximum score can no longer be changed."
        in response.content.decode()
    )
    assert instrument.max_score == Decimal(2)


def test_maximum_score_may_change_while_there_are_no_results(organiser_client, instrument, campaign, topic):
    data = form_data(campaign=campaign, max_score="10", questions=existing(instrument, topic), initial=2)

    organiser_client.post(update_url(instrument), data)

    instrument.refresh_from_db()
    assert instrument.max_score == Decimal(10)


def test_editing_a_test_with_results_marks_its_campaign_changed(organiser_client, instrument, campaign, topic):
    give_result(instrument, campaign)
    before = campaign.data_version
    data = form_data(campaign=campaign, questions=existing(instrument, topic, **{"1": {"key": "C"}}), initial=2)

    organiser_client.post(update_url(instrument), data)

    campaign.refresh_from_db()
    assert campaign.data_version == before + 1


def test_edit_page_warns_when_points_do_not_add_up(organiser_client, instrument):
    Instrument.objects.filter(pk=instrument.pk).update(max_score=5)

    response = organiser_client.get(update_url(instrument))

    assert (
        "The questions' points add up to 2, but the maximum score is 5: answer sheets are scaled to the maximum."
        in response.content.decode()
    )


# Deleting


def test_organiser_deletes_a_test_without_results(organiser_client, instrument, campaign):
    url = reverse("assessments:instrument_delete", args=[instrument.pk])

    response = organiser_client.post(url)

    assert response["Location"] == reverse("assessments:instrument_list", args=[campaign.code])
    assert (Instrument.objects.count(), Question.objects.count()) == (0, 0)


def test_a_test_with_results_is_not_deleted(organiser_client, instrument, campaign):
    give_result(instrument, campaign)

    response = organiser_client.post(reverse("assessments:instrument_delete", args=[instrument.pk]))

    assert response["Location"] == update_url(instrument)
    assert messages_of(response) == ["Results of “Knowledge test A” are saved: a test with results cannot be deleted."]
    assert Instrument.objects.count() == 1


# The list


def test_list_shows_the_campaigns_tests_and_shared_tests_only(staff_client, instrument, campaign):
    InstrumentFactory(campaign=None, name="Shared test")
    InstrumentFactory(campaign=CampaignFactory(), name="Other campaign's test")

    response = staff_client.get(reverse("assessments:instrument_list", args=[campaign.code]))

    own = [item.name for item in response.context["instruments"]]
    shared = [item.name for item in response.context["shared_instruments"]]
    assert (own, shared) == (["Knowledge test"], ["Shared test"])
    assert (response.context["instruments"][0].question_count, response.context["instruments"][0].points_total) == (
        2,
        Decimal(2),
    )


def test_campaign_page_links_organisers_to_its_tests(organiser_client, campaign):
    response = organiser_client.get(reverse("trainings:campaign_detail", args=[campaign.code]))

    assert reverse("assessments:instrument_list", args=[campaign.code]) in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow_with_tests(organiser_client, campaign, topic, count, django_assert_num_queries):
    for number in range(count):
        instrument = InstrumentFactory(campaign=campaign, name=f"Test {number}")
        QuestionFactory(instrument=instrument, topic=topic)
        give_result(instrument, campaign)
        InstrumentFactory(campaign=None, name=f"Shared {number}")
    url = reverse("assessments:instrument_list", args=[campaign.code])

    # session, user, roles, campaign, tests
    with django_assert_num_queries(5):
        response = organiser_client.get(url)

    assert len(response.context["instruments"]) == count


# Permissions: every view, every role

PERSONAS = ["anonymous", "organiser", "admin_user", "trainer", "staff_viewer"]
# view, method, expected status per persona; 302 for organisers and admins is the redirect after success.
MATRIX = [
    ("instrument_list", "get", (302, 200, 200, 403, 200)),
    ("instrument_create", "get", (302, 200, 200, 403, 403)),
    ("instrument_create", "post", (302, 302, 302, 403, 403)),
    ("instrument_update", "get", (302, 200, 200, 403, 403)),
    ("instrument_update", "post", (302, 302, 302, 403, 403)),
    ("instrument_delete", "get", (302, 200, 200, 403, 403)),
    ("instrument_delete", "post", (302, 302, 302, 403, 403)),
]


@pytest.mark.parametrize(("name", "method", "expected"), MATRIX, ids=[f"{row[0]}-{row[1]}" for row in MATRIX])
@pytest.mark.parametrize("persona", PERSONAS)
def test_access(request, client, instrument, campaign, topic, name, method, expected, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    args = [campaign.code] if name in {"instrument_list", "instrument_create"} else [instrument.pk]
    url = reverse(f"assessments:{name}", args=args)
    data = form_data(campaign=campaign, questions=existing(instrument, topic), initial=2)
    if name == "instrument_create":
        data = form_data(campaign=campaign)

    response = client.post(url, data) if method == "post" else client.get(url)

    assert response.status_code == expected[PERSONAS.index(persona)]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected[PERSONAS.index(persona)] == 403 and method == "post":
        assert list(Instrument.objects.values_list("name", "max_score")) == [("Knowledge test", Decimal(2))]
