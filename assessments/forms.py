"""Forms of the assessments pages (crispy, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from councils.forms import check_table_upload


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("preview", submit_label or _("Check the file")))

    def clean_file(self):
        return check_table_upload(self.cleaned_data["file"])


class ResultsImportForm(UploadForm):
    campaign = forms.CharField(
        label=_("Campaign code"),
        max_length=40,
        help_text=_("An existing campaign, or the code of a new one: it is created from the file's sessions."),
    )
    convocation = forms.IntegerField(
        label=_("Convocation"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("For a new campaign; by default the year of its first session."),
    )
    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the invalid ones"),
        required=False,
        help_text=_("Otherwise any invalid row stops the whole import."),
    )

    field_order = ["file", "campaign", "convocation", "skip_invalid"]
