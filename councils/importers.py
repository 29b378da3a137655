"""Parsing and validating import files (DESIGN §4) into a preview of what the import would do.

An importer reads a file with `fileformats.tables`, checks every row against the database and returns a
`Preview`: per row whether it would be new, updated or unchanged, or why it is wrong (row, column,
reason). Nothing here writes; `councils.services.imports` applies a preview inside one transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from fileformats.tables import (
    REQUIRED_MESSAGE,
    FileRejected,
    RowError,
    parse_bool,
    parse_date,
    parse_int,
    parse_language,
    parse_sex,
    read_table,
)

from . import cells
from .models import Council, Deputy, District, Election, Region
from .names import normalize_name

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
PREVIEW_ROW_LIMIT = 500  # rows kept for display in a stored preview; errors are always kept in full
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{5,31}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COATE = re.compile(r"^417\d{11}$")


@dataclass
class RowOutcome:
    row: int
    status: str
    label: str = ""
    values: dict = field(default_factory=dict)  # cleaned values, ready to write
    instance_id: int | None = None  # the existing record an update applies to
    changes: list[str] = field(default_factory=list)  # fields an update changes
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Preview:
    kind: str
    rows: list[RowOutcome] = field(default_factory=list)
    file_error: str = ""  # the file as a whole was refused
    columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return [error for outcome in self.rows for error in outcome.errors]

    @property
    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATED: 0, UNCHANGED: 0, ERROR: 0}
        for outcome in self.rows:
            counts[outcome.status] += 1
        return counts

    @property
    def is_valid(self) -> bool:
        return not self.file_error and not any(outcome.status == ERROR for outcome in self.rows)

    def error_messages(self) -> list[str]:
        if self.file_error:
            return [self.file_error]
        return [str(error) for error in self.errors]

    def as_json(self, limit: int = PREVIEW_ROW_LIMIT) -> dict:
        """What the preview page shows: the first rows, and every error."""
        shown = [outcome for outcome in self.rows if outcome.status != UNCHANGED][:limit]
        return {
            "file_error": self.file_error,
            "rows": [{"row": o.row, "status": o.status, "label": o.label, "changes": o.changes} for o in shown],
            "errors": [{"row": e.row, "column": e.column, "message": str(e.message)} for e in self.errors],
            "truncated": len(shown) < len([o for o in self.rows if o.status != UNCHANGED]),
        }


class Importer:
    """Base class: subclasses name their columns, a key, and how to clean and compare a row."""

    kind = ""
    required: list[str] = []
    optional: list[str] = []
    key_columns: list[str] = []

    def __init__(self, options: dict | None = None):
        self.options = options or {}

    def preview(self, name: str, content: bytes) -> Preview:
        preview = Preview(kind=self.kind)
        try:
            table = read_table(name, content, required=self.required, optional=self.optional)
        except FileRejected as exc:
            preview.file_error = str(exc)
            return preview
        preview.columns = table.columns
        self.columns = set(table.columns)
        self.prefetch(table.rows)
        first_row_of_key = {}
        for number, raw in table.rows:
            outcome = RowOutcome(row=number, status=NEW)
            values = self.clean(number, raw, outcome.errors)
            if not outcome.errors:
                key = self.key(values)
                if key in first_row_of_key:
                    outcome.errors.append(
                        RowError(
                            number,
                            ", ".join(self.key_columns),
                            _("Duplicate of row %(row)s in this file.") % {"row": first_row_of_key[key]},
                        )
                    )
                else:
                    first_row_of_key[key] = number
            if outcome.errors:
                outcome.status = ERROR
            else:
                outcome.values = values
                outcome.label = self.label(values, raw)
                self.compare(outcome, self.existing(values))
            preview.rows.append(outcome)
        return preview

    # -- helpers for subclasses -------------------------------------------------------------------
    def compare(self, outcome: RowOutcome, instance) -> None:
        if instance is None:
            outcome.status = NEW
            return
        outcome.instance_id = instance.pk
        outcome.changes = [
            name
            for name, value in outcome.values.items()
            if name in self.updatable() and getattr(instance, name) != value
        ]
        outcome.status = UPDATED if outcome.changes else UNCHANGED

    def updatable(self) -> set[str]:
        """Fields an update may change: only those whose column the file has."""
        return set()

    @staticmethod
    def required_text(number, raw, column, errors, *, max_length=200) -> str:
        return cells.text(number, raw, column, errors, max_length=max_length, required=True)

    @staticmethod
    def optional_text(number, raw, column, errors, *, max_length=200) -> str:
        return cells.text(number, raw, column, errors, max_length=max_length)

    parsed = staticmethod(cells.parsed)

    def council_ids(self, rows, column="council_code") -> None:
        codes = {raw.get(column, "").strip() for _number, raw in rows}
        self.councils = dict(Council.objects.filter(code__in=codes).values_list("code", "pk"))

    def council(self, number, raw, errors, column="council_code"):
        return cells.council(number, raw, self.councils, errors, column)

    def convocation(self, number, raw, errors):
        return self.parsed(number, raw, "convocation", errors, parse_int, required=True, minimum=1990, maximum=2100)

    # -- to be provided by subclasses -------------------------------------------------------------
    def prefetch(self, rows) -> None:
        raise NotImplementedError

    def clean(self, number: int, raw: dict, errors: list) -> dict:
        raise NotImplementedError

    def key(self, values: dict):
        raise NotImplementedError

    def existing(self, values: dict):
        raise NotImplementedError

    def label(self, values: dict, raw: dict) -> str:
        return " · ".join(raw.get(column, "") for column in self.key_columns)


class DeputyImporter(Importer):
    """`import_deputies`: council_code, convocation, last_name, first_name, patronymic, sex, birth_year,
    phone, first_term; optionally email, language (ky/ru) and do_not_contact (yes/no). A deputy is found by
    council, convocation, normalised name and birth year."""

    kind = "deputies"
    required = ["council_code", "convocation", "last_name", "first_name", "sex"]
    optional = ["patronymic", "birth_year", "phone", "first_term", "email", "language", "do_not_contact"]
    # Columns a file may leave out: an update changes only the fields whose column the file has.
    optional_fields = ("patronymic", "phone", "first_term", "email", "language", "do_not_contact")
    key_columns = ["council_code", "convocation", "last_name", "first_name", "patronymic", "birth_year"]

    def prefetch(self, rows):
        self.council_ids(rows)
        deputies = Deputy.objects.filter(council_id__in=self.councils.values(), merged_into__isnull=True)
        self.deputies = {
            (d.council_id, d.convocation, d.normalized_name, d.birth_year): d
            for d in deputies.only(
                "pk", "council_id", "convocation", "normalized_name", "birth_year", "last_name", "first_name",
                "patronymic", "gender", "phone", "first_term", "email", "language", "do_not_contact",
            )
        }  # fmt: skip

    def clean(self, number, raw, errors):
        latest_birth_year = date.today().year - 18  # noqa: DTZ011 - a year is enough here
        values = {
            "council_id": self.council(number, raw, errors),
            "convocation": self.convocation(number, raw, errors),
            "last_name": self.required_text(number, raw, "last_name", errors, max_length=100),
            "first_name": self.required_text(number, raw, "first_name", errors, max_length=100),
            "patronymic": self.optional_text(number, raw, "patronymic", errors, max_length=100),
            "gender": self.parsed(number, raw, "sex", errors, parse_sex, required=True),
            "birth_year": self.parsed(
                number, raw, "birth_year", errors, parse_int, minimum=1900, maximum=latest_birth_year
            ),
            "phone": self.optional_text(number, raw, "phone", errors, max_length=32),
            "first_term": self.parsed(number, raw, "first_term", errors, parse_bool),
            "email": self.optional_text(number, raw, "email", errors, max_length=254),
            "language": self.parsed(number, raw, "language", errors, parse_language, blank=""),
            "do_not_contact": self.parsed(number, raw, "do_not_contact", errors, parse_bool, blank=False),
        }
        if values["email"] and not EMAIL_PATTERN.match(values["email"]):
            errors.append(
                RowError(number, "email", _("“%(value)s” is not an e-mail address.") % {"value": values["email"][:60]})
            )
        if values["phone"] and not PHONE_PATTERN.match(values["phone"]):
            errors.append(
                RowError(number, "phone", _("“%(value)s” is not a phone number.") % {"value": values["phone"]})
            )
        return values

    def key(self, values):
        name = normalize_name(values["last_name"], values["first_name"], values["patronymic"])
        return (values["council_id"], values["convocation"], name, values["birth_year"])

    def existing(self, values):
        return self.deputies.get(self.key(values))

    def updatable(self):
        fields = {"last_name", "first_name", "gender"}
        return fields | {name for name in self.optional_fields if name in self.columns}

    def label(self, values, raw):
        name = " ".join(part for part in (values["last_name"], values["first_name"], values["patronymic"]) if part)
        return f"{name} · {raw.get('council_code', '')} · {values['convocation']}"


class ElectionImporter(Importer):
    """`import_elections`: council_code, election_date, convocation, seats; one election per council and
    convocation."""

    kind = "elections"
    required = ["council_code", "election_date", "convocation"]
    optional = ["seats"]
    key_columns = ["council_code", "convocation"]

    def prefetch(self, rows):
        self.council_ids(rows)
        elections = Election.objects.filter(council_id__in=self.councils.values())
        self.elections = {(e.council_id, e.convocation): e for e in elections}

    def clean(self, number, raw, errors):
        return {
            "council_id": self.council(number, raw, errors),
            "convocation": self.convocation(number, raw, errors),
            "date": self.parsed(number, raw, "election_date", errors, parse_date, required=True),
            "seats": self.parsed(number, raw, "seats", errors, parse_int, minimum=1, maximum=1000),
        }

    def key(self, values):
        return (values["council_id"], values["convocation"])

    def existing(self, values):
        return self.elections.get(self.key(values))

    def updatable(self):
        return {"date"} | ({"seats"} if "seats" in self.columns else set())


KIND_ALIASES = {
    Council.Kind.AIYL: {"aiyl_kenesh", "aiyl kenesh", "aiyl", "айыльный кенеш", "айылный кенеш", "айыл кеңеши"},
    Council.Kind.TOWN: {"town_kenesh", "town kenesh", "town", "поселковый кенеш", "кенеш города районного значения"},
    Council.Kind.CITY: {"city_kenesh", "city kenesh", "city", "городской кенеш", "шаардык кеңеш"},
}


class CouncilImporter(Importer):
    """`import_councils`: code, kind, region, district, name_en, name_ru, name_ky, seats (and optionally
    valid_from, valid_to). Regions and districts are named by СОАТЕ code or by name."""

    kind = "councils"
    required = ["code", "kind", "region", "name_ru"]
    optional = ["district", "name_en", "name_ky", "seats", "valid_from", "valid_to"]
    key_columns = ["code"]

    def prefetch(self, rows):
        self.regions = self._lookup(Region.objects.all(), extra=("iso_code",))
        self.districts = self._lookup(District.objects.all())
        self.district_region = dict(District.objects.values_list("pk", "region_id"))
        codes = {raw.get("code", "").strip() for _number, raw in rows}
        self.councils = {c.code: c for c in Council.objects.filter(code__in=codes)}

    @staticmethod
    def _lookup(queryset, extra=()):
        """code, names (and extra fields), lower-cased -> pk; a name used twice maps to None (ambiguous)."""
        lookup = {}
        for item in queryset:
            lookup[item.code] = item.pk
            for value in (item.name_ru, item.name_ky, item.name_en, *(getattr(item, name) for name in extra)):
                if value:
                    key = value.strip().lower()
                    lookup[key] = None if key in lookup and lookup[key] != item.pk else item.pk
        return lookup

    def _place(self, number, raw, column, lookup, errors, *, required):
        text = raw.get(column, "").strip()
        if not text:
            if required:
                errors.append(RowError(number, column, str(REQUIRED_MESSAGE)))
            return None
        pk = lookup.get(text, lookup.get(text.lower()))
        if pk is None:
            errors.append(RowError(number, column, _("Unknown code or name “%(value)s”.") % {"value": text[:60]}))
        return pk

    def clean(self, number, raw, errors):
        code = raw.get("code", "").strip()
        if not code:
            errors.append(RowError(number, "code", str(REQUIRED_MESSAGE)))
        elif not _COATE.match(code):
            errors.append(
                RowError(number, "code", _("“%(value)s” is not a 14-digit СОАТЕ code.") % {"value": code[:30]})
            )
        kind_text = raw.get("kind", "").strip().lower()
        kind = next((kind for kind, aliases in KIND_ALIASES.items() if kind_text in aliases), None)
        if kind is None:
            message = _("“%(value)s” is not a council kind (use aiyl_kenesh, town_kenesh or city_kenesh).")
            errors.append(
                RowError(number, "kind", message % {"value": kind_text[:40]} if kind_text else str(REQUIRED_MESSAGE))
            )
        region_id = self._place(number, raw, "region", self.regions, errors, required=True)
        district_id = self._place(number, raw, "district", self.districts, errors, required=False)
        if region_id and district_id and self.district_region[district_id] != region_id:
            errors.append(RowError(number, "district", _("This district is not in the region given.")))
        values = {
            "code": code,
            "kind": kind,
            "region_id": region_id,
            "district_id": district_id,
            "name_ru": self.required_text(number, raw, "name_ru", errors),
            "name_ky": self.optional_text(number, raw, "name_ky", errors),
            "name_en": self.optional_text(number, raw, "name_en", errors),
            "seats": self.parsed(number, raw, "seats", errors, parse_int, minimum=1, maximum=1000),
            "valid_from": self.parsed(number, raw, "valid_from", errors, parse_date),
            "valid_to": self.parsed(number, raw, "valid_to", errors, parse_date),
        }
        if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
            errors.append(RowError(number, "valid_to", _("The end of validity is before its start.")))
        # A blank name keeps the one we have; a file with Kyrgyz names is an official list: verified.
        for name in ("name_ky", "name_en"):
            if not values[name]:
                values.pop(name)
        if values.get("name_ky"):
            values["names_verified"] = True
        return values

    def key(self, values):
        return values["code"]

    def existing(self, values):
        return self.councils.get(values["code"])

    def updatable(self):
        fields = {"kind", "region_id", "name_ru", "name_ky", "name_en", "names_verified"}
        optional = {"seats", "valid_from", "valid_to"} & self.columns
        return fields | optional | ({"district_id"} if "district" in self.columns else set())

    def label(self, values, raw):
        return f"{values['code']} · {values['name_ru']}"
