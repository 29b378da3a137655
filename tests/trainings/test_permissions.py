"""Who may open which trainings page (DESIGN §5): every view, every persona."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import EnrolmentFactory, InvitationFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "organiser", "trainer", "other_trainer", "staff_viewer"]

# view name, method, expected status per persona (anonymous, organiser, trainer of the session,
# trainer of another session, staff viewer). 302 for the organiser on POST is the redirect after success.
MATRIX = [
    ("campaign_list", "get", (302, 200, 403, 403, 200)),
    ("campaign_detail", "get", (302, 200, 403, 403, 200)),
    ("campaign_create", "get", (302, 200, 403, 403, 403)),
    ("campaign_update", "get", (302, 200, 403, 403, 403)),
    ("campaign_invite", "post", (302, 302, 403, 403, 403)),
    ("campaign_target", "post", (302, 302, 403, 403, 403)),
    ("session_list", "get", (302, 200, 200, 200, 200)),
    ("session_calendar", "get", (302, 200, 200, 200, 200)),
    ("session_create", "get", (302, 200, 403, 403, 403)),
    ("session_detail", "get", (302, 200, 200, 404, 200)),
    ("session_update", "get", (302, 200, 403, 404, 404)),
    ("session_invite", "post", (302, 302, 403, 404, 404)),
    ("walk_in", "get", (302, 200, 200, 404, 404)),
    ("walk_in_new", "get", (302, 200, 200, 404, 404)),
    ("withdraw_invitation", "get", (302, 200, 403, 404, 404)),
    ("remove_enrolment", "get", (302, 200, 403, 404, 404)),
    ("substitute", "get", (302, 200, 403, 404, 404)),
    ("remove_enrolment", "post", (302, 302, 403, 404, 404)),
    ("toggle_attendance", "post", (302, 302, 302, 404, 404)),
    ("mark_all_present", "post", (302, 302, 302, 404, 404)),
    ("sign_in_sheet", "get", (302, 200, 200, 404, 200)),
    ("roster_xlsx", "get", (302, 200, 200, 404, 200)),
]


def url_for(name, session, enrolment, invitation):
    args = {
        "campaign_detail": [session.campaign.code],
        "campaign_update": [session.campaign.code],
        "campaign_invite": [session.campaign.code],
        "campaign_target": [session.campaign.code],
        "session_detail": [session.pk],
        "session_update": [session.pk],
        "session_invite": [session.pk],
        "walk_in": [session.pk],
        "walk_in_new": [session.pk],
        "withdraw_invitation": [session.pk, invitation.pk],
        "substitute": [session.pk, enrolment.pk],
        "remove_enrolment": [session.pk, enrolment.pk],
        "toggle_attendance": [session.pk, enrolment.pk, 1],
        "mark_all_present": [session.pk, 1],
        "sign_in_sheet": [session.pk, 1],
        "roster_xlsx": [session.pk],
    }.get(name, [])
    return reverse(f"trainings:{name}", args=args)


@pytest.mark.parametrize(("name", "method", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("persona", PERSONAS)
def test_access(request, client, session, name, method, expected, persona):
    enrolment = EnrolmentFactory(session=session)
    invitation = InvitationFactory(session=session, council=enrolment.deputy.council)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = url_for(name, session, enrolment, invitation)

    response = client.post(url, {"present": "1"}) if method == "post" else client.get(url)

    assert response.status_code == expected[PERSONAS.index(persona)]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_trainer_may_toggle_attendance_in_their_own_session(trainer_client, session):
    enrolment = EnrolmentFactory(session=session)

    trainer_client.post(reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 2]), {"present": "1"})

    assert list(enrolment.attendance.values_list("day", "present")) == [(2, True)]


def test_staff_cannot_change_attendance(staff_client, session):
    enrolment = EnrolmentFactory(session=session)

    staff_client.post(reverse("trainings:toggle_attendance", args=[session.pk, enrolment.pk, 1]), {"present": "1"})

    assert enrolment.attendance.count() == 0


def test_session_page_shows_phones_to_organisers_only(client, session, organiser, trainer, staff_viewer):
    EnrolmentFactory(session=session, deputy__phone="+996700111222")
    url = reverse("trainings:session_detail", args=[session.pk])
    seen = {}
    for user in (organiser, trainer, staff_viewer):
        client.force_login(user)
        seen[user.username] = "+996700111222" in client.get(url).content.decode()
    assert seen == {"organiser": True, "trainer": False, "staff": False}
