"""Downloads of a session: sign-in sheet per day (PDF) and roster (XLSX); everyone who may read it."""

from django.http import Http404
from django.views.decorators.http import require_GET

from fileformats.responses import PDF, XLSX, download

from .. import selectors
from ..access import get_session_for_user
from ..codes import file_name_part
from ..models import TrainingSession
from ..printables import roster_xlsx, sign_in_sheet_pdf


def _readable_session(user, pk):
    queryset = TrainingSession.objects.select_related("campaign", "venue").prefetch_related("trainers")
    return get_session_for_user(user, pk, queryset=queryset)


@require_GET
def sign_in_sheet(request, pk, day):
    session = _readable_session(request.user, pk)
    if not 1 <= day <= session.days:
        raise Http404
    pdf = sign_in_sheet_pdf(session, day, selectors.session_roster(session))
    return download(pdf, PDF, f"sign-in-{file_name_part(session.code)}-day{day}.pdf")


@require_GET
def roster_download(request, pk):
    session = _readable_session(request.user, pk)
    content = roster_xlsx(session, selectors.session_roster(session), with_phones=request.user.can_see_phones)
    return download(content, XLSX, f"roster-{file_name_part(session.code)}.xlsx")
