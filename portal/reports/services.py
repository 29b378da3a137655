"""Changes made by the reports: freezing a campaign's report."""

from django.db import transaction

from portal.models import FrozenReport

from .payload import build_report


def freeze_report(*, campaign, user, language: str, title: str = "") -> FrozenReport:
    """Store the campaign's report as it is now (figures recomputed first if the data changed), in
    `language`; later data changes do not alter it."""
    payload = build_report(campaign, language)
    with transaction.atomic():
        return FrozenReport.objects.create(
            campaign=campaign,
            title=title.strip()[:200],
            created_by=user,
            language=language,
            data_version=payload["data_version"] or 0,
            payload=payload,
        )
