"""Tests (instruments, questions), pre/post results with history, statistics snapshots (DESIGN §2–§3)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trainings.models import Campaign, Enrolment, Topic, TrainingSession


class Instrument(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("campaign"),
        help_text=_("Blank for a test shared by several campaigns."),
    )
    name = models.CharField(_("name"), max_length=200)
    form = models.CharField(_("form"), max_length=2, blank=True, help_text=_("Parallel form, e.g. A or B."))
    max_score = models.DecimalField(
        _("maximum score"), max_digits=6, decimal_places=2, validators=[MinValueValidator(1)]
    )
    # Which test a campaign uses for each phase: parallel forms let the post-test differ from the pre-test.
    phase = models.CharField(
        _("used for"),
        max_length=9,
        blank=True,
        choices=[("pre", _("pre-test")), ("post", _("post-test")), ("follow_up", _("follow-up test"))],
        help_text=_(
            "Blank: used for both the pre-test and the post-test. The follow-up test uses its own test when "
            "there is one, else the pre-test's."
        ),
    )

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["name", "form"]

    def __str__(self):
        return f"{self.name} {self.form}".strip()


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic"))
    text_ky = models.TextField(_("text (Kyrgyz)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True, help_text=_("Answer options, e.g. A, B, C, D."))
    key = models.CharField(_("correct answer"), max_length=20)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["instrument", "number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="unique_question_number")]

    def __str__(self):
        return f"{self.instrument} · {self.number}"


class TestResult(models.Model):
    class Phase(models.TextChoices):
        PRE = "pre", _("pre-test")
        POST = "post", _("post-test")
        # Taken months after the session (DESIGN §3 retention); not covered by a session's approval.
        FOLLOW_UP = "follow_up", _("follow-up test")

    class Source(models.TextChoices):
        GRID = "grid", _("score grid")
        IMPORT = "import", _("import")
        SELF_TEST = "self_test", _("self-test")
        OFFLINE = "offline", _("offline copy")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="results")
    phase = models.CharField(_("phase"), max_length=9, choices=Phase.choices)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, null=True, blank=True, related_name="results")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2)
    # Item answers keyed by question number, e.g. {"1": "B", "2": "A"}; optional.
    responses = models.JSONField(_("answers"), null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.GRID)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a save must name the version it started from (see services).
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "phase"], name="one_result_per_phase"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(max_score__gt=0) & Q(score__lte=models.F("max_score")),
                name="score_within_zero_and_max",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.phase}: {self.score}/{self.max_score}"


class StatsSnapshot(models.Model):
    """Figures of DESIGN §3 for one campaign and scope, computed by Celery from one data version."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="stats_snapshots")
    scope = models.CharField(max_length=40)
    data_version = models.PositiveBigIntegerField()
    computed_at = models.DateTimeField()
    payload = models.JSONField()
    # Digest of the payload as `snapshots.store_many` wrote it: a recompute that produces the same payload only
    # moves the data version on. Empty for rows written another way (they are always rewritten).
    payload_digest = models.CharField(max_length=32, default="", db_default="", editable=False)

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        constraints = [models.UniqueConstraint(fields=["campaign", "scope"], name="one_snapshot_per_scope")]

    def __str__(self):
        return f"{self.campaign_id} · {self.scope} · v{self.data_version}"


class OfflineChange(models.Model):
    """A change made on a device without a connection and applied by the sync (see `offline_sync`).

    Its id is generated on the device; it is stored in the same transaction as the change itself, so a
    batch sent again (an answer lost on the way back) returns the stored result and changes nothing.
    Only applied changes (saved or unchanged) are kept: a conflict or a refusal changed nothing and may be
    sent again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    applied_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("offline change")
        verbose_name_plural = _("offline changes")

    def __str__(self):
        return f"{self.kind} {self.id}"


class FeedbackQuestion(models.Model):
    """A question of a campaign's end-of-training feedback survey (Kirkpatrick level 1), in ky/ru/en.

    A question that has answers is archived rather than deleted and keeps its kind, so results already
    collected stay readable; each answer also keeps the text the participant saw (see FeedbackAnswer).
    """

    class Kind(models.TextChoices):
        SCALE = "scale", _("scale 1–5")
        TEXT = "text", _("free text")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="feedback_questions", verbose_name=_("campaign")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.SCALE)
    text_ky = models.CharField(_("text (Kyrgyz)"), max_length=300, blank=True)
    text_ru = models.CharField(_("text (Russian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")
        ordering = ["campaign", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=["scale", "text"]), name="feedback_kind_known")]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        return self.text_in(get_language() or "ru")

    def text_in(self, language: str) -> str:
        """The text in `language`, else in the next language that has one."""
        order = {"ky": ("ky", "ru", "en"), "en": ("en", "ru", "ky")}.get(language[:2], ("ru", "ky", "en"))
        return next((getattr(self, f"text_{code}") for code in order if getattr(self, f"text_{code}")), "")

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE


class FeedbackResponse(models.Model):
    """One participant's answers to the feedback survey: at most one per enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    language = models.CharField(_("language"), max_length=2)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")

    def __str__(self):
        return f"feedback {self.pk}"


FEEDBACK_TEXT_MAX_LENGTH = 1000


class FeedbackAnswer(models.Model):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="answers")
    # The question as the participant read it, so later edits of the wording do not change what was answered.
    question_text = models.CharField(max_length=300)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    text = models.TextField(_("answer"), max_length=FEEDBACK_TEXT_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_feedback_answer_per_question"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.response_id} · {self.question_id}"


class FormAssignment(models.Model):
    """Which parallel form an enrolment takes first (`assessments.parallel_forms`): A then B, or B then A.

    Drawn at random but balanced within the session, recorded once and never changed afterwards, so that
    the statistics can report growth per order.
    """

    class Order(models.TextChoices):
        AB = "AB", _("form A before, form B after")
        BA = "BA", _("form B before, form A after")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="form_assignment")
    order = models.CharField(_("order of the forms"), max_length=2, choices=Order.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form assignment")
        verbose_name_plural = _("form assignments")

    def __str__(self):
        return f"{self.enrolment_id} · {self.order}"


class SelfTestWindow(models.Model):
    """A phase of a session opened by a trainer for participants to take the test on their phones.

    Open while `closed_at` is empty and `closes_at` has not passed (docs/self-test.md).
    """

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="self_test_windows")
    # Wide enough for a later "follow_up" phase.
    phase = models.CharField(_("phase"), max_length=10)
    code = models.CharField(_("short code"), max_length=8, unique=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("self-test window")
        verbose_name_plural = _("self-test windows")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.session_id} · {self.phase} · {self.code}"

    @property
    def phase_label(self) -> str:
        return str(dict(TestResult.Phase.choices).get(self.phase, self.phase))

    def is_open(self, now=None) -> bool:
        return self.closed_at is None and (now or timezone.now()) < self.closes_at


class SelfTestAttempt(models.Model):
    """One participant's self-test in a window: the answers kept while they go, then the submission.

    `device` is a random secret kept in the phone's session: only that phone continues the attempt.
    A retry allowed by the trainer clears the attempt and lets one new submission replace the result of
    version `retry_version`.
    """

    window = models.ForeignKey(SelfTestWindow, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="self_test_attempts")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    device = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=2, default="ky")
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    retry_version = models.PositiveIntegerField(null=True, blank=True)
    retries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("self-test attempt")
        verbose_name_plural = _("self-test attempts")
        constraints = [models.UniqueConstraint(fields=["window", "enrolment"], name="one_attempt_per_window")]

    def __str__(self):
        return f"{self.window_id} · {self.enrolment_id}"
