"""Signed, expiring links to one participant's survey: the token signs the enrolment id (its own salt)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "assessments.feedback.survey"
MAX_AGE = timedelta(days=30)
# A real token is about 30 characters; anything much longer is refused before any work is done on it.
MAX_TOKEN_LENGTH = 120


class BadToken(Exception):
    """The link was not issued by the portal (mistyped, cut or tampered with)."""


class ExpiredToken(BadToken):
    """The link was issued by the portal but more than MAX_AGE ago."""


def survey_token(enrolment) -> str:
    return signing.dumps(enrolment.pk, salt=SALT)


def survey_url(enrolment) -> str:
    """The path of `enrolment`'s feedback survey (valid for MAX_AGE), e.g. for a link after the post-test."""
    return reverse("feedback:survey", args=[survey_token(enrolment)])


def enrolment_id(token: str) -> int:
    """The enrolment id a token signs; BadToken or ExpiredToken otherwise."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise BadToken
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadToken from error
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BadToken
    return value
