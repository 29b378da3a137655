from django.urls import path

from .views import browse, deputies, duplicates, imports

app_name = "councils"

urlpatterns = [
    path("councils/", browse.region_list, name="region_list"),
    path("councils/regions/<str:code>/", browse.region_detail, name="region_detail"),
    path("councils/districts/<str:code>/", browse.district_detail, name="district_detail"),
    path("councils/<str:code>/", browse.council_detail, name="council_detail"),
    path("deputies/", deputies.deputy_list, name="deputy_list"),
    path("deputies/duplicates/", duplicates.duplicate_list, name="duplicate_list"),
    path("deputies/duplicates/merge/", duplicates.deputy_merge, name="deputy_merge"),
    path("deputies/merges/", duplicates.merge_list, name="merge_list"),
    path("deputies/merges/<int:pk>/undo/", duplicates.merge_undo, name="merge_undo"),
    path("deputies/<int:pk>/", deputies.deputy_detail, name="deputy_detail"),
    path("imports/", imports.import_start, name="import_start"),
    path("imports/jobs/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("imports/jobs/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<slug:kind>/", imports.import_upload, name="import_upload"),
]
