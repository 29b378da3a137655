"""Who may do what, on every URL of the portal (DESIGN §5).

Every URL pattern of the project (the admin site excepted: Django guards it itself, checked once
below) has one row in MATRIX with the expected answer to a GET and to a POST for each persona:

    anonymous · trainer on their own session · trainer on another trainer's session · staff · organiser · admin

Tokens: a status code, `L` = a redirect to the login page, `302` = any other redirect, `H` = 200 or 503
(the health check answers 503 while a service it checks is down, e.g. no Celery worker in the test run).
The world is built once for the module (tests/world.py); each request runs in a savepoint that is
rolled back, so a POST by one persona does not change the world the next one sees.
A URL without a row (or a row without a URL) fails `test_every_url_has_a_row`.
To add a page: add its row, its URL arguments to URL_KWARGS (query-string ones to QUERY) and, if a POST
needs data, to POST_DATA.
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.feedback.services import ensure_questions
from assessments.feedback.tokens import survey_token
from assessments.selftest import services as selftest_services
from tests.world import client_as, objects_for, shared_world

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "trainer", "trainer_other", "staff", "organiser", "admin")

# fmt: off
MATRIX = {
    # name                                  GET: anon trainer other staff org admin  POST: same order
    # portal
    "home":                                 ("L 200 200 200 200 200",     "L 200 200 200 200 200"),
    "health":                               ("H H H H H H",               "405 405 405 405 405 405"),
    "login":                                ("200 302 302 302 302 302",   "200 302 302 302 302 302"),
    "logout":                               ("L 405 405 405 405 405",     "L L L L L L"),
    "password_change":                      ("L 200 200 200 200 200",     "L 200 200 200 200 200"),
    "password_change_done":                 ("L 200 200 200 200 200",     "L 405 405 405 405 405"),
    "set_language":                         ("302 302 302 302 302 302",   "302 302 302 302 302 302"),
    "favicon":                              ("302 302 302 302 302 302",   "405 405 405 405 405 405"),
    "service_worker":                       ("200 200 200 200 200 200",   "405 405 405 405 405 405"),
    "manifest":                             ("200 200 200 200 200 200",   "405 405 405 405 405 405"),
    # public: checking a certificate's code needs no account
    "verify":                               ("200 200 200 200 200 200",   "405 405 405 405 405 405"),
    "verify_code":                          ("200 200 200 200 200 200",   "405 405 405 405 405 405"),
    "api_tokens":                           ("L 200 200 200 200 200",     "L 200 200 200 200 200"),
    "api_token_revoke":                     ("L 405 405 405 405 405",     "L 302 302 302 302 302"),
    # the open API (/api/…, session authentication here; tokens: tests/portal/api/test_token_matrix.py). An empty
    # POST to a bulk write gets 400 ("items" missing) once the role is allowed.
    "api:schema":                           ("401 200 200 200 200 200",   "401 405 405 405 405 405"),
    "api:docs":                             ("L 200 200 200 200 200",     "L 405 405 405 405 405"),
    "api:region_list":                      ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:district_list":                    ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:council_list":                     ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:council_detail":                   ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:campaign_list":                    ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:campaign_detail":                  ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:statistics":                       ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:dhis2_data_value_sets":            ("401 403 403 200 200 200",   "401 403 403 405 405 405"),
    "api:deputy_list":                      ("401 200 200 200 200 200",   "401 405 405 405 405 405"),
    "api:deputy_detail":                    ("401 200 404 200 200 200",   "401 405 405 405 405 405"),
    "api:session_list":                     ("401 200 200 200 200 200",   "401 405 405 405 405 405"),
    "api:session_detail":                   ("401 200 404 200 200 200",   "401 405 405 405 405 405"),
    "api:enrolment_list":                   ("401 200 200 200 200 200",   "401 405 405 405 405 405"),
    "api:result_list":                      ("401 200 200 200 200 200",   "401 405 405 405 405 405"),
    "api:deputy_bulk":                      ("401 403 403 403 405 405",   "401 403 403 403 400 400"),
    "api:attendance_bulk":                  ("401 405 405 403 405 405",   "401 400 400 403 400 400"),
    "api:result_bulk":                      ("401 405 405 403 405 405",   "401 400 400 403 400 400"),
    # portal: dashboards and reports
    "portal:certificate":                   ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "portal:certificate_list":              ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "portal:certificate_revoke":            ("L 405 405 405 405 405",     "L 403 404 404 302 302"),
    "portal:dashboard":                     ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:dashboard_index":               ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:frozen_csv":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:frozen_detail":                 ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:frozen_list":                   ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:frozen_pdf":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:frozen_xlsx":                   ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:report_csv":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:report_freeze":                 ("L 405 405 405 405 405",     "L 403 403 302 302 302"),
    "portal:report_pdf":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:report_xlsx":                   ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "portal:session_certificates":          ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    # feedback survey: the participant's page needs no account (its signed link is the key)
    "feedback:survey":                      ("200 200 200 200 200 200",   "200 200 200 200 200 200"),
    "feedback:questions":                   ("L 403 403 403 200 200",     "L 403 403 403 302 302"),
    "feedback:comments":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "feedback:slips":                       ("L 200 404 404 200 200",     "L 405 405 405 405 405"),
    # councils
    "trainings:council_detail":              ("L 403 403 200 200 200",     "L 403 403 200 200 200"),
    "assessments:deputy_detail":               ("L 200 404 200 200 200",     "L 200 404 200 200 200"),
    "councils:deputy_list":                 ("L 200 200 200 200 200",     "L 200 200 200 200 200"),
    "assessments:deputy_merge":                ("L 403 403 403 405 405",     "L 403 403 403 302 302"),
    "councils:district_detail":             ("L 403 403 200 200 200",     "L 403 403 200 200 200"),
    "assessments:duplicate_list":              ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "assessments:deputy_reviewed":             ("L 403 403 403 405 405",     "L 403 403 403 302 302"),
    "councils:import_confirm":              ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    "councils:import_job":                  ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "councils:import_progress":             ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "councils:import_start":                ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "councils:import_upload":               ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "assessments:merge_list":                  ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "assessments:merge_undo":                  ("L 403 403 403 405 405",     "L 403 403 403 302 302"),
    "councils:region_detail":               ("L 403 403 200 200 200",     "L 403 403 200 200 200"),
    "councils:region_list":                 ("L 403 403 200 200 200",     "L 403 403 200 200 200"),
    # trainings
    "trainings:campaign_council_search":    ("L 403 403 403 200 200",     "L 405 405 405 405 405"),
    "trainings:campaign_create":            ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:campaign_detail":            ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "trainings:campaign_invite":            ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    "trainings:campaign_list":              ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "trainings:campaign_target":            ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    "trainings:campaign_update":            ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:planning":                   ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:planning_index":             ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:plan_run":                   ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:plan_progress":              ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:plan_rerun":                 ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    "trainings:plan_accept":                ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    "trainings:mark_all_present":           ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    "trainings:remove_enrolment":           ("L 403 404 404 200 200",     "L 403 404 404 302 302"),
    "trainings:roster_xlsx":                ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "trainings:session_approve":            ("L 405 405 405 405 405",     "L 403 404 404 302 302"),
    "trainings:session_calendar":           ("L 200 200 200 200 200",     "L 405 405 405 405 405"),
    "trainings:session_council_search":     ("L 403 404 404 200 200",     "L 405 405 405 405 405"),
    "trainings:session_create":             ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:session_detail":             ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "trainings:session_invite":             ("L 405 405 405 405 405",     "L 403 404 404 302 302"),
    "trainings:session_list":               ("L 200 200 200 200 200",     "L 405 405 405 405 405"),
    "trainings:session_reopen":             ("L 405 405 405 405 405",     "L 403 404 404 302 302"),
    "trainings:session_update":             ("L 403 404 404 200 200",     "L 403 404 404 200 200"),
    "trainings:sign_in_sheet":              ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "trainings:substitute":                 ("L 403 404 404 200 200",     "L 403 404 404 200 200"),
    "trainings:toggle_attendance":          ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    "trainings:walk_in":                    ("L 200 404 404 200 200",     "L 302 404 404 302 302"),
    "trainings:walk_in_new":                ("L 200 404 404 200 200",     "L 302 404 404 302 302"),
    "trainings:withdraw_invitation":        ("L 403 404 404 200 200",     "L 403 404 404 302 302"),
    "trainings:venue_archive":              ("L 405 405 405 405 405",     "L 403 403 403 302 302"),
    # trainings: messages to deputies (organisers only; a POST with no data gets the form back)
    "trainings:list_message":               ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:message_batch":              ("L 403 403 403 200 200",     "L 405 405 405 405 405"),
    "trainings:message_batch_list":         ("L 403 403 403 200 200",     "L 405 405 405 405 405"),
    "trainings:message_batch_progress":     ("L 403 403 403 200 200",     "L 405 405 405 405 405"),
    "trainings:message_template_edit":      ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainings:message_template_list":      ("L 403 403 403 200 200",     "L 405 405 405 405 405"),
    "trainings:session_message":            ("L 403 404 404 200 200",     "L 403 404 404 200 200"),
    "trainings:venue_create":               ("L 403 403 403 200 200",     "L 403 403 403 302 302"),
    "trainings:venue_delete":               ("L 403 403 403 200 200",     "L 403 403 403 302 302"),
    "trainings:venue_list":                 ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "trainings:venue_update":               ("L 403 403 403 200 200",     "L 403 403 403 302 302"),
    # trainer accounts
    "trainers:my_availability":             ("L 200 200 403 403 302",     "L 405 405 405 405 405"),
    "trainers:set_password":                ("200 200 200 200 200 200",   "302 302 302 302 302 302"),
    "trainers:trainer_create":              ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "trainers:trainer_deactivate":          ("L 405 405 405 405 405",     "L 403 404 403 302 302"),
    "trainers:trainer_detail":              ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    "trainers:trainer_link":                ("L 405 405 405 405 405",     "L 403 404 403 302 302"),
    "trainers:trainer_link_pdf":            ("L 403 404 403 200 200",     "L 405 405 405 405 405"),
    "trainers:trainer_list":                ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "trainers:trainer_reactivate":          ("L 405 405 405 405 405",     "L 403 404 403 302 302"),
    "trainers:trainer_update":              ("L 403 404 403 200 200",     "L 403 404 403 200 200"),
    "trainers:unavailability_add":          ("L 405 405 405 405 405",     "L 403 404 403 302 302"),
    "trainers:unavailability_delete":       ("L 405 405 405 405 405",     "L 403 404 403 302 302"),
    "trainers:workload":                    ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    # assessments
    "assessments:answer_sheet":             ("L 200 404 404 200 200",     "L 302 404 404 302 302"),
    "assessments:api_stats_summary":        ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "assessments:campaign_followup":        ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "assessments:instrument_create":        ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "assessments:instrument_delete":        ("L 403 403 403 200 200",     "L 403 403 403 302 302"),
    "assessments:instrument_list":          ("L 403 403 200 200 200",     "L 405 405 405 405 405"),
    "assessments:instrument_update":        ("L 403 403 403 200 200",     "L 403 403 403 200 200"),
    "assessments:offline_import":           ("L 403 404 404 200 200",     "L 403 404 404 200 200"),
    "assessments:offline_snapshot":         ("L 200 404 403 200 200",     "L 405 405 405 405 405"),
    "assessments:offline_sync":             ("L 405 405 405 405 405",     "L 400 400 400 400 400"),
    "assessments:offline_token":            ("L 200 200 200 200 200",     "L 405 405 405 405 405"),
    "assessments:results_import":           ("L 403 403 403 301 301",     "L 403 403 403 301 301"),
    "assessments:results_import_confirm":   ("L 403 403 403 301 301",     "L 403 403 403 301 301"),
    "assessments:results_import_detail":    ("L 403 403 403 301 301",     "L 403 403 403 301 301"),
    "assessments:score_cell":               ("L 200 404 200 200 200",     "L 302 404 404 302 302"),
    "assessments:score_grid":               ("L 200 404 200 200 200",     "L 200 404 200 200 200"),
    "assessments:score_sheet_confirm":      ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    "assessments:score_sheet_download":     ("L 200 404 404 200 200",     "L 200 404 404 200 200"),
    "assessments:score_sheet_upload":       ("L 200 404 404 200 200",     "L 200 404 404 200 200"),
    "assessments:session_trail":            ("L 200 404 200 200 200",     "L 405 405 405 405 405"),
    # self-test: the trainer's side (those who may change the session)
    "assessments:selftest_panel":           ("L 200 404 404 200 200",     "L 405 405 405 405 405"),
    "assessments:selftest_open":            ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    "assessments:selftest_live":            ("L 200 404 404 200 200",     "L 405 405 405 405 405"),
    "assessments:selftest_status":          ("L 200 404 404 200 200",     "L 405 405 405 405 405"),
    "assessments:selftest_close":           ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    "assessments:selftest_retry":           ("L 405 405 405 405 405",     "L 302 404 404 302 302"),
    # self-test: participants' phones, open to everyone (a page with a message when the phone has no test)
    "selftest:enter_code":                  ("200 200 200 200 200 200",   "302 302 302 302 302 302"),
    "selftest:enter_token":                 ("302 302 302 302 302 302",   "302 302 302 302 302 302"),
    "selftest:pick_name":                   ("403 403 403 403 403 403",   "403 403 403 403 403 403"),
    "selftest:confirm":                     ("403 403 403 403 403 403",   "403 403 403 403 403 403"),
    "selftest:question":                    ("403 403 403 403 403 403",   "403 403 403 403 403 403"),
    "selftest:review":                      ("403 403 403 403 403 403",   "403 403 403 403 403 403"),
    "selftest:done":                        ("302 302 302 302 302 302",   "302 302 302 302 302 302"),
}
# fmt: on


def _walk(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else (pattern.name or f"<unnamed {pattern.pattern}>")


def project_url_names():
    """Every named URL of the project except Django's admin site."""
    return {name for name in _walk(get_resolver()) if not name.startswith("admin:")}


