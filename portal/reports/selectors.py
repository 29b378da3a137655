"""Reads for reports: the participants of a campaign, for the organisers' sheet of the workbook, and the
completers of a session, for certificates."""

from django.db.models import Count, F, Prefetch, Q

from assessments.models import TestResult
from councils.collation import deputy_order
from trainings.models import Attendance, Enrolment


def campaign_participants(campaign):
    """Every enrolment of the campaign with its deputy, council, session, attendance and scores, by session
    and name; a fixed number of queries whatever the size."""
    return (
        Enrolment.objects.filter(session__campaign=campaign)
        .select_related("deputy", "deputy__council", "session")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.order_by("day")),
            Prefetch("results", queryset=TestResult.objects.order_by("phase")),
        )
        .order_by("session__start_date", "session__code", *deputy_order("deputy__"), "pk")
    )


def session_completers(session):
    """Enrolments of the session present on every one of its days (DESIGN §2 "completed"), by name."""
    return (
        session.enrolments.annotate(
            days_present=Count(
                "attendance", filter=Q(attendance__present=True, attendance__day__lte=F("session__days"))
            )
        )
        .filter(days_present__gte=session.days)
        .select_related("deputy", "deputy__council")
        .order_by(*deputy_order("deputy__"), "pk")
    )
