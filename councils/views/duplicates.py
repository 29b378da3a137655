"""Probable duplicate deputies: review, merge, and the merge history with undo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import organiser_required
from ..duplicates import find_duplicates
from ..forms import MergeForm
from ..models import Deputy, DeputyMerge
from ..services import merge_deputies, undo_merge

HISTORY_SIZE = 100


@organiser_required
def duplicate_list(request):
    return render(request, "councils/duplicate_list.html", {"pairs": find_duplicates()})


@organiser_required
@require_POST
def deputy_merge(request):
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the record to keep."))
        return redirect("councils:duplicate_list")
    kept = get_object_or_404(Deputy, pk=form.cleaned_data["kept"])
    merged = get_object_or_404(Deputy, pk=form.cleaned_data["merged"])
    try:
        merge_deputies(kept=kept, merged=merged, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("councils:duplicate_list")
    messages.success(
        request, _("%(merged)s was merged into %(kept)s.") % {"merged": merged.full_name, "kept": kept.full_name}
    )
    return redirect("councils:duplicate_list")


@organiser_required
def merge_list(request):
    merges = DeputyMerge.objects.select_related("kept__council", "merged", "merged_by", "undone_by")[:HISTORY_SIZE]
    return render(request, "councils/merge_list.html", {"merges": merges})


@organiser_required
@require_POST
def merge_undo(request, pk):
    merge = get_object_or_404(DeputyMerge, pk=pk)
    try:
        undo_merge(merge=merge, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("councils:merge_list")
