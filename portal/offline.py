"""The installable app: the web app manifest and the service worker, both served from the site root.

The service worker must be served from `/` (not `/static/`) to control every page of the portal; it loads
Workbox from the portal's own static files (scripts/vendor.sh), never from a CDN.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies")


@require_GET
@never_cache
@login_not_required
def service_worker(request):
    """The service worker script; never cached by the browser's HTTP cache, so an update reaches devices."""
    context = {
        "static_url": settings.STATIC_URL,
        "workbox_sw": static("vendor/workbox/workbox-sw.js"),
        # Resolved per request: the hashed names exist only once collectstatic has run.
        "workbox_modules": json.dumps({name: static(f"vendor/workbox/{name}.prod.js") for name in WORKBOX_MODULES}),
    }
    response = render(request, "portal/offline/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@login_not_required
def manifest(request):
    """The web app manifest, named in the active language (the page links it with the language it shows)."""
    icons = [
        {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
        for size in (192, 512)
    ]
    icons.append(
        {"src": static("img/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"}
    )
    data = {
        "name": _("Deputy Training Portal"),
        "short_name": _("Deputy training"),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0a58ca",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
