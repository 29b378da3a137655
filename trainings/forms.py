"""Forms of the trainings pages (rendered with crispy-forms, Bootstrap 5)."""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from councils.collation import collated, name_order
from councils.council_search import MAX_QUERY_LENGTH
from councils.importers import PHONE_PATTERN
from councils.models import Council, Deputy, District
from roles import Role

from .models import Campaign, CampaignTargetChange, Topic, TrainingSession, Venue
from .venues import NAME_FIELDS, bookable_venues, duplicate_name_errors, grouped_venue_choices
from .widgets import FastSelect

MAX_SESSION_DAYS = 10
COUNCIL_CODE_LENGTH = 14


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def trainer_users(*, keeping=None):
    """Active trainers; with `keeping` (a session), its own trainers too, so that editing the session of a
    deactivated trainer does not drop them."""
    chosen = Q(groups__name=Role.TRAINER, is_active=True)
    if keeping is not None and keeping.pk:
        chosen |= Q(pk__in=keeping.trainers.values("pk"))
    users = get_user_model().objects.filter(pk__in=get_user_model().objects.filter(chosen).values("pk"))
    return users.order_by(collated("last_name"), collated("first_name"), "username")


class CampaignForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )
    target_kinds = forms.MultipleChoiceField(
        choices=Council.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target council kinds"),
        help_text=_(
            "Councils of these kinds with an election of the convocation are the target. None ticked: every kind."
        ),
    )

    class Meta:
        model = Campaign
        fields = [
            "code",
            "name_ky",
            "name_ru",
            "name_en",
            "donor",
            "implementer",
            "start",
            "end",
            "convocation",
            "target_kinds",
            "topics",
        ]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean_target_kinds(self):
        chosen = set(self.cleaned_data["target_kinds"])
        # Every kind ticked is the default: store it as such.
        return [] if chosen >= set(Council.Kind.values) else [kind for kind in Council.Kind.values if kind in chosen]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The campaign cannot end before it starts."))
        return cleaned


class SessionForm(forms.ModelForm):
    trainers = TrainerChoiceField(
        trainer_users(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Trainers")
    )

    class Meta:
        model = TrainingSession
        fields = ["campaign", "code", "venue", "start_date", "days", "capacity", "trainers", "language", "status"]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainer_users(keeping=self.instance)
        # Archived venues are offered only to the session already booked there.
        venues = bookable_venues(keep=self.instance.venue_id)
        self.fields["venue"].queryset = venues
        self.fields["venue"].choices = [("", "---------"), *grouped_venue_choices(venues)]
        self.fields["days"].widget.attrs.update(min=1, max=MAX_SESSION_DAYS)
        self.fields["capacity"].widget.attrs.update(min=1)

    def clean_days(self):
        days = self.cleaned_data["days"]
        if not 1 <= days <= MAX_SESSION_DAYS:
            message = ngettext(
                "A session lasts from 1 to %(max)s day.", "A session lasts from 1 to %(max)s days.", MAX_SESSION_DAYS
            )
            raise forms.ValidationError(message % {"max": MAX_SESSION_DAYS})
        return days

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("The capacity must be at least 1."))
        return capacity

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class SessionFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(Campaign.objects.all(), required=False, widget=FastSelect, label=_("Campaign"))
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *TrainingSession.Status.choices], required=False, label=_("Status")
    )
    trainer = forms.ModelChoiceField(trainer_users(), required=False, widget=FastSelect, label=_("Trainer"))
    date_from = forms.DateField(required=False, widget=DateInput(), label=_("From"))
    date_to = forms.DateField(required=False, widget=DateInput(), label=_("To"))
    q = forms.CharField(required=False, label=_("Code or venue"))

    def __init__(self, *args, show_trainer=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainer_users()
        self.fields["trainer"].label_from_instance = lambda user: user.display_name
        if not show_trainer:
            del self.fields["trainer"]


class CalendarFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), required=False, widget=FastSelect, label=_("Campaign"), empty_label=_("All campaigns")
    )


