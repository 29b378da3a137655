"""Statistics of a campaign (DESIGN §3), and the same figures as a DHIS2 `dataValueSets` payload."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api import summary_body
from assessments.statistics.breakdowns import CAMPAIGN, SCOPES
from trainings.models import Campaign

from ..permissions import Readers
from .base import LANG_PARAMETER, LanguageMixin

CAMPAIGN_PARAMETER = OpenApiParameter("campaign", OpenApiTypes.STR, required=True, description="Campaign code.")
SCOPE_PARAMETER = OpenApiParameter(
    "scope", OpenApiTypes.STR, enum=list(SCOPES), description="A breakdown: a list of entries with scope and key."
)


def _campaign_and_scope(request, scopes=SCOPES):
    code = request.GET.get("campaign", "").strip()
    if not code:
        raise ValidationError({"campaign": [_("Give the campaign code: ?campaign=CODE.")]})
    scope = request.GET.get("scope", "").strip() or None
    if scope is not None and scope not in scopes:
        raise ValidationError({"scope": [_("Unknown scope; use one of: %(scopes)s.") % {"scopes": ", ".join(scopes)}]})
    return get_object_or_404(Campaign, code=code[:100]), scope


class StatisticsView(LanguageMixin, APIView):
    """The §3 figures of a campaign (an object with its snapshot state) or of a breakdown (a list); the same
    answer as `/api/stats/summary/`, computed by the same code."""

    permission_classes = [Readers]

    @extend_schema(
        parameters=[CAMPAIGN_PARAMETER, SCOPE_PARAMETER, LANG_PARAMETER],
        responses={200: OpenApiTypes.ANY},
    )
    def get(self, request):
        campaign, scope = _campaign_and_scope(request)
        stats, body = summary_body(campaign, scope)
        headers = {"X-Stats-State": stats.state, "X-Stats-Data-Version": str(stats.data_version)}
        return Response(body, headers=headers)


class DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField()  # noqa: N815 - DHIS2's own field names
    period = serializers.CharField()
    orgUnit = serializers.CharField()  # noqa: N815
    value = serializers.CharField()
    categoryOptionCombo = serializers.CharField(required=False)  # noqa: N815
    attributeOptionCombo = serializers.CharField(required=False)  # noqa: N815


class DataValueSetSerializer(serializers.Serializer):
    dataSet = serializers.CharField(required=False)  # noqa: N815
    period = serializers.CharField()
    orgUnit = serializers.CharField()  # noqa: N815
    completeDate = serializers.DateField()  # noqa: N815
    dataValues = DataValueSerializer(many=True)  # noqa: N815


def dhis2_period(start, period_type: str) -> str:
    """The DHIS2 period holding the campaign's start: 2021, 2021Q2, 202105 or 20210524."""
    if period_type == "daily":
        return start.strftime("%Y%m%d")
    if period_type == "monthly":
        return start.strftime("%Y%m")
    if period_type == "quarterly":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _value(number) -> str:
    # DHIS2 stores values as text; whole numbers without ".0", others with full precision.
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def data_value_set(campaign, entries, mapping) -> dict:
    """`entries`: [(org unit, §3 payload)]. Figures without a data element or without a value are left out."""
    period = dhis2_period(campaign.start, mapping.get("period_type", "yearly"))
    pairs = (("categoryOptionCombo", "category_option_combo"), ("attributeOptionCombo", "attribute_option_combo"))
    combos = {name: mapping[key] for name, key in pairs if mapping.get(key)}
    values = []
    for org_unit, payload in entries:
        for figure, element in mapping.get("data_elements", {}).items():
            number = payload.get(figure)
            if element and isinstance(number, int | float) and not isinstance(number, bool):
                values.append(
                    {"dataElement": element, "period": period, "orgUnit": org_unit, "value": _value(number), **combos}
                )
    body = {
        "period": period,
        "orgUnit": mapping.get("org_unit", ""),
        "completeDate": campaign.end,
        "dataValues": values,
    }
    if mapping.get("data_set"):
        body = {"dataSet": mapping["data_set"], **body}
    return body


class Dhis2ExportView(APIView):
    """A campaign's figures as a DHIS2 `dataValueSets` payload (POST it to DHIS2's /api/dataValueSets).

    The data elements, org units and period type come from the `DHIS2_EXPORT` setting (docs/api.md). With
    `scope=region` each region mapped in `org_units_by_region` (by СОАТЕ code) gets its own values.
    """

    permission_classes = [Readers]

    @extend_schema(
        parameters=[
            CAMPAIGN_PARAMETER,
            OpenApiParameter("scope", OpenApiTypes.STR, enum=[CAMPAIGN, "region"], description="campaign or region"),
        ],
        responses={200: DataValueSetSerializer},
    )
    def get(self, request):
        campaign, scope = _campaign_and_scope(request, scopes=(CAMPAIGN, "region"))
        mapping = settings.DHIS2_EXPORT
        if scope == "region":
            _stats, body = summary_body(campaign, "region")
            units = mapping.get("org_units_by_region", {})
            entries = [(units[entry["key"]], entry) for entry in body if units.get(str(entry.get("key")))]
        else:
            _stats, body = summary_body(campaign, None)
            entries = [(mapping.get("org_unit", ""), body)]
        return Response(DataValueSetSerializer(data_value_set(campaign, entries, mapping)).data)
