"""Removing generated campaigns with everything they created, before they are built again."""

from django.db import router, transaction

from assessments.models import TestResult
from councils.models import Deputy, Election
from trainings.models import Attendance, Campaign, Enrolment, Invitation, TrainingSession


def _raw_delete(queryset) -> int:
    # Test results and deputies keep a change history: deleting them through the ORM would first load
    # every row and then write one history row per deleted row. Generated rows have nothing worth
    # keeping, so they are deleted with plain DELETE statements, children before parents (and so is
    # their history, which would otherwise show up in the trail of nothing).
    return queryset._raw_delete(router.db_for_write(queryset.model))


def purge_generated(*, campaigns, convocations=(), trainers=None) -> None:
    """Delete these campaigns (with sessions, enrolments, attendance, results, tests), the elections and
    deputies of these convocations, and these trainer accounts (a queryset of users)."""
    with transaction.atomic():
        campaign_ids = list(campaigns.values_list("pk", flat=True))
        session_ids = list(TrainingSession.objects.filter(campaign__in=campaign_ids).values_list("pk", flat=True))
        enrolment_ids = set(Enrolment.history.filter(session_id__in=session_ids).values_list("id", flat=True))
        enrolment_ids |= set(Enrolment.objects.filter(session__in=session_ids).values_list("pk", flat=True))
        _raw_delete(TestResult.objects.filter(enrolment__session__campaign__in=campaign_ids))
        _raw_delete(Attendance.objects.filter(enrolment__session__campaign__in=campaign_ids))
        _raw_delete(Enrolment.objects.filter(session__campaign__in=campaign_ids))
        Campaign.objects.filter(pk__in=campaign_ids).delete()
        _raw_delete(TestResult.history.filter(enrolment_id__in=enrolment_ids))
        _raw_delete(Attendance.history.filter(enrolment_id__in=enrolment_ids))
        _raw_delete(Enrolment.history.filter(session_id__in=session_ids))
        _raw_delete(Invitation.history.filter(session_id__in=session_ids))
        _raw_delete(TrainingSession.history.filter(id__in=session_ids))
        if convocations:
            _raw_delete(Deputy.objects.filter(convocation__in=convocations))
            Election.objects.filter(convocation__in=convocations).delete()
        if trainers is not None:
            trainers.delete()