def URL_KWARGS(name, objects):  # noqa: N802 - reads as the table it is
    world, session, enrolment = objects.world, objects.session, objects.enrolment
    table = {
        "portal:dashboard": {"code": world.campaign.code},
        "portal:report_xlsx": {"code": world.campaign.code},
        "portal:report_csv": {"code": world.campaign.code},
        "portal:report_pdf": {"code": world.campaign.code},
        "portal:frozen_list": {"code": world.campaign.code},
        "portal:report_freeze": {"code": world.campaign.code},
        "portal:frozen_detail": {"pk": world.frozen_report.pk},
        "portal:frozen_pdf": {"pk": world.frozen_report.pk},
        "portal:frozen_xlsx": {"pk": world.frozen_report.pk},
        "portal:frozen_csv": {"pk": world.frozen_report.pk},
        "api_token_revoke": {"pk": 1},
        "api:council_detail": {"code": world.council.code},
        "api:campaign_detail": {"code": world.campaign.code},
        "api:deputy_detail": {"pk": objects.deputy.pk},
        "api:session_detail": {"pk": session.pk},
        "portal:session_certificates": {"pk": session.pk},
        "feedback:survey": {"token": survey_token(enrolment)},
        "feedback:questions": {"code": world.campaign.code},
        "feedback:comments": {"code": world.campaign.code},
        "feedback:slips": {"pk": session.pk},
        "portal:certificate": {"pk": session.pk, "enrolment_pk": enrolment.pk},
        "portal:certificate_list": {"pk": session.pk},
        "portal:certificate_revoke": {"pk": session.pk, "certificate_pk": objects.certificate.pk},
        "verify_code": {"code": objects.certificate.code},
        "councils:region_detail": {"code": world.region.code},
        "councils:district_detail": {"code": world.district.code},
        "trainings:council_detail": {"code": world.council.code},
        "assessments:merge_undo": {"pk": world.merge.pk},
        "assessments:deputy_detail": {"pk": objects.deputy.pk},
        "councils:import_job": {"pk": world.import_job.pk},
        "councils:import_confirm": {"pk": world.import_job.pk},
        "councils:import_progress": {"pk": world.import_job.pk},
        "councils:import_upload": {"kind": "deputies"},
        "trainings:campaign_detail": {"code": world.campaign.code},
        "trainings:campaign_update": {"code": world.campaign.code},
        "trainings:campaign_invite": {"code": world.campaign.code},
        "trainings:campaign_target": {"code": world.campaign.code},
        "trainings:campaign_council_search": {"code": world.campaign.code},
        "trainings:planning": {"code": world.campaign.code},
        "trainings:plan_run": {"pk": world.plan_run.pk},
        "trainings:plan_progress": {"pk": world.plan_run.pk},
        "trainings:plan_rerun": {"pk": world.plan_run.pk},
        "trainings:plan_accept": {"pk": world.plan_run.pk},
        "trainings:session_council_search": {"pk": session.pk},
        "trainings:session_detail": {"pk": session.pk},
        "trainings:session_update": {"pk": session.pk},
        "trainings:session_invite": {"pk": session.pk},
        "trainings:session_approve": {"pk": session.pk},
        "trainings:session_reopen": {"pk": session.pk},
        "assessments:session_trail": {"pk": session.pk},
        "trainings:walk_in": {"pk": session.pk},
        "trainings:walk_in_new": {"pk": session.pk},
        "trainings:withdraw_invitation": {"pk": session.pk, "invitation_pk": world.invitation.pk},
        "assessments:deputy_reviewed": {"pk": objects.deputy.pk},
        "trainings:substitute": {"pk": session.pk, "enrolment_pk": enrolment.pk},
        "trainings:remove_enrolment": {"pk": session.pk, "enrolment_pk": enrolment.pk},
        "trainings:toggle_attendance": {"pk": session.pk, "enrolment_pk": enrolment.pk, "day": 2},
        "trainings:mark_all_present": {"pk": session.pk, "day": 2},
        "trainings:sign_in_sheet": {"pk": session.pk, "day": 1},
        "trainings:roster_xlsx": {"pk": session.pk},
        "trainings:venue_update": {"pk": world.venue.pk},
        "trainings:message_batch": {"pk": world.message_batch.pk},
        "trainings:message_batch_progress": {"pk": world.message_batch.pk},
        "trainings:message_batch_list": {"code": world.campaign.code},
        "trainings:message_template_list": {"code": world.campaign.code},
        "trainings:message_template_edit": {"code": world.campaign.code, "kind": "reminder", "channel": "sms"},
        "trainings:session_message": {"pk": session.pk},
        "trainings:venue_archive": {"pk": world.venue.pk},
        "trainings:venue_delete": {"pk": world.venue.pk},
        "assessments:score_grid": {"pk": session.pk},
        "assessments:score_sheet_download": {"pk": session.pk},
        "assessments:score_sheet_upload": {"pk": session.pk},
        "assessments:score_sheet_confirm": {"pk": session.pk},
        "assessments:score_cell": {"pk": session.pk, "enrolment_pk": enrolment.pk, "phase": "post"},
        "assessments:answer_sheet": {"pk": session.pk, "enrolment_pk": enrolment.pk, "phase": "post"},
        "assessments:offline_snapshot": {"pk": session.pk},
        "assessments:selftest_panel": {"pk": session.pk},
        "assessments:selftest_open": {"pk": session.pk, "phase": "pre"},
        **{
            f"assessments:{name}": {"pk": session.pk, "window_pk": world.selftest_window.pk}
            for name in ("selftest_live", "selftest_status", "selftest_close")
        },
        "assessments:selftest_retry": {
            "pk": session.pk,
            "window_pk": world.selftest_window.pk,
            "enrolment_pk": enrolment.pk,
        },
        "selftest:enter_token": {"token": selftest_services.window_token(world.selftest_window)},
        "selftest:question": {"number": 1},
        "assessments:offline_import": {"pk": session.pk},
        "assessments:instrument_list": {"code": world.campaign.code},
        "assessments:campaign_followup": {"code": world.campaign.code},
        "assessments:instrument_create": {"code": world.campaign.code},
        "assessments:instrument_update": {"pk": world.instrument.pk},
        "assessments:instrument_delete": {"pk": world.instrument.pk},
        "assessments:results_import_detail": {"pk": world.results_import.pk},
        "assessments:results_import_confirm": {"pk": world.results_import.pk},
        "trainers:set_password": {"pk": world.newcomer.pk, "token": world.newcomer_token},
        "trainers:unavailability_delete": {
            "pk": objects.trainer.pk,
            "period_pk": world.unavailable[objects.trainer.pk].pk,
        },
        **{
            f"trainers:{name}": {"pk": objects.trainer.pk}
            for name in (
                "trainer_detail",
                "trainer_update",
                "trainer_deactivate",
                "trainer_reactivate",
                "trainer_link",
                "trainer_link_pdf",
                "unavailability_add",
            )
        },  # fmt: skip
    }
    return table.get(name, {})


