"""The navigation bar: each entry names the roles that may use it (DESIGN §5).

Other parts add their pages here; an entry whose URL does not exist yet is left out.
`items_for` gives the flat list (the home page's cards); `menu_for` arranges the same entries for the
top bar, where less used pages share a dropdown so that the bar fits in Kyrgyz and Russian too.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from roles import ORGANISERS, READERS, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    # Top-bar placement: "main" (a link of its own), a MENU_GROUPS key (that dropdown), "user" (the user menu).
    place: str = "main"
    menu_label: str = ""  # the label inside a dropdown, when it differs from the home page card
    url_args: tuple = ()  # arguments of the URL, e.g. the kind of an import upload page


ALL_ROLES = tuple(Role.values)

NAV_ITEMS = [
    NavItem(_("Home"), "home", ALL_ROLES),
    NavItem(_("Campaigns"), "trainings:campaign_list", READERS),
    NavItem(_("Sessions"), "trainings:session_list", ALL_ROLES),
    NavItem(_("Venues"), "trainings:venue_list", ORGANISERS, "planning"),
    NavItem(_("Trainers"), "trainers:trainer_list", ORGANISERS, "planning"),
    NavItem(_("Trainer workload"), "trainers:workload", ORGANISERS, "planning"),
    NavItem(_("Automatic planning"), "trainings:planning_index", ORGANISERS, "planning"),
    NavItem(_("Dashboards"), "portal:dashboard_index", READERS),
    NavItem(_("Councils"), "councils:region_list", READERS),
    NavItem(_("Deputies"), "councils:deputy_list", ALL_ROLES),
    NavItem(_("Imports"), "councils:import_start", ORGANISERS, "imports", _("Councils and deputies")),
    NavItem(_("Results import"), "councils:import_upload", ORGANISERS, "imports", url_args=("results",)),
    NavItem(_("Administration"), "admin:index", (Role.ADMIN,), "user"),
]
# Each group is one dropdown in the top bar, so that the bar fits 1280 pixels in Kyrgyz too.
MENU_GROUPS = {"planning": _("Planning"), "imports": _("Imports")}


def _entries(user):
    if not user.is_authenticated:
        return
    for item in NAV_ITEMS:
        if not user.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name, args=item.url_args)
        except NoReverseMatch:
            continue
        yield item, {"label": item.label, "url": url, "menu_label": item.menu_label or item.label}


def items_for(user):
    """The (label, url) entries this user may see, in menu order."""
    return [entry for _item, entry in _entries(user)]


def _leads_to(url, path):
    return path == url if url == "/" else path.startswith(url)


def menu_for(user, path):
    """The top bar: `main` links and dropdown groups in order, and the extra links of the user menu.

    A link is active when the page is the linked page or below it (the home page only for itself); when
    links nest (/imports/ and /imports/results/), only the longest one that matches.
    """
    main, user_links, groups = [], [], {}
    entries = list(_entries(user))
    matching = [entry["url"] for _item, entry in entries if _leads_to(entry["url"], path)]
    current = max(matching, key=len, default=None)
    for item, entry in entries:
        entry["active"] = entry["url"] == current
        if item.place == "user":
            user_links.append(entry)
        elif item.place == "main":
            main.append(entry)
        elif item.place in groups:
            groups[item.place]["children"].append(entry)
        else:
            groups[item.place] = {"label": MENU_GROUPS[item.place], "key": item.place, "children": [entry]}
            main.append(groups[item.place])
    for group in groups.values():
        group["active"] = any(child["active"] for child in group["children"])
    return {"main": main, "user": user_links}
