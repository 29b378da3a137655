"""Forms of the assessments pages (crispy, Bootstrap 5)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from councils.forms import check_table_upload
from trainings.codes import CODE_MAX_LENGTH, validate_campaign_code
from trainings.models import Campaign

from .instruments import QuestionSpec, question_errors
from .models import Instrument, Question, TestResult
from .offline_batch import MAX_BODY_BYTES, BatchError, read_body, read_changes, too_large
from .templatetags.scores import score_input


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("preview", submit_label or _("Check the file")))

    def clean_file(self):
        return check_table_upload(self.cleaned_data["file"])


class ResultsOptionsForm(forms.Form):
    """The options of the "results" import kind, kept in ImportJob.options."""

    campaign_code = forms.CharField(
        label=_("Campaign code"),
        max_length=CODE_MAX_LENGTH,
        validators=[validate_campaign_code],
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


class InstrumentForm(forms.ModelForm):
    """A test's own fields; its questions are the formset below it on the same page."""

    class Meta:
        model = Instrument
        fields = ["campaign", "name", "form", "phase", "max_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.order_by("-start", "code")
        self.fields["campaign"].empty_label = _("Shared by several campaigns")
        self.fields["phase"].choices = [("", _("pre-test and post-test")), *TestResult.Phase.choices]
        self.fields["max_score"].widget.attrs.update(min=1, step="any", inputmode="decimal")
        if self.instance.pk:
            self.initial["max_score"] = score_input(self.instance.max_score)  # 20, not 20.00
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("campaign", css_class="col-md-6"), Column("name", css_class="col-md-6")),
            Row(
                Column("form", css_class="col-4 col-md-2"),
                Column("phase", css_class="col-8 col-md-4"),
                Column("max_score", css_class="col-md-3"),
            ),
        )

    def clean_max_score(self):
        max_score = self.cleaned_data["max_score"]
        if max_score is not None and max_score <= 0:
            raise forms.ValidationError(_("The maximum score must be greater than 0."))
        return max_score


def parse_choices(text: str) -> list[str]:
    """Answer options typed as "A, B, C, D" or one per line."""
    return [choice.strip() for choice in re.split(r"[,;\n]", text or "") if choice.strip()]


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        help_text=_("Separated by commas or one per line, e.g. A, B, C, D."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Question
        fields = ["number", "topic", "text_ky", "text_ru", "choices_text", "key", "points"]
        widgets = {"text_ky": forms.Textarea(attrs={"rows": 2}), "text_ru": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["choices_text"].initial = ", ".join(str(choice) for choice in self.instance.choices)
            self.initial["points"] = score_input(self.instance.points)
        self.fields["number"].widget.attrs.update(min=1)
        self.fields["points"].widget.attrs.update(min=0, step="any", inputmode="decimal")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        # The formset's hidden id and the "delete" box follow the layout.
        self.helper.render_unmentioned_fields = True
        self.helper.layout = Layout(
            Row(Column("number", css_class="col-4 col-md-2"), Column("topic", css_class="col-8 col-md-10")),
            Row(Column("text_ky", css_class="col-md-6"), Column("text_ru", css_class="col-md-6")),
            Row(
                Column("choices_text", css_class="col-md-6"),
                Column("key", css_class="col-6 col-md-3"),
                Column("points", css_class="col-6 col-md-3"),
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if any(name not in cleaned for name in ("number", "topic", "choices_text", "key", "points")):
            return cleaned  # a field error is already shown
        for name, message in question_errors(self.spec()).items():
            self.add_error("choices_text" if name == "choices" else name, message)
        return cleaned

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        return QuestionSpec(
            number=data["number"],
            topic=data["topic"],
            text_ky=data.get("text_ky", ""),
            text_ru=data.get("text_ru", ""),
            choices=parse_choices(data["choices_text"]),
            key=data["key"],
            points=data["points"],
        )


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every form offers the same topics: read them once, not once per question.
        if self.forms:
            topics = list(self.forms[0].fields["topic"].choices)
            for form in self.forms:
                form.fields["topic"].choices = topics

    def clean(self):
        # Replaces the model formset's unique check with a message naming the number.
        numbers = [form.cleaned_data["number"] for form in self._kept_forms() if "number" in form.cleaned_data]
        duplicates = sorted({number for number in numbers if numbers.count(number) > 1})
        if duplicates:
            raise forms.ValidationError(
                _("Each question needs its own number; used more than once: %(numbers)s.")
                % {"numbers": ", ".join(map(str, duplicates))}
            )

    def _kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
        ]

    def question_specs(self) -> list[QuestionSpec]:
        """The questions the test should have after saving (new, changed and unchanged; not deleted)."""
        return [form.spec() for form in self._kept_forms()]


QuestionFormSet = inlineformset_factory(
    Instrument, Question, form=QuestionForm, formset=BaseQuestionFormSet, extra=2, can_delete=True
)


class QueueFileForm(forms.Form):
    """A device's exported queue (JSON with a `changes` list), read as the sync reads a batch."""

    file = forms.FileField(label=_("Queue file (.json)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("import", _("Apply the changes")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            if upload.size > MAX_BODY_BYTES:
                raise too_large()
            self.cleaned_data["changes"] = read_changes(read_body(upload.read()))
        except BatchError as error:
            raise forms.ValidationError(error.message) from error
        return upload