def QUERY(name, objects):  # noqa: N802
    """Query-string parameters a page needs to answer at all."""
    table = {
        "assessments:api_stats_summary": {"campaign": objects.world.campaign.code},
        "api:statistics": {"campaign": objects.world.campaign.code},
        "api:dhis2_data_value_sets": {"campaign": objects.world.campaign.code},
        # A search that finds the world's council, so that its badges and counts are drawn too.
        "trainings:campaign_council_search": {"q": objects.world.council.code},
        "trainings:session_council_search": {"q": objects.world.council.code},
    }
    return table.get(name, {})


def POST_DATA(name, objects):  # noqa: N802
    """Data that makes a POST do its real work (the others post nothing and get the form back)."""
    world = objects.world
    table = {
        "set_language": {"language": "ky", "next": "/"},
        # Each persona answers in its own savepoint (rolled back), so every one of them sees the survey open.
        "feedback:survey": {**{f"q{q.pk}": "4" for q in ensure_questions(world.campaign) if q.is_scale}, "lang": "ky"},
        "feedback:questions": {"action": "add", "new-order": "9", "new-kind": "scale", "new-text_ru": "Вопрос"},
        "assessments:deputy_merge": {"kept": world.kept_deputy.pk, "merged": objects.deputy.pk},
        "trainings:campaign_invite": {"council": world.council.pk, "session": objects.session.pk},
        "trainings:campaign_target": {"action": "add", "council": world.council.code, "reason": "asked to join"},
        "trainings:session_invite": {"council": world.council.code, "places": "2"},
        "trainings:toggle_attendance": {"present": "1"},
        "portal:certificate_revoke": {"reason": "error", "note": "printed for the wrong person"},
        "trainings:venue_create": {"name_ru": "Новый зал", "district": world.district.pk, "capacity": "40"},
        "trainings:venue_update": {"name_ru": "Зал акимиата", "district": world.district.pk, "capacity": "40"},
        "trainings:session_reopen": {"reason": "a signature was missed"},
        "trainings:walk_in": {"deputy": world.kept_deputy.pk},
        "trainings:walk_in_new": {
            "council": world.council.pk,
            "last_name": "Walkinova",
            "first_name": "Aida",
            "sex": "F",
            "birth_year": "1980",
        },  # fmt: skip
        "trainings:substitute": {"deputy": world.kept_deputy.pk},
        "assessments:score_cell": {"score": "15", "version": "0"},
        "assessments:answer_sheet": {"q1": "A", "q2": "B", "q3": "A", "version": "0"},
        "selftest:enter_code": {"code": world.selftest_window.code},
        "trainers:set_password": {"new_password1": "Ала-Тоо 2021 тоолор", "new_password2": "Ала-Тоо 2021 тоолор"},
        "trainers:unavailability_add": {"start": "2021-06-01", "end": "2021-06-02", "note": "той"},
    }
    return table.get(name, {})


