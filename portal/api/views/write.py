"""Bulk writes through the services the pages use, all or nothing, with an optional Idempotency-Key.

- deputies: upserted by the register's key through the deputies import (`councils.services.imports`):
  the same validation, duplicate rules and change history as an uploaded file;
- attendance: `trainings.services.set_attendance` for each item (the later word wins, as on the grid);
- results: `assessments.services.save_score` for each item, with the version the client started from.
  Any stale version refuses the whole batch with 409 and the current value of each conflicting result.
Statistics are recomputed after the commit (the services announce the change), as for the grid.
"""

import csv
import io

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.models import TestResult
from assessments.services import CONFLICT, save_score
from councils.models import Deputy
from councils.names import normalize_name
from councils.services.imports import ImportRefused, run_import
from trainings.access import sessions_for_user
from trainings.models import Enrolment
from trainings.services import set_attendance

from ..errors import messages_of
from ..idempotency import KEY_PARAMETER, idempotent
from ..permissions import Organisers, ScoreWriters
from ..serializers import writes
from .base import LanguageMixin

# A refused batch: {"detail", "errors": [{"index", "errors"}]} (BulkRefused) when items are wrong for the data,
# or DRF's field errors ({"items": …}) when the body itself is malformed.
REFUSED = {400: OpenApiResponse(OpenApiTypes.OBJECT, description="Nothing was saved: see docs/api.md.")}


def _refused(errors):
    return Response({"detail": _("Nothing was saved: some items are wrong."), "errors": errors}, status=400)


def _counts(outcomes):
    counts = {}
    for outcome in outcomes:
        counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
    return counts


