"""The deputy register: a filtered, searchable, paged list with CSV/XLSX export.

A deputy's own page shows the training history with scores, so it lives in `assessments.views.deputies`.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from fileformats.responses import csv_response, xlsx_response

from ..access import deputies_for_user
from ..exports import deputy_table
from ..forms import DeputyFilterForm
from ..selectors import convocations, deputy_rows, filter_deputies, mark_trained

PAGE_SIZE = 50


def deputy_list(request):
    form = DeputyFilterForm(request.GET or None, convocations=convocations())
    deputies = deputies_for_user(request.user)
    if form.is_bound and form.is_valid():
        deputies = filter_deputies(deputies, form.cleaned_data, youth_max_age=settings.YOUTH_MAX_AGE)
    with_phones = request.user.can_see_phones
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        columns, rows = deputy_table(deputy_rows(deputies), with_phones=with_phones)
        if export == "csv":
            return csv_response(columns, rows, "deputies")
        return xlsx_response(columns, rows, "deputies", sheet=_("Deputies"))
    page = Paginator(deputy_rows(deputies, with_trained=False), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = mark_trained(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "councils/deputy_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "show_phones": with_phones},
    )
