"""Walk-ins (organisers and the session's trainers): someone from the register, or a new person.

Trainers reach only the councils invited to their session: they search and add deputies of those
councils, and never see or enter phone numbers (DESIGN §5).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from councils.models import Council, Deputy

from .. import selectors, services
from ..access import get_walk_in_session
from ..forms import CandidateSearchForm, WalkInForm
from ..walk_ins import AlreadyInRegister, add_new_walk_in


def _reachable_deputies(user, session):
    """Deputies of the campaign's convocation this user may enrol: trainers only those of invited councils."""
    deputies = Deputy.objects.filter(convocation=session.campaign.convocation)
    if not user.is_organiser:
        deputies = deputies.filter(council__invitations__session=session)
    return deputies


def walk_in(request, pk):
    """Search the register for a deputy (GET) and add them as a walk-in (POST)."""
    session = get_walk_in_session(request.user, pk)
    if request.method == "POST":
        chosen = request.POST.get("deputy", "")
        if not (chosen.isascii() and chosen.isdigit() and len(chosen) < 19):
            raise Http404
        deputy = get_object_or_404(_reachable_deputies(request.user, session).select_related("council"), pk=chosen)
        try:
            services.add_walk_in(session=session, deputy=deputy)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s added to the session.") % {"name": deputy.full_name})
            return redirect("trainings:session_detail", pk=session.pk)
    form = CandidateSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    councils = None if request.user.is_organiser else session.invited_councils.all()
    candidates = selectors.deputy_candidates(session, query=query, councils=councils)
    context = {"session": session, "form": form, "candidates": candidates, "searched": bool(form.data.get("q"))}
    return render(request, "trainings/walk_in.html", context)


def _walk_in_form(request, session):
    invited = list(session.invited_councils.select_related("district", "region").order_by("code"))
    others = []
    if request.user.is_organiser:
        others = list(
            Council.objects.exclude(pk__in=[council.pk for council in invited])
            .select_related("district", "region")
            .order_by("region__code", "district__code", "code")
        )
    return WalkInForm(
        request.POST or None,
        convocation=session.campaign.convocation,
        invited=invited,
        others=others,
        with_phone=request.user.can_see_phones,
    )


def walk_in_new(request, pk):
    """Add a walk-in who is not in the register: the deputy is created, enrolled and flagged for review."""
    session = get_walk_in_session(request.user, pk)
    form = _walk_in_form(request, session)
    existing = refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = add_new_walk_in(session=session, **form.service_fields())
        except AlreadyInRegister as error:
            existing, refusal = error.deputy, error.messages[0]
            existing.enrolled_here = session.enrolments.filter(deputy=existing).exists()
        else:
            messages.success(
                request,
                _("%(name)s added to the session and to the register, for review.")
                % {"name": enrolment.deputy.full_name},
            )
            return redirect("trainings:session_detail", pk=session.pk)
    context = {"session": session, "form": form, "existing": existing, "refusal": refusal}
    return render(request, "trainings/walk_in_new.html", context)
