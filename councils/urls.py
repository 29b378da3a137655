from django.urls import path  # noqa: F401 - patterns are added by the councils pages

app_name = "councils"

urlpatterns = []
