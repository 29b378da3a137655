"""The installable app: the manifest in the reader's language and the service worker served from the root."""

import json

from django.urls import reverse


def test_service_worker_is_served_from_the_root_uncached_with_workbox_from_the_portal(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js");' in body
    assert '"workbox-routing": "/static/vendor/workbox/workbox-routing.prod.js"' in body
    assert "https://" not in body  # no CDN


def test_manifest_names_the_app_in_the_active_language(client):
    client.cookies["django_language"] = "ru"
    response = client.get(reverse("manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Портал обучения депутатов"
    assert manifest["lang"] == "ru"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512", "512x512"]


def test_session_page_copy_for_a_device_has_no_phone_numbers(client, organiser):
    from tests.factories import DeputyFactory, EnrolmentFactory, TrainingSessionFactory

    session = TrainingSessionFactory()
    EnrolmentFactory(session=session, deputy=DeputyFactory(phone="+996 555 123 456"))
    client.force_login(organiser)
    url = reverse("trainings:session_detail", args=[session.pk])
    assert "+996 555 123 456" in client.get(url).content.decode()
    assert "+996 555 123 456" not in client.get(url + "?device_copy=1").content.decode()
