from django.urls import path

from .views import browse, deputies, imports

app_name = "councils"

urlpatterns = [
    path("councils/", browse.region_list, name="region_list"),
    path("councils/regions/<str:code>/", browse.region_detail, name="region_detail"),
    path("councils/districts/<str:code>/", browse.district_detail, name="district_detail"),
    path("deputies/", deputies.deputy_list, name="deputy_list"),
    path("imports/", imports.import_start, name="import_start"),
    path("imports/jobs/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<slug:kind>/", imports.import_upload, name="import_upload"),
]
