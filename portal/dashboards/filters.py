"""The dashboard's filters: which part of a campaign the figures describe.

Region, sex, age band, trainer and topic are chosen in the filter bar; district and council are set by
drilling down the table. No filter means the whole campaign, read from the stored snapshots; any filter
means the figures are computed for that part on the spot (`assessments.statistics.filtering`).
"""

import hashlib
import json
from dataclasses import asdict, dataclass, fields

from django.utils.translation import gettext_lazy as _

from assessments.statistics.breakdowns import AGE_BAND_KEYS, SEX_KEYS
from assessments.statistics.labels import FIXED
from councils.collation import sort_key
from councils.models import Council, District, Region
from trainings.models import Topic, TrainingSession


@dataclass(frozen=True)
class DashboardFilters:
    region: str = ""
    district: str = ""
    council: str = ""
    sex: str = ""
    age_band: str = ""
    trainer: str = ""
    topic: str = ""

    @classmethod
    def from_query(cls, query, campaign) -> tuple["DashboardFilters", list[str]]:
        """(filters from request.GET, names of the filters dropped): only values that exist are kept — places
        by their code (a district within the chosen region, a council within the chosen district or region),
        trainers of the campaign's sessions, topics, the fixed sexes and age bands — so that invented values
        neither reach the figures nor the cache."""
        values = {field.name: (query.get(field.name) or "").strip()[:60] for field in fields(cls)}
        known = _known_values(values, campaign)
        dropped = [name for name, value in values.items() if value and not known.get(name)]
        return cls(**{name: value if known.get(name) else "" for name, value in values.items()}), dropped

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def as_dict(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value}

    def cache_key(self) -> str:
        """A short key of fixed length for the figures of these filters."""
        return hashlib.sha256(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()[:32]

    @property
    def drill_level(self) -> str:
        """The breakdown the drill-down table shows: one level below the deepest place chosen."""
        if self.council:
            return "session"
        if self.district:
            return "council"
        if self.region:
            return "district"
        return "region"

    def without(self, *names) -> "DashboardFilters":
        return DashboardFilters(**{**asdict(self), **dict.fromkeys(names, "")})

    def replaced(self, **values) -> "DashboardFilters":
        return DashboardFilters(**{**asdict(self), **values})


def _known_values(values, campaign) -> dict:
    """{filter name: True} for every given value that exists (one small query per place, trainer or topic)."""
    known = {"sex": values["sex"] in SEX_KEYS, "age_band": values["age_band"] in AGE_BAND_KEYS}
    region = Region.objects.filter(code=values["region"]).first() if values["region"] else None
    district = District.objects.filter(code=values["district"]).first() if values["district"] else None
    council = Council.objects.filter(code=values["council"]).first() if values["council"] else None
    known["region"] = region is not None
    known["district"] = district is not None and (region is None or district.region_id == region.pk)
    known["council"] = (
        council is not None
        and (region is None or council.region_id == region.pk)
        and (not known["district"] or council.district_id == district.pk)
    )
    if values["trainer"]:
        trainers = TrainingSession.trainers.through.objects.filter(trainingsession__campaign=campaign)
        known["trainer"] = trainers.filter(user__username=values["trainer"]).exists()
    if values["topic"]:
        known["topic"] = Topic.objects.filter(code=values["topic"]).exists()
    return known


def filter_options(entries_by_scope: dict) -> dict:
    """Choices of the filter bar, [(value, label)] per filter, from the campaign's region, trainer and topic
    breakdowns (so no query walks the enrolments for them)."""

    def choices(scope):
        return [(entry["key"], entry["label"]) for entry in entries_by_scope.get(scope) or [] if entry["key"]]

    return {
        "region": choices("region"),
        "sex": [(key, str(FIXED["sex"][key]).capitalize()) for key in SEX_KEYS],
        "age_band": [(key, str(FIXED["age_band"][key])) for key in AGE_BAND_KEYS],
        "trainer": sorted(choices("trainer"), key=lambda choice: sort_key(choice[1])),
        "topic": choices("topic"),
    }


def place_names(filters: DashboardFilters) -> dict:
    """Names of the chosen region, district and council for the breadcrumb (one query each at most)."""
    names = {}
    for name, model in (("region", Region), ("district", District), ("council", Council)):
        code = getattr(filters, name)
        if code:
            found = model.objects.filter(code=code).first()
            names[name] = found.name if found else code
    return names


FILTER_LABELS = {
    "region": _("Region"),
    "district": _("District"),
    "council": _("Council"),
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "trainer": _("Trainer"),
    "topic": _("Topic"),
}
