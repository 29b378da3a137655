"""Dashboards, reports and certificates (`portal:` names), included before the apps' URLs so that
`campaigns/<code>/dashboard/` and the report paths are never taken for the campaign page."""

from django.urls import path

from portal.dashboards import views as dashboards

from . import views

app_name = "portal"

urlpatterns = [
    path("reports/", dashboards.dashboard_index, name="dashboard_index"),
    path("campaigns/<code:code>/dashboard/", dashboards.dashboard, name="dashboard"),
    path("campaigns/<code:code>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("campaigns/<code:code>/report.csv", views.report_csv_download, name="report_csv"),
    path("campaigns/<code:code>/report.pdf", views.report_pdf_download, name="report_pdf"),
    path("campaigns/<code:code>/reports/", views.frozen_list, name="frozen_list"),
    path("campaigns/<code:code>/reports/freeze/", views.freeze, name="report_freeze"),
    path("reports/<int:pk>/", views.frozen_detail, name="frozen_detail"),
    path("reports/<int:pk>/report.pdf", views.frozen_pdf, name="frozen_pdf"),
    path("reports/<int:pk>/report.xlsx", views.frozen_xlsx, name="frozen_xlsx"),
    path("reports/<int:pk>/report.csv", views.frozen_csv, name="frozen_csv"),
    path("sessions/<int:pk>/certificates.pdf", views.session_certificates, name="session_certificates"),
    path("sessions/<int:pk>/certificates/<int:enrolment_pk>.pdf", views.certificate, name="certificate"),
    path("sessions/<int:pk>/certificates/", views.certificate_list, name="certificate_list"),
    path(
        "sessions/<int:pk>/certificates/<int:certificate_pk>/revoke/",
        views.certificate_revoke,
        name="certificate_revoke",
    ),
]
