"""A proposed plan, as plain data: sessions (venue, start day, trainers, councils with places), the councils
left out with the reason in words, and figures. JSON-friendly like the inputs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class PlannedSession:
    venue_id: int
    start: date
    trainer_ids: tuple[int, ...]
    councils: tuple[tuple[int, int], ...]  # (council id, places)
    locked: bool = False

    @property
    def council_ids(self) -> tuple[int, ...]:
        return tuple(council_id for council_id, _places in self.councils)

    @property
    def places(self) -> int:
        return sum(places for _council_id, places in self.councils)

    @property
    def key(self) -> str:
        """Stable name of the session within a plan (the lock checkboxes use it)."""
        return f"{self.venue_id}@{self.start.isoformat()}"


@dataclass(frozen=True)
class LeftOut:
    council_id: int
    reason: str


@dataclass
class Plan:
    sessions: list[PlannedSession] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    # "optimal", "feasible" (time limit reached with a plan), "greedy" (the solver found none in time:
    # the greedy plan is shown), "infeasible" (locked sessions contradict each other), "refused" (bad input).
    status: str = ""
    seconds: float = 0.0
    greedy_sessions: int | None = None  # the greedy baseline's session count, for comparison
    out_of_district: int = 0
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        for session in data["sessions"]:
            session["start"] = session["start"].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        return cls(
            sessions=[
                PlannedSession(
                    venue_id=item["venue_id"],
                    start=date.fromisoformat(item["start"]),
                    trainer_ids=tuple(item["trainer_ids"]),
                    councils=tuple((council_id, places) for council_id, places in item["councils"]),
                    locked=item.get("locked", False),
                )
                for item in data.get("sessions", ())
            ],
            left_out=[LeftOut(**item) for item in data.get("left_out", ())],
            status=data.get("status", ""),
            seconds=data.get("seconds", 0.0),
            greedy_sessions=data.get("greedy_sessions"),
            out_of_district=data.get("out_of_district", 0),
            messages=list(data.get("messages", ())),
        )

    def trainer_days(self, days_per_session: int) -> dict[int, int]:
        """{trainer id: training days in the plan}."""
        days: dict[int, int] = {}
        for session in self.sessions:
            for trainer_id in session.trainer_ids:
                days[trainer_id] = days.get(trainer_id, 0) + days_per_session
        return days
