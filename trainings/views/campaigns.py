"""Campaign list, campaign page (progress, sessions, problems) and campaign forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from roles import ORGANISERS, READERS, role_required

from .. import selectors, services
from ..conflicts import Conflict, campaign_conflicts
from ..forms import CampaignForm, CampaignInviteForm, TargetChangeForm
from ..models import Campaign, Enrolment, TrainingSession
from ..page_cache import cached_part, planning_state


@require_GET
@role_required(*READERS)
def campaign_list(request):
    return render(request, "trainings/campaign_list.html", {"campaigns": selectors.campaign_list()})


def _sessions_by_status(campaign):
    sessions = list(selectors.campaign_sessions(campaign))
    return [
        (status, label, [session for session in sessions if session.status == status])
        for status, label in TrainingSession.Status.choices
    ]


# Councils shown in each list of the campaign page before "Show all".
LIST_ROWS = 50


@require_GET
@role_required(*READERS)
def campaign_detail(request, code):
    campaign = get_object_or_404(Campaign.objects.prefetch_related("topics"), code=code)
    state = planning_state()
    # On 2G a list of 400 councils is most of the page: the first rows, and all of them on request.
    show_all = request.GET.get("all") == "1"
    if show_all:
        progress = cached_part("progress-all", campaign, state, lambda: selectors.campaign_progress(campaign))
    else:
        progress = cached_part(
            "progress", campaign, state, lambda: selectors.campaign_progress(campaign).shortened(LIST_ROWS)
        )
    context = {
        "campaign": campaign,
        "progress": progress,
        "show_all": show_all,
        "sessions_by_status": _sessions_by_status(campaign),
        "problems": cached_part("conflicts", campaign, state, lambda: _conflict_messages(campaign)),
        "target_changes": list(selectors.target_changes(campaign)),
        "convocation_has_elections": selectors.convocation_has_elections(campaign),
    }
    if request.user.is_organiser:
        context["target_form"] = TargetChangeForm(
            search_url=reverse("trainings:campaign_council_search", args=[campaign.code]), auto_id="target-%s"
        )
        form = CampaignInviteForm(campaign=campaign, councils=selectors.target_councils(campaign))
        context["invite_form"] = form
        context["invite_sessions"] = list(
            form.fields["session"].queryset.select_related("venue").order_by("start_date")
        )
    return render(request, "trainings/campaign_detail.html", context)


def _conflict_messages(campaign) -> list[Conflict]:
    # The page shows kind and message only: cached without the sessions (1.6 MB at 100 000 participants).
    return [Conflict(conflict.kind, conflict.message) for conflict in campaign_conflicts(campaign)]


def _campaign_form(request, form, campaign=None):
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        topics = fields.pop("topics")
        try:
            if campaign is None:
                campaign = services.create_campaign(topics=topics, **fields)
            else:
                campaign = services.update_campaign(campaign=campaign, topics=topics, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Campaign %(code)s saved.") % {"code": campaign.code})
            return redirect("trainings:campaign_detail", code=campaign.code)
    return render(request, "trainings/campaign_form.html", {"form": form, "campaign": campaign})


@role_required(*ORGANISERS)
def campaign_create(request):
    return _campaign_form(request, CampaignForm(request.POST or None))


@role_required(*ORGANISERS)
def campaign_update(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    # The form edits a copy so that a failed validation does not change the page's heading.
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=campaign.pk))
    return _campaign_form(request, form, campaign)


@require_POST
@role_required(*ORGANISERS)
def campaign_invite(request, code):
    """Invites a not-yet-scheduled council to one of the campaign's planned sessions."""
    campaign = get_object_or_404(Campaign, code=code)
    form = CampaignInviteForm(request.POST, campaign=campaign, councils=selectors.target_councils(campaign))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("trainings:campaign_detail", args=[campaign.code]) + "#not-scheduled")
    session, council = form.cleaned_data["session"], form.cleaned_data["council"]
    try:
        services.invite_council(session=session, council=council, places=form.cleaned_data["places"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        enrolled = Enrolment.objects.filter(session=session, deputy__council=council).count()
        messages.success(
            request,
            ngettext(
                "%(council)s invited to %(session)s: %(count)d deputy enrolled.",
                "%(council)s invited to %(session)s: %(count)d deputies enrolled.",
                enrolled,
            )
            % {"council": council.name, "session": session.code, "count": enrolled},
        )
    return redirect(reverse("trainings:campaign_detail", args=[campaign.code]) + "#not-scheduled")


@require_POST
@role_required(*ORGANISERS)
def campaign_target(request, code):
    """Adds a council to the campaign's target, excludes one (each with a reason) or undoes that."""
    campaign = get_object_or_404(Campaign, code=code)
    form = TargetChangeForm(request.POST)
    if form.is_valid():
        council, action = form.cleaned_data["council"], form.cleaned_data["action"]
        try:
            services.change_target(
                campaign=campaign, council=council, action=action, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Target of %(code)s changed: %(council)s.") % {"code": campaign.code, "council": council.name},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("trainings:campaign_detail", args=[campaign.code]) + "#target")
