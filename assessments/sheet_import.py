"""A session's score sheet as the "score_sheet" kind of the one import pipeline (option: the session).

The sheet's own pages (`views.sheets`) upload it into an ImportJob and confirm it through the shared job
service. The job's stored preview lists each change with the version of the score it was checked
against; a score changed in the grid meanwhile makes the fresh preview differ, and nothing is saved.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from councils.import_kinds import ImportKind, register
from councils.importers import ERROR, NEW, UPDATED, Preview, RowOutcome
from councils.services import ImportRefused
from fileformats.tables import FileRejected, RowError
from trainings.access import sessions_for_user
from trainings.approval import SessionApproved, approved_message
from trainings.models import TrainingSession

from .score_sheets import ScoreChange, SheetPreview, changes_from_json, read_score_sheet
from .services import ScoresChangedMeanwhile, apply_score_changes

KIND = "score_sheet"


@dataclass
class ScoreSheetPreview(Preview):
    sheet: SheetPreview = field(default_factory=SheetPreview)
    saved: int = 0

    @property
    def counts(self) -> dict:
        return {**super().counts, "unchanged": self.sheet.unchanged, "saved": self.saved}

    def as_json(self, limit=None) -> dict:
        changes = [
            {**change.as_json(), "row": change.row, "name": change.name, "old": _text(change.old)}
            for change in self.sheet.changes
        ]
        return {**super().as_json(), "changes": changes, "unchanged": self.sheet.unchanged}


def _text(score):
    return "" if score is None else str(score)


def _score(text):
    return Decimal(text) if text else None


def sheet_from_json(preview: dict) -> SheetPreview:
    """The checked sheet as the upload page shows it, from a job's stored preview."""
    return SheetPreview(
        changes=[
            ScoreChange(
                item["row"],
                item["enrolment_id"],
                item["name"],
                item["phase"],
                _score(item["old"]),
                _score(item["new"]),
                item["version"],
            )  # fmt: skip
            for item in preview.get("changes", [])
        ],
        errors=[RowError(error["row"], error["column"], error["message"]) for error in preview.get("errors", [])],
        unchanged=preview.get("unchanged", 0),
    )


class ScoreSheetImporter:
    kind = KIND
    required = ["enrolment_id", "pre_score", "post_score"]
    optional = ["session_code", "last_name", "first_name", "patronymic"]

    def __init__(self, options: dict | None = None):
        self.options = options or {}

    def preview(self, name: str, content: bytes) -> ScoreSheetPreview:
        preview = ScoreSheetPreview(kind=self.kind)
        session = TrainingSession.objects.get(pk=self.options["session"])
        if session.is_approved:
            preview.file_error = approved_message(session.code)
            return preview
        try:
            preview.sheet = read_score_sheet(session, name, content)
        except FileRejected as exc:
            preview.file_error = str(exc)
            return preview
        errors_by_row = defaultdict(list)
        for error in preview.sheet.errors:
            errors_by_row[error.row].append(error)
        preview.rows = [RowOutcome(row=row, status=ERROR, errors=errors) for row, errors in errors_by_row.items()]
        preview.rows += [
            RowOutcome(row=change.row, status=NEW if change.old is None else UPDATED, label=change.name)
            for change in preview.sheet.changes
        ]
        return preview


def apply_score_sheet(preview, *, user=None, options=None, progress=None) -> None:
    """Save the changes of a checked sheet; ImportRefused when a score changed since it was checked."""
    session = TrainingSession.objects.get(pk=options["session"])
    changes = changes_from_json([change.as_json() for change in preview.sheet.changes])
    try:
        preview.saved = apply_score_changes(session=session, changes=changes, user=user)
    except SessionApproved:
        raise  # approved after the sheet was checked: the job fails with this reason
    except (ScoresChangedMeanwhile, ValidationError) as exc:
        raise ImportRefused(preview) from exc


def may_upload(user, options=None) -> bool:
    """The session's trainers and organisers (the same rule as the score grid's)."""
    if not options or "session" not in options:
        return False
    return sessions_for_user(user, write=True).filter(pk=options["session"]).exists()


def register_score_sheet_kind() -> ImportKind:
    return register(
        ImportKind(
            key=KIND,
            label=_("Score sheet"),
            importer=ScoreSheetImporter,
            apply=apply_score_sheet,
            allowed=may_upload,
            must_match_preview=True,
            listed=False,
        )
    )
