"""A deputy's training history: enrolments with their attendance days and pre/post scores."""

from councils.collation import deputy_order
from trainings.models import Enrolment


def training_history(deputies, sessions):
    """Enrolments of the given deputies in the given sessions, with attendance and results."""
    return (
        Enrolment.objects.filter(deputy__in=deputies, session__in=sessions)
        .select_related("session__campaign", "session__venue", "deputy")
        .prefetch_related("attendance", "results")
        .order_by("-session__start_date", "session__code", *deputy_order("deputy__"))
    )
