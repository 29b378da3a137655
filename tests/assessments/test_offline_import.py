"""An organiser imports the queue file a trainer's device exported: the sync's logic, as the organiser."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessments.models import OfflineChange, TestResult
from tests.factories import EnrolmentFactory, TrainingSessionFactory
from trainings.models import Attendance

from .offline_helpers import attendance, score, send

pytestmark = pytest.mark.django_db


def upload(client, session, content: bytes):
    url = reverse("assessments:offline_import", args=[session.pk])
    return client.post(url, {"file": SimpleUploadedFile("queue.json", content, content_type="application/json")})


def queue_file(user, changes) -> bytes:
    return json.dumps({"user": user.pk, "changes": changes}).encode()


def test_organiser_applies_a_trainers_refused_queue(organiser_client, organiser, trainer, session, enrolments):
    other = TrainingSessionFactory(code="S-ELSEWHERE")
    stranger = EnrolmentFactory(session=other)
    changes = [
        score(session, enrolments[0], "pre", "17,5", 0),
        attendance(session, enrolments[1], 2, False, True),
        score(session, enrolments[2], "pre", "25", 0),
        score(other, stranger, "pre", "10", 0),
    ]
    response = upload(organiser_client, session, queue_file(trainer, changes))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(name, result["status"]) for _change, name, result in rows] == [
        (enrolments[0].deputy.full_name, "saved"),
        (enrolments[1].deputy.full_name, "saved"),
        (enrolments[2].deputy.full_name, "refused"),
        ("", "refused"),
    ]
    assert rows[2][2]["message"] == "Enter a score from 0 to 20."
    assert rows[3][2]["message"] == "This change belongs to another training."
    html = response.content.decode()
    assert html.count('data-status="saved"') == 2
    result = TestResult.objects.get(enrolment=enrolments[0], phase="pre")
    assert (result.score, result.entered_by, result.source) == (17.5, organiser, "offline")
    assert Attendance.history.filter(enrolment=enrolments[1], day=2).latest("history_date").history_user == organiser
    assert not TestResult.objects.filter(enrolment=stranger).exists()


def test_a_change_the_device_had_already_synced_is_not_applied_again(organiser_client, trainer, session, enrolments):
    change = score(session, enrolments[0], "pre", "12", 0)
    device = Client()
    device.force_login(trainer)
    send(device, trainer, [change])
    history = TestResult.history.count()
    response = upload(organiser_client, session, queue_file(trainer, [change]))
    assert response.context["rows"][0][2]["status"] == "saved"
    assert TestResult.history.count() == history
    assert OfflineChange.objects.get(pk=change["id"]).user == trainer


def test_a_corrupt_queue_file_is_refused_with_a_reason(organiser_client, session, enrolments):
    response = upload(organiser_client, session, b"{broken")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The batch is not valid JSON."]
    assert response.context["rows"] is None


def test_the_page_offers_a_form_and_the_session_page_links_to_it(organiser_client, session):
    url = reverse("assessments:offline_import", args=[session.pk])
    assert organiser_client.get(url).status_code == 200
    assert url in organiser_client.get(reverse("trainings:session_detail", args=[session.pk])).content.decode()


def test_trainers_cannot_import_queue_files(trainer_client, session, enrolments):
    url = reverse("assessments:offline_import", args=[session.pk])
    assert trainer_client.get(url).status_code == 403
    assert upload(trainer_client, session, b'{"user": 1, "changes": []}').status_code == 403
