from django.urls import path  # noqa: F401 - patterns are added by the trainings pages

app_name = "trainings"

urlpatterns = []
