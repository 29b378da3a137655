import pytest
from django.core.cache import cache
from django.test import RequestFactory

from portal.ratelimit import allow, client_key


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_hits_beyond_the_limit_are_refused_in_their_scope_only():
    answers = [allow("selftest", "10.0.0.1", limit=3, window=60) for _ in range(5)]
    assert answers == [True, True, True, False, False]
    assert allow("selftest", "10.0.0.2", limit=3, window=60)
    assert allow("verify", "10.0.0.1", limit=3, window=60)


def test_the_client_key_is_the_connection_address_without_a_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_key(request) == "192.0.2.7"
