from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trainings.selectors import sessions_ahead

from .health import run_checks


@require_GET
@never_cache
@login_not_required
def health(request):
    """JSON status of the database, Redis and the Celery worker; 503 when one is down."""
    checks = run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def home(request):
    """Welcome page: the user's sessions of today and the next ones first, then the portal's sections."""
    ahead = sessions_ahead(request.user, timezone.localdate())
    return render(request, "portal/home.html", {"ahead": ahead, "today": timezone.localdate()})


@require_GET
@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on their own (bookmarks, PDF tabs); pages link the SVG icon."""
    # Resolved per request: the hashed name exists only once collectstatic has run.
    return HttpResponseRedirect(static("img/favicon.ico"))
