from django.urls import path

from . import api

app_name = "assessments"

urlpatterns = [
    path("api/stats/summary/", api.stats_summary, name="api_stats_summary"),
]
