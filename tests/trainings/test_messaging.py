# ruff: noqa: E501 - expected texts are kept whole on one line so they read as the deputy sees them
"""Messages to deputies (ISSUE-20 part 3): templates and their placeholders, who is skipped, sending through
a local fake SMS gateway (sent, retried, failed, timed out) and never twice, and e-mail."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.celery import app
from tests.factories import CampaignFactory, DeputyFactory, EnrolmentFactory, TrainingSessionFactory, VenueFactory
from tests.trainings.fake_gateway import fake_gateway
from trainings.messaging.backends import FileSmsBackend
from trainings.messaging.forms import TemplateForm
from trainings.messaging.models import Message, MessageBatch, MessageTemplate
from trainings.messaging.rendering import TemplateError, fill, placeholders_in, sms_length
from trainings.messaging.services import create_batch, save_template, send_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway_settings(settings):
    settings.SMS_BACKEND = "trainings.messaging.backends.HttpGatewaySms"
    settings.SMS_GATEWAY_TOKEN = "secret-token"
    settings.SMS_SENDER = "DEPUTAT"
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    settings.MESSAGE_RETRY_BACKOFF = 0.01
    settings.MESSAGE_MAX_ATTEMPTS = 3
    return settings


@pytest.fixture
def eager(monkeypatch):
    """Tasks run in the request, as on the embedded default (no worker in these tests)."""
    # The key as Django settings name it: Celery reads it before its own name (task_always_eager).
    monkeypatch.setattr(app.conf, "CELERY_TASK_ALWAYS_EAGER", True)


@pytest.fixture
def session():
    campaign = CampaignFactory(code="MSG-2021", name_ky="Депутаттарды окутуу", name_ru="Обучение депутатов")
    venue = VenueFactory(name_ru="Зал акимиата", name_ky="Акимиаттын залы", address="Кемин, Ленина 1")
    return TrainingSessionFactory(
        campaign=campaign, code="MSG-01", venue=venue, start_date=datetime.date(2021, 5, 24), language="ky"
    )


def enrol(session, **deputy):
    return EnrolmentFactory(session=session, deputy=DeputyFactory(**deputy)).deputy


def recipients_of(session):
    return [(enrolment.deputy, session) for enrolment in session.enrolments.select_related("deputy__council")]


def send_now(session, organiser, *, kind="reminder", channels=("sms",)):
    batch = create_batch(
        campaign=session.campaign, kind=kind, channels=list(channels), recipients=recipients_of(session),
        user=organiser, session=session,
    )  # fmt: skip
    send_batch(batch.pk)
    return batch


def statuses(batch):
    return {
        (message.deputy.last_name, message.channel): (message.status, message.reason)
        for message in Message.objects.filter(batch=batch).select_related("deputy")
    }


# -- placeholders and rendering -----------------------------------------------------------------------


def test_known_placeholders_are_listed_in_order():
    assert placeholders_in("{name}, {session}: {dates}, {venue}. {{literal}}") == ["name", "session", "dates", "venue"]


@pytest.mark.parametrize(
    ("text", "named"),
    [("Hello {nmae}", "{nmae}"), ("{name.__class__}", "{name.__class__}"), ("{name!r}", "{name!r}"),
     ("{dates:>10}", "{dates:>10}"), ("{0}", "{0}")],
)  # fmt: skip
def test_an_unknown_placeholder_is_an_error_naming_it(text, named):
    with pytest.raises(TemplateError) as error:
        placeholders_in(text)
    assert str(error.value).startswith(f"Unknown placeholder {named}.")


def test_unmatched_braces_are_an_error():
    with pytest.raises(TemplateError):
        placeholders_in("Hello {name")


def test_the_template_form_names_the_unknown_placeholder_in_the_field():
    form = TemplateForm({"text_ky": "Саламатсызбы {ат}!", "text_ru": "Здравствуйте, {name}!"}, channel="sms")
    assert not form.is_valid()
    assert list(form.errors) == ["text_ky"]
    assert form.errors["text_ky"][0].startswith("Unknown placeholder {ат}.")


def test_an_email_template_needs_subjects():
    form = TemplateForm({"text_ky": "{name}", "text_ru": "{name}"}, channel="email")
    assert not form.is_valid()
    assert sorted(form.errors) == ["subject_ky", "subject_ru"]


def test_sms_length_counts_parts_of_cyrillic_text():
    assert (sms_length("a" * 160).parts, sms_length("a" * 161).parts) == (1, 2)
    assert [sms_length("ы" * length).parts for length in (70, 71, 201, 202)] == [1, 2, 3, 4]
    assert sms_length("ы" * 201).too_long


def test_fill_writes_a_dash_for_a_value_that_is_not_known():
    assert fill("{name}: {venue}", {"name": "Айгүл"}) == "Айгүл: —"


def test_each_deputy_gets_the_text_in_their_language(session, organiser, settings):
    settings.SMS_BACKEND = "trainings.messaging.backends.FileSmsBackend"
    save_template(campaign=session.campaign, kind="reminder", channel="sms", user=organiser, texts={
        "text_ky": "{name}, эртең {session} тренинги: {dates}, {venue}.",
        "text_ru": "{name}, завтра тренинг {session}: {dates}, {venue}.",
    })  # fmt: skip
    enrol(session, last_name="Kyzy", first_name="Айгүл", patronymic="Бакыт кызы", language="ky")
    enrol(session, last_name="Ivanova", first_name="Анна", patronymic="Петровна", language="ru")
    enrol(session, last_name="Unset", first_name="Асел", patronymic="", language="")  # the session's: ky
    batch = create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                         recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    texts = {m.deputy.last_name: (m.language, m.text) for m in batch.messages.select_related("deputy")}
    assert texts == {
        "Kyzy": (
            "ky",
            "Айгүл Бакыт кызы, эртең «Депутаттарды окутуу» тренинги: 24–25.05.2021, Акимиаттын залы, Кемин, Ленина 1.",
        ),
        "Ivanova": (
            "ru",
            "Анна Петровна, завтра тренинг «Обучение депутатов»: 24–25.05.2021, Зал акимиата, Кемин, Ленина 1.",
        ),
        "Unset": ("ky", "Асел, эртең «Депутаттарды окутуу» тренинги: 24–25.05.2021, Акимиаттын залы, Кемин, Ленина 1."),
    }


def test_without_a_campaign_template_the_portal_wide_one_then_the_standard_one_is_used(session, organiser):
    enrol(session, last_name="One", first_name="Айгүл", language="ru")
    standard = create_batch(campaign=session.campaign, kind="invitation", channels=["sms"],
                            recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    assert standard.messages.get().text.startswith("Уважаемый(ая) Айгүл Маратович! Приглашаем вас на тренинг")
    MessageTemplate.objects.create(kind="invitation", channel="sms", text_ky="ky {name}", text_ru="ru {name}")
    portal_wide = create_batch(campaign=session.campaign, kind="invitation", channels=["sms"],
                               recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    assert portal_wide.messages.get().text == "ru Айгүл Маратович"


# -- who is skipped -----------------------------------------------------------------------------------


def test_opted_out_and_unreachable_deputies_are_skipped_with_a_reason(session, organiser, settings, tmp_path):
    settings.SMS_BACKEND = "trainings.messaging.backends.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    enrol(session, last_name="Reachable", email="reachable@example.kg")
    enrol(session, last_name="OptedOut", do_not_contact=True, email="out@example.kg")
    enrol(session, last_name="NoPhone", phone="")
    batch = send_now(session, organiser, channels=("sms", "email"))
    assert statuses(batch) == {
        ("Reachable", "sms"): ("sent", ""),
        ("Reachable", "email"): ("sent", ""),
        ("OptedOut", "sms"): ("skipped", "Asked not to be contacted."),
        ("OptedOut", "email"): ("skipped", "Asked not to be contacted."),
        ("NoPhone", "sms"): ("skipped", "No phone number."),
        ("NoPhone", "email"): ("skipped", "No e-mail address."),
    }
    assert len((tmp_path / "sms.jsonl").read_text().splitlines()) == 1
    assert [message.to for message in mail.outbox] == [["reachable@example.kg"]]
    assert mail.outbox[0].subject == "Эскертүү: «Депутаттарды окутуу» тренинги эртең башталат"


def test_the_opt_out_date_is_recorded_and_cleared(session):
    deputy = enrol(session, last_name="Changes")
    deputy.do_not_contact = True
    deputy.save()
    assert deputy.do_not_contact_since == timezone.localdate()
    deputy.do_not_contact = False
    deputy.save()
    assert deputy.do_not_contact_since is None


def test_a_list_with_nobody_reachable_is_refused_before_anything_is_stored(session, organiser):
    enrol(session, last_name="NoPhone", phone="")
    enrol(session, last_name="OptedOut", do_not_contact=True)
    with pytest.raises(ValidationError) as refused:
        create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                     recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    assert refused.value.messages == [
        "None of the 2 deputies can be reached on the chosen channels (Asked not to be contacted: 1; "
        "No phone number: 1): nothing was sent."
    ]
    assert (MessageBatch.objects.count(), Message.objects.count()) == (0, 0)


def test_an_empty_list_is_refused(session, organiser):
    with pytest.raises(ValidationError) as refused:
        create_batch(campaign=session.campaign, kind="reminder", channels=["sms"], recipients=[], user=organiser)
    assert refused.value.messages == ["The list has no deputies: nothing was sent."]


def test_a_list_longer_than_the_limit_is_refused(session, organiser, settings):
    settings.MESSAGE_BATCH_MAX_RECIPIENTS = 1
    enrol(session, last_name="A")
    enrol(session, last_name="B")
    with pytest.raises(ValidationError):
        create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                     recipients=recipients_of(session), user=organiser)  # fmt: skip
    assert MessageBatch.objects.count() == 0


# -- the SMS gateway ----------------------------------------------------------------------------------


def test_a_run_against_the_gateway_sends_retries_and_fails_with_reasons(session, organiser, gateway_settings):
    deputies = {
        "Ok": enrol(session, last_name="Ok", phone="+996700000001"),
        "Flaky": enrol(session, last_name="Flaky", phone="+996700000002"),
        "Refused": enrol(session, last_name="Refused", phone="+996700000003"),
        "Down": enrol(session, last_name="Down", phone="+996700000004"),
    }
    script = {"+996700000002": ["500", "ok"], "+996700000003": ["400"], "+996700000004": ["500"]}
    with fake_gateway(script) as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        batch = send_now(session, organiser)
    assert statuses(batch) == {
        ("Ok", "sms"): ("sent", ""),
        ("Flaky", "sms"): ("sent", ""),
        ("Refused", "sms"): ("failed", "The gateway refused the message (400): invalid destination number"),
        ("Down", "sms"): ("failed", "The gateway answered 500: internal error"),
    }
    attempts = dict(Message.objects.filter(batch=batch).values_list("deputy__last_name", "attempts"))
    assert attempts == {"Ok": 1, "Flaky": 2, "Refused": 1, "Down": 3}
    sent = Message.objects.get(batch=batch, deputy=deputies["Ok"])
    assert sent.provider_id == f"gw-portal-{sent.pk}"
    payload, headers = gateway.requests[0]
    assert payload == {"id": f"portal-{sent.pk}", "to": "+996700000001", "text": sent.text, "sender": "DEPUTAT"}
    assert (headers["Authorization"], headers["Idempotency-Key"]) == ("Bearer secret-token", f"portal-{sent.pk}")
    batch.refresh_from_db()
    assert batch.status == "done"


def test_a_gateway_that_times_out_is_tried_a_bounded_number_of_times_with_one_key(session, organiser, gateway_settings):
    enrol(session, last_name="Slow", phone="+996700000009")
    with fake_gateway({"+996700000009": ["slow"]}, slow_seconds=1.0) as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        batch = send_now(session, organiser)
        requests = list(gateway.requests)
    message = batch.messages.get()
    assert (message.status, message.reason, message.attempts) == (
        "failed", "The gateway did not answer within 0.3 s.", 3
    )  # fmt: skip
    assert {headers["Idempotency-Key"] for _payload, headers in requests} == {f"portal-{message.pk}"}
    assert len(requests) == 3


def test_a_timeout_is_not_retried_when_the_gateway_ignores_idempotency_keys(session, organiser, gateway_settings):
    gateway_settings.SMS_GATEWAY_IDEMPOTENT = False
    enrol(session, last_name="Slow", phone="+996700000009")
    with fake_gateway({"+996700000009": ["slow"]}, slow_seconds=1.0) as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        batch = send_now(session, organiser)
        received = len(gateway.requests)
    message = batch.messages.get()
    assert (message.status, message.attempts, received) == ("unknown", 1, 1)


def test_a_gateway_that_cannot_be_reached_fails_the_message_with_the_reason(session, organiser, gateway_settings):
    with fake_gateway() as gateway:
        url = gateway.url  # a port free again once the gateway is stopped
    gateway_settings.SMS_GATEWAY_URL = url
    enrol(session, last_name="Nobody", phone="+996700000010")
    batch = send_now(session, organiser)
    message = batch.messages.get()
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.reason.startswith("The gateway cannot be reached")


def test_messages_in_flight_when_a_worker_died_are_not_sent_again(session, organiser, gateway_settings):
    """As a crash leaves it: the batch running with a stale heartbeat, one message claimed (sending)."""
    for number in range(4):
        enrol(session, last_name=f"D{number}", phone=f"+99670000010{number}")
    batch = create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                         recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    first, second, *rest = batch.messages.order_by("pk")
    Message.objects.filter(pk=first.pk).update(status="sent", provider_id="gw-before-the-crash")
    Message.objects.filter(pk=second.pk).update(status="sending", claimed_at=timezone.now())
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    MessageBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=long_ago, attempts=1)
    with fake_gateway() as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        send_batch(batch.pk)
        send_batch(batch.pk)  # a second delivery of the task finds the batch finished
        received = gateway.ids()
    assert sorted(received) == sorted(f"portal-{message.pk}" for message in rest)
    second.refresh_from_db()
    assert second.status == "unknown"
    assert second.reason.startswith("The sending was interrupted while this message was with the provider")
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == ("done", 2)


def test_a_batch_sent_by_two_deliveries_at_once_sends_each_message_once(session, organiser, gateway_settings):
    enrol(session, last_name="Only", phone="+996700000200")
    batch = create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                         recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip
    MessageBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=timezone.now(), attempts=1)
    with fake_gateway() as gateway:
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        send_batch(batch.pk)  # another worker holds the batch: this delivery does nothing
        assert gateway.ids() == []
    assert batch.messages.get().status == "queued"


def test_the_file_backend_writes_json_lines(tmp_path, settings):
    settings.SMS_FILE_PATH = str(tmp_path / "out" / "sms.jsonl")
    FileSmsBackend().send(to="+996700000001", text="Салам", key="portal-1")
    line = json.loads((tmp_path / "out" / "sms.jsonl").read_text(encoding="utf-8"))
    assert (line["id"], line["to"], line["text"]) == ("portal-1", "+996700000001", "Салам")


# -- pages --------------------------------------------------------------------------------------------


def test_the_session_send_form_creates_a_batch_and_shows_its_status_without_numbers(
    session, organiser_client, settings, tmp_path, django_capture_on_commit_callbacks, eager
):
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    enrol(session, last_name="Асанова", phone="+996700123456")
    enrol(session, last_name="Безномера", phone="")
    url = reverse("trainings:session_message", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, {"kind": "reminder", "channels": ["sms"]})
    batch = MessageBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trainings:message_batch", args=[batch.pk])
    page = organiser_client.get(response["Location"]).content.decode()
    assert "Асанова" in page
    assert "No phone number." in page
    assert "700123456" not in page
    counts = dict(batch.messages.values_list("deputy__last_name", "status"))
    assert counts == {"Асанова": "sent", "Безномера": "skipped"}


def test_the_send_form_explains_a_refusal(session, organiser_client):
    enrol(session, last_name="Безномера", phone="")
    url = reverse("trainings:session_message", args=[session.pk])
    response = organiser_client.post(url, {"kind": "reminder", "channels": ["sms"]})
    assert response.status_code == 200
    assert "None of the 1 deputy can be reached" in response.content.decode()
    assert MessageBatch.objects.count() == 0


def test_the_list_send_form_uses_the_deputy_filter(session, organiser_client, settings, tmp_path,
                                                   django_capture_on_commit_callbacks, eager):  # fmt: skip
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    woman = enrol(session, last_name="Аялова", gender="F")
    enrol(session, last_name="Эркеков", gender="M")
    url = reverse("trainings:list_message") + "?sex=F"
    form_page = organiser_client.get(url).content.decode()
    assert "To the 1 deputy chosen in the deputy list." in form_page
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url, {"campaign": session.campaign.pk, "kind": "reminder", "channels": ["sms"]}
        )
    batch = MessageBatch.objects.get()
    assert response.status_code == 302
    assert (batch.source, batch.filters, list(batch.messages.values_list("deputy", flat=True))) == (
        "list", {"sex": "F"}, [woman.pk]
    )  # fmt: skip
    assert "24–25.05.2021" in batch.messages.get().text  # her session in the campaign fills {dates}


def test_the_list_send_form_counts_who_can_be_reached_in_the_database(session, organiser_client, settings,
                                                                          django_assert_max_num_queries):  # fmt: skip
    enrol(session, last_name="Аялова", gender="F", phone="+996700111222", email="")
    enrol(session, last_name="Бекова", gender="F", phone="", email="bekova@example.kg")
    enrol(session, last_name="Джолдошева", gender="F", phone="+996700333444", do_not_contact=True)
    enrol(session, last_name="Эркеков", gender="M", phone="+996700555666")
    settings.MESSAGE_BATCH_MAX_RECIPIENTS = 2

    # The same number whoever the filter selects: the reach is one count, not a list of deputies.
    with django_assert_max_num_queries(9):
        response = organiser_client.get(reverse("trainings:list_message") + "?sex=F")

    assert response.context["reach"] == {"deputies": 3, "opted_out": 1, "sms": 1, "email": 1}
    page = response.content.decode()
    assert "To the 3 deputies chosen in the deputy list." in page
    assert "The list has 3 deputies; one sending may have at most 2. Narrow the filter." in page


def test_the_template_editor_previews_and_saves(session, organiser_client):
    url = reverse("trainings:message_template_edit", args=[session.campaign.code, "reminder", "sms"])
    page = organiser_client.get(url).content.decode()
    assert "Айгүл Бакыт кызы, эскертебиз" in page
    bad = organiser_client.post(url, {"text_ky": "{name} {place}", "text_ru": "{name}", "save": "1"})
    assert "Unknown placeholder {place}." in bad.content.decode()
    assert MessageTemplate.objects.count() == 0
    organiser_client.post(url, {"text_ky": "{name}, эртең!", "text_ru": "{name}, завтра!", "save": "1"})
    template = MessageTemplate.objects.get()
    assert (template.campaign, template.text_ky, template.text_ru) == (session.campaign, "{name}, эртең!",
                                                                       "{name}, завтра!")  # fmt: skip


def test_an_unknown_kind_or_channel_is_not_found(session, organiser_client):
    url = reverse("trainings:message_template_edit", args=[session.campaign.code, "spam", "sms"])
    assert organiser_client.get(url).status_code == 404


def _queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_batch_list_and_status_pages_need_no_more_queries_for_more_rows(session, organiser, organiser_client):
    enrol(session, last_name="One")

    def new_batch():
        return create_batch(campaign=session.campaign, kind="reminder", channels=["sms"],
                            recipients=recipients_of(session), user=organiser, session=session)  # fmt: skip

    batch = new_batch()
    list_url = reverse("trainings:message_batch_list", args=[session.campaign.code])
    batch_url = reverse("trainings:message_batch", args=[batch.pk])
    organiser_client.get(list_url)  # warm the session
    one = (_queries_of(organiser_client, list_url), _queries_of(organiser_client, batch_url))
    new_batch(), new_batch()
    enrol(session, last_name="Two"), enrol(session, last_name="Three")
    batch.messages.all().delete()
    batch_with_three = new_batch()
    three = (_queries_of(organiser_client, list_url),
             _queries_of(organiser_client, reverse("trainings:message_batch", args=[batch_with_three.pk])))  # fmt: skip
    assert one == three
    assert organiser_client.get(list_url).content.decode().count('href="/messages/') == 4
