"""Report downloads (XLSX, CSV, PDF), frozen reports and certificates.

Live exports describe the whole campaign as the data is now; frozen ones are drawn from the stored
payload only. Staff, organisers and admins read reports; only organisers get the participant sheet (and
phone numbers in it). Certificates follow the session's access rules (its trainers, organisers, staff);
printing one issues its verification code (`trainings.certificates`), and only organisers revoke one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from fileformats.responses import CSV, PDF, XLSX, download
from portal.dashboards.presentation import kpi_cards
from portal.dashboards.views import NARRATIVE_LANGUAGES
from portal.models import FrozenReport
from roles import READERS, role_required
from trainings.access import get_managed_session, get_session_for_user
from trainings.certificates import certificates_of_session, display_code, issue_certificates, revoke_certificate
from trainings.codes import file_name_part
from trainings.models import Campaign, Certificate, TrainingSession

from .certificates import CERTIFICATE_LANGUAGES, Verification, certificates_pdf
from .csv_export import report_csv
from .payload import REPORT_LANGUAGES, build_report
from .pdf import report_pdf
from .selectors import campaign_participants, session_completers
from .services import freeze_report
from .workbook import report_workbook

FROZEN_TABLE_SCOPES = ("region", "council_kind", "sex", "age_band", "topic")


def _language(request, default=None) -> str:
    wanted = request.GET.get("lang") or request.POST.get("language") or ""
    if wanted in REPORT_LANGUAGES:
        return wanted
    return default or (get_language() or "ru")[:2]


@role_required(*READERS)
def _campaign(request, code):
    return get_object_or_404(Campaign, code=code)


@require_GET
def report_xlsx(request, code):
    campaign = _campaign(request, code)
    payload = build_report(campaign, _language(request))
    participants = campaign_participants(campaign) if request.user.is_organiser else None
    content = report_workbook(payload, participants=participants, with_phones=request.user.can_see_phones)
    return download(content, XLSX, f"report-{file_name_part(campaign.code)}.xlsx")


@require_GET
def report_csv_download(request, code):
    campaign = _campaign(request, code)
    return download(report_csv(build_report(campaign, _language(request))), CSV,
                    f"report-{file_name_part(campaign.code)}.csv")  # fmt: skip


@require_GET
def report_pdf_download(request, code):
    campaign = _campaign(request, code)
    language = _language(request)
    return download(report_pdf(build_report(campaign, language)), PDF,
                    f"report-{file_name_part(campaign.code)}-{language}.pdf")  # fmt: skip


@require_POST
def freeze(request, code):
    campaign = _campaign(request, code)
    report = freeze_report(
        campaign=campaign, user=request.user, language=_language(request), title=request.POST.get("title", "")
    )
    messages.success(request, _("The report was frozen with the figures of data version %(version)s.")
                     % {"version": report.data_version})  # fmt: skip
    return redirect("portal:frozen_detail", pk=report.pk)


@require_GET
def frozen_list(request, code):
    campaign = _campaign(request, code)
    reports = campaign.frozen_reports.select_related("created_by").defer("payload")
    return render(
        request,
        "portal/frozen_list.html",
        {"campaign": campaign, "reports": reports, "report_languages": NARRATIVE_LANGUAGES},
    )


@role_required(*READERS)
def _frozen(request, pk) -> FrozenReport:
    return get_object_or_404(FrozenReport.objects.select_related("campaign", "created_by"), pk=pk)


@require_GET
def frozen_detail(request, pk):
    report = _frozen(request, pk)
    payload = report.payload
    tables = [
        (payload["scope_titles"][scope], payload["breakdowns"].get(scope) or [])
        for scope in FROZEN_TABLE_SCOPES
        if payload["breakdowns"].get(scope)
    ]
    context = {
        "report": report,
        "campaign": report.campaign,
        "payload": payload,
        "cards": kpi_cards(payload["summary"]),
        "tables": tables,
        "changed_since": report.campaign.data_version != report.data_version,
    }
    return render(request, "portal/frozen_detail.html", context)


def _frozen_name(report, extension):
    return f"report-{file_name_part(report.campaign.code)}-{report.frozen_at:%Y%m%d-%H%M}.{extension}"


@require_GET
def frozen_pdf(request, pk):
    report = _frozen(request, pk)
    return download(report_pdf(report.payload, frozen_at=report.frozen_at), PDF,
                    _frozen_name(report, "pdf"))  # fmt: skip


@require_GET
def frozen_xlsx(request, pk):
    report = _frozen(request, pk)
    content = report_workbook(report.payload, frozen_at=report.frozen_at.isoformat())
    return download(content, XLSX, _frozen_name(report, "xlsx"))


@require_GET
def frozen_csv(request, pk):
    report = _frozen(request, pk)
    return download(report_csv(report.payload), CSV, _frozen_name(report, "csv"))


def _session(request, pk):
    queryset = TrainingSession.objects.select_related("campaign", "venue").prefetch_related(
        "trainers", "campaign__topics"
    )
    return get_session_for_user(request.user, pk, queryset=queryset)


def _certificate_language(request, session):
    wanted = request.GET.get("lang", "")
    return wanted if wanted in CERTIFICATE_LANGUAGES else session.language


def _refuse_early_certificates(request, session):
    """Certificates are issued from the session's last day on; before that, back to the session page."""
    if session.has_ended():
        return None
    messages.error(
        request,
        _("Certificates can be printed from the last day of the session on (%(date)s).")
        % {"date": date_format(session.end_date, "DATE_FORMAT")},
    )
    return redirect("trainings:session_detail", pk=session.pk)


