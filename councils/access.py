"""Who may see which deputies (DESIGN §5), in one place used by every view; role checks are in `roles`.

Organisers and admins manage everything; staff read everything but phone numbers; trainers see only
the deputies enrolled in their own sessions (and never phone numbers) and no councils browser.
"""

from django.shortcuts import get_object_or_404

from .models import Deputy


def deputies_for_user(user, *, include_merged=False):
    """The deputies this user may read."""
    deputies = Deputy.objects.all() if include_merged else Deputy.objects.filter(merged_into__isnull=True)
    if user.can_view_reports:
        return deputies
    if user.is_trainer:
        # The sessions a trainer trains (trainings.access.sessions_for_user), reached through the relations
        # so that councils imports no app above it; tests/trainings/test_access.py keeps the two in step.
        enrolled = Deputy.objects.filter(enrolments__session__trainers=user).values("pk")
        return deputies.filter(pk__in=enrolled)
    return deputies.none()


def get_deputy_for_user(user, pk):
    """The deputy `pk` if this user may read it; 404 otherwise (ids of others reveal nothing)."""
    return get_object_or_404(deputies_for_user(user, include_merged=True).select_related(
        "council__region", "council__district", "merged_into"
    ), pk=pk)  # fmt: skip
