"""Who may see which deputies and councils pages (DESIGN §5), in one place used by every view.

Organisers and admins manage everything; staff read everything but phone numbers; trainers see only
the deputies enrolled in their own sessions (and never phone numbers) and no councils browser.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Deputy


def deputies_for_user(user, *, include_merged=False):
    """The deputies this user may read."""
    deputies = Deputy.objects.all() if include_merged else Deputy.objects.filter(merged_into__isnull=True)
    if user.can_view_reports:
        return deputies
    if user.is_trainer:
        from trainings.access import sessions_for_user

        enrolled = Deputy.objects.filter(enrolments__session__in=sessions_for_user(user)).values("pk")
        return deputies.filter(pk__in=enrolled)
    return deputies.none()


def get_deputy_for_user(user, pk):
    """The deputy `pk` if this user may read it; 404 otherwise (ids of others reveal nothing)."""
    return get_object_or_404(deputies_for_user(user, include_merged=True).select_related(
        "council__region", "council__district", "merged_into"
    ), pk=pk)  # fmt: skip


def organiser_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_organiser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def reports_required(view):
    """Pages for organisers and staff (the councils browser)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.can_view_reports:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
