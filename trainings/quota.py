"""Women's 30 % quota of a campaign: women's share of the elected deputies, of the target councils'
deputies and of the participants, for the whole campaign and by kind of council, region and district;
and the councils where women hold fewer than 30 % of the seats.

- elected: deputies of the campaign's convocation in the register (merged duplicates left out), in any
  council; a council's seats are its deputies in the register (vacant seats are not known);
- target: the elected deputies of the campaign's target councils (`selectors.target_council_ids`);
- participants: distinct deputies present on at least one day of the campaign.

The result is a JSON-able dict (it goes into the donor report's payload); shares are unrounded
percentages, None when there is nobody to divide by.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from councils.models import Council, Deputy

from .selectors import participating_enrolments, target_council_ids

QUOTA_PCT = 30
LEVELS = ("campaign", "council_kind", "region", "district")
GROUPS = ("elected", "target", "participants")
KIND_ORDER = {kind: index for index, kind in enumerate(Council.Kind.values)}


def _counts_by_council(deputies) -> dict[int, tuple[int, int]]:
    """{council id: (deputies, women)}."""
    rows = (
        deputies.order_by()
        .values("council_id")
        .annotate(total=Count("pk", distinct=True), women=Count("pk", distinct=True, filter=Q(gender="F")))
    )
    return {row["council_id"]: (row["total"], row["women"]) for row in rows}


def share_pct(women: int, total: int) -> float | None:
    return None if not total else 100 * women / total


def under_quota(women: int, total: int) -> bool:
    """Women hold fewer than 30 % of the seats (in whole numbers, so that 3 of 10 is not under)."""
    return total > 0 and 100 * women < QUOTA_PCT * total


def _level_keys(council: Council) -> dict[str, tuple[str, str, str]]:
    """(key, label, sort key) of the council's group at each level."""
    district = council.district
    return {
        "campaign": ("campaign", _("All councils"), ""),
        "council_kind": (council.kind, council.get_kind_display(), f"{KIND_ORDER.get(council.kind, 9)}"),
        "region": (council.region.code, council.region.name, council.region.code),
        # Cities directly under a region have no district: they are grouped under the region's name.
        "district": (district.code, district.name, district.code)
        if district
        else (council.region.code, council.region.name, council.region.code),
    }


def _row(key, label, tally) -> dict:
    row = {"key": key, "label": label}
    for group in GROUPS:
        total, women = tally[group]
        row[group] = total
        row[f"{group}_women"] = women
        row[f"{group}_women_pct"] = share_pct(women, total)
    return row


def women_quota(campaign) -> dict:
    """{"threshold_pct", "levels": {level: [rows]}, "under_quota": [councils]} of the campaign (see the module)."""
    elected = _counts_by_council(Deputy.objects.filter(convocation=campaign.convocation, merged_into__isnull=True))
    participants = _counts_by_council(
        Deputy.objects.filter(pk__in=participating_enrolments(campaign).values("deputy_id"))
    )
    target = set(target_council_ids(campaign))
    councils = Council.objects.filter(pk__in={*elected, *participants, *target}).select_related("region", "district")
    tallies = {level: defaultdict(lambda: {group: [0, 0] for group in GROUPS}) for level in LEVELS}
    labels, order = {}, {}
    councils_under = []
    for council in councils:
        counts = {
            "elected": elected.get(council.pk, (0, 0)),
            "target": elected.get(council.pk, (0, 0)) if council.pk in target else (0, 0),
            "participants": participants.get(council.pk, (0, 0)),
        }
        for level, (key, label, sort_key) in _level_keys(council).items():
            labels[(level, key)], order[(level, key)] = label, sort_key
            for group, (total, women) in counts.items():
                tallies[level][key][group][0] += total
                tallies[level][key][group][1] += women
        total, women = counts["elected"]
        if under_quota(women, total):
            councils_under.append(
                {
                    "code": council.code,
                    "label": council.name,
                    "kind": council.get_kind_display(),
                    "region": council.region.name,
                    "district": council.district.name if council.district else "",
                    "seats": total,
                    "women": women,
                    "women_pct": share_pct(women, total),
                    "in_target": council.pk in target,
                }
            )
    levels = {
        level: [
            _row(key, labels[(level, key)], tally)
            for key, tally in sorted(tallies[level].items(), key=lambda item: order[(level, item[0])])
        ]
        for level in LEVELS
    }
    if not levels["campaign"]:
        levels["campaign"] = [_row("campaign", _("All councils"), {group: (0, 0) for group in GROUPS})]
    councils_under.sort(key=lambda council: (council["women_pct"], council["code"]))
    return {"threshold_pct": QUOTA_PCT, "levels": levels, "under_quota": councils_under}
