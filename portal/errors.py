"""Error pages in the portal's look (403, 404, CSRF failure, 500), translated, with a way back.

403, 404 and the CSRF failure render with the request (menu, language switcher). The 500 page is
rendered without the request or context processors: the database or whatever failed may be down.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


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
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
