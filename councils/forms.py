"""Forms of the councils pages: deputy filters, import upload, merge."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from fileformats.limits import FileRejected, check_workbook_archive

from .collation import name_order
from .models import Council, Deputy, District, Region

XLSX_MAGIC = b"PK\x03\x04"


class DeputyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    region = forms.ModelChoiceField(Region.objects.all(), label=_("Region"), required=False)
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"), required=False)
    council = forms.CharField(label=_("Council code"), required=False, max_length=14)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("any"))] + Council.Kind.choices)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", _("any"))] + Deputy.Gender.choices)
    age_band = forms.ChoiceField(label=_("Age at election"), required=False)
    convocation = forms.TypedChoiceField(label=_("Convocation"), required=False, coerce=int, empty_value=None)
    first_term = forms.ChoiceField(
        label=_("First term"),
        required=False,
        choices=[("", _("any")), ("yes", _("yes")), ("no", _("no")), ("unknown", _("unknown"))],
    )
    trained = forms.ChoiceField(
        label=_("Trained"), required=False, choices=[("", _("any")), ("yes", _("yes")), ("no", _("no"))]
    )

    def __init__(self, *args, convocations=(), **kwargs):
        super().__init__(*args, **kwargs)
        youth = settings.YOUTH_MAX_AGE
        self.fields["age_band"].choices = [
            ("", _("any")),
            ("youth", _("up to %(age)s") % {"age": youth}),
            ("middle", _("%(low)s–50") % {"low": youth + 1}),
            ("senior", _("over 50")),
            ("unknown", _("unknown")),
        ]
        self.fields["convocation"].choices = [("", _("any"))] + [(year, year) for year in convocations]
        self.fields["region"].queryset = Region.objects.order_by(name_order())
        self.fields["district"].queryset = District.objects.order_by(name_order())


def check_table_upload(upload):
    """Refuse an uploaded table that is too large or not what its name says (every upload view uses this).

    The limit is `IMPORT_MAX_UPLOAD_BYTES`; a .xlsx must be a zip workbook and a .csv (or .txt) text, judged by the
    file's first bytes rather than its name alone, and a workbook's zip entries must be cheap to parse
    (`fileformats.limits`). Raises ValidationError with a message for the person.
    """
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    name = upload.name.lower()
    head = upload.read(4)
    upload.seek(0)
    if name.endswith(".xlsx"):
        if head != XLSX_MAGIC:
            raise forms.ValidationError(_("The file is named .xlsx but is not an Excel workbook."))
        try:  # a zip bomb is refused here, before the file is stored or parsed
            check_workbook_archive(upload.read())
        except FileRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        finally:
            upload.seek(0)
    elif name.endswith((".csv", ".txt")):  # fileformats.tables reads .txt as CSV too
        if head.startswith(XLSX_MAGIC) or b"\x00" in head:
            raise forms.ValidationError(_("The file is named .csv but is not a text file."))
    else:
        raise forms.ValidationError(_("Unsupported file type: upload a .csv or .xlsx file."))
    return upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        return check_table_upload(self.cleaned_data["file"])


class MergeForm(forms.Form):
    kept = forms.IntegerField(widget=forms.HiddenInput)
    merged = forms.IntegerField(widget=forms.HiddenInput)


class SkipInvalidOptionsForm(forms.Form):
    """The one option of imports that may leave out bad rows (e.g. online-course completions)."""

    skip_invalid = forms.BooleanField(
        label=_("Import the valid rows and skip the invalid ones"),
        required=False,
        help_text=_("Otherwise any invalid row stops the whole import."),
    )