class BulkView(LanguageMixin, APIView):
    body = None

    def post(self, request):
        serializer = self.body(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = serializer.validated_data["items"]
        return idempotent(request, lambda: self.write(request, items))


DEPUTY_COLUMNS = ["council_code", "convocation", "last_name", "first_name", "sex"]
DEPUTY_OPTIONAL = ["patronymic", "birth_year", "phone", "first_term"]


def _deputies_csv(items) -> bytes:
    optional = [name for name in DEPUTY_OPTIONAL if any(name in item for item in items)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(DEPUTY_COLUMNS + optional)
    for item in items:
        row = [item["council"], item["convocation"], item["last_name"], item["first_name"], item["sex"]]
        for name in optional:
            value = item.get(name)
            row.append("" if value is None else {True: "yes", False: "no"}.get(value, value))
        writer.writerow(row)
    return out.getvalue().encode()


class DeputyBulkView(BulkView):
    """Create or update deputies, found by council, convocation, normalised name and birth year."""

    permission_classes = [Organisers]
    body = writes.DeputyBulk

    @extend_schema(request=writes.DeputyBulk, responses={200: writes.BulkAnswer, **REFUSED}, parameters=[KEY_PARAMETER])
    def post(self, request):
        return super().post(request)

    def write(self, request, items):
        try:
            preview = run_import("deputies", "api.csv", _deputies_csv(items), user=request.user)
        except ImportRefused as refused:
            by_index = {}
            for error in refused.preview.errors:
                by_index.setdefault(error.row - 2, []).append(f"{error.column}: {error.message}")
            if refused.preview.file_error:
                by_index.setdefault(0, []).append(refused.preview.file_error)
            return _refused([{"index": index, "errors": errors} for index, errors in sorted(by_index.items())])
        ids = self._ids(items)
        outcomes = [
            {"index": outcome.row - 2, "status": outcome.status, "id": ids.get(outcome.row - 2)}
            for outcome in preview.rows
        ]
        return Response({"counts": _counts(outcomes), "items": outcomes})

    @staticmethod
    def _ids(items):
        keys = {
            index: (
                item["convocation"],
                normalize_name(item["last_name"], item["first_name"], item.get("patronymic", "")),
                item.get("birth_year"),
            )
            for index, item in enumerate(items)
        }
        found = Deputy.objects.filter(
            council__code__in={item["council"] for item in items}, merged_into__isnull=True
        ).values_list("pk", "council__code", "convocation", "normalized_name", "birth_year")
        by_key = {(code, convocation, name, year): pk for pk, code, convocation, name, year in found}
        return {index: by_key.get((items[index]["council"], *key)) for index, key in keys.items()}


def _enrolments(user, items):
    """The enrolments the items name that this user may change (the others are reported as not found)."""
    ids = {item["enrolment"] for item in items}
    allowed = sessions_for_user(user, write=True)
    return Enrolment.objects.filter(pk__in=ids, session__in=allowed).select_related("session__campaign").in_bulk()


def _not_found(items, enrolments):
    return [
        {"index": index, "errors": [_("No enrolment %(id)s that you may change.") % {"id": item["enrolment"]}]}
        for index, item in enumerate(items)
        if item["enrolment"] not in enrolments
    ]


class AttendanceBulkView(BulkView):
    """Mark participants present or absent on days of their session (organisers any, trainers their own)."""

    permission_classes = [ScoreWriters]
    body = writes.AttendanceBulk

    @extend_schema(
        request=writes.AttendanceBulk, responses={200: writes.BulkAnswer, **REFUSED}, parameters=[KEY_PARAMETER]
    )
    def post(self, request):
        return super().post(request)

    def write(self, request, items):
        enrolments = _enrolments(request.user, items)
        errors = _not_found(items, enrolments)
        if errors:
            return _refused(errors)
        outcomes = []
        with transaction.atomic():
            for index, item in enumerate(items):
                try:
                    with transaction.atomic():
                        record = set_attendance(
                            enrolment=enrolments[item["enrolment"]], day=item["day"], present=item["present"],
                            user=request.user,
                        )  # fmt: skip
                except DjangoValidationError as error:
                    errors.append({"index": index, "errors": messages_of(error)})
                    continue
                outcomes.append({"index": index, "status": "saved", "id": record.pk})
            if errors:
                transaction.set_rollback(True)
                return _refused(errors)
        return Response({"counts": _counts(outcomes), "items": outcomes})


class ResultBulkView(BulkView):
    """Save pre-/post-test scores (null deletes one), each naming the version it starts from."""

    permission_classes = [ScoreWriters]
    body = writes.ResultBulk

    @extend_schema(
        request=writes.ResultBulk,
        responses={200: writes.BulkAnswer, 409: writes.ConflictAnswer, **REFUSED},
        parameters=[KEY_PARAMETER],
    )
    def post(self, request):
        return super().post(request)

    def write(self, request, items):
        enrolments = _enrolments(request.user, items)
        errors = _not_found(items, enrolments)
        if errors:
            return _refused(errors)
        outcomes, conflicts = [], []
        with transaction.atomic():
            for index, item in enumerate(items):
                try:
                    with transaction.atomic():
                        outcome = save_score(
                            enrolment=enrolments[item["enrolment"]], phase=item["phase"], score=item["score"],
                            expected_version=item["version"], user=request.user, source=TestResult.Source.IMPORT,
                        )  # fmt: skip
                except DjangoValidationError as error:
                    errors.append({"index": index, "errors": messages_of(error)})
                    continue
                if outcome.status == CONFLICT:
                    current = outcome.result
                    conflicts.append({
                        "index": index, "enrolment": item["enrolment"], "phase": item["phase"],
                        "attempted": outcome.attempted, "current_score": current.score if current else None,
                        "current_version": current.version if current else 0,
                    })  # fmt: skip
                    continue
                result = outcome.result
                outcomes.append({
                    "index": index, "status": outcome.status, "id": result.pk if result else None,
                    "version": result.version if result else 0,
                })  # fmt: skip
            if errors or conflicts:
                transaction.set_rollback(True)
        if errors:
            return _refused(errors)
        if conflicts:
            message = _("Nothing was saved: some results were changed by somebody else meanwhile.")
            return Response(writes.ConflictAnswer({"detail": message, "conflicts": conflicts}).data, status=409)
        return Response({"counts": _counts(outcomes), "items": outcomes})
