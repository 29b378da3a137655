"""Login throttling behind a reverse proxy: failures are counted for the client's real address, which a
client cannot choose by sending its own X-Forwarded-For."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "organiser", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR="10.0.0.1",  # the proxy
    )


def lock_out(client, forwarded_for, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong", forwarded_for)


def is_refused(response):
    return response.status_code != 302


def test_behind_one_proxy_the_lockout_keys_on_the_address_the_proxy_appended(client, organiser, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    lock_out(client, "6.6.6.6, 203.0.113.7", settings)  # the proxy appended 203.0.113.7
    assert is_refused(login(client, "secret-pass-123", "9.9.9.9, 203.0.113.7"))  # whatever it writes in front
    assert not is_refused(login(client, "secret-pass-123", "6.6.6.6, 198.51.100.2"))  # another client logs in


def test_without_a_proxy_the_header_is_ignored(client, organiser, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    lock_out(client, "203.0.113.7", settings)
    # A different X-Forwarded-For neither escapes the lockout of this connection's address …
    assert is_refused(login(client, "secret-pass-123", "198.51.100.2"))


def test_without_a_proxy_a_forged_header_cannot_lock_another_address(client, organiser, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "organiser", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="198.51.100.2", REMOTE_ADDR="192.0.2.66")  # fmt: skip
    # … nor does a forged header lock the organiser out at the address it names.
    response = client.post(reverse("login"), {"username": "organiser", "password": "secret-pass-123"},
                           REMOTE_ADDR="198.51.100.2")  # fmt: skip
    assert response.status_code == 302
