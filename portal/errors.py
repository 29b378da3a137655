"""Error pages in the portal's look (403, 404, CSRF failure, 500, 503), translated, with a way back.

403, 404 and the CSRF failure render with the request (menu, language switcher). The 500 and 503 pages are
rendered without the request or context processors: the database or whatever failed may be down.

A request that meets a lost database connection (PostgreSQL restarting, a network hiccup) is answered 503
"not saved — try again" instead of a bare 500: nothing half-done was saved (each write is one transaction,
and a score save names the version it started from, so a retry never applies a change twice), and the score
grid sends such a save again by itself (static/js/score_retry.js).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 2


def _back_url(request):
    """The page the visitor came from, when it is on this site and not the failing page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    if (
        referer
        and referer != request.build_absolute_uri()
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referer
    return ""


def _render(request, template, status):
    return render(request, template, {"back_url": _back_url(request)}, status=status)


def permission_denied(request, exception=None):
    return _render(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "errors/404.html", 404)


def csrf_failure(request, reason=""):
    return _render(request, "errors/403_csrf.html", 403)


def server_error(request):
    """handler500. Django calls it while it handles the exception, so sys.exc_info() names the exception;
    this covers views and middleware alike (a session read at the start of a request, too)."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def database_unavailable(request) -> HttpResponse:
    """503 without touching the database: plain text for htmx requests (the page's script shows it), else a
    page of its own (the usual layout would read the user and the menu from the database)."""
    if request.headers.get("HX-Request"):
        # Shown inside a score cell on a phone: short.
        text = _("Not saved, try again")
        return _with_retry_after(HttpResponse(text, status=503, content_type="text/plain; charset=utf-8"))
    if request.method == "GET":
        message = _("The database cannot be reached just now. Try again in a moment.")
    else:
        message = _("Not saved: the database cannot be reached just now. Try again in a moment.")
    return _with_retry_after(HttpResponse(loader.render_to_string("errors/503.html", {"message": message}), status=503))


def _with_retry_after(response):
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
