"""A set-password link works for its user only, once, before it expires and until a newer one is issued."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import SetPasswordLink
from portal.trainers import services
from portal.trainers.links import link_token

from .conftest import trainer_data

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "Ала-Тоо 2021 тоолор"


@pytest.fixture
def issued():
    trainer, link = services.create_trainer(**trainer_data())
    return trainer, link, link_token(link)


def _set(trainer, token, **extra):
    return services.set_password_with_link(user_pk=trainer.pk, token=token, password=NEW_PASSWORD, **extra)


def _refusal(trainer, token, **extra):
    with pytest.raises(ValidationError) as refused:
        _set(trainer, token, **extra)
    return refused.value.messages


def test_link_sets_the_password_once(issued):
    trainer, link, token = issued

    _set(trainer, token)

    trainer.refresh_from_db()
    assert trainer.check_password(NEW_PASSWORD) is True
    link.refresh_from_db()
    assert link.used_at is not None
    assert _refusal(trainer, token) == [
        "This link has already been used to set a password. Ask the organiser for a new link."
    ]


def test_link_works_until_it_expires():
    issued_at = datetime.datetime(2021, 5, 1, 9, 0, tzinfo=datetime.UTC)
    trainer, link = services.create_trainer(**trainer_data(), now=issued_at)
    expires = datetime.datetime(2021, 5, 8, 9, 0, tzinfo=datetime.UTC)
    assert link.expires_at == expires

    assert _refusal(trainer, link_token(link), now=expires) == [
        "This link expired on May 8, 2021, 3 p.m.. Ask the organiser for a new link."
    ]
    _set(trainer, link_token(link), now=expires - datetime.timedelta(seconds=1))
    trainer.refresh_from_db()
    assert trainer.check_password(NEW_PASSWORD) is True


def test_link_expired_by_its_created_time_in_the_database(issued):
    trainer, link, _token = issued
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    week_later = eight_days_ago + datetime.timedelta(days=7)
    SetPasswordLink.objects.filter(pk=link.pk).update(created_at=eight_days_ago, expires_at=week_later)
    link.refresh_from_db()

    messages = _refusal(trainer, link_token(link))

    assert messages[0].startswith("This link expired on ")
    trainer.refresh_from_db()
    assert trainer.has_usable_password() is False


def test_a_new_link_makes_the_old_one_fail(issued, organiser):
    trainer, _link, old_token = issued

    new = services.issue_set_password_link(user=trainer, created_by=organiser)

    assert _refusal(trainer, old_token) == [
        "A newer link has been issued for this account, so this one no longer works. Ask the organiser for a new link."
    ]
    _set(trainer, link_token(new))
    trainer.refresh_from_db()
    assert trainer.check_password(NEW_PASSWORD) is True


def test_link_works_only_for_its_own_user(issued, trainer):
    owner, _link, token = issued

    assert _refusal(trainer, token) == ["This link is not valid. Ask the organiser for a new link."]
    trainer.refresh_from_db()
    assert trainer.check_password("secret-pass-123") is True
    owner.refresh_from_db()
    assert owner.has_usable_password() is False


@pytest.mark.parametrize("token", ["", "1-abc", "zzzzzzzzzzzzzzzzzzzzzz-" + "0" * 40, "garbage"])
def test_forged_tokens_are_not_valid(issued, token):
    trainer, _link, _token = issued
    assert _refusal(trainer, token) == ["This link is not valid. Ask the organiser for a new link."]


def test_a_tampered_digest_is_not_valid(issued):
    trainer, _link, token = issued
    tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert _refusal(trainer, tampered) == ["This link is not valid. Ask the organiser for a new link."]


def test_link_of_a_deactivated_account_fails(issued):
    trainer, _link, token = issued
    services.set_trainer_active(trainer=trainer, active=False)
    assert _refusal(trainer, token) == ["This account is deactivated. Ask the organiser."]


def test_a_weak_password_is_refused_and_the_link_kept(issued):
    trainer, link, token = issued
    with pytest.raises(ValidationError):
        services.set_password_with_link(user_pk=trainer.pk, token=token, password="123")
    link.refresh_from_db()
    assert link.used_at is None


# --- the page ------------------------------------------------------------------------------------------------


def _page(trainer, token):
    return reverse("trainers:set_password", kwargs={"pk": trainer.pk, "token": token})


def test_page_sets_the_password_and_signs_the_trainer_in(client, issued):
    trainer, _link, token = issued

    shown = client.get(_page(trainer, token), HTTP_ACCEPT_LANGUAGE="en")
    assert shown.status_code == 200
    assert "Your username is <strong>a.asanov</strong>" in shown.text

    response = client.post(_page(trainer, token), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == trainer
    again = client.get(_page(trainer, token))
    assert again.status_code == 410
    assert again.context["problem"] == (
        "This link has already been used to set a password. Ask the organiser for a new link."
    )


def test_page_refuses_mismatched_passwords_and_keeps_the_link(client, issued):
    trainer, link, token = issued

    response = client.post(_page(trainer, token), {"new_password1": NEW_PASSWORD, "new_password2": "other"})

    assert response.status_code == 200
    link.refresh_from_db()
    assert link.used_at is None
    trainer.refresh_from_db()
    assert trainer.has_usable_password() is False
