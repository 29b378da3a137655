from django.urls import path

from . import views

app_name = "trainers"

urlpatterns = [
    path("trainers/", views.trainer_list, name="trainer_list"),
    path("trainers/new/", views.trainer_create, name="trainer_create"),
    path("trainers/me/", views.my_availability, name="my_availability"),
    path("trainers/workload/", views.workload, name="workload"),
    path("trainers/<int:pk>/", views.trainer_detail, name="trainer_detail"),
    path("trainers/<int:pk>/edit/", views.trainer_update, name="trainer_update"),
    path("trainers/<int:pk>/deactivate/", views.trainer_deactivate, name="trainer_deactivate"),
    path("trainers/<int:pk>/reactivate/", views.trainer_reactivate, name="trainer_reactivate"),
    path("trainers/<int:pk>/link/", views.trainer_link, name="trainer_link"),
    path("trainers/<int:pk>/link.pdf", views.trainer_link_pdf, name="trainer_link_pdf"),
    path("trainers/<int:pk>/unavailable/", views.unavailability_add, name="unavailability_add"),
    path(
        "trainers/<int:pk>/unavailable/<int:period_pk>/delete/",
        views.unavailability_delete,
        name="unavailability_delete",
    ),
    path("accounts/set-password/<int:pk>/<str:token>/", views.set_password, name="set_password"),
]
