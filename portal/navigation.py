"""The navigation bar: each entry names the roles that may use it (DESIGN §5).

Other parts add their pages here; an entry whose URL does not exist yet is left out.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]


ALL_ROLES = tuple(Role.values)

NAV_ITEMS = [
    NavItem(_("Home"), "home", ALL_ROLES),
    NavItem(_("Campaigns"), "trainings:campaign_list", (Role.ADMIN, Role.ORGANISER, Role.STAFF)),
    NavItem(_("Sessions"), "trainings:session_list", ALL_ROLES),
    NavItem(_("Dashboards"), "portal:dashboard_index", (Role.ADMIN, Role.ORGANISER, Role.STAFF)),
    NavItem(_("Councils"), "councils:region_list", (Role.ADMIN, Role.ORGANISER, Role.STAFF)),
    NavItem(_("Deputies"), "councils:deputy_list", ALL_ROLES),
    NavItem(_("Imports"), "councils:import_start", (Role.ADMIN, Role.ORGANISER)),
    NavItem(_("Results import"), "assessments:results_import", (Role.ADMIN, Role.ORGANISER)),
    NavItem(_("Administration"), "admin:index", (Role.ADMIN,)),
]


def items_for(user):
    """The (label, url, active-prefix) entries this user may see."""
    if not user.is_authenticated:
        return []
    entries = []
    for item in NAV_ITEMS:
        if not user.has_role(*item.roles):
            continue
        try:
            entries.append({"label": item.label, "url": reverse(item.url_name)})
        except NoReverseMatch:
            continue
    return entries
