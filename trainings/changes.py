"""Announcing that a campaign's data (enrolments, attendance, scores) changed.

Every service that changes such data calls `mark_campaign_changed` inside its transaction. The
campaign's `data_version` goes up at once (so a snapshot can tell it is stale), and once the
transaction commits, `campaign_data_changed` is sent; the statistics app listens to it and schedules a
recompute. A signal keeps the dependency one-way: trainings does not import assessments.
Certificates whose participant no longer completed their session are revoked right here, in the same
transaction as the correction, whichever path (grid, offline sync, import, session edit, merge) made it.
"""

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

from .certificates import revoke_lapsed_certificates
from .models import Campaign

# Sent after commit with `campaign_id`.
campaign_data_changed = Signal()


def mark_campaign_changed(campaign_id: int) -> None:
    Campaign.objects.filter(pk=campaign_id).update(data_version=F("data_version") + 1)
    revoke_lapsed_certificates(campaign_id)
    transaction.on_commit(lambda: _announce(campaign_id))


def _announce(campaign_id: int) -> None:
    """Tell the listeners once the change is committed; a failing listener is logged, never raised.

    A listener typically queues a Celery task: with Redis down that fails, but the change is saved and
    `data_version` already says the statistics are stale, so the next recompute catches up. (Django's
    `send_robust` logs each failure with its traceback on the `django.dispatch` logger.)
    """
    campaign_data_changed.send_robust(sender=Campaign, campaign_id=campaign_id)
