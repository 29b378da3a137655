"""A council's page: its elections, deputies and the training sessions it was invited to."""

from django.shortcuts import get_object_or_404, render

from councils.access import deputies_for_user
from councils.models import Council
from councils.selectors import deputy_rows
from roles import READERS, role_required

from ..selectors import council_sessions


@role_required(*READERS)
def council_detail(request, code):
    council = get_object_or_404(Council.objects.select_related("region", "district"), code=code)
    deputies = deputy_rows(deputies_for_user(request.user).filter(council=council))
    return render(
        request,
        "trainings/council_detail.html",
        {
            "council": council,
            "elections": council.elections.order_by("-convocation"),
            "deputies": deputies,
            "sessions": council_sessions(council),
            "show_phones": request.user.can_see_phones,
        },
    )
