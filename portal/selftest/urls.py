from django.urls import path

from . import views

app_name = "selftest"

urlpatterns = [
    path("t/", views.enter_code, name="enter_code"),
    path("t/name/", views.pick_name, name="pick_name"),
    path("t/confirm/", views.confirm, name="confirm"),
    path("t/q/<int:number>/", views.question, name="question"),
    path("t/review/", views.review, name="review"),
    path("t/done/", views.done, name="done"),
    # The QR code's link: last, so that the names above are never read as a token.
    path("t/<str:token>/", views.enter_token, name="enter_token"),
]
