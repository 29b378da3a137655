from django.urls import path

from .views import (
    approval,
    attendance,
    campaigns,
    council_picker,
    councils,
    printables,
    roster,
    sessions,
    venues,
    walk_ins,
)

app_name = "trainings"

urlpatterns = [
    # A council's page lists the sessions it was invited to; the rest of the councils browser is in councils.
    path("councils/<str:code>/", councils.council_detail, name="council_detail"),
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<code:code>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<code:code>/edit/", campaigns.campaign_update, name="campaign_update"),
    path("campaigns/<code:code>/invite/", campaigns.campaign_invite, name="campaign_invite"),
    path("campaigns/<code:code>/target/", campaigns.campaign_target, name="campaign_target"),
    path(
        "campaigns/<code:code>/councils/search/",
        council_picker.campaign_council_search,
        name="campaign_council_search",
    ),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/calendar/", sessions.session_calendar, name="session_calendar"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_update, name="session_update"),
    path("sessions/<int:pk>/approve/", approval.session_approve, name="session_approve"),
    path("sessions/<int:pk>/reopen/", approval.session_reopen, name="session_reopen"),
    path("sessions/<int:pk>/invitations/", roster.session_invite, name="session_invite"),
    path("sessions/<int:pk>/councils/search/", council_picker.session_council_search, name="session_council_search"),
    path(
        "sessions/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        roster.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("sessions/<int:pk>/walk-ins/", walk_ins.walk_in, name="walk_in"),
    path("sessions/<int:pk>/walk-ins/new/", walk_ins.walk_in_new, name="walk_in_new"),
    path("sessions/<int:pk>/enrolments/<int:enrolment_pk>/substitute/", roster.substitute, name="substitute"),
    path("sessions/<int:pk>/enrolments/<int:enrolment_pk>/remove/", roster.remove, name="remove_enrolment"),
    path(
        "sessions/<int:pk>/enrolments/<int:enrolment_pk>/days/<int:day>/",
        attendance.toggle_attendance,
        name="toggle_attendance",
    ),
    path("sessions/<int:pk>/days/<int:day>/all-present/", attendance.mark_all_present, name="mark_all_present"),
    path("sessions/<int:pk>/days/<int:day>/sign-in-sheet.pdf", printables.sign_in_sheet, name="sign_in_sheet"),
    path("sessions/<int:pk>/roster.xlsx", printables.roster_download, name="roster_xlsx"),
    path("venues/", venues.venue_list, name="venue_list"),
    path("venues/new/", venues.venue_create, name="venue_create"),
    path("venues/<int:pk>/edit/", venues.venue_update, name="venue_update"),
    path("venues/<int:pk>/archive/", venues.venue_archive, name="venue_archive"),
    path("venues/<int:pk>/delete/", venues.venue_delete, name="venue_delete"),
]
