"""Forms of the trainer pages. They collect input; the services validate it and refuse with reasons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.collation import collated
from councils.models import Region
from trainings.models import TrainerProfile


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainerForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("For signing in: Latin letters, digits and @ . + - _, e.g. a.asanov"),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False, help_text=_("Optional."))
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=TrainerProfile.Language.choices, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        Region.objects.none(), label=_("Regions"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = Region.objects.order_by(collated("name_ru"), "code")
        self.fields["regions"].label_from_instance = lambda region: region.name
        self.fields["phone"].widget.attrs.update(type="tel", autocomplete="off")
        self.fields["email"].widget.attrs.update(type="email")
        if editing:
            del self.fields["username"]

    def apply_errors(self, error):
        """Show a service's refusal on the fields it names (or above the form)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


class UnavailabilityForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class WorkloadFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(None, required=False, label=_("Campaign"), to_field_name="code")

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].empty_label = _("All campaigns")
