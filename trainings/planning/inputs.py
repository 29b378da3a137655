"""What the campaign scheduler plans with, as plain data (no Django): councils, venues, trainers, days and
settings. `trainings.planning.load` builds these from the database; tests and the benchmark build them by hand.

Everything here is JSON-friendly (`to_json` / `from_json`), so that a plan run keeps the exact inputs it was
solved with and a plan can be checked again against them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

# The longest acceptable trip for a council (see docs/planning.md).
TRIP_DISTRICT = "district"  # only a venue in the council's own district
TRIP_REGION_FALLBACK = "region_fallback"  # own district; another district of the region when its has no venue
TRIP_REGION = "region"  # any venue of the council's region (out-of-district trips still cost)
TRIPS = (TRIP_DISTRICT, TRIP_REGION_FALLBACK, TRIP_REGION)


@dataclass(frozen=True)
class CouncilIn:
    id: int
    name: str
    region_id: int
    district_id: int | None  # None: a city directly under its region
    places: int


@dataclass(frozen=True)
class VenueIn:
    id: int
    name: str
    region_id: int
    district_id: int
    capacity: int
    busy: tuple[date, ...] = ()  # days the venue is already booked (sessions of any campaign)


@dataclass(frozen=True)
class TrainerIn:
    id: int
    name: str
    region_ids: tuple[int, ...]
    unavailable: tuple[date, ...] = ()


@dataclass(frozen=True)
class AreaIn:
    """A region or a district, by id, with a name for the messages."""

    id: int
    name: str
    region_id: int | None = None  # a district's region; None for a region


@dataclass(frozen=True)
class LockedSession:
    """A session of an earlier proposal the organiser keeps as it is when solving again."""

    venue_id: int
    start: date
    trainer_ids: tuple[int, ...]
    council_ids: tuple[int, ...]


@dataclass(frozen=True)
class Settings:
    days_per_session: int = 2
    trainers_per_session: int = 2
    trip: str = TRIP_REGION_FALLBACK
    max_sessions_per_week: int = 2
    time_limit_seconds: float = 30.0
    workers: int = 2


@dataclass(frozen=True)
class PlanInputs:
    councils: tuple[CouncilIn, ...]
    venues: tuple[VenueIn, ...]
    trainers: tuple[TrainerIn, ...]
    working_days: tuple[date, ...]
    regions: tuple[AreaIn, ...] = ()
    districts: tuple[AreaIn, ...] = ()
    settings: Settings = field(default_factory=Settings)
    locked: tuple[LockedSession, ...] = ()

    # Look-ups used everywhere: built on demand (the dataclass stays frozen and comparable).
    def council(self, pk) -> CouncilIn:
        return _index(self, "councils")[pk]

    def venue(self, pk) -> VenueIn:
        return _index(self, "venues")[pk]

    def trainer(self, pk) -> TrainerIn:
        return _index(self, "trainers")[pk]

    def district_name(self, pk) -> str:
        area = _index(self, "districts").get(pk)
        return area.name if area else str(pk)

    def region_name(self, pk) -> str:
        area = _index(self, "regions").get(pk)
        return area.name if area else str(pk)

    def session_days(self, start: date) -> list[date]:
        return [start + timedelta(days=offset) for offset in range(self.settings.days_per_session)]

    def start_days(self) -> list[date]:
        """Days a session may start on: every one of its days (consecutive calendar days) is a working day."""
        working = set(self.working_days)
        return [day for day in sorted(working) if all(d in working for d in self.session_days(day))]

    def to_json(self) -> dict:
        data = asdict(self)
        return _dates_to_text(data)

    @classmethod
    def from_json(cls, data: dict) -> PlanInputs:
        return cls(
            councils=tuple(CouncilIn(**item) for item in data.get("councils", ())),
            venues=tuple(
                VenueIn(**{**item, "busy": tuple(date.fromisoformat(day) for day in item.get("busy", ()))})
                for item in data.get("venues", ())
            ),
            trainers=tuple(
                TrainerIn(
                    id=item["id"],
                    name=item["name"],
                    region_ids=tuple(item["region_ids"]),
                    unavailable=tuple(date.fromisoformat(day) for day in item.get("unavailable", ())),
                )
                for item in data.get("trainers", ())
            ),
            working_days=tuple(date.fromisoformat(day) for day in data.get("working_days", ())),
            regions=tuple(AreaIn(**item) for item in data.get("regions", ())),
            districts=tuple(AreaIn(**item) for item in data.get("districts", ())),
            settings=Settings(**data.get("settings", {})),
            locked=tuple(
                LockedSession(
                    venue_id=item["venue_id"],
                    start=date.fromisoformat(item["start"]),
                    trainer_ids=tuple(item["trainer_ids"]),
                    council_ids=tuple(item["council_ids"]),
                )
                for item in data.get("locked", ())
            ),
        )


def iso_week(day: date) -> tuple[int, int]:
    """The ISO (year, week) a day belongs to: a trainer's weekly limit counts sessions by the week they start in."""
    year, week, _weekday = day.isocalendar()
    return year, week


def _index(inputs: PlanInputs, name: str) -> dict:
    cache = inputs.__dict__.setdefault("_indexes", {})
    if name not in cache:
        cache[name] = {item.id: item for item in getattr(inputs, name)}
    return cache[name]


def _dates_to_text(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _dates_to_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_dates_to_text(item) for item in value]
    return value
