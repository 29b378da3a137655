"""Trainer accounts (organisers): create and edit a trainer, deactivate and reactivate them, issue their
one-time set-password link, record their unavailable days; and the link's use by the trainer.

Each function validates everything before it writes and runs in one transaction; a refusal is a
`ValidationError` (by field where the form has one) and leaves the database as it was.
"""

import datetime
import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.models import SetPasswordLink, User
from roles import ORGANISERS, Role
from trainings.models import TrainerProfile, TrainerUnavailability

from .links import find_link, link_problem

# Dates an organiser may record: Python's dates reach the years 1 and 9999, trainings do not.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def normalise_phone(value: str) -> str:
    """+996XXXXXXXXX for Kyrgyz numbers however typed (0700 123 456, 996 700…); other countries as +digits."""
    digits = re.sub(r"[\s\-().]", "", value or "")
    plus = digits.startswith("+")
    digits = digits.lstrip("+")
    if not digits.isdigit():
        return ""
    if not plus and len(digits) == 10 and digits.startswith("0"):
        digits = "996" + digits[1:]
    elif not plus and len(digits) == 9:
        digits = "996" + digits
    if digits.startswith("996") and len(digits) != 12:
        return ""
    return "+" + digits if 8 <= len(digits) <= 15 else ""


def _account_errors(*, user, username, phone, email, languages) -> dict:
    errors = {}
    if username is not None:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = _("A username may contain only letters, digits and the signs @ . + - _")
        else:
            if not username or len(username) > 150:
                errors["username"] = _("Enter a username of at most 150 characters.")
            elif User.objects.filter(username__iexact=username).exclude(pk=user and user.pk).exists():
                errors["username"] = _("The username “%(username)s” is taken.") % {"username": username}
    normalised = normalise_phone(phone)
    if not normalised:
        errors["phone"] = _("Enter a phone number such as +996 700 123 456.")
    elif User.objects.filter(phone=normalised).exclude(pk=user and user.pk).exists():
        errors["phone"] = _("The phone number %(phone)s belongs to another account.") % {"phone": normalised}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid e-mail address, or leave it empty.")
    if not languages or set(languages) - set(TrainerProfile.Language.values):
        errors["languages"] = _("Choose the languages the trainer trains in.")
    return errors


def _names_errors(first_name, last_name) -> dict:
    if (first_name or "").strip() and (last_name or "").strip():
        return {}
    return {"last_name": _("Enter the trainer's first and last name.")}


def _save_profile(user, *, languages, regions):
    profile, _created = TrainerProfile.objects.get_or_create(user=user)
    profile.languages = [value for value in TrainerProfile.Language.values if value in languages]
    profile.save(update_fields=["languages"])
    profile.regions.set(regions)
    return profile


@transaction.atomic
def create_trainer(
    *, username, first_name, last_name, phone, email="", languages, regions=(), created_by=None, now=None
):
    """A trainer account without a password, and its first set-password link: (user, link)."""
    username = (username or "").strip()
    email = (email or "").strip()
    errors = _names_errors(first_name, last_name)
    errors |= _account_errors(user=None, username=username, phone=phone, email=email, languages=languages)
    if errors:
        raise ValidationError(errors)
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        phone=normalise_phone(phone),
        email=email,
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=Role.TRAINER))
    _save_profile(user, languages=languages, regions=regions)
    return user, issue_set_password_link(user=user, created_by=created_by, now=now)


@transaction.atomic
def update_trainer(*, trainer, first_name, last_name, phone, email="", languages, regions=()):
    email = (email or "").strip()
    errors = _names_errors(first_name, last_name)
    errors |= _account_errors(user=trainer, username=None, phone=phone, email=email, languages=languages)
    if errors:
        raise ValidationError(errors)
    trainer.first_name, trainer.last_name = first_name.strip(), last_name.strip()
    trainer.phone, trainer.email = normalise_phone(phone), email
    trainer.save(update_fields=["first_name", "last_name", "phone", "email"])
    _save_profile(trainer, languages=languages, regions=regions)
    return trainer


def _refuse_managers(trainer):
    # An organiser must not lock out an account that manages the portal too.
    if trainer.is_superuser or trainer.groups.filter(name__in=ORGANISERS).exists():
        raise ValidationError(_("This account also manages the portal: only an administrator can change it."))


@transaction.atomic
def set_trainer_active(*, trainer, active: bool):
    """Deactivate (no login; their sessions keep them) or reactivate a trainer."""
    _refuse_managers(trainer)
    if trainer.is_active == active:
        if active:
            raise ValidationError(_("%(name)s is already active.") % {"name": trainer.display_name})
        raise ValidationError(_("%(name)s is already deactivated.") % {"name": trainer.display_name})
    trainer.is_active = active
    trainer.save(update_fields=["is_active"])
    return trainer


@transaction.atomic
def issue_set_password_link(*, user, created_by=None, now=None):
    """A new one-time link for `user`; links issued before stop working."""
    if not user.is_active:
        raise ValidationError(_("Reactivate the account before issuing a link."))
    _refuse_managers(user)
    now = now or timezone.now()
    SetPasswordLink.objects.filter(user=user, used_at=None, replaced_at=None).update(replaced_at=now)
    expires = now + timedelta(days=settings.SET_PASSWORD_LINK_DAYS)
    return SetPasswordLink.objects.create(user=user, created_at=now, expires_at=expires, created_by=created_by)


@transaction.atomic
def set_password_with_link(*, user_pk, token, password, now=None):
    """Set the password of the link's user and spend the link; refused when the link does not work."""
    now = now or timezone.now()
    link = find_link(user_pk=user_pk, token=token, queryset=SetPasswordLink.objects.select_for_update())
    problem = link_problem(link, now)
    if problem:
        raise ValidationError(problem, code="link")
    password_validation.validate_password(password, link.user)
    link.user.set_password(password)
    link.user.save(update_fields=["password"])
    link.used_at = now
    link.save(update_fields=["used_at"])
    return link.user


def _date_errors(start, end) -> dict:
    errors = {}
    bounds = {
        "first": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
        "last": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
    }
    for field, value in (("start", start), ("end", end)):
        if value is None:
            errors[field] = _("Enter a date.")
        elif not EARLIEST_DATE <= value <= LATEST_DATE:
            errors[field] = _("Enter a date from %(first)s to %(last)s.") % bounds
    if not errors and end < start:
        errors["end"] = _("The last day cannot be before the first day.")
    return errors


@transaction.atomic
def add_unavailability(*, trainer, start, end, note="", created_by=None):
    errors = _date_errors(start, end)
    if errors:
        raise ValidationError(errors)
    return TrainerUnavailability.objects.create(
        trainer=trainer, start=start, end=end, note=(note or "").strip()[:200], created_by=created_by
    )


@transaction.atomic
def remove_unavailability(*, period):
    period.delete()
