"""Messages to deputies by SMS and e-mail: editable templates, batches sent by a Celery task, one row per
message with its status (docs/messaging.md). Imported by `trainings.models`, so they belong to the app."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from councils.models import Deputy

from .rendering import TemplateError, placeholders_in


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder the day before")
    FOLLOW_UP = "follow_up", _("Follow-up call")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class MessageTemplate(models.Model):
    """The text of one kind of message on one channel, in Kyrgyz and Russian, for a campaign (or for every
    campaign when `campaign` is blank). Placeholders such as {name} are filled for each deputy."""

    campaign = models.ForeignKey(
        "trainings.Campaign", on_delete=models.CASCADE, null=True, blank=True, related_name="message_templates",
        verbose_name=_("campaign"), help_text=_("Blank: for every campaign."),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject_ky = models.CharField(_("subject (Kyrgyz)"), max_length=200, blank=True)
    subject_ru = models.CharField(_("subject (Russian)"), max_length=200, blank=True)
    text_ky = models.TextField(_("text (Kyrgyz)"), max_length=2000)
    text_ru = models.TextField(_("text (Russian)"), max_length=2000)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "channel"], nulls_distinct=False, name="one_message_template_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_channel_display()}"

    def clean(self):
        """The admin's check (the templates page uses TemplateForm): every placeholder must be known."""
        errors = {}
        for name in ("subject_ky", "subject_ru", "text_ky", "text_ru"):
            try:
                placeholders_in(getattr(self, name))
            except TemplateError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationError(errors)

    def text_in(self, language: str) -> str:
        return self.text_ky if language == "ky" else self.text_ru

    def subject_in(self, language: str) -> str:
        return self.subject_ky if language == "ky" else self.subject_ru


class MessageBatch(models.Model):
    """One sending: who sent what to whom (a session's deputies or a filtered list), and how it went.

    The batch is claimed like an import job (`councils.services.leases`): status, heartbeat and attempts,
    so that a worker that dies is noticed and the batch is run again without sending anything twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("sending")
        DONE = "done", _("finished")
        FAILED = "failed", _("stopped")

    class Source(models.TextChoices):
        SESSION = "session", _("deputies of a session")
        LIST = "list", _("a list of deputies")

    campaign = models.ForeignKey(
        "trainings.Campaign", on_delete=models.CASCADE, related_name="message_batches", verbose_name=_("campaign")
    )
    session = models.ForeignKey(
        "trainings.TrainingSession", on_delete=models.SET_NULL, null=True, blank=True, related_name="message_batches",
        verbose_name=_("session"),
    )  # fmt: skip
    source = models.CharField(_("recipients"), max_length=10, choices=Source.choices)
    # The deputies filter of a list batch (the query string of the deputy list), to show what was chosen.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channels = models.JSONField(_("channels"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("message batch")
        verbose_name_plural = _("message batches")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def channel_labels(self) -> list[str]:
        return [str(Channel(channel).label) for channel in self.channels if channel in Channel.values]


class Message(models.Model):
    """One message to one deputy on one channel. `queued → sending` is claimed with a conditional UPDATE
    before the backend is called, and the outcome written after, so a message is never sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")
        UNKNOWN = "unknown", _("unknown, check the gateway")

    batch = models.ForeignKey(MessageBatch, on_delete=models.CASCADE, related_name="messages", verbose_name=_("batch"))
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="messages", verbose_name=_("deputy"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=2)
    # The phone number or e-mail address at the time of sending: for organisers and the backends only.
    recipient = models.CharField(max_length=254, blank=True, editable=False)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_id = models.CharField(_("provider id"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["pk"]
        indexes = [models.Index(fields=["batch", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="queued") | ~Q(recipient=""), name="a_queued_message_has_a_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.deputy_id} · {self.channel} · {self.status}"

    @property
    def idempotency_key(self) -> str:
        """The same for every attempt at this message: a gateway honouring it delivers it once."""
        return f"{settings.MESSAGE_ID_PREFIX}-{self.pk}"
