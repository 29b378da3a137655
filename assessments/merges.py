"""Merging a duplicate deputy into the record kept, and undoing it.

The duplicate's enrolments move to the kept record. When both were enrolled in the same session
(Enrolment is unique per session and deputy), the duplicate's attendance days and test results are
folded into the kept enrolment where it has none; a result the kept enrolment already has wins and the
duplicate's stays on the duplicate's enrolment. Everything moved is recorded in a DeputyMerge, so the
merge can be undone. It lives in assessments, the app that owns the scores it moves; the record
(`councils.DeputyMerge`) stays with the deputies.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Deputy, DeputyMerge
from trainings.changes import mark_campaign_changed
from trainings.models import Attendance, Enrolment

from .models import TestResult

FILLED_FIELDS = ("phone", "first_term")  # blanks of the kept record taken from the duplicate


def _mark_campaigns_changed(campaign_ids):
    for campaign_id in sorted(campaign_ids):
        mark_campaign_changed(campaign_id)


def merge_deputies(*, kept: Deputy, merged: Deputy, user) -> DeputyMerge:
    """Merge `merged` into `kept` (same council and convocation, both active); returns the history record."""
    if kept.pk == merged.pk:
        raise ValidationError(_("A deputy cannot be merged into itself."))
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().in_bulk([kept.pk, merged.pk])
        kept, merged = locked[kept.pk], locked[merged.pk]
        if kept.merged_into_id or merged.merged_into_id:
            raise ValidationError(_("One of these deputies has already been merged."))
        if (kept.council_id, kept.convocation) != (merged.council_id, merged.convocation):
            raise ValidationError(_("Only deputies of the same council and convocation can be merged."))
        changes = {
            "enrolments": [],  # enrolment ids moved to the kept deputy
            "attendance": [],  # [attendance id, enrolment id it came from]
            "attendance_marked": [],  # attendance ids of the kept record set to present
            "results": [],  # [result id, enrolment id it came from]
            "fields": {},  # kept deputy's field -> value before the merge
            "campaigns": [],
        }
        campaigns = set()
        kept_enrolments = {enrolment.session_id: enrolment for enrolment in kept.enrolments.all()}
        for enrolment in merged.enrolments.select_related("session"):
            campaigns.add(enrolment.session.campaign_id)
            target = kept_enrolments.get(enrolment.session_id)
            if target is None:
                enrolment.deputy = kept
                enrolment.save(update_fields=["deputy"])
                changes["enrolments"].append(enrolment.pk)
                continue
            _fold_enrolment(enrolment, target, changes)
        for name in FILLED_FIELDS:
            if getattr(kept, name) in ("", None) and getattr(merged, name) not in ("", None):
                changes["fields"][name] = getattr(kept, name)
                setattr(kept, name, getattr(merged, name))
        if changes["fields"]:
            kept.save()
        merged.merged_into = kept
        merged.save()
        changes["campaigns"] = sorted(campaigns)
        record = DeputyMerge.objects.create(kept=kept, merged=merged, changes=changes, merged_by=user)
        _mark_campaigns_changed(campaigns)
    return record


def _fold_enrolment(source, target, changes):
    """Both deputies were enrolled in one session: bring the duplicate's days and results over."""
    target_days = {row.day: row for row in target.attendance.all()}
    for row in source.attendance.all():
        kept_row = target_days.get(row.day)
        if kept_row is None:
            row.enrolment = target
            row.save(update_fields=["enrolment"])
            changes["attendance"].append([row.pk, source.pk])
        elif row.present and not kept_row.present:
            kept_row.present = True
            kept_row.save(update_fields=["present"])
            changes["attendance_marked"].append(kept_row.pk)
    target_phases = set(target.results.values_list("phase", flat=True))
    for result in source.results.all():
        if result.phase in target_phases:
            continue  # the kept record's score wins; the duplicate's stays with the duplicate
        result.enrolment = target
        result.save(update_fields=["enrolment"])
        changes["results"].append([result.pk, source.pk])


def undo_merge(*, merge: DeputyMerge, user) -> DeputyMerge:
    """Put everything a merge moved back and make the duplicate an active record again."""
    if merge.undone_at:
        raise ValidationError(_("This merge has already been undone."))
    try:
        with transaction.atomic():
            merged = Deputy.objects.select_for_update().get(pk=merge.merged_id)
            kept = Deputy.objects.select_for_update().get(pk=merge.kept_id)
            if merged.merged_into_id != kept.pk or kept.merged_into_id:
                raise ValidationError(_("The records changed since this merge; it cannot be undone."))
            changes = merge.changes
            for result_id, enrolment_id in changes["results"]:
                for result in TestResult.objects.filter(pk=result_id):
                    result.enrolment_id = enrolment_id
                    result.save(update_fields=["enrolment"])
            for attendance_id, enrolment_id in changes["attendance"]:
                Attendance.objects.filter(pk=attendance_id).update(enrolment_id=enrolment_id)
            Attendance.objects.filter(pk__in=changes["attendance_marked"]).update(present=False)
            Enrolment.objects.filter(pk__in=changes["enrolments"], deputy=kept).update(deputy=merged)
            if changes["fields"]:
                for name, value in changes["fields"].items():
                    setattr(kept, name, value)
                kept.save()
            merged.merged_into = None
            merged.save()
            merge.undone_at, merge.undone_by = timezone.now(), user
            merge.save(update_fields=["undone_at", "undone_by"])
            _mark_campaigns_changed(changes["campaigns"])
    except IntegrityError as exc:
        raise ValidationError(
            _("The merge cannot be undone: the records now clash with another enrolment or deputy.")
        ) from exc
    return merge
