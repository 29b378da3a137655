"""Changes to campaigns, sessions, rosters and attendance.

Every function takes keyword arguments only, validates before it writes, runs in one transaction, and
calls `mark_campaign_changed` whenever enrolments or attendance change, so that statistics recompute.
Changes to a session's roster and attendance are refused while the session is approved (`approval`).
Bulk writes go through django-simple-history's helpers, so that the session's trail misses nothing.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from councils.collation import deputy_order
from councils.models import Council, Deputy

from .approval import check_session_open
from .changes import mark_campaign_changed
from .models import Attendance, Campaign, CampaignTargetChange, Enrolment, Invitation, TrainingSession


def _save_validated(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def create_campaign(*, topics=(), **fields) -> Campaign:
    """A new campaign from its fields (code, names, donor, implementer, start, end, convocation)."""
    campaign = _save_validated(Campaign(**fields))
    campaign.topics.set(topics)
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, topics=None, **fields) -> Campaign:
    """Changes a campaign's fields (and topics, when given)."""
    # Read from the database: a bound ModelForm has already copied its data onto `campaign`.
    before = Campaign.objects.filter(pk=campaign.pk).values_list("convocation", "target_kinds").get()
    for name, value in fields.items():
        setattr(campaign, name, value)
    _save_validated(campaign)
    if topics is not None:
        campaign.topics.set(topics)
    if (campaign.convocation, campaign.target_kinds) != before:
        mark_campaign_changed(campaign.pk)  # the target, and so the coverage, changed
    return campaign


@transaction.atomic
def change_target(*, campaign: Campaign, council: Council, action: str, reason: str = "", user=None):
    """Adds `council` to the campaign's target or excludes it (action "add"/"exclude", with a reason), or
    undoes the council's change (action "undo"). A council has at most one change per campaign."""
    if action == "undo":
        CampaignTargetChange.objects.filter(campaign=campaign, council=council).delete()
    else:
        if action not in CampaignTargetChange.Action.values:
            raise ValidationError(_("Unknown change of the target."))
        if not reason.strip():
            raise ValidationError(_("Give the reason for this change of the target."))
        CampaignTargetChange.objects.update_or_create(
            campaign=campaign,
            council=council,
            defaults={"action": action, "reason": reason.strip(), "created_by": user},
        )
    mark_campaign_changed(campaign.pk)


@transaction.atomic
def create_session(*, campaign: Campaign, trainers=(), **fields) -> TrainingSession:
    """A new session of `campaign` (code, venue, start_date, days, capacity, language, status)."""
    session = _save_validated(TrainingSession(campaign=campaign, **fields))
    session.trainers.set(trainers)
    return session


@transaction.atomic
def update_session(*, session: TrainingSession, trainers=None, **fields) -> TrainingSession:
    """Changes a session. Shortening it drops the attendance of the days that no longer exist."""
    # Read from the database: a bound ModelForm has already copied its data onto `session`.
    before = TrainingSession.objects.filter(pk=session.pk).values_list("days", "status").get()
    for name, value in fields.items():
        setattr(session, name, value)
    _save_validated(session)
    if trainers is not None:
        session.trainers.set(trainers)
    if (session.days, session.status) != before:
        check_session_open(session.pk)  # the save above is rolled back with the refusal
        Attendance.objects.filter(enrolment__session=session, day__gt=session.days).delete()
        # Completion and participation depend on the number of days and on cancellation.
        mark_campaign_changed(session.campaign_id)
    return session


def _enrolled_in_campaign(campaign_id):
    return Enrolment.objects.filter(session__campaign_id=campaign_id).values("deputy_id")


@transaction.atomic
def invite_council(*, session: TrainingSession, council: Council, places: int | None = None) -> Invitation:
    """Invites `council` to `session` with `places` places and enrols its deputies up to that number.

    Only deputies of the campaign's convocation are enrolled, merged duplicates never, and nobody who
    is already enrolled in a session of the same campaign. Without `places`, all its deputies are
    enrolled. Inviting a council again changes its number of places and tops the enrolment up.
    """
    if places is not None and places < 1:
        raise ValidationError(_("The number of places must be at least 1."))
    check_session_open(session.pk)
    campaign = session.campaign
    candidates = (
        Deputy.objects.filter(council=council, convocation=campaign.convocation, merged_into__isnull=True)
        .exclude(pk__in=_enrolled_in_campaign(campaign.pk))
        .order_by(*deputy_order(), "pk")
    )
    already = Enrolment.objects.filter(session=session, deputy__council=council).count()
    if places is None:
        places = already + candidates.count()
        if places == 0:
            raise ValidationError(
                _("%(council)s has no deputies of the %(convocation)s convocation to enrol.")
                % {"council": council.name, "convocation": campaign.convocation}
            )
    invitation, _created = Invitation.objects.update_or_create(
        session=session, council=council, defaults={"places": places}
    )
    new = [
        Enrolment(session=session, deputy=deputy, source=Enrolment.Source.INVITATION)
        for deputy in candidates[: max(places - already, 0)]
    ]
    if new:
        bulk_create_with_history(new, Enrolment)
        mark_campaign_changed(campaign.pk)
    return invitation


