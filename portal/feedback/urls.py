from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    # The participant's survey needs no account: the signed token in the path is the key (docs/feedback.md).
    path("feedback/<str:token>/", views.survey, name="survey"),
    path("campaigns/<code:code>/feedback/questions/", views.question_list, name="questions"),
    path("campaigns/<code:code>/feedback/comments/", views.comment_list, name="comments"),
    path("sessions/<int:pk>/feedback/", views.survey_slips, name="slips"),
]
