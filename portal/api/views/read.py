"""The read side of the API: reference data, deputies, campaigns, sessions, enrolments, results.

Each list is scoped to what the user may see with the pages' own helpers (trainings.access,
councils.access), fetched with a fixed number of queries whatever the page size (select_related /
prefetch_related; tests/portal/api/test_read.py counts them), filtered by django-filter and paged by cursor.
"""

from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics

from assessments.models import TestResult
from councils.access import deputies_for_user
from councils.models import Council, Deputy, District, Election, Region
from trainings.access import sessions_for_user
from trainings.models import Campaign, CampaignTargetChange, Enrolment, TrainingSession
from trainings.selectors import target_council_ids, target_council_ids_by_campaign

from .. import filters
from ..permissions import Readers, ReadersOrTrainers
from ..serializers import councils as council_serializers
from ..serializers import trainings as training_serializers
from .base import LANG_PARAMETER, LanguageMixin

NAMED = extend_schema(parameters=[LANG_PARAMETER])


class ApiView(LanguageMixin):
    permission_classes = [Readers]


@extend_schema_view(get=NAMED)
class RegionList(ApiView, generics.ListAPIView):
    """Regions (oblasts and cities of republican significance)."""

    serializer_class = council_serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    queryset = Region.objects.all()


@extend_schema_view(get=NAMED)
class DistrictList(ApiView, generics.ListAPIView):
    serializer_class = council_serializers.DistrictSerializer
    filterset_class = filters.DistrictFilter
    queryset = District.objects.select_related("region")


def _councils():
    return Council.objects.select_related("region", "district").prefetch_related(
        Prefetch("elections", queryset=Election.objects.order_by("-convocation"))
    )


@extend_schema_view(get=NAMED)
class CouncilList(ApiView, generics.ListAPIView):
    """Councils with their elections; `updated_since` also brings back councils whose elections changed."""

    serializer_class = council_serializers.CouncilSerializer
    filterset_class = filters.CouncilFilter
    queryset = _councils()


@extend_schema_view(get=NAMED)
class CouncilDetail(ApiView, generics.RetrieveAPIView):
    serializer_class = council_serializers.CouncilSerializer
    queryset = _councils()
    lookup_field = "code"


class DeputyScope(ApiView):
    permission_classes = [ReadersOrTrainers]
    serializer_class = council_serializers.DeputySerializer
    queryset = Deputy.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self):
        include_merged = self.request.GET.get("include_merged", "").lower() in ("true", "1")
        return deputies_for_user(self.request.user, include_merged=include_merged).select_related("council")


class DeputyList(DeputyScope, generics.ListAPIView):
    """Deputies (merged duplicates left out unless `include_merged`); trainers only those of their sessions.
    `phone` is given to organisers and admins only."""

    filterset_class = filters.DeputyFilter


class DeputyDetail(DeputyScope, generics.RetrieveAPIView):
    def get_queryset(self):
        return deputies_for_user(self.request.user, include_merged=True).select_related("council")


def _campaigns():
    changes = CampaignTargetChange.objects.select_related("council")
    return Campaign.objects.prefetch_related("topics", Prefetch("target_changes", queryset=changes))


@extend_schema_view(get=NAMED)
class CampaignList(ApiView, generics.ListAPIView):
    """Campaigns with their target (DESIGN §3: `trainings.selectors.target_councils`)."""

    serializer_class = training_serializers.CampaignSerializer
    filterset_class = filters.CampaignFilter
    queryset = _campaigns()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {**self.get_serializer_context(), "target_ids": target_council_ids_by_campaign(c.pk for c in page)}
        return self.get_paginated_response(self.serializer_class(page, many=True, context=context).data)


@extend_schema_view(get=NAMED)
class CampaignDetail(ApiView, generics.RetrieveAPIView):
    """A campaign with the codes of all its target councils."""

    serializer_class = training_serializers.CampaignDetailSerializer
    queryset = _campaigns()
    lookup_field = "code"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "code" in self.kwargs:
            campaign = get_object_or_404(Campaign, code=self.kwargs["code"])
            ids = target_council_ids(campaign)
            context["target_ids"] = {campaign.pk: ids}
            context["target_codes"] = list(Council.objects.filter(pk__in=ids).values_list("code", flat=True))
        return context


def _last_change(model):
    history = model.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_date")[:1])


class SessionScope(ApiView):
    permission_classes = [ReadersOrTrainers]
    serializer_class = training_serializers.SessionSerializer
    queryset = TrainingSession.objects.none()

    def get_queryset(self):
        return (
            sessions_for_user(self.request.user)
            .select_related("campaign", "venue__district")
            .prefetch_related("trainers")
            .annotate(updated_at=_last_change(TrainingSession))
        )


@extend_schema_view(get=NAMED)
class SessionList(SessionScope, generics.ListAPIView):
    """Training sessions: every session for staff and organisers, their own for trainers."""

    filterset_class = filters.SessionFilter


@extend_schema_view(get=NAMED)
class SessionDetail(SessionScope, generics.RetrieveAPIView):
    pass


class EnrolmentList(ApiView, generics.ListAPIView):
    """Participants of sessions with their attendance per day (`participated`, `completed` as in DESIGN §3)."""

    permission_classes = [ReadersOrTrainers]
    serializer_class = training_serializers.EnrolmentSerializer
    queryset = Enrolment.objects.none()
    filterset_class = filters.EnrolmentFilter

    def get_queryset(self):
        return (
            Enrolment.objects.filter(session__in=sessions_for_user(self.request.user))
            .select_related("session__campaign", "deputy__council")
            .prefetch_related("attendance")
        )


class TestResultList(ApiView, generics.ListAPIView):
    """Pre- and post-test results with their `version` (send it back to change a result)."""

    permission_classes = [ReadersOrTrainers]
    serializer_class = training_serializers.TestResultSerializer
    queryset = TestResult.objects.none()
    filterset_class = filters.TestResultFilter

    def get_queryset(self):
        return TestResult.objects.filter(enrolment__session__in=sessions_for_user(self.request.user)).select_related(
            "enrolment"
        )
