"""The portal's roles (DESIGN §5) and the one guard views use, at the bottom of the app chain.

Every app may import this module (it imports none of them). Roles are auth groups with these names,
created by `portal/migrations/0002_roles.py` and kept present after a flush by `portal.apps`; the user
model (`portal.User`) answers `has_role()`.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    ORGANISER = "organiser", _("Organiser")
    TRAINER = "trainer", _("Trainer")
    STAFF = "staff", _("Project staff")


# Organisers (and admins) manage campaigns, sessions, registers, imports and all scores.
ORGANISERS = (Role.ADMIN, Role.ORGANISER)
# Staff viewers and above read dashboards, reports, campaigns and the councils browser.
READERS = (Role.ADMIN, Role.ORGANISER, Role.STAFF)


def check_role(user, *roles):
    """403 unless `user` holds one of `roles`; for checks that must follow a 404 lookup."""
    if not user.has_role(*roles):
        raise PermissionDenied


def role_required(*roles):
    """View decorator: 403 unless the signed-in user holds one of `roles` (e.g. `role_required(*READERS)`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            check_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
