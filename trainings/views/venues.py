"""Venues: the list (organisers and staff), the form, archiving and deleting (organisers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from roles import ORGANISERS, READERS, role_required

from .. import venues as venue_services
from ..forms import VenueFilterForm, VenueForm
from ..models import Venue


@require_GET
@role_required(*READERS)
def venue_list(request):
    form = VenueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    archived = bool(filters.get("archived"))
    context = {
        "venues": list(venue_services.venue_list(query=filters.get("q", ""), archived=archived)),
        "filter_form": form,
        "archived": archived,
    }
    return render(request, "trainings/venue_list.html", context)


def _venue_form(request, form, venue=None):
    if request.method == "POST" and form.is_valid():
        try:
            if venue is None:
                venue = venue_services.create_venue(**form.cleaned_data)
            else:
                venue = venue_services.update_venue(venue=venue, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Venue %(name)s saved.") % {"name": venue.name})
            return redirect("trainings:venue_list")
    return render(request, "trainings/venue_form.html", {"form": form, "venue": venue})


@role_required(*ORGANISERS)
def venue_create(request):
    return _venue_form(request, VenueForm(request.POST or None))


@role_required(*ORGANISERS)
def venue_update(request, pk):
    venue = get_object_or_404(Venue, pk=pk)
    # The form edits a copy so that a refused change does not rename the page's heading.
    form = VenueForm(request.POST or None, instance=Venue.objects.get(pk=venue.pk))
    return _venue_form(request, form, venue)


@require_POST
@role_required(*ORGANISERS)
def venue_archive(request, pk):
    """Archives a venue (archived=1, the default) or brings it back (archived=0)."""
    venue = get_object_or_404(Venue, pk=pk)
    archived = request.POST.get("archived", "1") != "0"
    venue_services.set_archived(venue=venue, archived=archived)
    if archived:
        messages.success(request, _("Venue %(name)s archived: it is no longer offered for new sessions.") % {
            "name": venue.name})  # fmt: skip
    else:
        messages.success(request, _("Venue %(name)s restored.") % {"name": venue.name})
    return redirect(reverse("trainings:venue_list") + ("" if archived else "?archived=on"))


@role_required(*ORGANISERS)
def venue_delete(request, pk):
    venue = get_object_or_404(Venue, pk=pk)
    if request.method == "POST":
        try:
            name = venue.name
            venue_services.delete_venue(venue=venue)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Venue %(name)s deleted.") % {"name": name})
        return redirect("trainings:venue_list")
    return render(
        request, "trainings/venue_confirm_delete.html", {"venue": venue, "session_count": venue.sessions.count()}
    )
