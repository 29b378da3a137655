"""Campaigns, topics, venues, two-day training sessions, enrolments and attendance (DESIGN §2)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from councils.models import Council, Deputy, District, MultilingualName, Region

from .codes import CODE_MAX_LENGTH, validate_campaign_code, validate_session_code


class Topic(MultilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "code"]


class Campaign(MultilingualName):
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, unique=True, validators=[validate_campaign_code])
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    implementer = models.CharField(_("implementer"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    convocation = models.PositiveSmallIntegerField(
        _("convocation"), help_text=_("Councils with an election of this convocation are the campaign's target.")
    )
    # Council kinds the campaign aims at (Council.Kind values); empty means every kind (DESIGN §3).
    target_kinds = models.JSONField(_("target council kinds"), default=list, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="campaigns", verbose_name=_("topics"))
    # Bumped by every committed change to the campaign's enrolments, attendance or scores, so that
    # statistics snapshots can tell whether they are up to date.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Changes of the campaign itself (not of its data), for incremental sync through the API.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="campaign_end_after_start")]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def target_kind_values(self) -> list[str]:
        """The council kinds aimed at, in the order of Council.Kind; every kind when none is chosen."""
        chosen = set(self.target_kinds or ())
        return [kind for kind in Council.Kind.values if not chosen or kind in chosen]

    @property
    def target_kind_labels(self) -> list[str]:
        return [str(Council.Kind(kind).label) for kind in self.target_kind_values]

    @property
    def targets_every_kind(self) -> bool:
        return len(self.target_kind_values) == len(Council.Kind.values)


class CampaignTargetChange(models.Model):
    """A council added to or excluded from a campaign's target by hand, with the reason (DESIGN §3)."""

    class Action(models.TextChoices):
        ADD = "add", _("added")
        EXCLUDE = "exclude", _("excluded")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="target_changes", verbose_name=_("campaign")
    )
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="campaign_target_changes", verbose_name=_("council")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change of the campaign target")
        verbose_name_plural = _("changes of the campaign target")
        ordering = ["action", "council__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "council"], name="one_target_change_per_council"),
            models.CheckConstraint(condition=Q(action__in=["add", "exclude"]), name="target_change_action_known"),
        ]

    def __str__(self):
        return f"{self.campaign.code} · {self.get_action_display()} · {self.council}"


class Venue(MultilingualName):
    """A hall sessions are held in. A venue in use is archived rather than deleted: its sessions keep it."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="venues", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("How to get there, who to call at the aiyl okmotu."))
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(fields=["name_ru", "district"], name="unique_venue_name_per_district"),
            models.UniqueConstraint(
                fields=["name_ky", "district"], condition=~Q(name_ky=""), name="unique_venue_name_ky_per_district"
            ),
            models.UniqueConstraint(
                fields=["name_en", "district"], condition=~Q(name_en=""), name="unique_venue_name_en_per_district"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="venue_capacity_at_least_one"
            ),
        ]

    @property
    def names(self) -> list[str]:
        """Every name the venue has, in any language (an import file may use any of them)."""
        return [name for name in (self.name_ky, self.name_ru, self.name_en) if name]


class TrainingSession(models.Model):
    class Language(models.TextChoices):
        KYRGYZ = "ky", _("Kyrgyz")
        RUSSIAN = "ru", _("Russian")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("campaign")
    )
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, validators=[validate_session_code])
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("venue")
    )
    start_date = models.DateField(_("start date"))
    days = models.PositiveSmallIntegerField(_("days"), default=2)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=30)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="training_sessions", verbose_name=_("trainers")
    )
    invited_councils = models.ManyToManyField(
        Council, through="Invitation", blank=True, related_name="training_sessions", verbose_name=_("invited councils")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KYRGYZ)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # Set when an organiser approves the attendance and scores (see `approval`): they are then frozen
    # until an organiser reopens the session, with a reason kept in the history.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # The change reason holds why an approved session was reopened: free text, not 100 characters.
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["start_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="unique_session_code_per_campaign"),
            models.CheckConstraint(condition=Q(days__gte=1), name="session_at_least_one_day"),
        ]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self):
        return self.code

    @property
    def end_date(self):
        return self.start_date + timedelta(days=self.days - 1)

    @property
    def dates(self):
        """The calendar date of each training day, day 1 first."""
        return [self.start_date + timedelta(days=offset) for offset in range(self.days)]

    def day_date(self, day: int):
        return self.start_date + timedelta(days=day - 1)

    def days_come(self, today=None) -> list[int]:
        """Day numbers whose date has come (Asia/Bishkek): attendance may be marked for these only."""
        today = today or timezone.localdate()
        return [day for day in range(1, self.days + 1) if self.day_date(day) <= today]

    def has_ended(self, today=None) -> bool:
        """True from the session's last day on: certificates are issued from then."""
        return self.end_date <= (today or timezone.localdate())

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Invitation(models.Model):
    """A council invited to a session, with the number of places it is given."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="invitations")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="invitations")
    places = models.PositiveSmallIntegerField(_("places"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [models.UniqueConstraint(fields=["session", "council"], name="council_invited_once_per_session")]

    def __str__(self):
        return f"{self.session} · {self.council}"


class Enrolment(models.Model):
    class Source(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        WALK_IN = "walk_in", _("walk-in")
        IMPORT = "import", _("import")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrolments")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="enrolments")
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.INVITATION)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["session", "deputy"], name="deputy_enrolled_once_per_session")]

    def __str__(self):
        return f"{self.session} · {self.deputy}"


class Attendance(models.Model):
    """Presence of one participant on one day of a session (day 1 … day N)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.PositiveSmallIntegerField(_("day"))
    present = models.BooleanField(_("present"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="one_attendance_per_day"),
            models.CheckConstraint(condition=Q(day__gte=1), name="attendance_day_from_one"),
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.day}: {self.present}"


