"""Trainer accounts: list, create, edit, (de)activate, set-password links (page, QR, PDF), unavailable days,
workload; and the set-password page a trainer opens from their link (no login needed)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from fileformats.responses import PDF, download
from roles import ORGANISERS, READERS, Role, check_role, role_required
from trainings.models import Campaign

from . import selectors, services
from .forms import TrainerForm, UnavailabilityForm, WorkloadFilterForm
from .links import find_link, link_problem, link_token
from .printables import qr_svg, set_password_pdf

# Trainers per page of the list, and of the workload (where each brings a row per campaign and per month).
TRAINERS_PAGE_SIZE = 50
WORKLOAD_PAGE_SIZE = 50


def _report(request, error):
    messages.error(request, " ".join(error.messages))


def _link_url(request, link):
    path = reverse("trainers:set_password", kwargs={"pk": link.user_id, "token": link_token(link)})
    return request.build_absolute_uri(path)


@require_GET
@role_required(*READERS)
def trainer_list(request):
    page = Paginator(selectors.trainer_list(), TRAINERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/trainers/trainer_list.html", {"trainers": page.object_list, "page": page})


@role_required(*ORGANISERS)
def trainer_create(request):
    form = TrainerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trainer, _link = services.create_trainer(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(
                request,
                _("Trainer account %(username)s created. Hand the set-password link below to the trainer.")
                % {"username": trainer.username},
            )
            return redirect("trainers:trainer_detail", pk=trainer.pk)
    return render(request, "portal/trainers/trainer_form.html", {"form": form})


@require_GET
def trainer_detail(request, pk):
    trainer = selectors.get_trainer_for_user(request.user, pk)
    return _detail(request, trainer)


@require_GET
@role_required(Role.TRAINER)
def my_availability(request):
    """A trainer's own page: their languages, regions, unavailable days and sessions (read only)."""
    if not selectors.trainers().filter(pk=request.user.pk).exists():
        # An administrator holds every role without being a trainer: the list is their way in.
        return redirect("trainers:trainer_list")
    return _detail(request, selectors.get_trainer_for_user(request.user, request.user.pk))


def _detail(request, trainer, *, unavailability_form=None):
    manage = request.user.is_organiser
    context = {
        "trainer": trainer,
        "profile": getattr(trainer, "trainer_profile", None),
        "manage": manage,
        "show_contacts": request.user.can_see_phones or request.user.pk == trainer.pk,
        "periods": selectors.unavailable_periods(trainer),
        "sessions": selectors.trainer_sessions(trainer)[:20],
        "unavailability_form": unavailability_form or UnavailabilityForm(),
    }
    if manage:
        link = selectors.pending_link(trainer)
        context["latest_link"] = selectors.latest_link(trainer)
        context["link"] = link
        if link is not None:
            context["link_url"] = _link_url(request, link)
            context["qr_svg"] = qr_svg(context["link_url"], title=_("QR code of the set-password link"))
    status = 400 if unavailability_form is not None else 200
    return render(request, "portal/trainers/trainer_detail.html", context, status=status)


def _managed_trainer(request, pk):
    trainer = selectors.get_trainer_for_user(request.user, pk)
    check_role(request.user, *ORGANISERS)
    return trainer


def trainer_update(request, pk):
    trainer = _managed_trainer(request, pk)
    profile = getattr(trainer, "trainer_profile", None)
    initial = {
        "first_name": trainer.first_name,
        "last_name": trainer.last_name,
        "phone": trainer.phone,
        "email": trainer.email,
        "languages": profile.languages if profile else [],
        "regions": list(profile.regions.all()) if profile else [],
    }
    form = TrainerForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_trainer(trainer=trainer, **form.cleaned_data)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("trainers:trainer_detail", pk=trainer.pk)
    return render(request, "portal/trainers/trainer_form.html", {"form": form, "trainer": trainer})


def _set_active(request, pk, *, active):
    trainer = _managed_trainer(request, pk)
    try:
        services.set_trainer_active(trainer=trainer, active=active)
    except ValidationError as error:
        _report(request, error)
    else:
        if active:
            messages.success(request, _("%(name)s can sign in again.") % {"name": trainer.display_name})
        else:
            message = _("%(name)s is deactivated and cannot sign in; their sessions keep them as trainer.")
            messages.success(request, message % {"name": trainer.display_name})
    return redirect("trainers:trainer_detail", pk=trainer.pk)


@require_POST
def trainer_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@require_POST
def trainer_reactivate(request, pk):
    return _set_active(request, pk, active=True)


@require_POST
def trainer_link(request, pk):
    trainer = _managed_trainer(request, pk)
    try:
        services.issue_set_password_link(user=trainer, created_by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("A new set-password link is ready; earlier links no longer work."))
    return redirect("trainers:trainer_detail", pk=trainer.pk)


@require_GET
def trainer_link_pdf(request, pk):
    trainer = _managed_trainer(request, pk)
    link = selectors.pending_link(trainer)
    if link is None:
        messages.error(request, _("This account has no set-password link that still works. Issue a new one."))
        return redirect("trainers:trainer_detail", pk=trainer.pk)
    content = set_password_pdf(
        trainer=trainer,
        url=_link_url(request, link),
        expires_at=link.expires_at,
        login_url=request.build_absolute_uri(reverse("login")),
    )
    return download(content, PDF, f"{trainer.username}-password-link.pdf")


@require_POST
def unavailability_add(request, pk):
    trainer = _managed_trainer(request, pk)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.add_unavailability(trainer=trainer, **form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                form.add_error(name, errors)
        else:
            messages.success(request, _("Unavailable days saved."))
            return redirect("trainers:trainer_detail", pk=trainer.pk)
    return _detail(request, trainer, unavailability_form=form)


@require_POST
def unavailability_delete(request, pk, period_pk):
    trainer = _managed_trainer(request, pk)
    period = get_object_or_404(selectors.unavailable_periods(trainer), pk=period_pk)
    services.remove_unavailability(period=period)
    messages.success(request, _("Unavailable days removed."))
    return redirect("trainers:trainer_detail", pk=trainer.pk)


@require_GET
@role_required(*READERS)
def workload(request):
    campaigns = Campaign.objects.order_by("-start", "code")
    form = WorkloadFilterForm(request.GET or None, campaigns=campaigns)
    campaign = form.cleaned_data["campaign"] if form.is_valid() else None
    loads = Paginator(selectors.trainer_workload(campaign=campaign), WORKLOAD_PAGE_SIZE)
    page = loads.get_page(request.GET.get("page"))
    query = urlencode({"campaign": campaign.code}) if campaign else ""
    context = {"form": form, "campaign": campaign, "loads": page.object_list, "page": page, "query": query}
    return render(request, "portal/trainers/workload.html", context)


@never_cache
@login_not_required
@sensitive_post_parameters("new_password1", "new_password2")
def set_password(request, pk, token):
    """The page a trainer opens from their link: choose a password, then they are signed in."""
    link = find_link(user_pk=pk, token=token)
    problem = link_problem(link, timezone.now())
    if problem:
        status = 404 if link is None else 410
        return render(request, "portal/trainers/set_password.html", {"problem": problem}, status=status)
    form = SetPasswordForm(link.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.set_password_with_link(user_pk=pk, token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            if error.code == "link":
                return render(request, "portal/trainers/set_password.html", {"problem": error.message}, status=410)
            form.add_error("new_password2", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your password is set. Welcome, %(name)s!") % {"name": user.display_name})
            return redirect("home")
    context = {"form": form, "account": link.user, "expires_at": link.expires_at}
    return render(request, "portal/trainers/set_password.html", context)
