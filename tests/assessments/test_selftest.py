"""The self-test on participants' phones, through the real pages (issue 18 §1, docs/self-test.md)."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import FormAssignment, SelfTestAttempt, SelfTestWindow, TestResult
from assessments.selftest import services
from assessments.services import score_answers
from tests.factories import InstrumentFactory, QuestionFactory, TopicFactory
from trainings.models import Campaign

pytestmark = pytest.mark.django_db

ANSWERS = {1: "A", 2: "B", 3: "D", 4: "A"}  # keys: A, C, D, A -> 3 of 4 right


@pytest.fixture(autouse=True)
def _no_cache_leftovers(settings):
    # Each test gets its own rate-limit counters.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def questions(session):
    instrument = session.campaign.instruments.get()
    topic = TopicFactory()
    keys = ["A", "C", "D", "A"]
    return [
        QuestionFactory(
            instrument=instrument,
            number=number,
            topic=topic,
            key=key,
            text_ky=f"Суроо {number}",
            text_ru=f"Вопрос {number}",
            points=5,
        )
        for number, key in enumerate(keys, start=1)
    ]


@pytest.fixture
def window(session, enrolments, questions, trainer):
    return services.open_window(session=session, phase="pre", user=trainer)


def phone():
    return Client()


def enter(client, window, *, code=False):
    if code:
        return client.post(reverse("selftest:enter_code"), {"code": window.code.lower()})
    return client.get(reverse("selftest:enter_token", args=[services.window_token(window)]))


def start(client, window, enrolment, *, year=None, language="ru"):
    enter(client, window)
    client.post(reverse("selftest:pick_name"), {"enrolment": enrolment.pk})
    year = enrolment.deputy.birth_year if year is None else year
    return client.post(reverse("selftest:confirm"), {"birth_year": str(year), "language": language})


def answer_all(client, answers=ANSWERS):
    for number, answer in answers.items():
        client.post(reverse("selftest:question", args=[number]), {"answer": answer, "go": "next"})


def submit(client):
    return client.post(reverse("selftest:review"))


def take_test(client, window, enrolment, answers=ANSWERS):
    start(client, window, enrolment)
    answer_all(client, answers)
    return submit(client)


# Opening


def test_trainer_opens_a_phase_and_sees_the_qr_page(trainer_client, session, enrolments, questions):
    response = trainer_client.post(reverse("assessments:selftest_open", args=[session.pk, "pre"]))
    window = SelfTestWindow.objects.get()
    assert response["Location"] == reverse("assessments:selftest_live", args=[session.pk, window.pk])
    page = trainer_client.get(response["Location"]).content.decode()
    assert window.code in page
    assert "<svg" in page
    assert (window.phase, window.session, len(window.code)) == ("pre", session, 6)
    assert timedelta(minutes=89) < window.closes_at - window.opened_at <= timedelta(minutes=90)


def test_opening_twice_keeps_one_window(session, enrolments, questions, trainer):
    first = services.open_window(session=session, phase="pre", user=trainer)
    assert services.open_window(session=session, phase="pre", user=trainer) == first
    assert SelfTestWindow.objects.count() == 1


def test_a_test_without_questions_cannot_be_opened(trainer_client, session, enrolments):
    response = trainer_client.post(reverse("assessments:selftest_open", args=[session.pk, "pre"]), follow=True)
    assert SelfTestWindow.objects.count() == 0
    assert "The self-test needs the test's questions" in html.unescape(response.content.decode())


def test_another_trainer_cannot_open_the_phase(client, other_trainer, session, enrolments, questions):
    client.force_login(other_trainer)
    response = client.post(reverse("assessments:selftest_open", args=[session.pk, "pre"]))
    assert response.status_code == 404
    assert SelfTestWindow.objects.count() == 0


def test_the_session_page_offers_the_self_test(trainer_client, session, enrolments, questions):
    panel = trainer_client.get(reverse("assessments:selftest_panel", args=[session.pk]), headers={"HX-Request": "true"})
    content = panel.content.decode()
    assert reverse("assessments:selftest_open", args=[session.pk, "pre"]) in content
    assert reverse("assessments:selftest_open", args=[session.pk, "post"]) in content
    page = trainer_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()
    assert reverse("assessments:selftest_panel", args=[session.pk]) in page


# The participant's way


def test_roster_shows_only_short_names(window, enrolments):
    client = phone()
    enter(client, window)
    content = client.get(reverse("selftest:pick_name")).content.decode()
    assert "Абдыкадырова А." in content
    for enrolment in enrolments:
        deputy = enrolment.deputy
        assert deputy.patronymic not in content
        assert deputy.phone not in content
        assert str(deputy.birth_year) not in content


def test_the_code_leads_to_the_same_roster(window):
    client = phone()
    response = enter(client, window, code=True)
    assert response["Location"] == reverse("selftest:pick_name")
    assert "Бекова А." in client.get(reverse("selftest:pick_name")).content.decode()


def test_a_wrong_birth_year_is_refused_with_a_message(window, enrolments):
    client = phone()
    response = start(client, window, enrolments[0], year=1901)
    assert response.status_code == 403
    assert "The birth year does not match this name." in response.content.decode()
    assert SelfTestAttempt.objects.count() == 0


def test_birth_year_guesses_are_limited(window, enrolments, settings):
    settings.SELFTEST_RATE_BIRTH_YEAR = (3, 900)
    client = phone()
    for year in (1901, 1902, 1903):
        assert start(client, window, enrolments[0], year=year).status_code == 403
    response = start(client, window, enrolments[0])
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert SelfTestAttempt.objects.count() == 0


def test_the_whole_test_lands_in_the_grid_as_item_mode_scores_it(window, enrolments, questions):
    client = phone()
    response = take_test(client, window, enrolments[0])
    assert response["Location"] == reverse("selftest:done")
    result = TestResult.objects.get(enrolment=enrolments[0], phase="pre")
    expected = score_answers(questions=questions, answers={str(n): a for n, a in ANSWERS.items()})
    assert (result.score, result.max_score, result.responses) == (expected.score, Decimal(20), expected.answers)
    assert result.score == Decimal("15.00")
    assert result.source == TestResult.Source.SELF_TEST
    assert result.instrument == questions[0].instrument
    assert [record.history_type for record in result.history.all()] == ["+"]
    session = enrolments[0].session
    assert Campaign.objects.get(pk=session.campaign_id).data_version > session.campaign.data_version
    assert "Спасибо!" in client.get(reverse("selftest:done")).content.decode()  # the participant chose Russian


def test_the_question_is_shown_in_the_chosen_language(window, enrolments):
    client = phone()
    start(client, window, enrolments[0], language="ky")
    content = client.get(reverse("selftest:question", args=[1])).content.decode()
    assert "Суроо 1" in content
    assert 'lang="ky"' in content


def test_answers_survive_a_dropped_connection(window, enrolments):
    client = phone()
    start(client, window, enrolments[0])
    client.post(reverse("selftest:question", args=[1]), {"answer": "C", "go": "next"})
    # The phone comes back later by the QR link: the attempt resumes with the answer kept.
    response = enter(client, window)
    assert response["Location"] == reverse("selftest:question", args=[1])
    content = client.get(reverse("selftest:question", args=[1])).content.decode()
    assert 'value="C" checked' in content


def test_the_review_lists_unanswered_questions(window, enrolments):
    client = phone()
    start(client, window, enrolments[0])
    answer_all(client, {1: "A", 2: "B"})
    content = client.get(reverse("selftest:review")).content.decode()
    assert "2 вопроса без ответа." in content  # in Russian, as the participant chose


def test_an_answer_outside_the_choices_is_refused(window, enrolments):
    client = phone()
    start(client, window, enrolments[0])
    response = client.post(reverse("selftest:question", args=[1]), {"answer": "Z'\n/" * 50, "go": "next"})
    assert response.status_code == 403
    assert SelfTestAttempt.objects.get().answers == {}


def test_a_participant_submits_only_once(window, enrolments):
    client = phone()
    take_test(client, window, enrolments[0])
    result = TestResult.objects.get()
    # Replaying the submission from the same phone, or starting again under the same name, writes nothing.
    replay = submit(client)
    assert replay.status_code == 403
    again = phone()
    response = start(again, window, enrolments[0])
    assert response.status_code in (302, 403)
    assert "Абдыкадырова" not in again.get(reverse("selftest:pick_name")).content.decode()
    assert TestResult.objects.get().version == result.version
    assert result.history.count() == 1


def test_another_phone_cannot_continue_someone_elses_test(window, enrolments):
    first, second = phone(), phone()
    start(first, window, enrolments[0])
    response = start(second, window, enrolments[0])
    assert response.status_code == 403
    assert "another phone" in response.content.decode()
    # Even with the attempt's id in its session, the second phone is not bound to it.
    session = second.session
    session["selftest_attempt"] = SelfTestAttempt.objects.get().pk
    session.save()
    assert submit(second).status_code == 403
    assert TestResult.objects.count() == 0


def test_someone_who_finished_cannot_be_answered_for(window, enrolments):
    take_test(phone(), window, enrolments[0])
    intruder = phone()
    enter(intruder, window)
    response = intruder.post(reverse("selftest:pick_name"), {"enrolment": enrolments[0].pk})
    assert response.status_code == 403
    assert TestResult.objects.count() == 1


def test_a_closed_phase_refuses_answers(window, enrolments, trainer):
    client = phone()
    start(client, window, enrolments[0])
    answer_all(client)
    services.close_window(window=window, user=trainer)
    response = submit(client)
    assert response.status_code == 403
    assert "This test is closed." in response.content.decode()
    assert TestResult.objects.count() == 0
    assert enter(phone(), window).status_code == 403


def test_an_expired_phase_refuses_the_link(window, enrolments):
    SelfTestWindow.objects.filter(pk=window.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    response = enter(phone(), window)
    assert response.status_code == 403
    assert "This test is closed." in response.content.decode()


def test_the_trainer_allows_a_retry(trainer_client, window, enrolments, questions):
    take_test(phone(), window, enrolments[0])
    trainer_client.post(reverse("assessments:selftest_retry", args=[window.session_id, window.pk, enrolments[0].pk]))
    retaker = phone()
    take_test(retaker, window, enrolments[0], answers={1: "A", 2: "C", 3: "D", 4: "A"})
    result = TestResult.objects.get()
    assert (result.score, result.version, result.history.count()) == (Decimal("20.00"), 2, 2)
    # And only once again.
    assert submit(retaker).status_code == 403


def test_without_a_retry_a_score_typed_in_the_grid_is_not_overwritten(window, enrolments, trainer):
    from assessments.services import save_score

    save_score(enrolment=enrolments[0], phase="pre", score="7", expected_version=0, user=trainer)
    client = phone()
    enter(client, window)
    response = client.post(reverse("selftest:pick_name"), {"enrolment": enrolments[0].pk})
    assert response.status_code == 403
    assert TestResult.objects.get().score == Decimal(7)


def test_the_live_page_shows_who_finished(trainer_client, window, enrolments):
    take_test(phone(), window, enrolments[1])
    start(phone(), window, enrolments[2])
    response = trainer_client.get(reverse("assessments:selftest_status", args=[window.session_id, window.pk]))
    rows = {row.enrolment.pk: row.state for row in response.context["rows"]}
    assert rows == {enrolments[0].pk: "not_started", enrolments[1].pk: "finished", enrolments[2].pk: "answering"}


def test_the_live_page_shows_the_assigned_form(trainer_client, session, enrolments, trainer):
    session.campaign.instruments.all().delete()
    for form in ("A", "B"):
        instrument = InstrumentFactory(campaign=session.campaign, form=form, max_score=4)
        QuestionFactory(instrument=instrument, number=1)
    window = services.open_window(session=session, phase="pre", user=trainer)
    response = trainer_client.get(reverse("assessments:selftest_status", args=[session.pk, window.pk]))
    recorded = dict(FormAssignment.objects.values_list("enrolment_id", "order"))
    assert {row.enrolment.pk: row.form for row in response.context["rows"]} == {
        pk: order[0] for pk, order in recorded.items()
    }


def test_a_participant_takes_their_assigned_form(session, enrolments, trainer):
    session.campaign.instruments.all().delete()
    forms = {}
    for form in ("A", "B"):
        forms[form] = InstrumentFactory(campaign=session.campaign, form=form, max_score=1)
        QuestionFactory(instrument=forms[form], number=1, key="A", text_ru=f"Форма {form}")
    FormAssignment.objects.create(enrolment=enrolments[0], order="BA")
    window = services.open_window(session=session, phase="pre", user=trainer)
    client = phone()
    start(client, window, enrolments[0])
    assert "Форма B" in client.get(reverse("selftest:question", args=[1])).content.decode()
    answer_all(client, {1: "A"})
    submit(client)
    assert TestResult.objects.get().instrument == forms["B"]


# Hostile input and limits

HOSTILE = ["nope", "a/b", "'\"<x>", "line\nbreak", "x" * 10_000, "1:abc:def", "%00", ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_guessed_codes_are_refused(window, value):
    client = phone()
    response = client.post(reverse("selftest:enter_code"), {"code": value})
    assert response.status_code == 403
    assert "not valid" in response.content.decode()
    assert "selftest_window" not in client.session


@pytest.mark.parametrize("value", [v for v in HOSTILE if v and "/" not in v])
def test_forged_tokens_are_refused(window, value):
    response = phone().get(reverse("selftest:enter_token", args=[value]))
    assert response.status_code == 403
    assert "not valid" in response.content.decode()


def test_a_token_signed_for_something_else_is_refused(window):
    forged = signing.dumps(window.pk, salt="another.purpose")
    assert phone().get(reverse("selftest:enter_token", args=[forged])).status_code == 403
    wrong_type = signing.dumps("1", salt=services.TOKEN_SALT)
    assert phone().get(reverse("selftest:enter_token", args=[wrong_type])).status_code == 403


def test_code_guesses_are_rate_limited(window, settings):
    settings.SELFTEST_RATE_GUESSES = (5, 600)
    client = phone()
    for _ in range(5):
        client.post(reverse("selftest:enter_code"), {"code": "AAAAAA"})
    response = client.post(reverse("selftest:enter_code"), {"code": window.code})
    assert response.status_code == 429
    assert "selftest_window" not in client.session


def test_each_device_is_rate_limited(window, settings):
    settings.SELFTEST_RATE_DEVICE = (3, 60)
    client = phone()
    statuses = [client.get(reverse("selftest:enter_code")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_each_session_is_rate_limited(window, enrolments, settings):
    settings.SELFTEST_RATE_SESSION = (2, 60)
    client = phone()
    enter(client, window)
    statuses = [client.get(reverse("selftest:pick_name")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_roster_picks_and_years_write_nothing(window, enrolments, value):
    client = phone()
    enter(client, window)
    assert client.post(reverse("selftest:pick_name"), {"enrolment": value}).status_code == 403
    client.post(reverse("selftest:pick_name"), {"enrolment": enrolments[0].pk})
    response = client.post(reverse("selftest:confirm"), {"birth_year": value, "language": value})
    assert response.status_code == 403
    assert SelfTestAttempt.objects.count() == 0


def test_pages_without_a_window_say_what_to_do(db):
    for name in ("selftest:pick_name", "selftest:confirm", "selftest:review"):
        response = phone().get(reverse(name))
        assert response.status_code == 403
        assert "Scan the QR code" in response.content.decode()
    assert phone().post(reverse("selftest:question", args=[1]), {"answer": "A"}).status_code == 403


def test_a_whole_class_behind_one_address_gets_in(window, enrolments, settings):
    # Only failures count towards the guess limits: successful entries from one NAT address never lock it.
    settings.SELFTEST_RATE_GUESSES = (2, 600)
    settings.SELFTEST_RATE_BIRTH_YEAR = (2, 900)
    for enrolment in enrolments:
        assert start(phone(), window, enrolment).status_code == 302
    assert SelfTestAttempt.objects.count() == 3