class Certificate(models.Model):
    """A printed certificate of completion for one enrolment, found by its short public code
    (`trainings.certificates`). Issued when first printed; revoked (never deleted) when the participant no
    longer completed the session or an organiser withdraws it, so its code keeps saying what became of it."""

    class Reason(models.TextChoices):
        # Public words: the verification page shows the label, never the organiser's note.
        ATTENDANCE = "attendance", _("attendance corrected")
        ERROR = "error", _("issued in error")
        WITHDRAWN = "withdrawn", _("withdrawn by the organisers")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("enrolment")
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)  # for organisers only

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(revoked_at__isnull=True), name="one_valid_certificate_per_enrolment"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, reason="") | Q(revoked_at__isnull=False) & ~Q(reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.enrolment}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class TrainerProfile(models.Model):
    """What organisers know of a trainer beyond the account: the languages they train in and the regions
    they work in. The account itself (name, phone, e-mail, active) is the user."""

    class Language(models.TextChoices):
        KYRGYZ = "ky", _("Kyrgyz")
        RUSSIAN = "ru", _("Russian")
        ENGLISH = "en", _("English")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_profile", verbose_name=_("trainer")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="trainers", verbose_name=_("regions"))

    class Meta:
        verbose_name = _("trainer profile")
        verbose_name_plural = _("trainer profiles")

    def __str__(self):
        return str(self.user)

    @property
    def language_labels(self) -> list[str]:
        return [str(label) for value, label in self.Language.choices if value in self.languages]


class TrainerUnavailability(models.Model):
    """Days a trainer cannot train (first to last day, both included): sessions booking them are flagged."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unavailable_days", verbose_name=_("trainer")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unavailable days")
        verbose_name_plural = _("unavailable days")
        ordering = ["start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="unavailability_end_after_start")
        ]
        indexes = [models.Index(fields=["trainer", "start"])]

    def __str__(self):
        return f"{self.trainer} · {self.start} – {self.end}"


class PlanRun(models.Model):
    """One run of the campaign scheduler (docs/planning.md): the inputs it was given, its progress, the plan
    it proposed with the messages, and whether an organiser accepted it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        ACCEPTED = "accepted", _("accepted")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="plan_runs", verbose_name=_("campaign")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The planning inputs as plain data (trainings.planning.inputs.PlanInputs.to_json) and the form's values.
    inputs = models.JSONField(_("inputs"), default=dict)
    form_data = models.JSONField(default=dict, blank=True)
    plan = models.JSONField(_("proposed plan"), default=dict, blank=True)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.campaign.code} · {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


# Messages to deputies live in their own package; imported here so that they belong to this app.
from .messaging.models import Message, MessageBatch, MessageTemplate  # noqa: E402, F401
