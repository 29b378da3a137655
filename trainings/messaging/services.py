"""Creating message batches and sending them (docs/messaging.md).

`create_batch` renders every message when the organiser sends (so the batch shows exactly what went
out), skips the deputies who asked not to be contacted or have no phone or e-mail, and refuses a list
with nobody to reach before anything is stored. `send_batch` runs in a Celery worker (in process on the
embedded default): it claims the batch like an import job, then each message with a conditional UPDATE
queued → sending before calling the backend, and writes the outcome after. A message found in `sending`
when a batch is claimed again was in flight when the previous worker died: it is marked unknown, never
sent blindly a second time.
"""

import logging
import time
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from kombu.exceptions import OperationalError

from councils.services import leases

from . import backends
from .defaults import default_texts
from .models import Channel, Message, MessageBatch, MessageTemplate
from .rendering import fill, values_for

logger = logging.getLogger(__name__)

LANGUAGES = ("ky", "ru")


# -- templates ----------------------------------------------------------------------------------------


def effective_template(campaign, kind: str, channel: str) -> dict:
    """The texts used for `kind` on `channel` in `campaign`: its own template, else the portal's, else the
    built-in one; with "source" = "campaign" | "global" | "default"."""
    templates = {
        template.campaign_id: template
        for template in MessageTemplate.objects.filter(
            Q(campaign=campaign) | Q(campaign__isnull=True), kind=kind, channel=channel
        )
    }
    for source, key in (("campaign", campaign.pk if campaign else None), ("global", None)):
        template = templates.get(key)
        if template is not None and (source == "global" or campaign is not None):
            return {"source": source, "text_ky": template.text_ky, "text_ru": template.text_ru,
                    "subject_ky": template.subject_ky, "subject_ru": template.subject_ru}  # fmt: skip
    return {"source": "default", **default_texts(kind, channel)}


def save_template(*, campaign, kind, channel, texts: dict, user) -> MessageTemplate:
    """Store the campaign's template of `kind` on `channel` (texts checked by the form)."""
    template, _created = MessageTemplate.objects.update_or_create(
        campaign=campaign, kind=kind, channel=channel, defaults={**texts, "updated_by": user}
    )
    return template


# -- creating a batch ---------------------------------------------------------------------------------


def message_language(deputy, session) -> str:
    """The deputy's own language, else their session's, else MESSAGE_DEFAULT_LANGUAGE."""
    if deputy.language in LANGUAGES:
        return deputy.language
    if session is not None and session.language in LANGUAGES:
        return session.language
    return settings.MESSAGE_DEFAULT_LANGUAGE


def skip_reason(deputy, channel: str) -> str:
    """Why `deputy` gets no message on `channel` ("" when they get one)."""
    if deputy.do_not_contact:
        return _("Asked not to be contacted.")
    if channel == Channel.SMS and not deputy.phone:
        return _("No phone number.")
    if channel == Channel.EMAIL and not deputy.email:
        return _("No e-mail address.")
    return ""


def plan_messages(*, campaign, kind, channels, recipients) -> list[Message]:
    """The messages of a batch, unsaved: `recipients` is a list of (deputy, session or None)."""
    templates = {channel: effective_template(campaign, kind, channel) for channel in channels}
    planned = []
    for deputy, session in recipients:
        language = message_language(deputy, session)
        values = values_for(deputy, session, campaign, language)
        for channel in channels:
            template = templates[channel]
            reason = skip_reason(deputy, channel)
            recipient = "" if reason else (deputy.phone if channel == Channel.SMS else deputy.email)
            planned.append(Message(
                deputy=deputy, channel=channel, language=language, recipient=recipient,
                subject=fill(template[f"subject_{language}"], values) if channel == Channel.EMAIL else "",
                text=fill(template[f"text_{language}"], values),
                status=Message.Status.SKIPPED if reason else Message.Status.QUEUED, reason=reason,
            ))  # fmt: skip
    return planned


