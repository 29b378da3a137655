"""The public page that checks a certificate by its code (`/verify/`, `/verify/<code>/`), open without an
account: the QR code on a printed certificate leads here.

It shows the participant's name, the campaign, the session's dates and whether the certificate stands
(or since when and, in general words, why it was revoked) — nothing else: no council, phone, birth year or
scores. Lookups are rate-limited per client (`portal.ratelimit`), so codes cannot be guessed in bulk; any
text at all in place of a code gets a plain answer, never an error page.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from trainings.certificates import MAX_INPUT_LENGTH, display_code, find_certificate, normalise_code

from .ratelimit import allow, client_key


def _page(request, *, status=200, typed="", **context):
    response = render(
        request,
        "portal/verify.html",
        {"typed": typed[:MAX_INPUT_LENGTH], "max_length": MAX_INPUT_LENGTH, **context},
        status=status,
    )
    # A verdict is about now: a revocation must show at once, not from a cache.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _lookup(request, text: str):
    if not allow("verify", client_key(request), limit=settings.VERIFY_RATE_LIMIT, window=settings.VERIFY_RATE_WINDOW):
        message = _("Too many checks from your connection. Please wait a few minutes and try again.")
        return _page(request, status=429, problem=message)
    code = normalise_code(text)
    if code is None:
        message = _("This is not a certificate code. A code has 8 letters and digits, like 7K3M-Q9TX.")
        return _page(request, status=400, typed=text, problem=message)
    certificate = find_certificate(code)
    if certificate is None:
        message = _("No certificate with the code %(code)s is known. Check the code on the certificate.")
        return _page(request, status=404, typed=text, problem=message % {"code": display_code(code)})
    enrolment = certificate.enrolment
    return _page(
        request,
        certificate=certificate,
        code=display_code(code),
        name=enrolment.deputy.full_name,
        session=enrolment.session,
        campaign=enrolment.session.campaign,
    )


@login_not_required
@require_GET
def verify(request):
    """The form to type a code; a code typed there is checked here too (`?code=`)."""
    if "code" not in request.GET:
        return _page(request)
    text = request.GET["code"]
    if (code := normalise_code(text)) is not None:
        return redirect("verify_code", code=code)  # its own address, so it can be shared and reloaded
    return _lookup(request, text)


@login_not_required
@require_GET
def verify_code(request, code):
    return _lookup(request, code)
