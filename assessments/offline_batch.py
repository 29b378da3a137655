"""Reading a batch of offline changes sent by a device (docs/offline.md): size, JSON and field types.

A batch that cannot be read is refused as a whole with `BatchError`, which names the change (its position,
1 = first, and its id when readable) and the field, so that nothing of a corrupt batch is half-applied.
"""

import json
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import TestResult

MAX_CHANGES = 2000
MAX_BODY_BYTES = 1024 * 1024
KINDS = ("attendance", "score", "answers")
# Database ids and versions are PostgreSQL integers: anything larger cannot name a row.
LARGEST_ID = 2**31 - 1


class BatchError(Exception):
    """A batch refused as a whole: nothing of it was applied."""

    def __init__(self, message, *, status=400, change=None, change_id=None, field=None):
        super().__init__(message)
        self.message, self.status = message, status
        self.change, self.change_id, self.field = change, change_id, field

    def as_json(self) -> dict:
        return {"error": self.message, "change": self.change, "id": self.change_id, "field": self.field}


@dataclass
class Change:
    """One change of the device's queue, its fields checked for type (values are checked when applied)."""

    id: uuid.UUID
    session_id: int
    kind: str
    enrolment_id: int
    day: int | None = None
    present: bool | None = None
    expected: bool | None = None
    phase: str | None = None
    score: str | None = None
    answers: dict | None = None
    expected_version: int = 0


def read_body(body: bytes) -> dict:
    """The batch as a JSON object, or BatchError (413 when too large)."""
    if len(body) > MAX_BODY_BYTES:
        raise too_large()
    try:
        batch = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BatchError(_("The batch is not valid JSON.")) from error
    if not isinstance(batch, dict):
        raise BatchError(_("The batch must be a JSON object with “user” and “changes”."))
    return batch


def too_large() -> BatchError:
    return BatchError(
        _("A batch may be at most %(limit)s MB: send fewer changes at once.") % {"limit": MAX_BODY_BYTES // 2**20},
        status=413,
    )


def read_user(batch: dict) -> int:
    """The id of the account the queue belongs to."""
    user = batch.get("user")
    if not _is_id(user):
        raise BatchError(_("“user” must be the id of the account the changes were made under."), field="user")
    return user


def read_changes(batch: dict) -> list[Change]:
    raw = batch.get("changes")
    if not isinstance(raw, list):
        raise BatchError(_("“changes” must be a list."), field="changes")
    if len(raw) > MAX_CHANGES:
        raise BatchError(
            _("A batch holds at most %(limit)s changes: send the rest in another batch.") % {"limit": MAX_CHANGES},
            status=413,
            field="changes",
        )
    return [_read_change(number, item) for number, item in enumerate(raw, start=1)]


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= LARGEST_ID


def _expected(kind_of_value: str) -> str:
    return {
        "id": _("a whole number"),
        "uuid": _("a UUID"),
        "kind": _("“attendance”, “score” or “answers”"),
        "bool": _("true or false"),
        "bool_or_null": _("true, false or null"),
        "phase": _("“pre” or “post”"),
        "score": _("text, a number or null"),
        "answers": _("an object of question numbers and answers"),
        "version": _("a whole number from 0"),
    }[kind_of_value]


def _read_change(number: int, item) -> Change:
    raw_id = item.get("id") if isinstance(item, dict) else None

    def wrong(field, kind_of_value):
        return BatchError(
            _("Change %(number)s, field “%(field)s”: expected %(expected)s.")
            % {"number": number, "field": field, "expected": _expected(kind_of_value)},
            change=number,
            change_id=raw_id if isinstance(raw_id, str) else None,
            field=field,
        )

    if not isinstance(item, dict):
        raise BatchError(_("Change %(number)s is not an object.") % {"number": number}, change=number)
    try:
        change_id = uuid.UUID(raw_id) if isinstance(raw_id, str) and len(raw_id) <= 45 else None
    except ValueError:
        change_id = None
    if change_id is None:
        raise wrong("id", "uuid")
    for field in ("session", "enrolment"):
        if not _is_id(item.get(field)):
            raise wrong(field, "id")
    kind = item.get("kind")
    if kind not in KINDS:
        raise wrong("kind", "kind")
    change = Change(id=change_id, session_id=item["session"], kind=kind, enrolment_id=item["enrolment"])
    if kind == "attendance":
        change.day, change.present, change.expected = item.get("day"), item.get("present"), item.get("expected")
        if not _is_id(change.day) or change.day > 366:
            raise wrong("day", "id")
        if not isinstance(change.present, bool):
            raise wrong("present", "bool")
        if change.expected is not None and not isinstance(change.expected, bool):
            raise wrong("expected", "bool_or_null")
        return change
    change.phase = item.get("phase")
    if change.phase not in TestResult.Phase.values:
        raise wrong("phase", "phase")
    version = item.get("expected_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version <= LARGEST_ID:
        raise wrong("expected_version", "version")
    change.expected_version = version
    if kind == "score":
        score = item.get("score")
        if isinstance(score, bool) or not isinstance(score, str | int | float | None) or len(str(score)) > 20:
            raise wrong("score", "score")
        change.score = None if score is None else str(score)
    else:
        answers = item.get("answers")
        if not isinstance(answers, dict) or not all(
            isinstance(key, str) and len(key) <= 5 and isinstance(value, str) and len(value) <= 20
            for key, value in answers.items()
        ):
            raise wrong("answers", "answers")
        change.answers = answers
    return change
