"""Personal API tokens: created on the profile page and shown once, stored hashed, scoped, expiring,
revocable, throttled per token; the portal's own session keeps working (with CSRF for writes)."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.api.tokens import create_token
from portal.models import ApiToken

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/regions/"


def test_token_is_created_on_the_profile_page_shown_once_and_stored_hashed(staff_client, staff_viewer):
    response = staff_client.post(reverse("api_tokens"), {"name": "DHIS2 sync", "scope": "read", "days": "90"})
    assert response.status_code == 302
    page = staff_client.get(reverse("api_tokens")).content.decode()
    token = ApiToken.objects.get(user=staff_viewer)
    plain = page.split('data-testid="new-token">')[1].split("<")[0]
    assert plain.startswith(f"dtp_{token.prefix}_")
    assert token.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert (token.name, token.scope) == ("DHIS2 sync", "read")
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    # Shown once: the next visit lists the token by its prefix only.
    again = staff_client.get(reverse("api_tokens")).content.decode()
    assert plain not in again
    assert f"{token.prefix}…" in again
    assert Client(headers={"Authorization": f"Bearer {plain}"}).get(REGIONS).status_code == 200


def test_a_revoked_token_no_longer_opens_the_api(staff_client, staff_viewer):
    token, plain = create_token(user=staff_viewer, name="x", scope="read", days=30)
    client = Client(headers={"Authorization": f"Bearer {plain}"})
    assert client.get(REGIONS).status_code == 200
    assert staff_client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    response = client.get(REGIONS)
    assert response.status_code == 401
    assert response.json() == {"detail": "The token is unknown, expired or revoked."}


def test_nobody_revokes_another_users_token(staff_viewer, organiser_client):
    token, _plain = create_token(user=staff_viewer, name="x", scope="read", days=30)
    organiser_client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(staff_viewer):
    token, plain = create_token(user=staff_viewer, name="x", scope="read", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Client(headers={"Authorization": f"Bearer {plain}"}).get(REGIONS).status_code == 401


def test_a_wrong_secret_with_a_real_prefix_is_refused(staff_viewer):
    token, plain = create_token(user=staff_viewer, name="x", scope="read", days=30)
    forged = f"dtp_{token.prefix}_{'A' * 43}"
    assert Client(headers={"Authorization": f"Bearer {forged}"}).get(REGIONS).status_code == 401


def test_a_deactivated_users_token_is_refused(staff_viewer):
    _token, plain = create_token(user=staff_viewer, name="x", scope="read", days=30)
    staff_viewer.is_active = False
    staff_viewer.save()
    assert Client(headers={"Authorization": f"Bearer {plain}"}).get(REGIONS).status_code == 401


def test_a_read_token_cannot_write(organiser, as_token):
    response = as_token(organiser, scope="read").post("/api/v1/results/bulk/", {"items": []}, "application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "This token may only read: create a read and write token to change data."}


def test_requests_are_throttled_per_token(staff_viewer, settings):
    settings.API_TOKEN_RATE = "3/minute"
    first = Client(
        headers={"Authorization": f"Bearer {create_token(user=staff_viewer, name='a', scope='read', days=1)[1]}"}
    )
    second = Client(
        headers={"Authorization": f"Bearer {create_token(user=staff_viewer, name='b', scope='read', days=1)[1]}"}
    )
    assert [first.get(REGIONS).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert second.get(REGIONS).status_code == 200  # another token has its own count
    assert int(first.get(REGIONS)["Retry-After"]) > 0


def test_session_writes_need_the_csrf_token(organiser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    assert client.get(REGIONS).status_code == 200
    response = client.post("/api/v1/results/bulk/", {"items": []}, "application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_token_page_lists_only_the_users_own_tokens(staff_client, organiser):
    create_token(user=organiser, name="organiser's sync", scope="read", days=30)
    assert "organiser&#x27;s sync" not in staff_client.get(reverse("api_tokens")).content.decode()
