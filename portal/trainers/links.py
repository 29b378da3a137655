"""One-time set-password links: the token of a `SetPasswordLink` and why a link no longer works.

The token is `<link id in base 36>-<HMAC>`: Django's `salted_hmac` over the link's id, user and times, so
it names one link of one user, cannot be forged without SECRET_KEY and needs no secret in the database.
Whether it still works (not used, not replaced by a newer link, not expired, account active) is the row's.
"""

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.http import base36_to_int, int_to_base36
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from portal.models import SetPasswordLink

KEY_SALT = "portal.trainers.links.SetPasswordLink"
DIGEST_LENGTH = 40


def _digest(link) -> str:
    value = f"{link.pk}:{link.user_id}:{link.created_at.timestamp():.6f}:{link.expires_at.timestamp():.6f}"
    return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()[:DIGEST_LENGTH]


def link_token(link) -> str:
    return f"{int_to_base36(link.pk)}-{_digest(link)}"


def find_link(*, user_pk: int, token: str, queryset=None):
    """The link this token was made for, if it belongs to user `user_pk`; None for anything else."""
    link_part, _sep, digest = (token or "").partition("-")
    if not link_part or len(link_part) > 13 or len(digest) != DIGEST_LENGTH:
        return None
    try:
        link_pk = base36_to_int(link_part)
    except ValueError:
        return None
    queryset = SetPasswordLink.objects.all() if queryset is None else queryset
    link = queryset.select_related("user").filter(pk=link_pk, user_id=user_pk).first()
    if link is None or not constant_time_compare(digest, _digest(link)):
        return None
    return link


def link_problem(link, now) -> str | None:
    """Why this link cannot set a password now (a sentence for its holder), or None when it can."""
    ask = _("Ask the organiser for a new link.")
    if link is None:
        return _("This link is not valid.") + " " + ask
    if link.used_at is not None:
        return _("This link has already been used to set a password.") + " " + ask
    if link.replaced_at is not None:
        return _("A newer link has been issued for this account, so this one no longer works.") + " " + ask
    if now >= link.expires_at:
        expired = date_format(localtime(link.expires_at), "DATETIME_FORMAT")
        return _("This link expired on %(date)s.") % {"date": expired} + " " + ask
    if not link.user.is_active:
        return _("This account is deactivated. Ask the organiser.")
    return None
