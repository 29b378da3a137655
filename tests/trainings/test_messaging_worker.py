"""A real Celery worker killed (kill -9) while a message is with the SMS gateway: the next worker finishes
the batch, and the gateway receives every message exactly once — the one in flight is marked unknown."""

import time
from collections import Counter

import pytest

from tests.factories import CampaignFactory, DeputyFactory, EnrolmentFactory, TrainingSessionFactory
from tests.jobs.recovery import FAST_RECOVERY, wait_for
from tests.trainings.fake_gateway import fake_gateway
from trainings.messaging.models import MessageBatch
from trainings.messaging.services import create_batch

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]

HELD = "+996700000303"


def test_a_batch_whose_worker_is_killed_mid_send_sends_each_message_exactly_once(own_worker, organiser):
    session = TrainingSessionFactory(campaign=CampaignFactory(code="KILL-2021"), code="K-01")
    for number in range(1, 7):
        EnrolmentFactory(session=session, deputy=DeputyFactory(last_name=f"D{number}", phone=f"+99670000030{number}"))
    recipients = [(enrolment.deputy, session) for enrolment in session.enrolments.select_related("deputy__council")]

    with fake_gateway({HELD: ["hold"]}) as gateway:
        env = {
            **FAST_RECOVERY,
            "SMS_BACKEND": "trainings.messaging.backends.HttpGatewaySms",
            "SMS_GATEWAY_URL": gateway.url,
            "SMS_GATEWAY_TIMEOUT": "30",
            "MESSAGE_RETRY_BACKOFF": "0.01",
        }
        worker = own_worker(env)
        batch = create_batch(
            campaign=session.campaign,
            kind="reminder",
            channels=["sms"],
            recipients=recipients,
            user=organiser,
            session=session,
        )  # queued for the worker when this commits
        wait_for(lambda: HELD in {payload["to"] for payload, _ in gateway.requests}, 60, "the held SMS never left")
        worker.kill()
        gateway.release.set()  # the gateway accepts the held message; its answer goes to nobody
        held = batch.messages.get(recipient=HELD)
        held.refresh_from_db()
        assert held.status == "sending"  # what the crash left

        time.sleep(float(FAST_RECOVERY["CELERY_VISIBILITY_TIMEOUT"]))  # the broker gives the task back
        own_worker(env)
        wait_for(lambda: not MessageBatch.objects.get(pk=batch.pk).is_active, 60, "the batch never finished")
        received = Counter(gateway.ids())

    messages = list(batch.messages.all())
    assert received == Counter({message.idempotency_key: 1 for message in messages})
    assert {message.recipient: message.status for message in messages} == {
        **{f"+99670000030{number}": "sent" for number in range(1, 7)},
        HELD: "unknown",
    }
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == ("done", 2)