@pytest.fixture(autouse=True)
def _no_verification_limit(settings):
    """Every persona checks certificate codes here, many times over: the rate limit is tested on its own."""
    settings.VERIFY_RATE_LIMIT = 1_000_000


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    # The self-test's pages count hits per address; here every persona comes from the same one.
    settings.SELFTEST_RATE_DEVICE = settings.SELFTEST_RATE_GUESSES = (10**6, 60)
    settings.SELFTEST_RATE_SESSION = settings.SELFTEST_RATE_BIRTH_YEAR = (10**6, 60)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # the test database must exist first
    with shared_world(django_db_blocker) as world:
        yield world


# Who acts for each persona of the matrix: the trainer also acts on another trainer's session.
ACTING = {"anonymous": None, "trainer": "trainer", "trainer_other": "trainer", "staff": "staff",
          "organiser": "organiser", "admin": "admin"}  # fmt: skip


def _answer(response):
    if response.status_code == 302:
        return "L" if response["Location"].startswith(reverse(settings.LOGIN_URL)) else "302"
    return str(response.status_code)


def _matches(token, answer):
    return answer in ("200", "503") if token == "H" else answer == token


def _request(world, persona, method, url, data):
    client = client_as(world, ACTING[persona])
    with transaction.atomic():
        response = client.post(url, data) if method == "POST" else client.get(url)
        transaction.set_rollback(True)
    return response


