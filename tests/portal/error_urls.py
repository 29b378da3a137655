"""The portal's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from portal.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401 - Django reads the handlers here


def broken(request):
    raise RuntimeError("a failure the 500 page must hide")


urlpatterns = [path("broken/", broken), *urlpatterns]
