"""Who reaches the score pages (DESIGN §5): trainers their own sessions, organisers all, staff read only."""

import pytest
from django.urls import reverse

from assessments.models import TestResult as Result

pytestmark = pytest.mark.django_db


def grid(session):
    return reverse("assessments:score_grid", args=[session.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("organiser", 200), ("admin_user", 200), ("trainer", 200), ("other_trainer", 404), ("staff_viewer", 200)],
)
def test_grid_access_per_role(client, request, session, enrolments, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(grid(session)).status_code == status


def test_anonymous_visitor_is_sent_to_login(client, session):
    response = client.get(grid(session))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("persona", "status"), [("organiser", 200), ("other_trainer", 404), ("staff_viewer", 404)])
def test_saving_a_score_per_role(client, request, session, enrolments, persona, status):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("assessments:score_cell", args=[session.pk, enrolments[0].pk, "pre"])
    response = client.post(url, {"score": "5", "version": "0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == status
    assert Result.objects.filter(enrolment=enrolments[0]).count() == (1 if status == 200 else 0)


def test_enrolment_of_another_session_is_not_found(trainer_client, session):
    from tests.factories import EnrolmentFactory

    stranger = EnrolmentFactory()
    url = reverse("assessments:score_cell", args=[session.pk, stranger.pk, "pre"])
    assert trainer_client.post(url, {"score": "5"}, HTTP_HX_REQUEST="true").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("trainer", 200), ("other_trainer", 404), ("staff_viewer", 404)])
def test_score_sheet_download_per_role(client, request, session, enrolments, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("assessments:score_sheet_download", args=[session.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"), [("organiser", 200), ("admin_user", 200), ("trainer", 403), ("staff_viewer", 403)]
)
def test_results_import_is_for_organisers(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("councils:import_upload", args=["results"])).status_code == status
