"""Personal API tokens: creating one (the secret is shown once) and authenticating requests with it.

A token reads `dtp_<prefix>_<secret>`. Only the prefix (to find the row) and a SHA-256 digest of the whole
token are stored: a database leak gives nothing to sign in with. The secret has 256 random bits, so a plain
hash is enough (no slow password hash is needed for a random key).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal.models import ApiToken

TOKEN_PREFIX = "dtp"
EXPIRY_DAYS = (30, 90, 365)
# last_used_at is written at most this often per token, not on every request.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text, which is never stored."""
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        scope=scope,
        prefix=prefix,
        digest=digest_of(plain),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, plain


def revoke_token(*, user, pk) -> bool:
    """Revoke one of the user's own tokens; False when it was not theirs or already revoked."""
    return bool(ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(revoked_at=timezone.now()))


def find_token(plain: str) -> ApiToken | None:
    """The active token `plain` names, or None (unknown, wrong secret, revoked, expired, inactive user)."""
    parts = plain.split("_", 2)
    if len(plain) > 200 or len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(plain)):
        return None
    if not token.is_active() or not token.user.is_active:
        return None
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer dtp_…` (or `Token dtp_…`): the request acts as the token's user."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            plain = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        token = find_token(plain)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and Swagger UI's "Authorize" button) describes the token."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "dtp_<prefix>_<secret>"}
