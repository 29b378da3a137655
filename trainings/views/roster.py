"""Managing a session's roster (organisers): invite and withdraw councils, substitute, remove.

Walk-ins, which trainers add too, are in `walk_ins`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from councils.collation import deputy_order
from councils.models import Deputy

from .. import invitations, selectors, services
from ..access import get_managed_session
from ..forms import CandidateSearchForm, InvitationForm


def _report(request, error):
    messages.error(request, " ".join(error.messages))


@require_POST
def session_invite(request, pk):
    session = get_managed_session(request.user, pk)
    form = InvitationForm(request.POST, councils=selectors.invitable_councils(session))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("trainings:session_detail", pk=session.pk)
    council = form.cleaned_data["council"]
    before = session.enrolments.count()
    try:
        services.invite_council(session=session, council=council, places=form.cleaned_data["places"])
    except ValidationError as error:
        _report(request, error)
    else:
        added = session.enrolments.count() - before
        messages.success(
            request,
            ngettext(
                "%(council)s invited: %(count)d deputy enrolled.",
                "%(council)s invited: %(count)d deputies enrolled.",
                added,
            )
            % {"council": council.name, "count": added},
        )
    return redirect("trainings:session_detail", pk=session.pk)


def _candidates(request, session, *, council=None):
    form = CandidateSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return form, selectors.deputy_candidates(session, query=query, council=council if not query else None)


def _chosen_deputy(request, session):
    chosen = request.POST.get("deputy", "")
    if not (chosen.isascii() and chosen.isdigit() and len(chosen) < 19):
        raise Http404
    return get_object_or_404(Deputy.objects.filter(convocation=session.campaign.convocation), pk=int(chosen))


def substitute(request, pk, enrolment_pk):
    """Replace one participant by another deputy (by default one from the same council)."""
    session = get_managed_session(request.user, pk)
    enrolment = get_object_or_404(session.enrolments.select_related("deputy", "deputy__council"), pk=enrolment_pk)
    if request.method == "POST":
        deputy = _chosen_deputy(request, session)
        replaced = enrolment.deputy.full_name
        try:
            services.substitute_deputy(enrolment=enrolment, deputy=deputy)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("%(new)s replaces %(old)s.") % {"new": deputy.full_name, "old": replaced})
            return redirect("trainings:session_detail", pk=session.pk)
    form, candidates = _candidates(request, session, council=enrolment.deputy.council)
    context = {"session": session, "enrolment": enrolment, "form": form, "candidates": candidates}
    return render(request, "trainings/substitute.html", context)


def remove(request, pk, enrolment_pk):
    """Asks for confirmation (GET) and takes the participant off the roster (POST)."""
    session = get_managed_session(request.user, pk)
    enrolment = get_object_or_404(session.enrolments.select_related("deputy__council", "session"), pk=enrolment_pk)
    if request.method != "POST":
        try:
            services.check_removable(enrolment)
        except ValidationError as error:
            refusal = error.messages
        else:
            refusal = []
        context = {"session": session, "enrolment": enrolment, "refusal": refusal}
        return render(request, "trainings/remove_confirm.html", context)
    name = enrolment.deputy.full_name
    try:
        services.remove_enrolment(enrolment=enrolment)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("%(name)s removed from the session.") % {"name": name})
    return redirect("trainings:session_detail", pk=session.pk)


def withdraw_invitation(request, pk, invitation_pk):
    """Shows what withdrawing the invitation does, or why it cannot be done (GET); withdraws it (POST)."""
    session = get_managed_session(request.user, pk)
    invitation = get_object_or_404(session.invitations.select_related("council"), pk=invitation_pk)
    if request.method != "POST":
        context = {
            "session": session,
            "invitation": invitation,
            "leaving": list(
                invitations.leaving_enrolments(invitation).select_related("deputy").order_by(*deputy_order("deputy__"))
            ),
            "refusal": invitations.withdrawal_refusals(invitation),
        }
        return render(request, "trainings/withdraw_invitation.html", context)
    council = invitation.council.name
    try:
        left = invitations.withdraw_invitation(invitation=invitation)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "The invitation of %(council)s was withdrawn; %(count)d deputy left the roster.",
                "The invitation of %(council)s was withdrawn; %(count)d deputies left the roster.",
                left,
            )
            % {"council": council, "count": left},
        )
    return redirect("trainings:session_detail", pk=session.pk)
