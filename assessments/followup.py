"""Who is due for the follow-up test of a campaign, and who has taken it (DESIGN §3 retention).

A participant is due when they completed their session (present every day), the session ended at least
`FOLLOWUP_DUE_MONTHS` months ago (setting, default 3) and no follow-up score has been entered. Those who
completed more recently are "not yet due"; a follow-up score moves a participant to "taken".
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone

from councils.collation import deputy_order
from trainings.selectors import completed_enrolments

from .models import TestResult

DEFAULT_DUE_MONTHS = 3


def due_months() -> int:
    return max(int(getattr(settings, "FOLLOWUP_DUE_MONTHS", DEFAULT_DUE_MONTHS)), 0)


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class FollowupEntry:
    enrolment: object
    due_on: date
    result: TestResult | None = None

    @property
    def deputy(self):
        return self.enrolment.deputy

    @property
    def session(self):
        return self.enrolment.session

    @property
    def pct(self) -> float | None:
        if self.result is None:
            return None
        return float(100 * self.result.score / self.result.max_score)


@dataclass
class FollowupList:
    months: int
    due: list = field(default_factory=list)
    taken: list = field(default_factory=list)
    not_yet_due: int = 0

    @property
    def completed(self) -> int:
        return len(self.due) + len(self.taken) + self.not_yet_due


def followup_list(campaign, *, today: date | None = None, months: int | None = None) -> FollowupList:
    """The campaign's completed participants sorted into due, taken and not yet due (three queries)."""
    today = today or timezone.localdate()
    months = due_months() if months is None else months
    enrolments = list(
        completed_enrolments(campaign)
        .select_related("deputy__council", "session")
        .order_by("session__start_date", "session__code", *deputy_order("deputy__"), "pk")
    )
    results = {
        result.enrolment_id: result
        for result in TestResult.objects.filter(
            enrolment__session__campaign=campaign, phase=TestResult.Phase.FOLLOW_UP
        ).only("enrolment_id", "score", "max_score", "updated_at")
    }
    listing = FollowupList(months=months)
    for enrolment in enrolments:
        due_on = months_after(enrolment.session.end_date, months)
        result = results.get(enrolment.pk)
        if result is not None:
            listing.taken.append(FollowupEntry(enrolment, due_on, result))
        elif due_on <= today:
            listing.due.append(FollowupEntry(enrolment, due_on))
        else:
            listing.not_yet_due += 1
    return listing
