"""Building one whole campaign of generated data from a plan: elections, deputies, sessions, results.

`CampaignPlan` holds the shape (how many councils held elections, how many sent deputies, how many
participants and sessions); `build_campaign` draws everything else from the plan's seed and writes it
with bulk inserts in one transaction. The plans themselves are in `demo.plans`.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from assessments.models import TestResult
from councils.models import Council, Deputy, Election
from councils.names import normalize_name, phonetic_key
from trainings.changes import mark_campaign_changed
from trainings.models import Attendance, Campaign, Enrolment, Invitation, Topic, TrainingSession, Venue

from . import schedule
from .accounts import ensure_trainers
from .bulk import insert_rows
from .curriculum import create_instrument, ensure_topics
from .names import PersonName, person_name
from .plans import (
    DEFAULT_RUSSIAN_NAME_SHARE,
    HALL_CAPACITY,
    MOBILE_PREFIXES,
    RUSSIAN_NAME_SHARE,
    RUSSIAN_SESSION_THRESHOLD,
    SESSION_CAPACITY,
    CampaignPlan,
    DemoDataError,
)
from .register import draw_seats, draw_women, fit_total, has_seat_quota
from .scores import answer_choices, draw_correctness, draw_difficulties, responses


def active_aiyl_councils(on: date) -> list[Council]:
    """Aiyl keneshes in existence on a date, in code order."""
    return list(
        Council.objects.filter(kind=Council.Kind.AIYL)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("district", "region")
        .order_by("code")
    )


@dataclass
class _Person:
    council: Council
    name: PersonName
    russian: bool
    gender: str
    birth_year: int
    deputy_id: int | None = None


class _Builder:
    def __init__(self, plan: CampaignPlan, aiyl_councils: list[Council], topics: list[Topic]):
        self.plan = plan
        self.aiyl_councils = aiyl_councils
        self.topics = {topic.code: topic for topic in topics}
        self.rng = random.Random(plan.seed)
        self.np_rng = np.random.default_rng(plan.seed)

    # Councils -------------------------------------------------------------------------------------
    def choose_councils(self) -> tuple[list[Council], set[int]]:
        plan = self.plan
        if len(self.aiyl_councils) < plan.aiyl_councils_with_elections:
            raise DemoDataError(
                _(
                    "%(code)s needs %(needed)d aiyl keneshes, but only %(loaded)d are loaded: "
                    "run load_reference_data first."
                )
                % {"code": plan.code, "needed": plan.aiyl_councils_with_elections, "loaded": len(self.aiyl_councils)}
            )
        others = list(Council.objects.filter(code__in=plan.other_council_codes).select_related("district", "region"))
        missing = set(plan.other_council_codes) - {council.code for council in others}
        if missing:
            raise DemoDataError(
                _("Councils %(codes)s are not loaded: run load_reference_data first.")
                % {"codes": ", ".join(sorted(missing))}
            )
        elected_aiyl = sorted(self.rng.sample(self.aiyl_councils, plan.aiyl_councils_with_elections), key=_code)
        covered = self.rng.sample(elected_aiyl, plan.aiyl_councils_covered) + others
        return sorted(elected_aiyl + others, key=_code), {council.pk for council in covered}

    def seats(self, elected: list[Council]) -> dict[int, int]:
        """Seats per council: the council's own where the reference data gives them, else drawn by kind;
        the drawn aiyl kenesh sizes are fitted to the plan's total of aiyl deputies when it has one."""
        seats = {council.pk: council.seats or draw_seats(self.rng, council.kind) for council in elected}
        drawn = [council.pk for council in elected if council.kind == Council.Kind.AIYL and not council.seats]
        if self.plan.aiyl_deputies and drawn:
            known = sum(seats[c.pk] for c in elected if c.kind == Council.Kind.AIYL and c.seats)
            try:
                fitted = fit_total(self.rng, [seats[pk] for pk in drawn], self.plan.aiyl_deputies - known)
            except ValueError as error:
                raise DemoDataError(
                    _("%(code)s: %(councils)d aiyl keneshes cannot hold %(deputies)d deputies.")
                    % {"code": self.plan.code, "councils": len(drawn), "deputies": self.plan.aiyl_deputies}
                ) from error
            seats.update(zip(drawn, fitted, strict=True))
        return seats

    # People ---------------------------------------------------------------------------------------
    def attendees_per_council(self, covered: list[Council], seats: dict[int, int]) -> dict[int, int]:
        """Participants per covered council: one each, the rest drawn among the remaining seats of all
        of them (so larger councils send more), never more than a council's seats."""
        counts = {council.pk: 1 for council in covered}
        remaining = self.plan.participants - len(covered)
        free_seats = [council.pk for council in covered for _ in range(seats[council.pk] - 1)]
        if remaining < 0 or remaining > len(free_seats):
            raise DemoDataError(
                _(
                    "%(code)s: %(participants)d participants cannot come from %(councils)d councils "
                    "with %(seats)d seats."
                )
                % {
                    "code": self.plan.code,
                    "participants": self.plan.participants,
                    "councils": len(covered),
                    "seats": len(free_seats) + len(covered),
                }
            )
        for pk in self.rng.sample(free_seats, remaining):
            counts[pk] += 1
        return counts

    def draw_person(self, council: Council, gender: str, taken: set) -> _Person:
        plan = self.plan
        share = RUSSIAN_NAME_SHARE.get(council.region.code, DEFAULT_RUSSIAN_NAME_SHARE)
        low, high = plan.age_range
        while True:
            russian = self.rng.random() < share
            name = person_name(self.rng, gender, russian_share=1.0 if russian else 0.0)
            age = min(high, max(low, round(self.rng.gauss(plan.age_mean, plan.age_sd))))
            person = _Person(council, name, russian, gender, plan.start.year - age)
            key = (council.pk, normalize_name(name.last_name, name.first_name, name.patronymic), person.birth_year)
            if key not in taken:  # the register's de-duplication key must stay unique
                taken.add(key)
                return person

    def roster(self, council: Council, size: int, taken: set) -> list[_Person]:
        quota = has_seat_quota(council.kind)
        share = self.plan.women_share_seat_quota if quota else self.plan.women_share_list_quota
        women = draw_women(self.rng, size, share, seat_quota=quota)
        genders = ["F"] * women + ["M"] * (size - women)
        self.rng.shuffle(genders)
        return [self.draw_person(council, gender, taken) for gender in genders]

    def phone(self) -> str:
        return f"+996{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(10**6):06d}"

    # Building -------------------------------------------------------------------------------------
    def build(self) -> Campaign:
        plan = self.plan
        elected, covered_ids = self.choose_councils()
        seats = self.seats(elected)
        covered = [council for council in elected if council.pk in covered_ids]
        participants = self.attendees_per_council(covered, seats)
        no_shows = {pk: int(self.rng.random() < plan.no_show_share * count) for pk, count in participants.items()}
        no_shows = {pk: min(count, seats[pk] - participants[pk]) for pk, count in no_shows.items()}

        campaign = Campaign.objects.create(
            code=plan.code,
            name_ky=plan.name_ky,
            name_ru=plan.name_ru,
            name_en=plan.name_en,
            donor=plan.donor,
            implementer=plan.implementer,
            start=plan.start,
            end=plan.end,
            convocation=plan.convocation,
            target_kinds=list(plan.target_kinds),
        )
        campaign.topics.set(self.topics.values())
        insert_rows(
            Election,
            [
                {"council_id": c.pk, "date": plan.election_date, "convocation": plan.convocation, "seats": seats[c.pk]}
                for c in elected
            ],
        )
        attendees = self.create_deputies(elected, seats, participants, no_shows)
        sessions = self.create_sessions(campaign, covered, attendees, elected)
        instrument, questions = create_instrument(campaign, self.topics, self.rng)
        self.create_enrolments(sessions, attendees, participants, instrument, questions)
        mark_campaign_changed(campaign.pk)
        return campaign

    def create_deputies(self, elected, seats, participants, no_shows) -> dict[int, list[_Person]]:
        """All deputies of the elected councils (or only the invited ones); returns the invited per council."""
        taken: set = set()
        people: list[_Person] = []
        invited: dict[int, list[_Person]] = {}
        for council in elected:
            wanted = participants.get(council.pk, 0) + no_shows.get(council.pk, 0)
            roster = self.roster(council, seats[council.pk] if self.plan.full_rosters else wanted, taken)
            people.extend(roster)
            # Participants come first, the no-shows after them.
            invited[council.pk] = self.rng.sample(roster, wanted) if wanted else []
        deputies = [
            {
                "council_id": person.council.pk,
                "convocation": self.plan.convocation,
                "last_name": person.name.last_name,
                "first_name": person.name.first_name,
                "patronymic": person.name.patronymic,
                # Bulk inserts bypass Deputy.save(), which keeps these keys in step.
                "normalized_name": normalize_name(
                    person.name.last_name, person.name.first_name, person.name.patronymic
                ),
                "search_key": phonetic_key(person.name.last_name, person.name.first_name, person.name.patronymic),
                "gender": person.gender,
                "birth_year": person.birth_year,
                "phone": self.phone(),
                "first_term": self.rng.random() < self.plan.first_term_share,
            }
            for person in people
        ]
        for person, deputy_id in zip(people, insert_rows(Deputy, deputies), strict=True):
            person.deputy_id = deputy_id
        return invited

    def create_sessions(self, campaign, covered, attendees, elected) -> list[tuple[TrainingSession, list[Council]]]:
        by_district: dict = defaultdict(list)
        for council in covered:
            by_district[council.district or council.region].append(council)
        districts = sorted(by_district, key=_code)
        weights = {district: sum(len(attendees[c.pk]) for c in by_district[district]) for district in districts}
        counts = schedule.sessions_per_district(weights, self.plan.sessions)
        groups = []  # (district, councils) in region/district order
        for district in districts:
            sizes = [(council, len(attendees[council.pk])) for council in by_district[district]]
            for group in schedule.split_into_groups(sizes, counts[district]):
                groups.append((district, sorted(group, key=_code)))
        teams, slots = schedule.schedule(len(groups), self.plan.start, self.plan.end)
        trainers = ensure_trainers(self.plan.trainer_usernames(2 * teams))
        venues = self.venues([district for district, _ in groups])
        width = max(3, len(str(len(groups))))
        sessions = []
        for index, ((district, councils), (team, start)) in enumerate(zip(groups, slots, strict=True)):
            people = [person for council in councils for person in attendees[council.pk]]
            russian_share = sum(person.russian for person in people) / len(people)
            session = TrainingSession(
                campaign=campaign,
                code=f"S{index + 1:0{width}d}",
                venue=venues[district],
                start_date=start,
                days=2,
                capacity=max(SESSION_CAPACITY, len(people)),
                language=TrainingSession.Language.RUSSIAN
                if russian_share > RUSSIAN_SESSION_THRESHOLD
                else TrainingSession.Language.KYRGYZ,
                status=TrainingSession.Status.HELD,
            )
            # The session's two trainers, kept on the unsaved instance until the many-to-many rows are written.
            session.team = trainers[2 * team : 2 * team + 2]
            sessions.append((session, councils))
        TrainingSession.objects.bulk_create([session for session, _ in sessions])
        through = TrainingSession.trainers.through
        through.objects.bulk_create(
            through(trainingsession_id=session.pk, user_id=user.pk) for session, _ in sessions for user in session.team
        )
        invitations = [
            Invitation(session_id=session.pk, council_id=council.pk, places=len(attendees[council.pk]))
            for session, councils in sessions
            for council in councils
        ]
        # Councils that held elections but sent nobody were invited to a session in their district all the same.
        session_of_district = {}
        for session, councils in sessions:
            session_of_district.setdefault(_district_key(councils[0]), session)
        covered_ids = {council.pk for council in covered}
        for council in elected:
            if council.pk not in covered_ids and _district_key(council) in session_of_district:
                invitations.append(
                    Invitation(session=session_of_district[_district_key(council)], council=council, places=2)
                )
        Invitation.objects.bulk_create(invitations)
        return sessions

    def venues(self, places) -> dict:
        """The assembly hall of each district's akimiat (or city hall), shared by campaigns, created when missing."""
        wanted = {place: (assembly_hall_names(place), place if _is_district(place) else None) for place in places}
        existing = {
            (venue.name_ru, venue.district_id): venue
            for venue in Venue.objects.filter(name_ru__in=[names["name_ru"] for names, _ in wanted.values()])
        }
        missing = {}
        for key, (names, district) in wanted.items():
            lookup = (names["name_ru"], district.pk if district else None)
            if lookup not in existing and lookup not in missing:
                missing[lookup] = Venue(
                    **names,
                    district=district,
                    address=f"{key.name_ru}, районный центр",
                    capacity=HALL_CAPACITY,
                    notes="Вход с центрального крыльца, второй этаж. Ключ — у дежурного акимиата.",
                )
        for venue in Venue.objects.bulk_create(missing.values()):
            existing[(venue.name_ru, venue.district_id)] = venue
        return {
            key: existing[(names["name_ru"], district.pk if district else None)]
            for key, (names, district) in wanted.items()
        }

    def create_enrolments(self, sessions, attendees, participants, instrument, questions) -> None:
        plan = self.plan
        rows = []  # (session, person, day1, day2)
        for session, councils in sessions:
            for council in councils:
                for position, person in enumerate(attendees[council.pk]):
                    if position >= participants[council.pk]:
                        rows.append((session, person, False, False))
                        continue
                    draw = self.rng.random()
                    if draw < plan.day1_absence_share:
                        rows.append((session, person, False, True))
                    elif draw < plan.day1_absence_share + plan.day2_absence_share:
                        rows.append((session, person, True, False))
                    else:
                        rows.append((session, person, True, True))
        enrolment_ids = insert_rows(
            Enrolment, [{"session_id": session.pk, "deputy_id": person.deputy_id} for session, person, _, _ in rows]
        )
        insert_rows(
            Attendance,
            [
                {"enrolment_id": enrolment_id, "day": day, "present": present, "updated_by_id": session.team[0].pk}
                for enrolment_id, (session, _, day1, day2) in zip(enrolment_ids, rows, strict=True)
                for day, present in ((1, day1), (2, day2))
            ],
        )
        item_sessions = {session.pk for session, _ in sessions if self.rng.random() < plan.item_answer_share}
        topics = [question.topic.code for question in questions]
        difficulties = draw_difficulties(self.np_rng, len(questions), plan.learning)
        pre_correct, post_correct = draw_correctness(self.np_rng, len(rows), topics, difficulties, plan.learning)
        keys = [question.key for question in questions]
        pre_answers = answer_choices(self.np_rng, pre_correct, keys)
        post_answers = answer_choices(self.np_rng, post_correct, keys)
        pre_scores, post_scores = pre_correct.sum(axis=1).tolist(), post_correct.sum(axis=1).tolist()
        max_score = instrument.max_score
        results = []
        for index, (enrolment_id, (session, _person, day1, day2)) in enumerate(zip(enrolment_ids, rows, strict=True)):
            with_items = session.pk in item_sessions
            phases = (
                (TestResult.Phase.PRE, day1 and self.rng.random() >= plan.missing_pre_share, pre_scores, pre_answers),
                (
                    TestResult.Phase.POST,
                    day2 and self.rng.random() >= plan.missing_post_share,
                    post_scores,
                    post_answers,
                ),
            )
            for phase, taken, scores, answers in phases:
                if taken:
                    results.append(
                        {
                            "enrolment_id": enrolment_id,
                            "phase": phase,
                            "instrument_id": instrument.pk,
                            "score": Decimal(scores[index]),
                            "max_score": max_score,
                            "responses": responses(answers[index]) if with_items else None,
                            "entered_by_id": session.team[phase == TestResult.Phase.POST].pk,
                            "source": TestResult.Source.GRID,
                        }
                    )
        insert_rows(TestResult, results)


