"""What a results import did or would do: counts per record type, and the rows it refused."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from fileformats.tables import RowError


@dataclass
class ImportReport:
    rows: int = 0
    valid_rows: int = 0
    errors: list = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    dry_run: bool = False
    written: bool = False

    @property
    def skipped_rows(self) -> int:
        return self.rows - self.valid_rows

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated)

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "valid_rows": self.valid_rows,
            "errors": [[error.row, error.column, error.message] for error in self.errors],
            "created": dict(+self.created),
            "updated": dict(+self.updated),
            "dry_run": self.dry_run,
            "written": self.written,
        }

    @classmethod
    def from_json(cls, data) -> "ImportReport":
        return cls(
            rows=data.get("rows", 0),
            valid_rows=data.get("valid_rows", 0),
            errors=[RowError(*error) for error in data.get("errors", [])],
            created=Counter(data.get("created", {})),
            updated=Counter(data.get("updated", {})),
            dry_run=data.get("dry_run", False),
            written=data.get("written", False),
        )

    def summary_lines(self) -> list[str]:
        """Human-readable counts, e.g. "deputies: 12 created"."""
        labels = {
            "campaign": _("campaign"),
            "venues": _("venues"),
            "trainers": _("trainers"),
            "session_trainers": _("trainers assigned to sessions"),
            "sessions": _("sessions"),
            "deputies": _("deputies"),
            "enrolments": _("enrolments"),
            "attendance": _("attendance days"),
            "results": _("test results"),
        }
        lines = []
        for key, label in labels.items():
            created, updated = self.created.get(key, 0), self.updated.get(key, 0)
            if created or updated:
                lines.append(
                    _("%(what)s: %(created)s created, %(updated)s updated")
                    % {"what": label, "created": created, "updated": updated}
                )
        return lines
