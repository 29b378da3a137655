"""The trainer's side of the self-test: open a phase, show its QR code full screen, follow who has
finished (htmx polling), close the phase, allow one participant a retry (docs/self-test.md).

Only those who may change the session reach these pages (its trainers and organisers, as for the grid).
"""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trainings.access import get_session_for_user
from trainings.models import Enrolment, TrainingSession

from ..models import SelfTestWindow, TestResult
from ..selftest import selectors, services

SESSIONS = TrainingSession.objects.select_related("campaign", "venue")


def _session(request, pk):
    return get_session_for_user(request.user, pk, write=True, queryset=SESSIONS)


def _window(session, window_pk):
    window = get_object_or_404(SelfTestWindow, pk=window_pk, session=session)
    window.session = session
    return window


@require_GET
def selftest_panel(request, pk):
    """The session page's self-test box (loaded in place), or a page of its own without JavaScript."""
    session = _session(request, pk)
    context = {
        "session": session,
        "phases": selectors.phases(),
        "windows": selectors.windows_of_session(session),
    }
    template = "assessments/partials/selftest_panel.html" if request.htmx else "assessments/selftest_panel_page.html"
    return render(request, template, context)


@require_POST
def selftest_open(request, pk, phase):
    if phase not in TestResult.Phase.values:
        raise Http404
    session = _session(request, pk)
    try:
        window = services.open_window(session=session, phase=phase, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trainings:session_detail", pk=session.pk)
    return redirect("assessments:selftest_live", pk=session.pk, window_pk=window.pk)


def _live_context(request, session, window):
    rows = selectors.live_rows(window)
    return {
        "session": session,
        "window": window,
        "phase_label": services.phase_label(window.phase),
        "rows": rows,
        "counts": selectors.counts(rows),
        "is_open": window.is_open(),
    }


@require_GET
def selftest_live(request, pk, window_pk):
    """Full screen for a projector: the QR code, the short code and address, and the live list."""
    session = _session(request, pk)
    window = _window(session, window_pk)
    link = request.build_absolute_uri(reverse("selftest:enter_token", args=[services.window_token(window)]))
    short_address = request.build_absolute_uri(reverse("selftest:enter_code"))
    context = _live_context(request, session, window)
    context.update(
        link=link,
        short_address=short_address.split("://", 1)[-1],
        code=window.code,
        qr=segno.make(link, error="m").svg_inline(border=2, omitsize=True, svgclass="selftest-qr", title=_("QR code")),
    )
    return render(request, "assessments/selftest_live.html", context)


@require_GET
def selftest_status(request, pk, window_pk):
    """The live list, polled by the full-screen page every few seconds."""
    session = _session(request, pk)
    window = _window(session, window_pk)
    return render(request, "assessments/partials/selftest_status.html", _live_context(request, session, window))


@require_POST
def selftest_close(request, pk, window_pk):
    session = _session(request, pk)
    window = services.close_window(window=_window(session, window_pk), user=request.user)
    messages.success(request, _("The self-test is closed: phones can no longer send answers."))
    return redirect("assessments:selftest_live", pk=session.pk, window_pk=window.pk)


@require_POST
def selftest_retry(request, pk, window_pk, enrolment_pk):
    session = _session(request, pk)
    window = _window(session, window_pk)
    enrolment = get_object_or_404(Enrolment.objects.select_related("deputy"), pk=enrolment_pk, session=session)
    try:
        services.allow_retry(window=window, enrolment=enrolment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s may take the test again; the new answers will replace the saved result.")
            % {"name": enrolment.deputy.full_name},
        )
    return redirect("assessments:selftest_live", pk=session.pk, window_pk=window.pk)
