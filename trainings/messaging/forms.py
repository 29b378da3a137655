"""Forms of the messaging pages: a template's texts, and sending a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Campaign
from .models import Channel, Kind
from .rendering import TemplateError, placeholders_in


class TemplateForm(forms.Form):
    subject_ky = forms.CharField(label=_("Subject in Kyrgyz"), max_length=200, required=False)
    subject_ru = forms.CharField(label=_("Subject in Russian"), max_length=200, required=False)
    text_ky = forms.CharField(label=_("Text in Kyrgyz"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    text_ru = forms.CharField(label=_("Text in Russian"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel == Channel.SMS:
            del self.fields["subject_ky"]
            del self.fields["subject_ru"]
        else:
            self.fields["subject_ky"].required = self.fields["subject_ru"].required = True

    def clean(self):
        cleaned = super().clean()
        for name in ("subject_ky", "subject_ru", "text_ky", "text_ru"):
            value = cleaned.get(name)
            if value:
                try:
                    placeholders_in(value)
                except TemplateError as error:
                    self.add_error(name, str(error))
        return cleaned


class SendForm(forms.Form):
    kind = forms.ChoiceField(label=_("Message"), choices=Kind.choices, widget=forms.RadioSelect)
    channels = forms.MultipleChoiceField(
        label=_("Send by"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple, initial=[Channel.SMS]
    )


class ListSendForm(SendForm):
    """From the deputies filter: the campaign names the templates and the sessions of the placeholders."""

    campaign = forms.ModelChoiceField(Campaign.objects.order_by("-start", "code"), label=_("Campaign"))

    field_order = ["campaign", "kind", "channels"]
