"""Tests (instruments, questions), pre/post results with history, statistics snapshots (DESIGN §2–§3)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
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
        max_length=4,
        blank=True,
        choices=[("pre", _("pre-test")), ("post", _("post-test"))],
        help_text=_("Blank: used for both the pre-test and the post-test."),
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

    class Source(models.TextChoices):
        GRID = "grid", _("score grid")
        IMPORT = "import", _("import")
        SELF_TEST = "self_test", _("self-test")
        OFFLINE = "offline", _("offline copy")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="results")
    phase = models.CharField(_("phase"), max_length=4, choices=Phase.choices)
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
