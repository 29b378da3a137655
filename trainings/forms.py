"""Forms of the trainings pages (rendered with crispy-forms, Bootstrap 5)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from councils.collation import collated
from councils.models import Council
from roles import Role

from .models import Campaign, CampaignTargetChange, Topic, TrainingSession

MAX_SESSION_DAYS = 10


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
        self.fields["venue"].queryset = (
            self.fields["venue"].queryset.select_related("district").order_by(collated("name"), "pk")
        )
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
    campaign = forms.ModelChoiceField(Campaign.objects.all(), required=False, label=_("Campaign"))
    status = forms.ChoiceField(
        choices=[("", _("Any status")), *TrainingSession.Status.choices], required=False, label=_("Status")
    )
    trainer = forms.ModelChoiceField(trainer_users(), required=False, label=_("Trainer"))
    date_from = forms.DateField(required=False, widget=DateInput(), label=_("From"))
    date_to = forms.DateField(required=False, widget=DateInput(), label=_("To"))
    q = forms.CharField(required=False, label=_("Code or venue"))

    def __init__(self, *args, show_trainer=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainer_users()
        self.fields["trainer"].label_from_instance = lambda user: user.display_name
        if not show_trainer:
            del self.fields["trainer"]


class InvitationForm(forms.Form):
    council = forms.ModelChoiceField(None, label=_("Council"))
    places = forms.IntegerField(
        min_value=1,
        required=False,
        label=_("Places"),
        help_text=_("Leave empty to enrol all of the council's deputies."),
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].label_from_instance = lambda council: f"{council.name} ({council.code})"
        self.fields["council"].widget.attrs["class"] = "form-select"


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
    council = forms.ModelChoiceField(Council.objects.all(), to_field_name="code", label=_("Council"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in CampaignTargetChange.Action.values and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for this change of the target."))
        return cleaned


class CandidateSearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Name or council"))
