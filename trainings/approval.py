"""Approving a session's attendance and scores, and reopening it.

After its last day an organiser approves a session: from then on every service that changes its roster,
attendance or scores calls `check_session_open` and is refused, until an organiser reopens the session
with a reason. Both steps are saved on the session, so its history keeps who approved or reopened it,
when, and why (the reason is the history record's change reason).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import TrainingSession

REASON_MAX_LENGTH = 500


class SessionApproved(ValidationError):
    """A change to an approved session was refused."""


def approved_message(code: str) -> str:
    return _(
        "Training %(code)s is approved: its participants, attendance and scores can no longer be changed. "
        "An organiser can reopen it."
    ) % {"code": code}


def check_session_open(session_id: int) -> None:
    """Raise SessionApproved when the session is approved. Call it inside the transaction that writes:
    the session's row is locked, so an approval waits for the change (or the change for the approval)."""
    row = TrainingSession.objects.select_for_update().filter(pk=session_id).values_list("code", "approved_at").first()
    if row is not None and row[1] is not None:
        raise SessionApproved(approved_message(row[0]), code="approved")


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("campaign").get(pk=session.pk)


@transaction.atomic
def approve_session(*, session: TrainingSession, user) -> TrainingSession:
    """Marks the session's attendance and scores approved (from its last day on)."""
    session = _locked(session)
    if session.is_approved:
        raise ValidationError(_("This training is already approved."), code="already_approved")
    if session.status == TrainingSession.Status.CANCELLED:
        raise ValidationError(_("A cancelled training has nothing to approve."), code="cancelled")
    if not session.has_ended():
        raise ValidationError(
            _("Training %(code)s ends on %(date)s: its data can be approved from that day on.")
            % {"code": session.code, "date": date_format(session.end_date, "DATE_FORMAT")},
            code="not_ended",
        )
    session.approved_at, session.approved_by = timezone.now(), user
    session._history_user = user
    session.save(update_fields=["approved_at", "approved_by"])
    return session


@transaction.atomic
def reopen_session(*, session: TrainingSession, user, reason: str) -> TrainingSession:
    """Lifts the approval so that the data can be corrected; the reason is kept in the history."""
    reason = (reason or "").replace("\x00", "").strip()  # a NUL cannot be stored in PostgreSQL text
    if not reason:
        raise ValidationError(_("Give the reason for reopening the training."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            _("Keep the reason within %(limit)s characters.") % {"limit": REASON_MAX_LENGTH}, code="reason_too_long"
        )
    session = _locked(session)
    if not session.is_approved:
        raise ValidationError(_("This training is not approved."), code="not_approved")
    session.approved_at, session.approved_by = None, None
    session._history_user = user
    session._change_reason = reason
    session.save(update_fields=["approved_at", "approved_by"])
    return session


def approval_count_annotations() -> dict:
    """Campaign annotations `sessions_to_approve` and `sessions_approved` (cancelled sessions left out),
    for pages that read the campaign in one query."""
    sessions = (
        TrainingSession.objects.filter(campaign=OuterRef("pk"))
        .exclude(status=TrainingSession.Status.CANCELLED)
        .order_by()
        .values("campaign")
    )

    def count(queryset):
        return Coalesce(Subquery(queryset.annotate(number=Count("pk")).values("number")[:1]), 0)

    return {
        "sessions_to_approve": count(sessions),
        "sessions_approved": count(sessions.filter(approved_at__isnull=False)),
    }


def approval_counts(campaign) -> tuple[int, int]:
    """(approved, all) sessions of the campaign, cancelled ones left out: they have no data to approve."""
    if hasattr(campaign, "sessions_approved"):
        return campaign.sessions_approved, campaign.sessions_to_approve
    sessions = campaign.sessions.exclude(status=TrainingSession.Status.CANCELLED)
    counts = sessions.aggregate(total=Count("pk"), approved=Count("pk", filter=Q(approved_at__isnull=False)))
    return counts["approved"], counts["total"]
