"""Reading an e-learning platform's export of online-course completions into a preview; nothing is written.

Columns: course, completed_on, grade (optional), and the deputy — by `deputy_id` (the portal's id) or by
council_code, last_name, first_name, patronymic and birth_year. A deputy is matched by the portal id, else
by (council, normalised name — `names.normalize_name`, the key of DESIGN §2 — birth year); a file without
patronymics matches on last and first name. An unknown council, no matching deputy or several of them
make the row an error listed for review: a row is never matched by guesswork.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from fileformats.tables import RowError, parse_date, parse_decimal, parse_int

from .importers import Importer, Preview
from .models import Council, CourseCompletion, Deputy
from .names import normalize_name

COURSE_MAX_LENGTH = 300
NAME_COLUMNS = ("council_code", "last_name", "first_name", "birth_year")


def course_key(course: str) -> str:
    """Course names compare without case and spacing differences."""
    return " ".join(course.split()).casefold()


class CourseCompletionImporter(Importer):
    kind = "course_completions"
    required = ["course", "completed_on"]
    optional = ["deputy_id", "council_code", "last_name", "first_name", "patronymic", "birth_year", "grade"]
    key_columns = ["deputy_id", "course", "completed_on"]

    def preview(self, name: str, content: bytes) -> Preview:
        preview = super().preview(name, content)
        columns = set(preview.columns)
        if not preview.file_error and "deputy_id" not in columns and not set(NAME_COLUMNS) <= columns:
            preview.rows = []
            preview.file_error = _(
                "Name the deputy by the column deputy_id, or by the columns council_code, last_name, "
                "first_name and birth_year."
            )
        return preview

    def prefetch(self, rows) -> None:
        ids = set()
        for _number, raw in rows:
            try:
                ids.add(parse_int(raw.get("deputy_id", "").strip()))
            except ValueError:
                continue
        codes = {raw.get("council_code", "").strip() for _number, raw in rows} - {""}
        self.councils = dict(Council.objects.filter(code__in=codes).values_list("code", "pk"))
        fields = ("pk", "council_id", "normalized_name", "birth_year", "last_name", "first_name", "patronymic",
                  "merged_into_id")  # fmt: skip
        self.by_id = Deputy.objects.only(*fields).in_bulk(list(ids)[:100_000])
        kept_ids = {deputy.merged_into_id for deputy in self.by_id.values() if deputy.merged_into_id}
        self.by_id.update(Deputy.objects.only(*fields).in_bulk(list(kept_ids)))
        self.by_place = defaultdict(list)  # (council id, birth year) -> deputies
        for deputy in Deputy.objects.filter(council_id__in=self.councils.values(), merged_into__isnull=True).only(
            *fields
        ):
            self.by_place[(deputy.council_id, deputy.birth_year)].append(deputy)
        matched_ids = set(self.by_id) | {d.pk for deputies in self.by_place.values() for d in deputies}
        self.existing_completions = {
            (completion.deputy_id, course_key(completion.course), completion.completed_on): completion
            for completion in CourseCompletion.objects.filter(deputy_id__in=matched_ids)
        }
        self.deputies = {}

    def _deputy_by_id(self, number, raw, errors):
        try:
            pk = parse_int(raw["deputy_id"].strip(), minimum=1)
        except ValueError as exc:
            errors.append(RowError(number, "deputy_id", str(exc)))
            return None
        deputy = self.by_id.get(pk)
        if deputy is not None and deputy.merged_into_id:  # a merged duplicate: its kept record
            deputy = self.by_id.get(deputy.merged_into_id)
        if deputy is None:
            errors.append(RowError(number, "deputy_id", _("No deputy has the portal id %(id)s.") % {"id": pk}))
        return deputy

    def _deputy_by_name(self, number, raw, errors):
        council_id = self.council(number, raw, errors)
        last_name = self.required_text(number, raw, "last_name", errors, max_length=100)
        first_name = self.required_text(number, raw, "first_name", errors, max_length=100)
        patronymic = self.optional_text(number, raw, "patronymic", errors, max_length=100)
        this_year = timezone.localdate().year
        birth_year = self.parsed(number, raw, "birth_year", errors, parse_int, required=True, minimum=1900,
                                 maximum=this_year)  # fmt: skip
        if errors:
            return None
        wanted = normalize_name(last_name, first_name, patronymic)
        candidates = self.by_place.get((council_id, birth_year), [])
        if patronymic:
            found = [deputy for deputy in candidates if deputy.normalized_name == wanted]
        else:  # no patronymic in the file: last and first name must agree, whatever the patronymic
            found = [d for d in candidates if d.normalized_name == wanted or d.normalized_name.startswith(wanted + " ")]
        if not found:
            errors.append(RowError(number, "last_name", _("No deputy of this council with this name and birth year.")))
            return None
        if len(found) > 1:
            ids = ", ".join(str(deputy.pk) for deputy in sorted(found, key=lambda d: d.pk)[:5])
            errors.append(
                RowError(
                    number,
                    "last_name",
                    _("Several deputies match (portal ids %(ids)s): give the deputy_id.") % {"ids": ids},
                )
            )
            return None
        return found[0]

    def clean(self, number, raw, errors):
        if raw.get("deputy_id", "").strip():
            deputy = self._deputy_by_id(number, raw, errors)
        else:
            deputy = self._deputy_by_name(number, raw, errors)
        course = " ".join(raw.get("course", "").split())
        if not course:
            self.required_text(number, raw, "course", errors)
        elif len(course) > COURSE_MAX_LENGTH:
            self.required_text(number, {"course": course}, "course", errors, max_length=COURSE_MAX_LENGTH)
        completed_on = self.parsed(number, raw, "completed_on", errors, parse_date, required=True)
        if completed_on is not None and completed_on > timezone.localdate():
            errors.append(RowError(number, "completed_on", _("The date is in the future.")))
        grade = self.parsed(number, raw, "grade", errors, parse_decimal)
        if grade is not None and not (0 <= grade <= 100):
            errors.append(RowError(number, "grade", _("The grade must be a percentage from 0 to 100.")))
        elif grade is not None and grade != grade.quantize(Decimal("0.01")):
            errors.append(RowError(number, "grade", _("Use at most two decimal places.")))
        if deputy is not None:
            self.deputies[deputy.pk] = deputy
        return {
            "deputy_id": deputy.pk if deputy else None,
            "course": course,
            "completed_on": completed_on,
            "grade": grade,
        }

    def key(self, values):
        return (values["deputy_id"], course_key(values["course"]), values["completed_on"])

    def existing(self, values):
        return self.existing_completions.get(self.key(values))

    def updatable(self):
        return {"grade"} if "grade" in self.columns else set()

    def compare(self, outcome, instance) -> None:
        super().compare(outcome, instance)
        if instance is not None:
            outcome.values["course"] = instance.course  # the stored spelling stays

    def label(self, values, raw):
        deputy = self.deputies.get(values["deputy_id"])
        name = " ".join(part for part in (deputy.last_name, deputy.first_name, deputy.patronymic) if part)
        return f"{name} · {values['course']} · {values['completed_on']:%d.%m.%Y}"
