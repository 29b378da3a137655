from django.urls import path  # noqa: F401 - patterns are added by the assessments pages

app_name = "assessments"

urlpatterns = []
