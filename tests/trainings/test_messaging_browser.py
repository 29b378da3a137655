"""An organiser sends a reminder from the session page on a phone-sized screen, as a person clicks it, and
follows it on the status page: names and statuses, no phone numbers, no sideways scrolling."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from portal.celery import app
from tests.factories import DeputyFactory, EnrolmentFactory
from trainings.messaging.models import MessageBatch


@pytest.mark.browser
def test_organiser_sends_a_reminder_from_the_session_page(
    live_server, transactional_db, chromium, session, organiser, monkeypatch
):
    monkeypatch.setattr(app.conf, "CELERY_TASK_ALWAYS_EAGER", True)  # as on the embedded default
    EnrolmentFactory(session=session, deputy=DeputyFactory(last_name="Асанова", phone="+996700555111"))
    EnrolmentFactory(session=session, deputy=DeputyFactory(last_name="Токтогулов", phone="", do_not_contact=True))
    client = Client()
    client.force_login(organiser)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + reverse("trainings:session_detail", args=[session.pk]))
    page.get_by_role("link", name="Send a message").click()
    expect(page.locator("#reach")).to_contain_text("1 can be reached by SMS")
    page.get_by_label("Reminder the day before").check()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#batch-progress [data-status]")).to_have_text("finished", timeout=10000)
    batch = MessageBatch.objects.get()
    rows = page.locator("tr[data-message]")
    expect(rows).to_have_count(2)
    expect(page.locator("main")).to_contain_text("Asked not to be contacted.")
    text = page.locator("main").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")

    assert page.url == live_server.url + reverse("trainings:message_batch", args=[batch.pk])
    assert dict(batch.messages.values_list("deputy__last_name", "status")) == {"Асанова": "sent",
                                                                                "Токтогулов": "skipped"}  # fmt: skip
    assert "555111" not in text.replace(" ", "")
    assert width == 360