class CouncilPickerInput(forms.Widget):
    """A search-as-you-type field (htmx) that fills a hidden input with the chosen council's code.

    Without JavaScript only the visible field works: a council code typed there is the value.
    """

    template_name = "trainings/widgets/council_picker.html"
    query_name = "q"  # the visible field, and the search endpoint's parameter

    def __init__(self, attrs=None, search_url=""):
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(search_url=self.search_url, query_name=self.query_name)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (templates/trainings/widgets/), not the form renderer's built-in ones.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308

    def value_from_datadict(self, data, files, name):
        return data.get(name) or data.get(self.query_name) or ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and self.query_name not in data


class CouncilCodeField(forms.ModelChoiceField):
    """A council given by its СОАТЕ code (spaces ignored), chosen with the council picker."""

    widget = CouncilPickerInput
    default_error_messages = {
        "required": _("Council: choose a council from the list or type its code."),
        "invalid_choice": _(
            "Council: “%(value)s” is not the code of a council. Choose a council from the list or type its "
            "14-digit code."
        ),
    }

    def __init__(self, queryset, *, unavailable_message=None, **kwargs):
        kwargs.setdefault("label", _("Council"))
        super().__init__(queryset, to_field_name="code", **kwargs)
        self.unavailable_message = unavailable_message

    def to_python(self, value):
        value = "".join(str(value or "").split())[:MAX_QUERY_LENGTH]
        if len(value) > COUNCIL_CODE_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice", {"value": value})
        try:
            return super().to_python(value)
        except forms.ValidationError:
            # A real council that this form does not offer: say so rather than "unknown code".
            council = Council.objects.filter(code=value).first() if self.unavailable_message else None
            if council is None:
                raise
            raise forms.ValidationError(self.unavailable_message, "unavailable", {"council": council.name}) from None


class InvitationForm(forms.Form):
    council = CouncilCodeField(
        None,
        unavailable_message=_(
            "Council: %(council)s cannot be invited to this session: it is not in the campaign's target, "
            "or it is invited already."
        ),
    )
    places = forms.IntegerField(
        min_value=1,
        required=False,
        label=_("Places"),
        help_text=_("Leave empty to enrol all of the council's deputies."),
    )

    def __init__(self, *args, councils, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].widget.search_url = search_url


class CampaignInviteForm(forms.Form):
    """One click on the campaign page: invite a not-yet-scheduled council to a chosen session."""

    session = forms.ModelChoiceField(None, label=_("Session"))
    council = forms.ModelChoiceField(None, label=_("Council"))
    places = forms.IntegerField(min_value=1, required=False, label=_("Places"))

    def __init__(self, *args, campaign, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = campaign.sessions.filter(status=TrainingSession.Status.PLANNED)
        self.fields["session"].empty_label = None
        self.fields["council"].queryset = councils


class TargetChangeForm(forms.Form):
    """Add a council to a campaign's target, exclude one, or undo such a change; always with a reason."""

    UNDO = "undo"
    action = forms.ChoiceField(choices=[*CampaignTargetChange.Action.choices, (UNDO, _("undo"))])
    council = CouncilCodeField(Council.objects.all())
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))

    def __init__(self, *args, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].widget.search_url = search_url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in CampaignTargetChange.Action.values and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for this change of the target."))
        return cleaned


class CandidateSearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Name or council"))


MAX_VENUE_CAPACITY = 10000


