"""JSON API of the statistics (DESIGN §4): `GET /api/stats/summary/?campaign=CODE[&scope=X]`."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trainings.models import Campaign

from .statistics.snapshots import CAMPAIGN, SCOPES, as_scope_list, get_campaign_stats


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def summary_body(campaign, scope=None):
    """The statistics and the JSON body of the summary (DESIGN §4): an object for the campaign with its snapshot
    state, or a list for a scope. Shared with the open API (`/api/v1/statistics/`)."""
    stats = get_campaign_stats(campaign, scope or CAMPAIGN, refresh=True)
    if scope is None:
        body = {
            **stats.payload,
            "snapshot": {
                "state": stats.state,
                "data_version": stats.data_version,
                "computed_at": stats.computed_at.isoformat() if stats.computed_at else None,
                "computed_now": stats.computed_now,
            },
        }
    else:
        body = as_scope_list(stats)
    return stats, body


@require_GET
@never_cache
def stats_summary(request):
    """The §3 figures of a campaign (an object) or of one breakdown (a list of objects with scope and key).

    Staff, organisers and admins only. Reads the stored snapshot; when it is missing or older than the data
    it is recomputed first, so the answer always matches the data (the X-Stats-* headers say what happened).
    """
    if not request.user.can_view_reports:
        return _error(_("You do not have permission to view statistics."), 403)
    code = request.GET.get("campaign", "").strip()
    if not code:
        return _error(_("Give the campaign code: ?campaign=CODE."), 400)
    scope = request.GET.get("scope", "").strip() or None
    if scope is not None and scope not in SCOPES:
        return _error(_("Unknown scope “%(scope)s”; use one of: %(scopes)s.") % {"scope": scope,
                      "scopes": ", ".join(SCOPES)}, 400)  # fmt: skip
    campaign = get_object_or_404(Campaign, code=code)
    stats, body = summary_body(campaign, scope)
    response = JsonResponse(body, safe=False, json_dumps_params={"ensure_ascii": False})
    response["X-Stats-State"] = stats.state
    response["X-Stats-Data-Version"] = str(stats.data_version)
    response["X-Stats-Computed-Now"] = "1" if stats.computed_now else "0"
    return response
