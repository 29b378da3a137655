"""Accounts: the portal's user model and its roles (DESIGN §5)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are auth groups with these names, created by a data migration."""

    ADMIN = "admin", _("Administrator")
    ORGANISER = "organiser", _("Organiser")
    TRAINER = "trainer", _("Trainer")
    STAFF = "staff", _("Project staff")


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
        return self.has_role(Role.ADMIN, Role.ORGANISER)

    @property
    def is_trainer(self) -> bool:
        return self.has_role(Role.TRAINER)

    @property
    def can_view_reports(self) -> bool:
        """Staff viewers and above read dashboards, reports and exports."""
        return self.has_role(Role.ADMIN, Role.ORGANISER, Role.STAFF)

    @property
    def can_see_phones(self) -> bool:
        """Personal contact data is for organisers and admins only."""
        return self.is_organiser
