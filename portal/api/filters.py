"""Filters of the API's lists: those the pages offer, and `updated_since` on every list (docs/api.md).

`updated_since` (ISO 8601 date-time) keeps the records changed at or after that moment: by their
`updated_at` where they have one; a session by its history; an enrolment by its own history and by the
`updated_at` of its attendance and results (so a changed score brings its enrolment back too).
"""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from assessments.models import TestResult
from councils.models import Council, Deputy, District, Region
from councils.names import search_terms
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC: offsets such as +23:42 are valid ISO but not for every database."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC) if moment.tzinfo else moment
        except (OverflowError, ValueError) as exc:
            raise forms.ValidationError(_("Enter a valid date/time.")) from exc


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


# Ids and years as the databases can compare them (SQLite refuses integers beyond 64 bits with an error).
BOUNDED = {"min_value": 0, "max_value": 2**31 - 1}


class UpdatedSince(filters.FilterSet):
    updated_since = UtcDateTimeFilter(
        method="filter_updated_since", label="Only records changed at or after this moment (ISO 8601)."
    )

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(updated_at__gte=value)


class RegionFilter(UpdatedSince):
    class Meta:
        model = Region
        fields = ["kind"]


class DistrictFilter(UpdatedSince):
    region = filters.CharFilter(field_name="region__code", label="СОАТЕ code of the region.")

    class Meta:
        model = District
        fields = ["region"]


class CouncilFilter(UpdatedSince):
    region = filters.CharFilter(field_name="region__code", label="СОАТЕ code of the region.")
    district = filters.CharFilter(field_name="district__code", label="СОАТЕ code of the district.")
    kind = filters.ChoiceFilter(choices=Council.Kind.choices)
    convocation = filters.NumberFilter(
        method="filter_convocation", label="Only councils with an election of it.", **BOUNDED
    )

    class Meta:
        model = Council
        fields = ["region", "district", "kind"]

    def filter_convocation(self, queryset, name, value):
        return queryset.filter(elections__convocation=value).distinct()

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(Q(updated_at__gte=value) | Q(elections__updated_at__gte=value)).distinct()


class DeputyFilter(UpdatedSince):
    council = filters.CharFilter(field_name="council__code", label="СОАТЕ code of the council.")
    region = filters.CharFilter(field_name="council__region__code")
    district = filters.CharFilter(field_name="council__district__code")
    convocation = filters.NumberFilter(**BOUNDED)
    sex = filters.ChoiceFilter(field_name="gender", choices=Deputy.Gender.choices)
    q = filters.CharFilter(method="filter_q", label="Name, in any script or spelling.")
    include_merged = filters.BooleanFilter(method="filter_merged", label="Also merged duplicates (default: no).")

    class Meta:
        model = Deputy
        fields = ["council", "convocation", "sex"]

    def filter_q(self, queryset, name, value):
        for term in search_terms(value[:200])[:6]:
            queryset = queryset.filter(search_key__contains=term)
        return queryset

    def filter_merged(self, queryset, name, value):
        return queryset  # applied by the view, which decides what is reachable


class CampaignFilter(UpdatedSince):
    convocation = filters.NumberFilter(**BOUNDED)

    class Meta:
        model = Campaign
        fields = ["convocation"]

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(Q(updated_at__gte=value) | Q(target_changes__created_at__gte=value)).distinct()


def _history_since(model, value):
    return Exists(model.history.filter(id=OuterRef("pk"), history_date__gte=value))


class SessionFilter(UpdatedSince):
    campaign = filters.CharFilter(field_name="campaign__code", label="Campaign code.")
    status = filters.ChoiceFilter(choices=TrainingSession.Status.choices)
    trainer = filters.NumberFilter(field_name="trainers", label="Id of a trainer.", **BOUNDED)
    date_from = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = TrainingSession
        fields = ["campaign", "status", "trainer"]

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(_history_since(TrainingSession, value))


class EnrolmentFilter(UpdatedSince):
    campaign = filters.CharFilter(field_name="session__campaign__code", label="Campaign code.")
    session = filters.NumberFilter(field_name="session_id", **BOUNDED)
    deputy = filters.NumberFilter(field_name="deputy_id", **BOUNDED)

    class Meta:
        model = Enrolment
        fields = ["campaign", "session", "deputy"]

    def filter_updated_since(self, queryset, name, value):
        attendance = Attendance.objects.filter(enrolment=OuterRef("pk"), updated_at__gte=value)
        results = TestResult.objects.filter(enrolment=OuterRef("pk"), updated_at__gte=value)
        return queryset.filter(_history_since(Enrolment, value) | Exists(attendance) | Exists(results))


class TestResultFilter(UpdatedSince):
    campaign = filters.CharFilter(field_name="enrolment__session__campaign__code", label="Campaign code.")
    session = filters.NumberFilter(field_name="enrolment__session_id", **BOUNDED)
    enrolment = filters.NumberFilter(field_name="enrolment_id", **BOUNDED)
    phase = filters.ChoiceFilter(choices=TestResult.Phase.choices)

    class Meta:
        model = TestResult
        fields = ["campaign", "session", "enrolment", "phase"]
