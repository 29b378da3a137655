"""Announcing that a campaign's data (enrolments, attendance, scores) changed.

Every service that changes such data calls `mark_campaign_changed` inside its transaction. The
campaign's `data_version` goes up at once (so a snapshot can tell it is stale), and once the
transaction commits, `campaign_data_changed` is sent; the statistics app listens to it and schedules a
recompute. A signal keeps the dependency one-way: trainings does not import assessments.
"""

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal

from .models import Campaign

# Sent after commit with `campaign_id`.
campaign_data_changed = Signal()


def mark_campaign_changed(campaign_id: int) -> None:
    Campaign.objects.filter(pk=campaign_id).update(data_version=F("data_version") + 1)
    transaction.on_commit(lambda: campaign_data_changed.send(sender=Campaign, campaign_id=campaign_id))
