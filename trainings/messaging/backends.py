"""Where messages go: SMS through a backend chosen by `SMS_BACKEND`, e-mail through Django's e-mail backend.

A backend's `send()` returns the provider's id of the message, or raises:
- `PermanentFailure` — the provider refused it (a 4xx, a bad address): failed with its reason, not retried;
- `TemporaryFailure` — it surely did not arrive (5xx, connection refused): retried, with backoff;
- `AmbiguousFailure` — it may have arrived (a timeout after the request went out): retried only when the
  provider honours the idempotency key (`SMS_GATEWAY_IDEMPOTENT`), else the message is marked unknown.
"""

import json
import logging
import smtplib
import sys
import threading
import urllib.error
import urllib.request
from base64 import b64encode
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_TIMEOUT = 30.0  # seconds: whatever the settings say, a request to a gateway never waits longer


class SendFailure(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason[:500]


class PermanentFailure(SendFailure):
    pass


class TemporaryFailure(SendFailure):
    pass


class AmbiguousFailure(TemporaryFailure):
    pass


class SmsBackend:
    """Sends one SMS. `key` is the same for every attempt at one message (its idempotency key)."""

    # Whether a retry after an ambiguous failure cannot deliver a second copy (the provider dedupes on `key`).
    idempotent = True

    def send(self, *, to: str, text: str, key: str) -> str:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Development: writes each SMS to standard output."""

    def send(self, *, to, text, key):
        sys.stdout.write(f"SMS {key} to {to}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()
        return key


class FileSmsBackend(SmsBackend):
    """Development and demos: appends each SMS as a JSON line to `SMS_FILE_PATH`."""

    _lock = threading.Lock()

    def send(self, *, to, text, key):
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"id": key, "to": to, "text": text, "at": timezone.now().isoformat()}, ensure_ascii=False)
        with self._lock, path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
        return key


class HttpGatewaySms(SmsBackend):
    """An HTTP SMS gateway: a JSON POST of {"id", "to", "text", "sender"} to `SMS_GATEWAY_URL`, with an
    `Idempotency-Key` header, a bearer token or a user name and password; a 2xx answer may give {"id": …}."""

    def __init__(self):
        self.url = settings.SMS_GATEWAY_URL
        self.timeout = min(float(settings.SMS_GATEWAY_TIMEOUT), MAX_TIMEOUT)
        self.idempotent = settings.SMS_GATEWAY_IDEMPOTENT

    def headers(self, key: str) -> dict:
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
                   "Idempotency-Key": key}  # fmt: skip
        if settings.SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
        elif settings.SMS_GATEWAY_USERNAME:
            pair = f"{settings.SMS_GATEWAY_USERNAME}:{settings.SMS_GATEWAY_PASSWORD}".encode()
            headers["Authorization"] = f"Basic {b64encode(pair).decode()}"
        return headers

    def timed_out(self) -> str:
        return _("The gateway did not answer within %(seconds)s s.") % {"seconds": self.timeout}

    def send(self, *, to, text, key):
        if not self.url:
            raise PermanentFailure(_("No SMS gateway is configured (SMS_GATEWAY_URL)."))
        body = json.dumps({"id": key, "to": to, "text": text, "sender": settings.SMS_SENDER}).encode()
        request = urllib.request.Request(self.url, data=body, headers=self.headers(key), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - a configured URL
                answer = response.read(64 * 1024)
        except urllib.error.HTTPError as error:
            values = {"code": error.code, "reason": _gateway_reason(error)}
            if error.code >= 500 or error.code == 429:
                raise TemporaryFailure(_("The gateway answered %(code)s: %(reason)s") % values) from error
            raise PermanentFailure(_("The gateway refused the message (%(code)s): %(reason)s") % values) from error
        except TimeoutError as error:
            raise AmbiguousFailure(self.timed_out()) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise AmbiguousFailure(self.timed_out()) from error
            raise TemporaryFailure(_("The gateway cannot be reached: %(reason)s") % {"reason": error.reason}) from error
        except OSError as error:  # the connection broke after the request was sent
            raise AmbiguousFailure(_("The connection to the gateway broke: %(reason)s") % {"reason": error}) from error
        return _provider_id(answer) or key


def _gateway_reason(error) -> str:
    try:
        body = error.read(4096).decode("utf-8", "replace")
    except OSError:
        body = ""
    try:
        data = json.loads(body)
    except ValueError:
        return (body.strip() or error.reason or "")[:300]
    if isinstance(data, dict):
        for name in ("error", "message", "reason", "detail"):
            if data.get(name):
                return str(data[name])[:300]
    return body[:300]


def _provider_id(answer: bytes) -> str:
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return ""
    return str(data.get("id", ""))[:200] if isinstance(data, dict) else ""


def sms_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_email(*, to: str, subject: str, text: str, key: str) -> str:
    """Through Django's e-mail backend (EMAIL_URL; django-anymail for a provider, see docs/messaging.md)."""
    message = EmailMessage(subject=subject, body=text, to=[to], headers={"X-Portal-Message-Id": key})
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentFailure(_("The mail server refused the address.")) from error
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError) as error:
        raise TemporaryFailure(_("The mail server cannot be reached: %(reason)s") % {"reason": error}) from error
    except TimeoutError as error:
        raise AmbiguousFailure(_("The mail server did not answer in time.")) from error
    except smtplib.SMTPResponseException as error:
        failure = TemporaryFailure if error.smtp_code >= 400 and error.smtp_code < 500 else PermanentFailure
        raise failure(_("The mail server answered %(code)s.") % {"code": error.smtp_code}) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(_("The e-mail could not be sent: %(reason)s") % {"reason": error}) from error
    # django-anymail sets the provider's id on the message; the plain backends do not.
    status = getattr(message, "anymail_status", None)
    return str(getattr(status, "message_id", "") or key)[:200]
