"""Throttling per token (or per signed-in session, or per anonymous address), counted in the cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read on each request (not at import), so that a changed setting applies at once.
        return None  # replaced in allow_request

    def allow_request(self, request, view):
        authenticated = request.user and request.user.is_authenticated
        self.rate = settings.API_TOKEN_RATE if authenticated else settings.API_ANON_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token:{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"anon:{self.get_ident(request)}"
        return f"throttle_api_{ident}"
