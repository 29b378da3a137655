"""The campaign dashboard page (staff, organisers, admins) and the list of campaigns with their dashboards."""

from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from assessments.statistics.snapshots import RECOMPUTING, STALE, UP_TO_DATE, schedule_recompute
from portal.narrative import campaign_target_description, figures_from_summary, write_narrative
from roles import READERS, role_required
from trainings.approval import approval_counts
from trainings.models import Campaign

from . import presentation
from .figures import CACHE_SECONDS, COMPUTED, campaign_with_snapshot_meta, dashboard_figures, figures_stamp
from .filters import FILTER_LABELS, DashboardFilters, place_names
from .quota import quota_panel

NARRATIVE_LANGUAGES = (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English"))


def freshness_text(state, computed_at) -> str:
    if state == COMPUTED:
        return _("computed now for these filters")
    if state == RECOMPUTING:
        return _("recomputing…")
    if computed_at is None:
        return _("not computed yet")
    seconds = max(int((timezone.now() - computed_at).total_seconds()), 0)
    if seconds < 60:
        age = ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}
    elif seconds < 3600:
        age = ngettext("%(count)s minute", "%(count)s minutes", seconds // 60) % {"count": seconds // 60}
    elif seconds < 2 * 86400:
        age = ngettext("%(count)s hour", "%(count)s hours", seconds // 3600) % {"count": seconds // 3600}
    else:
        age = ngettext("%(count)s day", "%(count)s days", seconds // 86400) % {"count": seconds // 86400}
    if state == STALE:
        return _("stale: the data changed since it was updated %(age)s ago") % {"age": age}
    return _("updated %(age)s ago") % {"age": age}


def ignored_filters_text(dropped) -> str:
    """A line naming the filters whose values were not recognised (they are left out of the figures)."""
    if not dropped:
        return ""
    names = ", ".join(str(FILTER_LABELS[name]) for name in dropped)
    return ngettext(
        "This filter was ignored because its value is unknown: %(names)s.",
        "These filters were ignored because their values are unknown: %(names)s.",
        len(dropped),
    ) % {"names": names}


def _narratives(campaign, summary):
    if not summary or not summary["participants"]:
        return []
    figures = figures_from_summary(campaign.start, campaign.end, summary, campaign_target_description(campaign))
    current = get_language()[:2]
    texts = [(code, name, write_narrative(figures, code)) for code, name in NARRATIVE_LANGUAGES]
    return sorted(texts, key=lambda text: text[0] != current)  # the reader's language first


def _filter_fields(filters, options):
    return [
        {"name": name, "label": FILTER_LABELS[name], "value": getattr(filters, name), "choices": options[name]}
        for name in ("region", "sex", "age_band", "trainer", "topic")
        if options[name]
    ]


def _figures_html(campaign, filters, sort, stamp) -> str:
    """The figures part of the page (filters, KPIs, narrative, charts, map, drill-down). It depends only on
    the figures, the filters, the sort order and the language, so it is cached with the figures: an
    unchanged campaign is served without building or rendering it again."""
    key = f"{stamp.key}:html:{sort}"
    html = cache.get(key)
    if html is not None:
        return html
    figures = dashboard_figures(campaign, filters, get_language(), stamp)
    summary = figures["summary"]
    context = {
        "campaign": campaign,
        "filters": filters,
        "filter_fields": _filter_fields(filters, figures["options"]),
        "summary": summary,
        "small_cell": bool(summary and summary["small_cell"]),
        "cards": presentation.kpi_cards(summary),
        "forms": presentation.forms_panel(summary),
        "charts": presentation.charts(figures) if summary else [],
        "map": presentation.map_values(campaign, figures, filters),
        "drill": presentation.drill_rows(campaign, figures, filters, sort),
        "breadcrumb": presentation.breadcrumb(campaign, filters, place_names(filters)),
        "narratives": _narratives(campaign, summary) if filters.is_empty else [],
        "base_url": presentation.dashboard_url(campaign, DashboardFilters()),
    }
    html = render_to_string("portal/partials/dashboard_figures.html", context)
    cache.set(key, html, CACHE_SECONDS)
    return html


def approval_text(campaign) -> str:
    """How far the organisers have approved the campaign's data, e.g. "12 of 50 sessions approved"."""
    approved, total = approval_counts(campaign)
    return ngettext(
        "%(approved)d of %(total)d session approved", "%(approved)d of %(total)d sessions approved", total
    ) % {"approved": approved, "total": total}


@require_GET
@role_required(*READERS)
def dashboard(request, code):
    campaign = campaign_with_snapshot_meta(code)
    filters, dropped = DashboardFilters.from_query(request.GET, campaign)
    sort = request.GET.get("sort", "")
    if sort.removeprefix("-") not in presentation.SORT_KEYS:
        sort = ""  # only known columns, so that odd addresses do not fill the cache
    stamp = figures_stamp(campaign, filters, get_language())
    if stamp.data_version is None:
        schedule_recompute(campaign.pk)  # a campaign never computed: ask for its first snapshot
    page_url = presentation.dashboard_url(campaign, filters, sort=sort)
    context = {
        "campaign": campaign,
        "state": stamp.state,
        "fresh": stamp.state in (UP_TO_DATE, COMPUTED),
        "polling": stamp.state == RECOMPUTING or stamp.data_version is None,
        "freshness": freshness_text(stamp.state, stamp.computed_at),
        "ignored_filters": ignored_filters_text(dropped),
        "data_version": stamp.data_version,
        "page_url": page_url,
        "figures_html": mark_safe(_figures_html(campaign, filters, sort, stamp)),  # rendered by our template
        "report_languages": NARRATIVE_LANGUAGES,
        "quota": quota_panel(campaign),
        "approval": approval_text(campaign),
        # dashboard.js writes numbers with these (browsers know no Kyrgyz number format)
        "number_separators": {
            "decimal": get_format("DECIMAL_SEPARATOR"),
            "thousand": get_format("THOUSAND_SEPARATOR"),
        },
    }
    if request.htmx and not request.htmx.boosted:
        # The address bar gets the canonical address (no empty filters), whatever the form sent.
        return push_url(render(request, "portal/partials/dashboard_body.html", context), page_url)
    return render(request, "portal/dashboard.html", context)


@require_GET
@role_required(*READERS)
def dashboard_index(request):
    """Campaigns, newest first, with links to their dashboards and frozen reports."""
    campaigns = Campaign.objects.order_by("-start", "code")
    return render(request, "portal/dashboard_index.html", {"campaigns": campaigns})