def _code(obj) -> str:
    return obj.code


def assembly_hall_names(place) -> dict:
    """The akimiat's assembly hall of a district (the city hall's of a city), in Kyrgyz, Russian and English."""
    ky, ru, en = place.name_ky or place.name_ru, place.name_ru, place.name_en or place.name_ru
    if _is_district(place):
        ky_base = ky.removesuffix(" району")
        ky_name = f"{ky_base} райондук акимиатынын жыйындар залы" if ky_base != ky else f"Жыйындар залы, {ky}"
        # "Кеминский район" → "Кеминского района".
        ru_name = f"Актовый зал акимиата {ru[:-8]}ого района" if ru.endswith("ий район") else f"Актовый зал, {ru}"
        return {"name_ky": ky_name, "name_ru": ru_name, "name_en": f"{en} District Akimiat assembly hall"}
    city = ky.removesuffix(" шаары")
    return {
        "name_ky": f"{city} шаардык мэриясынын жыйындар залы" if city != ky else f"Жыйындар залы, {ky}",
        "name_ru": f"Актовый зал мэрии, {ru}",
        "name_en": f"{en.removesuffix(' (city)')} City Hall assembly hall",
    }


def _is_district(place) -> bool:
    return not hasattr(place, "iso_code")


def _district_key(council: Council):
    return council.district_id or ("region", council.region_id)


def build_campaign(plan: CampaignPlan, *, aiyl_councils: list[Council] | None = None) -> Campaign:
    """Write one campaign of generated data in one transaction and return it.

    `aiyl_councils` (active aiyl keneshes in code order) may be passed in to save the query when
    building many campaigns on the same councils.
    """
    if aiyl_councils is None:
        aiyl_councils = active_aiyl_councils(plan.election_date)
    with transaction.atomic():
        return _Builder(plan, aiyl_councils, ensure_topics()).build()
