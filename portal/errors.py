"""Server errors. A request that meets a lost database connection (PostgreSQL restarting, a network hiccup)
is answered 503 "not saved — try again" instead of a bare 500: nothing half-done was saved (each write is one
transaction, and a score save names the version it started from, so a retry never applies a change twice),
and the score grid sends such a save again by itself (static/js/score_retry.js).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 2


def server_error(request):
    """handler500. Django calls it while it handles the exception, so sys.exc_info() names the exception;
    this covers views and middleware alike (a session read at the start of a request, too)."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request)


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
    return _with_retry_after(HttpResponse(render_to_string("503.html", {"message": message}), status=503))


def _with_retry_after(response):
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