def test_every_url_has_a_row():
    names = project_url_names()
    assert sorted(names - MATRIX.keys()) == [], "URLs without a row in the authorization matrix"
    assert sorted(MATRIX.keys() - names) == [], "rows of the authorization matrix for URLs that do not exist"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, world, settings):
    settings.HEALTH_CELERY_TIMEOUT = 0.1
    expected, answered = {}, {}
    for method, tokens in zip(("GET", "POST"), MATRIX[name], strict=True):
        for persona, token in zip(PERSONAS, tokens.split(), strict=True):
            objects = objects_for(world, own=persona != "trainer_other")
            url = reverse(name, kwargs=URL_KWARGS(name, objects))
            if QUERY(name, objects):
                url += "?" + urlencode(QUERY(name, objects))
            expected[method, persona] = token
            answered[method, persona] = _answer(_request(world, persona, method, url, POST_DATA(name, objects)))
    mismatches = {key: answered[key] for key in expected if not _matches(expected[key], answered[key])}
    assert mismatches == {}, f"{name}: expected {expected}"


@pytest.mark.parametrize(("persona", "expected"), [("trainer", "302"), ("staff", "302"), ("admin", "200")])
def test_admin_site_admits_only_administrators(persona, expected, world):
    response = client_as(world, persona).get("/admin/")
    assert _answer(response) == expected
    if expected == "302":
        assert response["Location"].startswith("/admin/login/")


