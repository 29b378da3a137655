"""Accounts: the portal's user model and its roles (DESIGN §5); frozen donor reports."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from roles import ORGANISERS, READERS, Role


class User(AbstractUser):
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Names of the user's roles; a superuser holds every role."""
        if not self.is_active:
            return frozenset()
        if self.is_superuser:
            return frozenset(Role.values)
        return frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_organiser(self) -> bool:
        """Organisers (and admins) manage campaigns, sessions, registers and all scores."""
        return self.has_role(*ORGANISERS)

    @property
    def is_trainer(self) -> bool:
        return self.has_role(Role.TRAINER)

    @property
    def can_view_reports(self) -> bool:
        """Staff viewers and above read dashboards, reports and exports."""
        return self.has_role(*READERS)

    @property
    def can_see_phones(self) -> bool:
        """Personal contact data is for organisers and admins only."""
        return self.is_organiser


class FrozenReport(models.Model):
    """A campaign's report kept as it was on a day (figures, breakdowns, narrative), so that what was sent
    to a donor can be reproduced exactly after the data change. Rendered from `payload` only."""

    campaign = models.ForeignKey(
        "trainings.Campaign", on_delete=models.CASCADE, related_name="frozen_reports", verbose_name=_("campaign")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now)
    created_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("frozen by")
    )
    language = models.CharField(_("language"), max_length=2, choices=[("ky", "Кыргызча"), ("ru", "Русский"),
                                                                      ("en", "English")])  # fmt: skip
    data_version = models.PositiveBigIntegerField(_("data version"))
    payload = models.JSONField()

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-frozen_at", "-pk"]

    def __str__(self):
        return f"{self.campaign_id} · {self.frozen_at:%Y-%m-%d %H:%M}"


class SetPasswordLink(models.Model):
    """A one-time link with which a new trainer sets their password (portal/trainers/links.py).

    The link's token is an HMAC of this row (Django's `salted_hmac`, keyed by SECRET_KEY), so nothing
    secret is stored and the organiser can show the same link again until it is used, replaced or expired.
    """

    user = models.ForeignKey(
        "portal.User", on_delete=models.CASCADE, related_name="set_password_links", verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )

    class Meta:
        verbose_name = _("set-password link")
        verbose_name_plural = _("set-password links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def is_pending(self, now=None) -> bool:
        """Neither used nor replaced, and not expired yet."""
        return self.used_at is None and self.replaced_at is None and (now or timezone.now()) < self.expires_at


class ApiToken(models.Model):
    """A personal API token (docs/api.md): named, scoped, expiring, revocable, shown once and stored hashed.

    The token is `dtp_<prefix>_<secret>`; `prefix` finds the row, `digest` (SHA-256 of the whole token) checks
    it. Requests made with it act as the token's user, with that user's current role.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read")
        READ_WRITE = "read_write", _("read and write")

    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("access"), max_length=12, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and (now or timezone.now()) < self.expires_at

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class IdempotentRequest(models.Model):
    """The answer to a bulk write sent with an `Idempotency-Key`, kept so that the same request sent again
    (an answer lost on the way back) gets the same answer and changes nothing (portal/api/idempotency.py)."""

    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    path = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("idempotent request")
        verbose_name_plural = _("idempotent requests")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_idempotency_key_per_user")]

    def __str__(self):
        return f"{self.user_id} · {self.key}"