def refusal(planned: list[Message], deputies: int) -> str:
    """The organiser's message when nobody in a list can be reached."""
    if not deputies:
        return _("The list has no deputies: nothing was sent.")
    reasons = {}
    for message in planned:
        reasons[message.reason] = reasons.get(message.reason, 0) + 1
    details = "; ".join(f"{reason.rstrip('.')}: {count}" for reason, count in sorted(reasons.items()))
    return ngettext(
        "None of the %(count)s deputy can be reached on the chosen channels (%(details)s): nothing was sent.",
        "None of the %(count)s deputies can be reached on the chosen channels (%(details)s): nothing was sent.",
        deputies,
    ) % {"count": deputies, "details": details}


@transaction.atomic
def create_batch(*, campaign, kind, channels, recipients, user, session=None, filters=None) -> MessageBatch:
    """Store a batch and its messages and queue it for sending after the commit; ValidationError when the
    list is too long or nobody on it can be reached (then nothing is stored)."""
    recipients = list(recipients)
    limit = settings.MESSAGE_BATCH_MAX_RECIPIENTS
    if len(recipients) > limit:
        raise ValidationError(
            _("The list has %(count)s deputies; one sending may have at most %(limit)s. Narrow the filter.")
            % {"count": len(recipients), "limit": limit}
        )
    channels = [channel for channel in Channel.values if channel in channels]
    if not channels:
        raise ValidationError(_("Choose SMS, e-mail or both."))
    planned = plan_messages(campaign=campaign, kind=kind, channels=channels, recipients=recipients)
    if not any(message.status == Message.Status.QUEUED for message in planned):
        raise ValidationError(refusal(planned, len(recipients)))
    batch = MessageBatch.objects.create(
        campaign=campaign, session=session, kind=kind, channels=channels, created_by=user,
        source=MessageBatch.Source.SESSION if session else MessageBatch.Source.LIST, filters=filters or {},
    )  # fmt: skip
    for message in planned:
        message.batch = batch
    Message.objects.bulk_create(planned, batch_size=500)
    transaction.on_commit(lambda: queue_batch(batch.pk))
    return batch


def queue_batch(batch_id: int) -> None:
    """Hand a batch to the worker (in process on the embedded default); with the broker unreachable the
    batch stays queued and the sweep picks it up."""
    from ..tasks import send_message_batch_task

    try:
        send_message_batch_task.delay(batch_id)
    except (OperationalError, OSError):
        logger.exception("could not queue message batch %s", batch_id)
        MessageBatch.objects.filter(pk=batch_id, status=MessageBatch.Status.QUEUED).update(
            message=_("The background worker cannot be reached just now; the messages will go out when it is back.")
        )


# -- sending ------------------------------------------------------------------------------------------


def send_batch(batch_id: int, *, heartbeat: bool = False) -> None:
    """Send the queued messages of a batch, each at most once; a delivery that finds the batch being sent
    elsewhere or finished does nothing."""
    outcome = leases.claim(MessageBatch, batch_id, Q(status=MessageBatch.Status.QUEUED))
    if outcome == leases.EXHAUSTED:
        stop_batch(batch_id)
    if outcome != leases.CLAIMED:
        return
    # Messages in flight when a previous worker died may or may not have reached the provider.
    in_flight_lost(batch_id)
    with leases.heartbeat(MessageBatch, batch_id) if heartbeat else nullcontext():
        queued = Message.objects.filter(batch_id=batch_id, status=Message.Status.QUEUED)
        for pk in list(queued.values_list("pk", flat=True)):
            send_message(pk)
    MessageBatch.objects.filter(pk=batch_id, status=MessageBatch.Status.RUNNING).update(
        status=MessageBatch.Status.DONE, finished_at=timezone.now()
    )


