"""Fixtures of the API tests: tokens for the personas, and clients that send them."""

import pytest
from django.test import Client

from portal.api.tokens import create_token


def token_client(user, scope="read_write", days=30):
    """A client sending a new token of `user` (no session): what another system uses."""
    _token, plain = create_token(user=user, name="test", scope=scope, days=days)
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.fixture
def as_token():
    return token_client
