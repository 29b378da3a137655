"""Trainer account services: each operation and each refusal, and that a refusal writes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import SetPasswordLink
from portal.trainers import services
from roles import Role
from tests.factories import TrainingSessionFactory
from trainings.models import TrainerProfile, TrainerUnavailability

from .conftest import trainer_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_create_trainer_makes_an_account_without_password_a_profile_and_a_link(organiser, region):
    trainer, link = services.create_trainer(**trainer_data(email="asan@example.kg"), regions=[region],
                                            created_by=organiser)  # fmt: skip

    trainer.refresh_from_db()
    assert (trainer.username, trainer.get_full_name(), trainer.phone, trainer.email) == (
        "a.asanov", "Асан Асанов", "+996700123456", "asan@example.kg"
    )  # fmt: skip
    assert trainer.has_usable_password() is False
    assert trainer.is_trainer is True
    assert trainer.trainer_profile.languages == ["ky", "ru"]
    assert list(trainer.trainer_profile.regions.all()) == [region]
    assert (link.user, link.created_by, link.used_at) == (trainer, organiser, None)
    assert link.expires_at - link.created_at == datetime.timedelta(days=7)


def test_link_lifetime_follows_the_setting(settings):
    settings.SET_PASSWORD_LINK_DAYS = 2
    _trainer, link = services.create_trainer(**trainer_data())
    assert link.expires_at - link.created_at == datetime.timedelta(days=2)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "A.ASANOV"}, "username", "The username “A.ASANOV” is taken."),
        ({"phone": "+996 700 123-456"}, "phone", "The phone number +996700123456 belongs to another account."),
        ({"email": "asan@"}, "email", "Enter a valid e-mail address, or leave it empty."),
        ({"phone": "12"}, "phone", "Enter a phone number such as +996 700 123 456."),
        (
            {"username": "асан асанов"},
            "username",
            "A username may contain only letters, digits and the signs @ . + - _",
        ),  # noqa: E501
        ({"languages": []}, "languages", "Choose the languages the trainer trains in."),
        ({"languages": ["de"]}, "languages", "Choose the languages the trainer trains in."),
        ({"last_name": " "}, "last_name", "Enter the trainer's first and last name."),
    ],
)
def test_create_trainer_refuses_bad_input_and_writes_nothing(changes, field, message):
    services.create_trainer(**trainer_data())
    before = (User.objects.count(), TrainerProfile.objects.count(), SetPasswordLink.objects.count())

    with pytest.raises(ValidationError) as refused:
        services.create_trainer(**trainer_data(username="b.bakirov", phone="+996555000111") | changes)

    assert refused.value.message_dict == {field: [message]}
    assert (User.objects.count(), TrainerProfile.objects.count(), SetPasswordLink.objects.count()) == before


def test_update_trainer_changes_contacts_languages_and_regions(region):
    trainer, _link = services.create_trainer(**trainer_data(), regions=[region])

    services.update_trainer(trainer=trainer, first_name="Асан", last_name="Асанов-Уулу", phone="+7 701 000 11 22",
                            email="a@b.kg", languages=["en"], regions=[])  # fmt: skip

    trainer.refresh_from_db()
    assert (trainer.last_name, trainer.phone, trainer.email) == ("Асанов-Уулу", "+77010001122", "a@b.kg")
    assert trainer.trainer_profile.languages == ["en"]
    assert list(trainer.trainer_profile.regions.all()) == []


def test_update_trainer_refuses_another_accounts_phone(trainer):
    trainer.phone = "+996700999888"
    trainer.save()
    other, _link = services.create_trainer(**trainer_data())

    with pytest.raises(ValidationError) as refused:
        services.update_trainer(trainer=other, first_name="Асан", last_name="Асанов", phone="0700 999 888",
                                languages=["ky"])  # fmt: skip

    assert refused.value.message_dict == {"phone": ["The phone number +996700999888 belongs to another account."]}
    other.refresh_from_db()
    assert other.phone == "+996700123456"


def test_deactivated_trainer_cannot_log_in_and_keeps_their_sessions(client, trainer):
    session = TrainingSessionFactory(trainers=[trainer])
    services.set_trainer_active(trainer=trainer, active=False)

    trainer.refresh_from_db()
    assert trainer.is_active is False
    assert list(session.trainers.all()) == [trainer]
    assert _logs_in(client) is False

    services.set_trainer_active(trainer=trainer, active=True)
    assert _logs_in(client) is True


def _logs_in(client):
    response = client.post(reverse("login"), {"username": "trainer", "password": "secret-pass-123"})
    return response.status_code == 302


def test_deactivating_twice_is_refused(trainer):
    services.set_trainer_active(trainer=trainer, active=False)
    with pytest.raises(ValidationError) as refused:
        services.set_trainer_active(trainer=trainer, active=False)
    assert refused.value.messages == ["Бакыт Асанов is already deactivated."]


def test_an_account_that_also_organises_cannot_be_deactivated(organiser):
    organiser.groups.add(*organiser.groups.model.objects.filter(name=Role.TRAINER))
    with pytest.raises(ValidationError):
        services.set_trainer_active(trainer=organiser, active=False)
    organiser.refresh_from_db()
    assert organiser.is_active is True


def test_unavailable_days_are_recorded_and_removed(trainer, organiser):
    june = datetime.date(2021, 6, 1)
    period = services.add_unavailability(trainer=trainer, start=june, end=june.replace(day=3), note=" отпуск ",
                                         created_by=organiser)  # fmt: skip

    assert list(TrainerUnavailability.objects.values_list("trainer", "start", "end", "note")) == [
        (trainer.pk, datetime.date(2021, 6, 1), datetime.date(2021, 6, 3), "отпуск")
    ]
    services.remove_unavailability(period=period)
    assert TrainerUnavailability.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        ((2021, 6, 3), (2021, 6, 1), {"end": ["The last day cannot be before the first day."]}),
        ((1, 1, 1), (2021, 6, 1), {"start": ["Enter a date from 01/01/1900 to 12/31/2100."]}),
        ((2021, 6, 1), (9999, 12, 31), {"end": ["Enter a date from 01/01/1900 to 12/31/2100."]}),
    ],
)
def test_unavailable_days_refuse_bad_ranges(trainer, start, end, errors):
    with pytest.raises(ValidationError) as refused:
        services.add_unavailability(trainer=trainer, start=datetime.date(*start), end=datetime.date(*end))
    assert refused.value.message_dict == errors
    assert TrainerUnavailability.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0700 123 456", "+996700123456"), ("996700123456", "+996700123456"), ("700123456", "+996700123456"),
     ("+996 (700) 12-34-56", "+996700123456"), ("+7 701 000 11 22", "+77010001122"), ("+99670012", ""),
     ("phone", ""), ("", "")],
)  # fmt: skip
def test_phone_numbers_are_normalised(typed, stored):
    assert services.normalise_phone(typed) == stored
