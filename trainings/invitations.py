"""Withdrawing a council's invitation to a session.

The deputies enrolled through the invitation leave with it, but only while nothing was recorded for any
of them: attendance (present or absent) and test results are facts that must not vanish with a click.
Walk-ins of the council stay: they came on their own, not through the invitation.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .approval import check_session_open
from .changes import mark_campaign_changed
from .models import Attendance, Enrolment, Invitation

# Named by label, not imported: assessments depends on trainings, never the other way round.
TEST_RESULTS = "assessments.TestResult"


def leaving_enrolments(invitation: Invitation):
    """The enrolments that leave with the invitation: the council's deputies not enrolled as walk-ins."""
    return Enrolment.objects.filter(session_id=invitation.session_id, deputy__council_id=invitation.council_id).exclude(
        source=Enrolment.Source.WALK_IN
    )


def _recorded_counts(enrolments) -> list[tuple[str, int]]:
    """(what is recorded: "attendance" or a model label, number of enrolments with it) for every kind of
    record hanging on an enrolment."""
    marked = Attendance.objects.filter(enrolment=OuterRef("pk"))  # present or absent: both are records
    counts = [("attendance", enrolments.filter(Exists(marked)).count())]
    # Other apps (test results) hang their records on the enrolment; trainings does not import them.
    for relation in Enrolment._meta.related_objects:
        model = relation.related_model
        if model is Attendance:
            continue
        recorded = model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
        counts.append((model._meta.label, enrolments.filter(Exists(recorded)).count()))
    return [(what, count) for what, count in counts if count]


def withdrawal_refusals(invitation: Invitation) -> list[str]:
    """Why the invitation cannot be withdrawn now (empty when it can), one sentence per kind of record."""
    reasons = []
    for what, count in _recorded_counts(leaving_enrolments(invitation)):
        if what == "attendance":
            message = ngettext(
                "%(count)s deputy has attendance recorded.", "%(count)s deputies have attendance recorded.", count
            ) % {"count": count}
        elif what == TEST_RESULTS:
            message = ngettext(
                "%(count)s deputy has test scores recorded.", "%(count)s deputies have test scores recorded.", count
            ) % {"count": count}
        else:
            what = apps.get_model(what)._meta.verbose_name_plural
            message = ngettext(
                "%(count)s deputy has %(records)s recorded.", "%(count)s deputies have %(records)s recorded.", count
            ) % {"count": count, "records": what}
        reasons.append(message)
    return reasons


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation) -> int:
    """Withdraws the invitation and takes its enrolled deputies off the roster; returns how many left.

    Refused (ValidationError, nothing written) while attendance or results are recorded for any of them.
    """
    invitation = Invitation.objects.select_related("council", "session").get(pk=invitation.pk)
    check_session_open(invitation.session_id)
    # Lock the enrolments: a mark made meanwhile (its insert needs a share lock on them) waits for us and
    # cannot be deleted unseen between the check and the delete.
    list(leaving_enrolments(invitation).select_for_update().values_list("pk", flat=True))
    reasons = withdrawal_refusals(invitation)
    if reasons:
        intro = _("The invitation of %(council)s cannot be withdrawn:") % {"council": invitation.council.name}
        raise ValidationError([intro, *reasons])
    leaving = leaving_enrolments(invitation)
    count = leaving.count()
    leaving.delete()
    invitation.delete()
    if count:
        mark_campaign_changed(invitation.session.campaign_id)
    return count
