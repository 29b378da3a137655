"""`manage.py bench`: a device's queue synced at once — 30 participants × (2 attendance days + 2 scores)."""

import json
import time
import uuid
from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from assessments.models import TestResult
from demo.benchmarks import bench_user, local_client, median_ms
from roles import Role
from trainings.models import Attendance, Campaign, TrainingSession

PARTICIPANTS = 30


def _session(campaign: Campaign):
    """A session of the campaign with 30 participants whose two first days have come and is not approved."""
    return (
        TrainingSession.objects.filter(campaign=campaign, approved_at__isnull=True, days__gte=2)
        .filter(start_date__lte=timezone.localdate() - timedelta(days=1))
        .annotate(participants=Count("enrolments"))
        .filter(participants__gte=PARTICIPANTS)
        .order_by("pk")
        .first()
    )


def _batch(session, enrolments) -> list[dict]:
    """Every participant's two days flipped and two scores changed, from the values stored now."""
    marks = {
        (a.enrolment_id, a.day): a.present for a in Attendance.objects.filter(enrolment__in=enrolments, day__lte=2)
    }
    results = {(r.enrolment_id, r.phase): r for r in TestResult.objects.filter(enrolment__in=enrolments)}
    changes = []
    for enrolment in enrolments:
        for day in (1, 2):
            current = marks.get((enrolment.pk, day))
            changes.append({"id": str(uuid.uuid4()), "session": session.pk, "kind": "attendance", "day": day,
                            "enrolment": enrolment.pk, "present": not current, "expected": current})  # fmt: skip
        for phase in ("pre", "post"):
            result = results.get((enrolment.pk, phase))
            # One point up, or down at the maximum: every change writes.
            new = 1 if result is None else result.score + (1 if result.score + 1 <= result.max_score else -1)
            changes.append({"id": str(uuid.uuid4()), "session": session.pk, "kind": "score", "phase": phase,
                            "enrolment": enrolment.pk, "score": str(new),
                            "expected_version": result.version if result else 0})  # fmt: skip
    return changes


def offline_sync_timings(campaign: Campaign, repeat: int = 3) -> dict:
    """POST the batch to /offline/sync/ as an organiser (server time, as the page timings); median of runs."""
    session = _session(campaign)
    if session is None:
        return {"skipped": f"no open session of {campaign.code} with {PARTICIPANTS} participants"}
    user = bench_user(Role.ORGANISER)
    client = local_client(user)
    enrolments = list(session.enrolments.order_by("pk")[:PARTICIPANTS])
    samples = []
    for _run in range(repeat):
        body = json.dumps({"user": user.pk, "changes": _batch(session, enrolments)})
        started = time.perf_counter()
        response = client.post(reverse("assessments:offline_sync"), body, content_type="application/json")
        samples.append(time.perf_counter() - started)
        statuses = {result["status"] for result in response.json().get("results", [])}
        if response.status_code != 200 or statuses != {"saved"}:
            raise RuntimeError(f"The sync answered {response.status_code} with {statuses or response.json()}")
    changes = PARTICIPANTS * 4
    return {**median_ms(samples), "changes": changes, "per_change_ms": round(1000 * min(samples) / changes, 2)}
