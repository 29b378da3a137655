"""Forms of the feedback survey: the participant's answers and an organiser's question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FEEDBACK_TEXT_MAX_LENGTH, FeedbackQuestion
from .stats import SCALE


class SurveyForm(forms.Form):
    """One field per active question: `q<id>`, a rating 1–5 (required) or free text (optional)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.is_scale:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    choices=[(value, str(value)) for value in SCALE],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Choose a rating from 1 to 5.")},
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=FEEDBACK_TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4, "maxlength": FEEDBACK_TEXT_MAX_LENGTH}),
                )

    def items(self):
        """(question, bound field) in the survey's order, for the template."""
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    def ratings(self) -> dict:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions if q.is_scale}

    def texts(self) -> dict:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions if not q.is_scale}


class FeedbackQuestionForm(forms.ModelForm):
    order = forms.IntegerField(label=_("order"), min_value=0, max_value=999)

    class Meta:
        model = FeedbackQuestion
        fields = ["order", "kind", "text_ky", "text_ru", "text_en"]
