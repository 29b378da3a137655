"""Role checks shared by the trainings views (DESIGN §5); session access goes through trainings.access."""

from django.core.exceptions import PermissionDenied

from ..access import get_session_for_user
from ..models import TrainingSession


def require_reader(user):
    """Campaign pages are for organisers, admins and staff viewers."""
    if not user.can_view_reports:
        raise PermissionDenied


def require_organiser(user):
    if not user.is_organiser:
        raise PermissionDenied


def get_managed_session(user, pk):
    """A session whose roster this user may manage (organisers): 404 when out of reach, else 403."""
    session = get_session_for_user(user, pk, write=True, queryset=TrainingSession.objects.select_related("campaign"))
    require_organiser(user)
    return session
