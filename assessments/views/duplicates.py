"""Probable duplicate deputies: review, merge, and the merge history with undo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.duplicates import find_duplicates
from councils.forms import MergeForm
from councils.models import Deputy, DeputyMerge
from councils.selectors import deputies_to_review
from councils.services import mark_reviewed
from roles import ORGANISERS, role_required
from trainings.models import Enrolment

from ..merges import merge_deputies, undo_merge

HISTORY_SIZE = 100


@role_required(*ORGANISERS)
def duplicate_list(request):
    pairs = find_duplicates()
    # Walk-ins to review, with the sessions they came to and whether a probable duplicate is listed below.
    in_pairs = {deputy.pk for pair in pairs for deputy in (pair.first, pair.second)}
    to_review = list(
        deputies_to_review().prefetch_related(
            Prefetch("enrolments", queryset=Enrolment.objects.select_related("session").order_by("session__start_date"))
        )
    )
    for deputy in to_review:
        deputy.has_probable_duplicate = deputy.pk in in_pairs
    return render(request, "assessments/duplicate_list.html", {"pairs": pairs, "to_review": to_review})


@role_required(*ORGANISERS)
@require_POST
def deputy_reviewed(request, pk):
    deputy = get_object_or_404(Deputy, pk=pk)
    mark_reviewed(deputy=deputy)
    messages.success(request, _("%(name)s marked as reviewed.") % {"name": deputy.full_name})
    return redirect("assessments:duplicate_list")


@role_required(*ORGANISERS)
@require_POST
def deputy_merge(request):
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the record to keep."))
        return redirect("assessments:duplicate_list")
    kept = get_object_or_404(Deputy, pk=form.cleaned_data["kept"])
    merged = get_object_or_404(Deputy, pk=form.cleaned_data["merged"])
    try:
        merge_deputies(kept=kept, merged=merged, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("assessments:duplicate_list")
    messages.success(
        request, _("%(merged)s was merged into %(kept)s.") % {"merged": merged.full_name, "kept": kept.full_name}
    )
    return redirect("assessments:duplicate_list")


@role_required(*ORGANISERS)
def merge_list(request):
    merges = DeputyMerge.objects.select_related("kept__council", "merged", "merged_by", "undone_by")[:HISTORY_SIZE]
    return render(request, "assessments/merge_list.html", {"merges": merges})


@role_required(*ORGANISERS)
@require_POST
def merge_undo(request, pk):
    merge = get_object_or_404(DeputyMerge, pk=pk)
    try:
        undo_merge(merge=merge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("assessments:merge_list")
