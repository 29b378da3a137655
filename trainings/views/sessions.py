"""Session list with filters, month calendar, session forms with conflict warnings, session page."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from roles import ORGANISERS, check_role, role_required

from .. import selectors, services
from ..access import can_change_session, get_session_for_user, sessions_for_user
from ..conflicts import session_conflicts
from ..forms import CalendarFilterForm, CandidateSearchForm, InvitationForm, SessionFilterForm, SessionForm
from ..models import Campaign, TrainingSession

# Sessions per page of the list (a national campaign has hundreds).
PAGE_SIZE = 50


@require_GET
def session_list(request):
    user = request.user
    form = SessionFilterForm(request.GET or None, show_trainer=user.can_view_reports)
    filters = form.cleaned_data if form.is_valid() else {}
    sessions = selectors.session_list(
        user,
        campaign=filters.get("campaign"),
        status=filters.get("status"),
        trainer=filters.get("trainer"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        query=filters.get("q"),
    )
    page = Paginator(selectors.ComingFirst(sessions, timezone.localdate()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"sessions": page.object_list, "page": page, "query": query.urlencode(), "filter_form": form}
    return render(request, "trainings/session_list.html", context)


# The months the calendar shows: Python's dates end at the years 1 and 9999, and no training is planned
# centuries away, so odd addresses (?month=0001-01) are brought back into this range.
FIRST_MONTH = datetime.date(1900, 1, 1)
LAST_MONTH = datetime.date(2100, 12, 1)


def _month(request, user, campaign=None):
    """The first day of the month asked for (?month=YYYY-MM) within the calendar's range, else of this month,
    else of the month of the latest session (of the campaign, when one is chosen)."""
    value = request.GET.get("month", "")
    try:
        chosen = datetime.datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a calendar month, no time
    except ValueError:
        chosen = None
        if value:
            messages.warning(request, _("The month must be given as YYYY-MM, e.g. 2021-11."))
    if chosen is not None:
        if not FIRST_MONTH <= chosen <= LAST_MONTH:
            messages.warning(
                request,
                _("The calendar shows the months from %(first)s to %(last)s.")
                % {"first": FIRST_MONTH.strftime("%Y-%m"), "last": LAST_MONTH.strftime("%Y-%m")},
            )
        return min(max(chosen, FIRST_MONTH), LAST_MONTH)
    today = timezone.localdate()
    sessions = sessions_for_user(user)
    if campaign is not None:
        sessions = sessions.filter(campaign=campaign)
    this_month = sessions.filter(start_date__year=today.year, start_date__month=today.month).exists()
    latest = None if this_month else sessions.order_by("-start_date").values_list("start_date", flat=True).first()
    day = latest or today
    return min(max(day.replace(day=1), FIRST_MONTH), LAST_MONTH)


@require_GET
def session_calendar(request):
    form = CalendarFilterForm(request.GET or None)
    campaign = form.cleaned_data["campaign"] if form.is_valid() else None
    first = _month(request, request.user, campaign)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=31)).replace(day=1)
    weeks = selectors.month_calendar(request.user, first.year, first.month, campaign=campaign)
    context = {
        "weeks": weeks,
        "filter_form": form,
        "campaign": campaign,
        "has_sessions": any(day.in_month and day.sessions for week in weeks for day in week),
        "month": first,
        "previous": previous.strftime("%Y-%m") if first > FIRST_MONTH else "",
        "following": following.strftime("%Y-%m") if first < LAST_MONTH else "",
        "weekdays": [first - datetime.timedelta(days=first.weekday() - offset) for offset in range(7)],
    }
    return render(request, "trainings/session_calendar.html", context)


def _session_fields(form):
    fields = {name: value for name, value in form.cleaned_data.items() if name != "trainers"}
    return fields, list(form.cleaned_data["trainers"])


def _session_form(request, form, session=None):
    warnings = session_conflicts(session) if session is not None and request.method == "GET" else []
    if request.method == "POST" and form.is_valid():
        fields, trainers = _session_fields(form)
        warnings = session_conflicts(form.instance, trainers=trainers)
        if not warnings or request.POST.get("confirm_conflicts"):
            try:
                if session is None:
                    campaign = fields.pop("campaign")
                    session = services.create_session(campaign=campaign, trainers=trainers, **fields)
                else:
                    session = services.update_session(session=form.instance, trainers=trainers, **fields)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Session %(code)s saved.") % {"code": session.code})
                return redirect("trainings:session_detail", pk=session.pk)
    context = {"form": form, "session": session, "warnings": warnings, "needs_confirmation": bool(warnings)}
    return render(request, "trainings/session_form.html", context)


@role_required(*ORGANISERS)
def session_create(request):
    initial = {}
    campaign = Campaign.objects.filter(code=request.GET.get("campaign", "")).first()
    if campaign is not None:
        initial = {"campaign": campaign, "start_date": campaign.start}
    return _session_form(request, SessionForm(request.POST or None, initial=initial))


def session_update(request, pk):
    session = get_session_for_user(request.user, pk, write=True)
    check_role(request.user, *ORGANISERS)
    return _session_form(request, SessionForm(request.POST or None, instance=session), session)


@require_GET
def session_detail(request, pk):
    user = request.user
    session = get_session_for_user(
        user, pk, queryset=TrainingSession.objects.select_related("campaign", "venue", "venue__district", "approved_by")
    )
    roster = selectors.session_roster(session)
    context = {
        "session": session,
        "trainers": list(session.trainers.all()),
        "roster": roster,
        "day_totals": selectors.day_totals(session, roster),
        "completed": sum(1 for row in roster if row.completed),
        "invitations": selectors.session_invitations(session),
        "can_mark": can_change_session(user, session) and not session.is_approved,
        # The feedback survey's slips carry each participant's own link: for those who run the session.
        "can_hand_out_feedback": can_change_session(user, session),
        "open_days": session.days_come(),
        "certificates_ready": session.has_ended(),
        "can_manage": user.is_organiser,
        # The copy a device keeps for offline work holds no phone numbers.
        "show_phones": user.can_see_phones and "device_copy" not in request.GET,
        "device_copy": "device_copy" in request.GET,
        "warnings": session_conflicts(session),
    }
    if user.is_organiser:
        context["invite_form"] = InvitationForm(
            councils=selectors.invitable_councils(session),
            search_url=reverse("trainings:session_council_search", args=[session.pk]),
            auto_id="invite_%s",
        )
        context["search_form"] = CandidateSearchForm()
    return render(request, "trainings/session_detail.html", context)
