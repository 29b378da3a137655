"""The client's address behind a reverse proxy, for login throttling (django-axes)."""

from django.conf import settings


def client_address(request) -> str | None:
    """Behind TRUSTED_PROXY_COUNT proxies that each append the address they saw to X-Forwarded-For, the
    client is the entry that many places from the right; whatever a client wrote further left is ignored.
    With 0 (no proxy, the default) only the connection's address counts: a header any client can send
    must not choose whose failures are counted, or anyone could lock anyone's account."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