class VenueForm(forms.ModelForm):
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_VENUE_CAPACITY,
        label=_("Capacity"),
        help_text=_("How many people the hall seats. A session with more places than this gets a warning."),
        error_messages={"min_value": _("The capacity must be at least 1.")},
    )

    class Meta:
        model = Venue
        fields = ["name_ky", "name_ru", "name_en", "district", "address", "capacity", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        districts = District.objects.select_related("region").order_by(name_order("region__"), name_order())
        self.fields["district"].queryset = districts
        groups: dict = {}
        for district in districts:
            groups.setdefault(district.region.name, []).append((district.pk, district.name))
        self.fields["district"].choices = [("", "---------"), *groups.items()]

    def clean(self):
        cleaned = super().clean()
        # Said here, on the name's own field, rather than as the model's generic "already exists".
        candidate = Venue(pk=self.instance.pk, district=cleaned.get("district"))
        for field in NAME_FIELDS:
            setattr(candidate, field, (cleaned.get(field) or "").strip())
        for field, message in duplicate_name_errors(candidate).items():
            self.add_error(field, message)
        return cleaned


class VenueFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Name, district or address"))
    archived = forms.BooleanField(required=False, label=_("Archived venues"))


# Names are letters (any script) in words joined by single spaces or hyphens: no digits, slashes, quotes or
# line breaks, which only come from pasting the wrong thing.
NAME_WORD = r"[^\W\d_]+"
NAME_PATTERN = re.compile(rf"^{NAME_WORD}(?:[ -]{NAME_WORD})*$")
# Deputies are adults when elected, and nobody is elected past a hundred.
YOUNGEST_AGE, OLDEST_AGE = 18, 100


class PersonNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=100, **kwargs)

    def clean(self, value):
        # Decomposed letters (й typed as и + a combining breve) become one letter; runs of spaces one space.
        value = re.sub(" +", " ", unicodedata.normalize("NFC", super().clean(value)))
        if value and not NAME_PATTERN.match(value):
            raise forms.ValidationError(_("Use letters only, with spaces or hyphens between words."))
        return value


class WalkInForm(forms.Form):
    """A walk-in who is not in the register. Organisers pick any council and may give a phone number;
    trainers pick one of the session's invited councils and never see a phone field (DESIGN §5)."""

    council = forms.TypedChoiceField(coerce=int, label=_("Council"))
    last_name = PersonNameField(label=_("Last name"))
    first_name = PersonNameField(label=_("First name"))
    patronymic = PersonNameField(label=_("Patronymic"), required=False)
    sex = forms.ChoiceField(choices=Deputy.Gender.choices, widget=forms.RadioSelect, label=_("Sex"))
    birth_year = forms.IntegerField(label=_("Birth year"))
    phone = forms.CharField(max_length=32, required=False, label=_("Phone"))

    def __init__(self, *args, convocation, invited, others=(), with_phone, **kwargs):
        super().__init__(*args, **kwargs)
        self.councils = {council.pk: council for council in [*invited, *others]}
        invited_choices = [(council.pk, _council_label(council)) for council in invited]
        if others:
            other_choices = [(council.pk, _council_label(council)) for council in others]
            choices = [(_("Invited to this session"), invited_choices), (_("Other councils"), other_choices)]
        else:
            choices = invited_choices
        self.fields["council"].choices = [("", "---------"), *choices]
        self.fields["council"].widget.attrs["class"] = "form-select"
        self.earliest_year, self.latest_year = convocation - OLDEST_AGE, convocation - YOUNGEST_AGE
        self.fields["birth_year"].widget.attrs.update(min=self.earliest_year, max=self.latest_year)
        if not with_phone:
            del self.fields["phone"]

    def clean_council(self):
        return self.councils[self.cleaned_data["council"]]

    def clean_birth_year(self):
        year = self.cleaned_data["birth_year"]
        if not self.earliest_year <= year <= self.latest_year:
            raise forms.ValidationError(
                _("The birth year must be between %(earliest)s and %(latest)s.")
                % {"earliest": self.earliest_year, "latest": self.latest_year}
            )
        return year

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(_("“%(value)s” is not a phone number.") % {"value": phone})
        return phone

    def service_fields(self) -> dict:
        """Keyword arguments for `walk_ins.add_new_walk_in`."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("council", "last_name", "first_name", "patronymic", "birth_year")}
        return {**fields, "gender": data["sex"], "phone": data.get("phone", "")}


def _council_label(council) -> str:
    district = council.district.name if council.district_id else council.region.name
    return f"{council.name} · {district}"
