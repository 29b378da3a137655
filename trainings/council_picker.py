"""What the council picker lists: councils found by name or code (councils.council_search), nearest first,
each with what an organiser weighs before choosing it for a campaign.

Nearest first: the councils of the session venue's district, then of its region, then the rest, each
group in the alphabetical order of the council's (folded) Kyrgyz name. Each council carries `to_invite`
(deputies of the campaign's convocation not yet enrolled in any of its sessions), `invited_to` (the code
of a session of the campaign, not cancelled, it is invited to, or None) and `trained` (≥ 1 of its
deputies present in the campaign). One query.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from councils.council_search import search_councils
from councils.models import Deputy

from .models import Enrolment, Invitation, TrainingSession
from .selectors import participating_enrolments, target_councils

PICKER_LIMIT = 20


@dataclass
class PickerResults:
    councils: list
    query: str
    more: bool  # more councils match than are shown
    limit: int = PICKER_LIMIT


def _annotated(councils, campaign, *, with_target: bool):
    enrolled = Enrolment.objects.filter(session__campaign=campaign).values("deputy_id")
    to_invite = (
        Deputy.objects.filter(council=OuterRef("pk"), convocation=campaign.convocation, merged_into__isnull=True)
        .exclude(pk__in=enrolled)
        .order_by()
        .values("council")
        .annotate(n=Count("pk"))
        .values("n")
    )
    invitations = Invitation.objects.filter(council=OuterRef("pk"), session__campaign=campaign).exclude(
        session__status=TrainingSession.Status.CANCELLED
    )
    trained = participating_enrolments(campaign).filter(deputy__council=OuterRef("pk"))
    councils = councils.select_related("region", "district").annotate(
        to_invite=Coalesce(Subquery(to_invite, output_field=IntegerField()), Value(0)),
        invited_to=Subquery(invitations.order_by("session__start_date", "session__code").values("session__code")[:1]),
        trained=Exists(trained),
    )
    if with_target:
        councils = councils.annotate(in_target=Exists(target_councils(campaign).filter(pk=OuterRef("pk"))))
    return councils


def _nearest_first(councils, venue):
    # Alphabetical by the council's name: the search key starts with it (folded), whereas the territory
    # names would put "г. Кара-Куль" far from "Кара-Кульский городской кенеш".
    if venue is None or venue.district_id is None:
        return councils.order_by("search_key", "code")
    nearness = Case(
        When(district_id=venue.district_id, then=Value(0)),
        When(region_id=venue.district.region_id, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return councils.annotate(nearness=nearness).order_by("nearness", "search_key", "code")


def pick_councils(
    councils, campaign, query: str, *, venue=None, with_target=False, limit=PICKER_LIMIT
) -> PickerResults:
    """Up to `limit` of `councils` matching `query`, nearest to `venue` first.

    An empty query lists the councils of the venue's district (none without a venue).
    """
    query = (query or "").strip()
    if query:
        found = search_councils(councils, query)
    elif venue is not None and venue.district_id is not None:
        found = councils.filter(Q(district_id=venue.district_id))
    else:
        found = councils.none()
    rows = list(_nearest_first(_annotated(found, campaign, with_target=with_target), venue)[: limit + 1])
    return PickerResults(councils=rows[:limit], query=query, more=len(rows) > limit, limit=limit)
