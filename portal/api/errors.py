"""Errors as JSON: DRF's answers, plus Django's ValidationError from the services as a 400."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def messages_of(error: DjangoValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError({"detail": messages_of(exc)})
    return drf_exception_handler(exc, context)
