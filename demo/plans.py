"""What a generated campaign looks like: `CampaignPlan` holds the shape (how many councils held elections,
how many sent deputies, how many participants and sessions); `VOICE_2021` is the 2021 campaign of the
press release. `demo.campaign.build_campaign` draws the rest from the plan's seed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from .scores import LearningModel

MOBILE_PREFIXES = ("700", "702", "705", "707", "709", "550", "555", "557", "559", "770", "772", "775", "777", "500")
# Share of Russian names among deputies by region code; Kyrgyz names elsewhere.
RUSSIAN_NAME_SHARE = {"41708000000000": 0.22, "41702000000000": 0.12}
DEFAULT_RUSSIAN_NAME_SHARE = 0.02
SESSION_CAPACITY = 30
# Seats in a district akimiat's assembly hall: room for the largest demo session.
HALL_CAPACITY = 80
# A session is held in Russian when at least this share of its participants have Russian names.
RUSSIAN_SESSION_THRESHOLD = 0.2


class DemoDataError(Exception):
    """The database is not in a state the generator can build on (e.g. no reference data)."""


@dataclass(frozen=True)
class CampaignPlan:
    code: str
    name_ky: str
    name_ru: str
    name_en: str
    start: date
    end: date
    convocation: int
    election_date: date
    aiyl_councils_with_elections: int
    aiyl_councils_covered: int
    participants: int
    sessions: int
    # Councils of other kinds (towns) that held elections; all of them send deputies.
    other_council_codes: tuple[str, ...] = ()
    # Council kinds the campaign aims at (empty: every kind).
    target_kinds: tuple[str, ...] = ()
    donor: str = ""
    implementer: str = ""
    seed: int = 0
    # Every seat gets a deputy; otherwise only the deputies who were invited (smaller, for load tests).
    full_rosters: bool = True
    # Share of sessions whose trainers entered every answer, not only the scores.
    item_answer_share: float = 0.4
    # Share of women drawn per council: where seats are reserved (aiyl keneshes, never under 30 %), and
    # where the quota is on the party lists only (town and city keneshes).
    women_share_seat_quota: tuple[float, float] = (0.30, 0.46)
    women_share_list_quota: tuple[float, float] = (0.15, 0.40)
    # Deputies of all the aiyl keneshes with elections together, when known exactly; else sizes as drawn.
    aiyl_deputies: int | None = None
    age_range: tuple[int, int] = (22, 70)
    age_mean: float = 45.0
    age_sd: float = 11.0
    first_term_share: float = 0.7
    no_show_share: float = 0.02
    day1_absence_share: float = 0.01
    day2_absence_share: float = 0.03
    missing_pre_share: float = 0.015
    missing_post_share: float = 0.02
    learning: LearningModel = field(default_factory=LearningModel)
    trainer_username: Callable[[int], str] | None = None

    def trainer_usernames(self, count: int) -> list[str]:
        name = self.trainer_username or (lambda number: f"{self.code.lower()}-trainer{number:02d}")
        return [name(number) for number in range(1, count + 1)]


def _demo_trainer_username(number: int) -> str:
    # The demo login "trainer" is the first trainer of the first team, so it sees sessions.
    return "trainer" if number == 1 else f"trainer{number:02d}"


VOICE_2021 = CampaignPlan(
    code="VOICE-2021",
    name_ky="«Жарандардын үнү жана ЖӨБ органдарынын отчеттуулугу: бюджеттик процесс» – депутаттарды окутуу",
    name_ru="«Голос граждан и подотчётность органов МСУ: бюджетный процесс» – обучение депутатов",
    name_en="“Voice of Citizens and Accountability of LSG Bodies: Budget Process” – training of deputies",
    donor="Government of Switzerland",
    implementer="Development Policy Institute",
    start=date(2021, 5, 24),
    end=date(2021, 7, 2),
    convocation=2021,
    election_date=date(2021, 4, 11),
    aiyl_councils_with_elections=420,
    aiyl_councils_covered=411,
    aiyl_deputies=7560,  # the election commission's count for the 420 aiyl keneshes
    other_council_codes=("41708213600020",),  # Kemin town council
    target_kinds=("aiyl_kenesh",),  # the press release's 420 aiyl keneshes; Kemin is trained outside the target
    participants=1052,
    sessions=50,
    seed=2021,
    trainer_username=_demo_trainer_username,
)
