"""Addresses of the open API (docs/api.md). Every view answers for itself (401/403 as JSON): the portal's
login redirect does not apply, so that requests with a token reach them."""

from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import read, statistics, write

app_name = "api"


def api(route, view, name):
    return path(route, login_not_required(view.as_view()), name=name)


urlpatterns = [
    api("api/v1/regions/", read.RegionList, "region_list"),
    api("api/v1/districts/", read.DistrictList, "district_list"),
    api("api/v1/councils/", read.CouncilList, "council_list"),
    api("api/v1/councils/<str:code>/", read.CouncilDetail, "council_detail"),
    api("api/v1/deputies/", read.DeputyList, "deputy_list"),
    api("api/v1/deputies/bulk/", write.DeputyBulkView, "deputy_bulk"),
    api("api/v1/deputies/<int:pk>/", read.DeputyDetail, "deputy_detail"),
    api("api/v1/campaigns/", read.CampaignList, "campaign_list"),
    api("api/v1/campaigns/<str:code>/", read.CampaignDetail, "campaign_detail"),
    api("api/v1/sessions/", read.SessionList, "session_list"),
    api("api/v1/sessions/<int:pk>/", read.SessionDetail, "session_detail"),
    api("api/v1/enrolments/", read.EnrolmentList, "enrolment_list"),
    api("api/v1/attendance/bulk/", write.AttendanceBulkView, "attendance_bulk"),
    api("api/v1/results/", read.TestResultList, "result_list"),
    api("api/v1/results/bulk/", write.ResultBulkView, "result_bulk"),
    api("api/v1/statistics/", statistics.StatisticsView, "statistics"),
    api("api/v1/dhis2/data-value-sets/", statistics.Dhis2ExportView, "dhis2_data_value_sets"),
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    # A page for people: the login redirect applies (its script is served by the same view, `?script`).
    # (DRF marks its views login_required = False; this page wants the login redirect back.)
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