def _check_can_enrol(session: TrainingSession, deputy: Deputy):
    if deputy.merged_into_id is not None:
        raise ValidationError(_("This deputy record was merged into another one; enrol that one instead."))
    if deputy.convocation != session.campaign.convocation:
        raise ValidationError(
            _("%(name)s is a deputy of the %(convocation)s convocation, not of the campaign's %(campaign)s.")
            % {"name": deputy.full_name, "convocation": deputy.convocation, "campaign": session.campaign.convocation}
        )
    if Enrolment.objects.filter(session=session, deputy=deputy).exists():
        raise ValidationError(_("%(name)s is already enrolled in this session.") % {"name": deputy.full_name})


@transaction.atomic
def add_walk_in(*, session: TrainingSession, deputy: Deputy) -> Enrolment:
    """Enrols a deputy who came without an invitation of their council."""
    check_session_open(session.pk)
    _check_can_enrol(session, deputy)
    enrolment = Enrolment.objects.create(session=session, deputy=deputy, source=Enrolment.Source.WALK_IN)
    mark_campaign_changed(session.campaign_id)
    return enrolment


def _check_nothing_recorded(enrolment: Enrolment):
    """Refuses to drop a participant whose attendance or scores were already recorded."""
    if enrolment.attendance.filter(present=True).exists():
        raise ValidationError(
            _("%(name)s is already marked present; clear the attendance first.") % {"name": enrolment.deputy.full_name}
        )
    # Other parts (scores) hang their records on the enrolment; none of them may be lost silently.
    for relation in Enrolment._meta.related_objects:
        if relation.related_model is Attendance:
            continue
        if relation.related_model._default_manager.filter(**{relation.field.name: enrolment}).exists():
            raise ValidationError(
                _("%(name)s already has recorded results; they cannot be removed here.")
                % {"name": enrolment.deputy.full_name}
            )


@transaction.atomic
def substitute_deputy(*, enrolment: Enrolment, deputy: Deputy) -> Enrolment:
    """Gives a participant's place to another deputy (the place keeps its source)."""
    session = enrolment.session
    check_session_open(session.pk)
    _check_can_enrol(session, deputy)
    _check_nothing_recorded(enrolment)
    source = enrolment.source
    enrolment.delete()
    replacement = Enrolment.objects.create(session=session, deputy=deputy, source=source)
    mark_campaign_changed(session.campaign_id)
    return replacement


def check_removable(enrolment: Enrolment) -> None:
    """Raises ValidationError when the participant cannot be removed (attendance or results recorded)."""
    _check_nothing_recorded(enrolment)


@transaction.atomic
def remove_enrolment(*, enrolment: Enrolment) -> None:
    """Takes a participant off the roster (only while nothing was recorded for them).

    A participant enrolled through their council's invitation gives the place up: the invitation stays
    (until it is withdrawn) with one place fewer, so the session page and the campaign never show places
    nobody will take.
    """
    check_session_open(enrolment.session_id)
    _check_nothing_recorded(enrolment)
    campaign_id = enrolment.session.campaign_id
    if enrolment.source == Enrolment.Source.INVITATION:
        Invitation.objects.filter(
            session_id=enrolment.session_id, council_id=enrolment.deputy.council_id, places__gt=0
        ).update(places=F("places") - 1)
    enrolment.delete()
    mark_campaign_changed(campaign_id)


def check_attendance_day(session: TrainingSession, day: int):
    """Raises ValidationError unless attendance can be marked for this day of the session now."""
    if not 1 <= day <= session.days:
        raise ValidationError(
            _("Day %(day)s does not exist: this session has %(days)s days.") % {"day": day, "days": session.days}
        )
    if day not in session.days_come():
        # Presence is a fact about a day that has happened: nobody can be present in advance.
        raise ValidationError(
            _("Day %(day)s is on %(date)s: attendance can be marked from that day on.")
            % {"day": day, "date": date_format(session.day_date(day), "DATE_FORMAT")}
        )


@transaction.atomic
def set_attendance(*, enrolment: Enrolment, day: int, present: bool, user) -> Attendance:
    """Records whether the participant was present on day `day` (1 … the session's days)."""
    session = enrolment.session
    check_session_open(session.pk)
    check_attendance_day(session, day)
    attendance = Attendance.objects.select_for_update().filter(enrolment=enrolment, day=day).first()
    attendance = attendance or Attendance(enrolment=enrolment, day=day)
    attendance.present, attendance.updated_by = present, user
    attendance._history_user = user  # the trail names who marked it, in a request or not
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:  # somebody recorded the same day meanwhile: ours is the later word
        attendance = Attendance.objects.select_for_update().get(enrolment=enrolment, day=day)
        attendance.present, attendance.updated_by = present, user
        attendance._history_user = user
        attendance.save()
    mark_campaign_changed(session.campaign_id)
    return attendance


@transaction.atomic
def mark_all_present(*, session: TrainingSession, day: int, user) -> int:
    """Marks every participant of the session present on day `day`; returns how many were changed."""
    check_session_open(session.pk)
    check_attendance_day(session, day)
    absent = list(Attendance.objects.filter(enrolment__session=session, day=day, present=False))
    now = timezone.now()
    for record in absent:
        record.present, record.updated_by, record.updated_at = True, user, now
    bulk_update_with_history(absent, Attendance, ["present", "updated_by", "updated_at"], default_user=user)
    missing = session.enrolments.exclude(attendance__day=day).values_list("pk", flat=True)
    created = bulk_create_with_history(
        [Attendance(enrolment_id=pk, day=day, present=True, updated_by=user) for pk in missing],
        Attendance,
        default_user=user,
    )
    if absent or created:
        mark_campaign_changed(session.campaign_id)
    return len(absent) + len(created)
