"""Who may open which training session (DESIGN §5), in one place used by every view.

Organisers and admins reach every session; trainers only the sessions they train; staff read all
sessions but change none. Anything else is a 404, so that ids of other sessions reveal nothing.
"""

from django.shortcuts import get_object_or_404

from roles import ORGANISERS, check_role

from .models import TrainingSession


def sessions_for_user(user, *, write=False):
    """The sessions this user may read (or, with write=True, change)."""
    sessions = TrainingSession.objects.all()
    if user.is_organiser:
        return sessions
    if user.is_trainer:
        return sessions.filter(trainers=user)
    if user.can_view_reports and not write:
        return sessions
    return sessions.none()


def get_session_for_user(user, pk, *, write=False, queryset=None):
    """The session `pk` if this user may read it (or change it, with write=True); 404 otherwise."""
    allowed = sessions_for_user(user, write=write)
    if queryset is not None:
        allowed = queryset.filter(pk__in=allowed.values("pk"))
    return get_object_or_404(allowed, pk=pk)


def can_change_session(user, session) -> bool:
    if user.is_organiser:
        return True
    return user.is_trainer and session.trainers.filter(pk=user.pk).exists()


def get_managed_session(user, pk):
    """A session whose roster this user may manage (organisers): 404 when out of reach, else 403."""
    session = get_session_for_user(user, pk, write=True, queryset=TrainingSession.objects.select_related("campaign"))
    check_role(user, *ORGANISERS)
    return session


def get_walk_in_session(user, pk):
    """A session this user may add walk-ins to: organisers any, trainers their own; 404 otherwise."""
    return get_session_for_user(user, pk, write=True, queryset=TrainingSession.objects.select_related("campaign"))
