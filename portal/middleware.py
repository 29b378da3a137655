"""Request hygiene shared by every page.

PostgreSQL cannot store or compare text containing NUL characters: a NUL in a path, query string or
form field would otherwise reach a query and fail with a server error. No field of the portal has a
use for it, so such a request is refused as malformed before any view runs.
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def reject_nul_characters(get_response):
    def middleware(request):
        if NUL in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponseBadRequest(_("The request contains a NUL character, which no field accepts."))
        return get_response(request)

    return middleware
