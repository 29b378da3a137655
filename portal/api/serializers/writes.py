"""Bodies of the bulk writes: deputies (upsert by the register's key), attendance, test results."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from assessments.models import TestResult
from councils.models import Deputy


class _Bulk(serializers.Serializer):
    def validate_items(self, items):
        if not items:
            raise serializers.ValidationError(_("Send at least one item."))
        if len(items) > settings.API_BULK_MAX_ITEMS:
            raise serializers.ValidationError(
                _("Send at most %(count)s items at once.") % {"count": settings.API_BULK_MAX_ITEMS}
            )
        return items


# A line of text: no control characters (line breaks, tabs, NUL).
ONE_LINE = [RegexValidator(r"^[^\x00-\x1f\x7f]*$", gettext_lazy("Use one line of text, without control characters."))]


class DeputyItem(serializers.Serializer):
    """One deputy, found by council, convocation, normalised name and birth year (as `import_deputies` does).
    An optional field left out of every item leaves existing values alone."""

    council = serializers.CharField(max_length=14, validators=ONE_LINE, help_text="СОАТЕ code of the council.")
    convocation = serializers.IntegerField(min_value=1990, max_value=2100)
    last_name = serializers.CharField(max_length=100, validators=ONE_LINE)
    first_name = serializers.CharField(max_length=100, validators=ONE_LINE)
    patronymic = serializers.CharField(max_length=100, validators=ONE_LINE, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Deputy.Gender.choices)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    phone = serializers.CharField(max_length=32, validators=ONE_LINE, required=False, allow_blank=True)
    first_term = serializers.BooleanField(required=False, allow_null=True)


class DeputyBulk(_Bulk):
    items = DeputyItem(many=True)


class AttendanceItem(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1)
    day = serializers.IntegerField(min_value=1, max_value=100)
    present = serializers.BooleanField()


class AttendanceBulk(_Bulk):
    items = AttendanceItem(many=True)


class ResultItem(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1)
    phase = serializers.ChoiceField(choices=TestResult.Phase.choices)
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, allow_null=True, help_text="null deletes the result."
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="The version the change starts from; 0 when there was no result."
    )


class ResultBulk(_Bulk):
    items = ResultItem(many=True)


class ItemOutcome(serializers.Serializer):
    index = serializers.IntegerField()
    status = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True)


class BulkAnswer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    items = ItemOutcome(many=True)


class ItemError(serializers.Serializer):
    index = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())


class BulkRefused(serializers.Serializer):
    detail = serializers.CharField()
    errors = ItemError(many=True)


class Conflict(serializers.Serializer):
    index = serializers.IntegerField()
    enrolment = serializers.IntegerField()
    phase = serializers.CharField()
    attempted = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    current_score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    current_version = serializers.IntegerField()


class ConflictAnswer(serializers.Serializer):
    detail = serializers.CharField()
    conflicts = Conflict(many=True)