def in_flight_lost(batch_id: int) -> int:
    return Message.objects.filter(batch_id=batch_id, status=Message.Status.SENDING).update(
        status=Message.Status.UNKNOWN,
        reason=_("The sending was interrupted while this message was with the provider: check the gateway's log "
                 "before sending it again."),
        finished_at=timezone.now(),
    )  # fmt: skip


def send_message(pk: int) -> str | None:
    """Claim message `pk` (queued → sending) and send it; returns its final status, None when not claimed."""
    claimed = Message.objects.filter(pk=pk, status=Message.Status.QUEUED).update(
        status=Message.Status.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return None
    message = Message.objects.get(pk=pk)
    status, reason, provider_id = deliver(message)
    Message.objects.filter(pk=pk, status=Message.Status.SENDING).update(
        status=status, reason=reason[:500], provider_id=provider_id[:200], finished_at=timezone.now()
    )
    return status


def deliver(message: Message) -> tuple[str, str, str]:
    """Call the backend, retrying known-transient failures MESSAGE_MAX_ATTEMPTS times with backoff:
    (status, reason, provider id). Each attempt is counted on the message before it is made."""
    sms = backends.sms_backend() if message.channel == Channel.SMS else None
    attempts = settings.MESSAGE_MAX_ATTEMPTS
    for attempt in range(1, attempts + 1):
        Message.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
        try:
            if sms is not None:
                provider_id = sms.send(to=message.recipient, text=message.text, key=message.idempotency_key)
            else:
                provider_id = backends.send_email(
                    to=message.recipient, subject=message.subject, text=message.text, key=message.idempotency_key
                )
        except backends.PermanentFailure as failure:
            return Message.Status.FAILED, failure.reason, ""
        except backends.AmbiguousFailure as failure:
            idempotent = sms.idempotent if sms is not None else False
            if not idempotent:
                return Message.Status.UNKNOWN, failure.reason, ""
            if attempt == attempts:
                return Message.Status.FAILED, failure.reason, ""
        except backends.TemporaryFailure as failure:
            if attempt == attempts:
                return Message.Status.FAILED, failure.reason, ""
        else:
            return Message.Status.SENT, "", provider_id
        time.sleep(settings.MESSAGE_RETRY_BACKOFF * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def stop_batch(batch_id: int) -> None:
    """A batch whose worker died JOB_MAX_ATTEMPTS times is stopped: what was queued is not sent."""
    in_flight_lost(batch_id)
    Message.objects.filter(batch_id=batch_id, status=Message.Status.QUEUED).update(
        status=Message.Status.FAILED, reason=_("The sending was interrupted several times and has been stopped."),
        finished_at=timezone.now(),
    )  # fmt: skip
    MessageBatch.objects.filter(pk=batch_id, status=MessageBatch.Status.RUNNING).update(
        status=MessageBatch.Status.FAILED, finished_at=timezone.now(),
        message=_("The sending was interrupted several times and has been stopped."),
    )  # fmt: skip


def sweep_stuck_batches() -> int:
    """Beat: batches whose worker died are queued again (or stopped after JOB_MAX_ATTEMPTS)."""
    from ..tasks import send_message_batch_task

    # Batches never handed to a worker (the broker was down when they were sent) are queued again too.
    cutoff = timezone.now() - timedelta(seconds=leases.stale_seconds())
    waiting = MessageBatch.objects.filter(status=MessageBatch.Status.QUEUED, created_at__lt=cutoff)
    pks = list(waiting.values_list("pk", flat=True))
    for pk in pks:
        send_message_batch_task.delay(pk)
    return len(pks) + leases.sweep(MessageBatch, requeue=send_message_batch_task.delay, give_up=stop_batch)


def batch_counts(batch) -> dict:
    """Messages of a batch per status, and the total."""
    counts = dict.fromkeys(Message.Status.values, 0)
    for row in Message.objects.filter(batch=batch).values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts.values())
    counts["done"] = counts["total"] - counts["queued"] - counts["sending"]
    return counts
