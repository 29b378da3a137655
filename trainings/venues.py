"""Venues: the changes organisers make (create, edit, archive, delete) and the lists that show them.

A venue's names must not repeat within its district in any language (folding case): an import file names
a venue in whichever language it was written in, and must find exactly one. A venue used by a session is
archived, never deleted; archived venues leave the session form's choices but stay on their sessions.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.collation import name_order

from .changes import mark_campaign_changed
from .models import Venue

NAME_FIELDS = ("name_ky", "name_ru", "name_en")
EDITABLE_FIELDS = (*NAME_FIELDS, "district", "address", "capacity", "notes")


def _clean_text(fields):
    for name in (*NAME_FIELDS, "address", "notes"):
        if name in fields and fields[name] is not None:
            fields[name] = fields[name].strip()
    return fields


def _check_capacity(venue):
    if venue.capacity is not None and venue.capacity < 1:
        raise ValidationError({"capacity": _("The capacity must be at least 1.")})


def _check_names_free(venue):
    errors = duplicate_name_errors(venue)
    if errors:
        raise ValidationError(errors)


def duplicate_name_errors(venue) -> dict:
    """{field: message} for each of the venue's names another venue of its district has, in any language."""
    wanted = {name.lower(): field for field in NAME_FIELDS if (name := getattr(venue, field))}
    if not wanted:
        return {}
    others = Venue.objects.exclude(pk=venue.pk).annotate(**{f"lowered_{field}": Lower(field) for field in NAME_FIELDS})
    others = others.filter(district=venue.district) if venue.district_id else others.filter(district__isnull=True)
    matching = Q()
    for field in NAME_FIELDS:
        matching |= Q(**{f"lowered_{field}__in": list(wanted)})
    clash = others.filter(matching).first()
    if clash is None:
        return {}
    errors = {}
    for lowered, field in wanted.items():
        if lowered in {name.lower() for name in clash.names}:
            if clash.archived:
                message = _("An archived venue of this district is already named “%(name)s”: restore it instead.")
            elif clash.district_id:
                message = _("A venue of this district is already named “%(name)s”.")
            else:
                message = _("A venue without a district is already named “%(name)s”.")
            errors[field] = message % {"name": getattr(venue, field)}
    return errors


def _save(venue):
    _check_capacity(venue)
    _check_names_free(venue)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def create_venue(**fields) -> Venue:
    """A new venue from names (ky/ru/en; Russian required), district, address, capacity and notes."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown venue fields: {sorted(unknown)}")
    return _save(Venue(**_clean_text(fields)))


@transaction.atomic
def update_venue(*, venue: Venue, **fields) -> Venue:
    """Changes a venue's names, district, address, capacity or notes."""
    for name, value in _clean_text(fields).items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"unknown venue field: {name}")
        setattr(venue, name, value)
    venue = _save(venue)
    # A new capacity can start or end an over-capacity warning of the campaigns training there.
    for campaign_id in set(venue.sessions.values_list("campaign_id", flat=True)):
        mark_campaign_changed(campaign_id)
    return venue


@transaction.atomic
def set_archived(*, venue: Venue, archived: bool) -> Venue:
    """Archives a venue (it leaves the session form's choices) or brings it back."""
    venue.archived = archived
    venue.save(update_fields=["archived"])
    return venue


@transaction.atomic
def delete_venue(*, venue: Venue) -> None:
    """Deletes a venue no session uses; a venue in use can only be archived."""
    used_by = venue.sessions.count()
    if used_by:
        message = ngettext(
            "Venue %(name)s is used by %(count)s session and cannot be deleted: archive it instead.",
            "Venue %(name)s is used by %(count)s sessions and cannot be deleted: archive it instead.",
            used_by,
        )
        raise ValidationError(message % {"name": venue.name, "count": used_by})
    venue.delete()


def venue_list(*, query="", archived=False):
    """Venues (archived or in use), by region, district and name in the active language, with session counts."""
    venues = Venue.objects.filter(archived=archived)
    if query:
        matching = Q(address__icontains=query) | Q(notes__icontains=query)
        for prefix in ("", "district__", "district__region__"):
            for field in NAME_FIELDS:
                matching |= Q(**{f"{prefix}{field}__icontains": query})
        venues = venues.filter(matching)
    return (
        venues.select_related("district__region")
        .annotate(session_count=Count("sessions"))
        .order_by(
            name_order("district__region__").asc(nulls_last=True),
            name_order("district__").asc(nulls_last=True),
            name_order(),
            "pk",
        )
    )


def venue_label(venue: Venue) -> str:
    """The venue as a choice shows it: its name in the active language and its district."""
    return f"{venue.name} — {venue.district.name}" if venue.district else venue.name


def grouped_venue_choices(venues) -> list:
    """Choices for a venue select, one <optgroup> per region (venues with no district last)."""
    groups: dict = {}
    for venue in venues:
        region = venue.district.region if venue.district else None
        label = region.name if region else _("No district")
        groups.setdefault(label, []).append((venue.pk, venue_label(venue)))
    return list(groups.items())


def bookable_venues(*, keep=None):
    """Venues a session may be booked at: those not archived, and `keep` (the session's own venue) if given."""
    venues = Venue.objects.filter(Q(archived=False) | Q(pk=getattr(keep, "pk", keep)))
    return venues.select_related("district__region").order_by(
        name_order("district__region__").asc(nulls_last=True),
        name_order("district__").asc(nulls_last=True),
        name_order(),
        "pk",
    )
