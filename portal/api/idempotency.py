"""`Idempotency-Key` on bulk writes: the same request sent again gets the stored answer and changes nothing.

The answer is stored in the transaction of the write itself, so either both are kept or neither. The same
key with a different body (or on another endpoint) is refused with 422: a key names one request.
Keys are per user and kept API_IDEMPOTENCY_HOURS hours (older ones are forgotten on the next use).
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from portal.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 200
KEY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="Any unique string (e.g. a UUID): sending the same request again with it changes nothing.",
)


def request_digest(path: str, data) -> str:
    canonical = json.dumps([path, data], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record, digest):
    if record.request_digest != digest:
        return Response({"detail": _("This Idempotency-Key was used for a different request.")}, status=422)
    return Response(record.body, status=record.status_code, headers={"Idempotent-Replayed": "true"})


def idempotent(request, write):
    """Run `write()` (which returns a Response) once per Idempotency-Key; without the header, just run it.

    Only successful answers (2xx) are stored: a refused request changed nothing and may be sent again.
    """
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return write()
    if len(key) > KEY_MAX_LENGTH or not key.isprintable():
        raise ValidationError({HEADER: [_("Use at most 200 printable characters.")]})
    digest = request_digest(request.path, request.data)
    cutoff = timezone.now() - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    IdempotentRequest.objects.filter(user=request.user, created_at__lt=cutoff).delete()
    record = IdempotentRequest.objects.filter(user=request.user, key=key).first()
    if record is not None:
        return _replay(record, digest)
    try:
        with transaction.atomic():
            response = write()
            if 200 <= response.status_code < 300:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        path=request.path[:200],
                        request_digest=digest,
                        status_code=response.status_code,
                        body=json.loads(json.dumps(response.data, default=str)),
                    )
    except IntegrityError:
        # The same key was used by a request that finished meanwhile: this one is rolled back, its answer given.
        record = IdempotentRequest.objects.filter(user=request.user, key=key).first()
        if record is None:
            raise
        return _replay(record, digest)
    return response
