"""Names for the entries of statistics snapshots, added when they are read.

Snapshots store codes only (region code, username, "F", "18-29", ...): the names come from the database
and the translations at read time, in the reader's language and as they are now. One query per scope.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from councils.models import Council, District, Region
from trainings.models import Topic

FIXED = {
    "council_kind": {
        "aiyl_kenesh": _("aiyl kenesh"),
        "town_kenesh": _("town kenesh"),
        "city_kenesh": _("city kenesh"),
    },
    "sex": {"F": _("women"), "M": _("men")},
    "age_band": {
        "18-29": _("18–29"),
        "30-39": _("30–39"),
        "40-49": _("40–49"),
        "50-59": _("50–59"),
        "60+": _("60 and older"),
        "unknown": _("birth year unknown"),
    },
    "youth": {"youth": _("youth"), "not_youth": _("older than youth age"), "unknown": _("birth year unknown")},
    "first_term": {"first_term": _("first term"), "re_elected": _("re-elected"), "unknown": _("unknown")},
}
NO_DISTRICT = _("no district (city under a region)")


def _names_by_code(model, codes):
    return {obj.code: obj.name for obj in model.objects.filter(code__in=codes)}


def _trainer_names(usernames):
    users = get_user_model().objects.filter(username__in=usernames)
    return {user.username: user.display_name for user in users}


def add_labels(scope: str, entries: list, campaign=None) -> list:
    """Set `label` on each entry of one scope (in place) and return the entries."""
    keys = [entry.get("key") for entry in entries]
    if scope == "campaign":
        names = {campaign.code: campaign.name} if campaign is not None else {}
    elif scope in ("region", "district", "council", "topic"):
        model = {"region": Region, "district": District, "council": Council, "topic": Topic}[scope]
        names = _names_by_code(model, [key for key in keys if key])
    elif scope == "trainer":
        names = _trainer_names(keys)
    elif scope == "sex_region":
        regions = _names_by_code(Region, {entry.get("region") for entry in entries})
        sexes = FIXED["sex"]
        names = {entry["key"]: f"{regions.get(entry['region'], entry['region'])} · {sexes[entry['sex']]}"
                 for entry in entries}  # fmt: skip
    elif scope == "items":
        names = {entry["key"]: f"{entry['name']} {entry['form']}".strip() for entry in entries}
    else:
        names = FIXED.get(scope, {})
    for entry in entries:
        key = entry.get("key")
        if scope == "district" and key is None:
            entry["label"] = str(NO_DISTRICT)
        else:
            entry["label"] = str(names.get(key, key))
    return entries