def _verifications(request, enrolments) -> dict[int, Verification]:
    """Issues (or finds) the certificates being printed: each page's code and the address that checks it."""
    issued = issue_certificates(enrolments=enrolments, user=request.user)
    return {
        enrolment_id: Verification(
            code=display_code(certificate.code),
            url=request.build_absolute_uri(reverse("verify_code", args=[certificate.code])),
        )
        for enrolment_id, certificate in issued.items()
    }


@require_GET
def session_certificates(request, pk):
    """Every completer's certificate in one file, for printing."""
    session = _session(request, pk)
    if refused := _refuse_early_certificates(request, session):
        return refused
    language = _certificate_language(request, session)
    enrolments = list(session_completers(session))
    content = certificates_pdf(session, enrolments, language, _verifications(request, enrolments))
    return download(content, PDF, f"certificates-{file_name_part(session.code)}-{language}.pdf")


@require_GET
def certificate(request, pk, enrolment_pk):
    """One participant's certificate; 404 unless the participant completed the session."""
    session = _session(request, pk)
    if refused := _refuse_early_certificates(request, session):
        return refused
    enrolment = session_completers(session).filter(pk=enrolment_pk).first()
    if enrolment is None:
        raise Http404
    language = _certificate_language(request, session)
    content = certificates_pdf(session, [enrolment], language, _verifications(request, [enrolment]))
    name = f"certificate-{file_name_part(session.code)}-{enrolment.pk}-{language}.pdf"
    return download(content, PDF, name)


@require_GET
def certificate_list(request, pk):
    """The certificates issued for the session, valid and revoked, with their codes; organisers revoke here."""
    session = get_session_for_user(request.user, pk, queryset=TrainingSession.objects.select_related("campaign"))
    context = {
        "session": session,
        "certificates": certificates_of_session(session),
        "reasons": Certificate.Reason.choices,
        "can_revoke": request.user.is_organiser,
        "verify_address": request.build_absolute_uri(reverse("verify")),
    }
    return render(request, "portal/certificate_list.html", context)


@require_POST
def certificate_revoke(request, pk, certificate_pk):
    """An organiser withdraws one certificate, with a public reason and a note for organisers."""
    session = get_managed_session(request.user, pk)
    certificate = get_object_or_404(Certificate, pk=certificate_pk, enrolment__session=session)
    try:
        revoke_certificate(
            certificate=certificate,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Certificate %(code)s was revoked.") % {"code": display_code(certificate.code)})
    return redirect("portal:certificate_list", pk=session.pk)