# Values a curious or hostile visitor may send in any field or query parameter.
HOSTILE_VALUES = [
    "<script>alert(1)</script>' OR 1=1; DROP TABLE councils_deputy; --",
    "9" * 5000,
    "nul\x00byte",
]
# Every field name a page of the portal reads from a query string or a form.
FIELD_NAMES = sorted(
    {"q", "page", "export", "convocation", "month", "campaign", "status", "trainer", "date_from", "date_to",
     "region", "district", "council", "kind", "sex", "age_band", "first_term", "trained", "score", "version",
     "present", "deputy", "places", "kept", "merged", "session", "language", "next", "confirm_conflicts", "code",
     "name_ru", "start", "end", "days", "capacity", "start_date", "venue", "trainers", "q1", "q2", "q3", "action",
     "reason", "target_kinds", "name_ky", "name_en", "address", "notes", "archived", "username", "first_name",
     "last_name", "phone", "email", "languages", "regions", "note", "new_password1", "new_password2", "patronymic",
     "birth_year", "enrolment", "answer", "go", "updated_since", "lang", "cursor", "page_size", "scope",
     "include_merged", "phase"}
)  # fmt: skip
# Path arguments that are free text.
STR_ARGUMENTS = ["verify_code", "councils:region_detail", "councils:district_detail", "trainings:council_detail",
                 "trainings:campaign_detail", "trainings:campaign_update", "trainings:campaign_invite",
                 "trainings:campaign_target", "trainings:planning", "trainings:message_batch_list",
                 "trainings:message_template_list", "api:council_detail", "api:campaign_detail"]  # fmt: skip


def test_hostile_values_never_cause_a_server_error(world, settings):
    settings.HEALTH_CELERY_TIMEOUT = 0.1
    errors = {}
    for name in sorted(MATRIX):
        url = reverse(name, kwargs=URL_KWARGS(name, objects_for(world, own=True)))
        # /health/ answers 503 when the test session has no Celery worker running: that is its job.
        allowed = {503} if name == "health" else set()
        for value in HOSTILE_VALUES:
            data = dict.fromkeys(FIELD_NAMES, value)
            for method, address, payload in (("GET", f"{url}?{urlencode(data)}", {}), ("POST", url, data)):
                status = _request(world, "organiser", method, address, payload).status_code
                if status >= 500 and status not in allowed:
                    errors[name, method, value[:12]] = status
    assert errors == {}


@pytest.mark.parametrize("name", STR_ARGUMENTS)
def test_hostile_path_arguments_are_refused(name, world):
    answered = set()
    for value in HOSTILE_VALUES:
        # A "/" would lead to another route: the rest of the value is what a path argument can carry.
        address = reverse(name, kwargs={"code": value.replace("/", "")})
        answered.add(_request(world, "organiser", "GET", address, {}).status_code)
    assert answered <= {400, 404, 405}
