"""Tests (instruments) and their questions, defined by organisers; staff viewers read the list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from roles import ORGANISERS, READERS, role_required
from trainings.models import Campaign

from .. import instruments
from ..forms import InstrumentForm, QuestionFormSet
from ..item_analysis import instrument_item_analysis, thresholds
from ..models import Instrument
from ..selectors import instruments_for_campaign

PREFIX = "questions"


@require_GET
@role_required(*READERS)
def instrument_list(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    own, shared = instruments_for_campaign(campaign)
    return render(
        request,
        "assessments/instrument_list.html",
        {"campaign": campaign, "instruments": own, "shared_instruments": shared},
    )


def _return_campaign(request, instrument=None):
    """The campaign whose test list the page returns to: the test's own, else the one it was opened from."""
    if instrument is not None and instrument.campaign is not None:
        return instrument.campaign
    code = request.GET.get("campaign")
    return Campaign.objects.filter(code=code).first() if code else None


def _back_url(campaign):
    if campaign is None:
        return reverse("trainings:campaign_list")
    return reverse("assessments:instrument_list", args=[campaign.code])


def _edit_url(instrument, campaign):
    """A shared test's page remembers the campaign it was opened from, for its way back."""
    url = reverse("assessments:instrument_update", args=[instrument.pk])
    if instrument.campaign_id is None and campaign is not None:
        url += "?" + urlencode({"campaign": campaign.code})
    return url


def _instrument_page(request, form, formset, *, instrument=None, campaign=None):
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = form.cleaned_data
        questions = formset.question_specs()
        try:
            if instrument is None:
                instrument = instruments.create_instrument(questions=questions, **fields)
            else:
                instrument = instruments.update_instrument(instrument=instrument, questions=questions, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Test “%(test)s” saved.") % {"test": instrument})
            return redirect(_edit_url(instrument, campaign))
    # Answer sheets are scaled to the maximum when the points add up to something else: the page says so.
    points_total = sum(question_form.instance.points for question_form in formset.initial_forms)
    item_tables = instrument_item_analysis(instrument) if instrument is not None else []
    context = {
        "form": form,
        "formset": formset,
        "instrument": instrument,
        "return_campaign": campaign,
        "back_url": _back_url(campaign),
        "points_total": points_total,
        "points_mismatch": bool(instrument and formset.initial_forms and points_total != instrument.max_score),
        "item_tables": item_tables,
        "item_thresholds": thresholds(),
        "flagged_numbers": {row["number"] for table in item_tables for row in table["questions"] if row["flags"]},
    }
    return render(request, "assessments/instrument_form.html", context)


@role_required(*ORGANISERS)
def instrument_create(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    form = InstrumentForm(request.POST or None, initial={"campaign": campaign})
    formset = QuestionFormSet(request.POST or None, instance=Instrument(), prefix=PREFIX)
    return _instrument_page(request, form, formset, campaign=campaign)


@role_required(*ORGANISERS)
def instrument_update(request, pk):
    instrument = get_object_or_404(Instrument.objects.select_related("campaign"), pk=pk)
    # The form edits a copy so that a refused change does not alter the page's heading.
    form = InstrumentForm(request.POST or None, instance=Instrument.objects.get(pk=pk))
    formset = QuestionFormSet(
        request.POST or None,
        instance=instrument,
        prefix=PREFIX,
        queryset=instrument.questions.select_related("topic").order_by("number"),
    )
    return _instrument_page(
        request, form, formset, instrument=instrument, campaign=_return_campaign(request, instrument)
    )


@role_required(*ORGANISERS)
def instrument_delete(request, pk):
    """GET: ask to confirm. POST: delete, unless results of the test are saved."""
    instrument = get_object_or_404(Instrument.objects.select_related("campaign"), pk=pk)
    campaign = _return_campaign(request, instrument)
    if request.method == "POST":
        try:
            instruments.delete_instrument(instrument=instrument)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_edit_url(instrument, campaign))
        messages.success(request, _("Test “%(test)s” deleted.") % {"test": instrument})
        return redirect(_back_url(campaign))
    context = {
        "instrument": instrument,
        "return_campaign": campaign,
        "back_url": _back_url(campaign),
        "result_count": instrument.results.count(),
        "question_count": instrument.questions.count(),
    }
    return render(request, "assessments/instrument_confirm_delete.html", context)
