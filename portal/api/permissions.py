"""Who may call the API: a signed-in user (by token or session) with a role; read-only tokens only read.

Which objects a user reaches is decided per query by the same helpers as the pages (trainings.access,
councils.access); the role checks of each view are the `roles` of the pages (READERS, ORGANISERS…).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from portal.models import ApiToken
from roles import ORGANISERS, READERS, Role


class TokenScope(permissions.BasePermission):
    """Signed in with a role; a token of scope `read` may only use safe methods."""

    message = _("This token may only read: create a read and write token to change data.")

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.roles):
            self.message = _("You do not have permission to use the API.")
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and request.method not in permissions.SAFE_METHODS and not token.can_write:
            self.message = TokenScope.message
            return False
        return True


class _RoleIn(TokenScope):
    """TokenScope, and one of `roles`."""

    roles = ()

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        self.message = _("Your role does not allow this.")
        return request.user.has_role(*self.roles)


class Readers(_RoleIn):
    """Staff, organisers and admins: reference data, campaigns, statistics."""

    roles = READERS


class ReadersOrTrainers(_RoleIn):
    """Everyone with a role; trainers see only their own sessions (each queryset is scoped)."""

    roles = (*READERS, Role.TRAINER)


class Organisers(_RoleIn):
    roles = ORGANISERS


class ScoreWriters(_RoleIn):
    """Organisers any session, trainers their own (the session of each item is checked)."""

    roles = (*ORGANISERS, Role.TRAINER)
