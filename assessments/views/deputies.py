"""A deputy's page with the training history (sessions, days present, pre/post/follow-up scores) and the online
courses they completed."""

from django.conf import settings
from django.shortcuts import render

from councils.access import get_deputy_for_user
from trainings.access import sessions_for_user

from ..history import training_history


def deputy_detail(request, pk):
    deputy = get_deputy_for_user(request.user, pk)
    return render(
        request,
        "assessments/deputy_detail.html",
        {
            "deputy": deputy,
            "enrolments": training_history([deputy], sessions_for_user(request.user)),
            "show_phones": request.user.can_see_phones,
            "courses": list(deputy.course_completions.order_by("-completed_on", "course")),
            "catalogue_url": settings.COURSE_CATALOGUE_URL,
        },
    )
