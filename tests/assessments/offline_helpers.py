"""Building and sending batches of offline changes as a device does (docs/offline.md)."""

import json
import uuid

from django.urls import reverse


def attendance(session, enrolment, day, present, expected, change_id=None):
    return {"id": change_id or str(uuid.uuid4()), "session": session.pk, "kind": "attendance",
            "enrolment": enrolment.pk, "day": day, "present": present, "expected": expected}  # fmt: skip


def score(session, enrolment, phase, value, version, change_id=None):
    return {"id": change_id or str(uuid.uuid4()), "session": session.pk, "kind": "score",
            "enrolment": enrolment.pk, "phase": phase, "score": value, "expected_version": version}  # fmt: skip


def answers(session, enrolment, phase, given, version, change_id=None):
    return {"id": change_id or str(uuid.uuid4()), "session": session.pk, "kind": "answers",
            "enrolment": enrolment.pk, "phase": phase, "answers": given, "expected_version": version}  # fmt: skip


def send(client, user, changes, **extra):
    """POST a batch; the user id is the queue's owner."""
    body = json.dumps({"user": user.pk, "changes": changes})
    return client.post(reverse("assessments:offline_sync"), body, content_type="application/json", **extra)


def statuses(response) -> list[str]:
    return [result["status"] for result in response.json()["results"]]
