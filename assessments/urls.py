from django.urls import path

from . import api
from .views import (
    deputies,
    duplicates,
    followup,
    grid,
    imports,
    instruments,
    items,
    offline,
    selftest,
    sheets,
    trail,
)

app_name = "assessments"

urlpatterns = [
    # A deputy's page and merging duplicates: they show and move enrolments with their scores.
    path("deputies/duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("deputies/duplicates/merge/", duplicates.deputy_merge, name="deputy_merge"),
    path("deputies/<int:pk>/reviewed/", duplicates.deputy_reviewed, name="deputy_reviewed"),
    path("deputies/merges/", duplicates.merge_list, name="merge_list"),
    path("deputies/merges/<int:pk>/undo/", duplicates.merge_undo, name="merge_undo"),
    path("deputies/<int:pk>/", deputies.deputy_detail, name="deputy_detail"),
    # The session's change history (with its scores, hence here): a page, and its latest entries for htmx.
    path("sessions/<int:pk>/history/", trail.session_trail_page, name="session_trail"),
    path("sessions/<int:pk>/scores/", grid.score_grid_page, name="score_grid"),
    path("sessions/<int:pk>/scores/sheet.xlsx", sheets.score_sheet_download, name="score_sheet_download"),
    path("sessions/<int:pk>/scores/upload/", sheets.score_sheet_upload, name="score_sheet_upload"),
    path("sessions/<int:pk>/scores/upload/confirm/", sheets.score_sheet_confirm, name="score_sheet_confirm"),
    path("sessions/<int:pk>/scores/<int:enrolment_pk>/<str:phase>/", grid.score_cell, name="score_cell"),
    path("sessions/<int:pk>/scores/<int:enrolment_pk>/<str:phase>/answers/", items.answer_sheet, name="answer_sheet"),
    # The self-test on participants' phones: the trainer's side (docs/self-test.md).
    path("sessions/<int:pk>/selftest/", selftest.selftest_panel, name="selftest_panel"),
    path("sessions/<int:pk>/selftest/<str:phase>/open/", selftest.selftest_open, name="selftest_open"),
    path("sessions/<int:pk>/selftest/<int:window_pk>/", selftest.selftest_live, name="selftest_live"),
    path("sessions/<int:pk>/selftest/<int:window_pk>/status/", selftest.selftest_status, name="selftest_status"),
    path("sessions/<int:pk>/selftest/<int:window_pk>/close/", selftest.selftest_close, name="selftest_close"),
    path(
        "sessions/<int:pk>/selftest/<int:window_pk>/retry/<int:enrolment_pk>/",
        selftest.selftest_retry,
        name="selftest_retry",
    ),
    # Offline work at a venue without a connection (docs/offline.md).
    path("sessions/<int:pk>/offline/", offline.session_snapshot, name="offline_snapshot"),
    path("sessions/<int:pk>/offline/import/", offline.queue_import, name="offline_import"),
    path("offline/sync/", offline.sync, name="offline_sync"),
    path("offline/token/", offline.sync_token, name="offline_token"),
    # Old addresses of the results import, now the "results" kind of the shared import pages.
    path("results/import/", imports.results_import_start, name="results_import"),
    path("results/import/<int:pk>/", imports.results_import_detail, name="results_import_detail"),
    path("results/import/<int:pk>/confirm/", imports.results_import_detail, name="results_import_confirm"),
    path("campaigns/<code:code>/follow-up/", followup.campaign_followup, name="campaign_followup"),
    path("campaigns/<code:code>/tests/", instruments.instrument_list, name="instrument_list"),
    path("campaigns/<code:code>/tests/new/", instruments.instrument_create, name="instrument_create"),
    path("tests/<int:pk>/", instruments.instrument_update, name="instrument_update"),
    path("tests/<int:pk>/delete/", instruments.instrument_delete, name="instrument_delete"),
    path("api/stats/summary/", api.stats_summary, name="api_stats_summary"),
]
