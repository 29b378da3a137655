"""Loads campaigns' participants, attendance, scores and their dimensions into numpy arrays.

A handful of queries (``values_list``, never one per row) serve any number of campaigns at once, so the
nightly full recompute reads everything in one pass. The arrays feed `assessments.breakdowns`, which
computes the statistics without touching the database.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import F, FloatField
from django.db.models.functions import Cast

from councils.models import Council, District, Election, Region
from trainings.models import Attendance, Campaign, Enrolment, Topic, TrainingSession

from .models import Instrument, Question, TestResult
from .stats import score_percentages

KIND_NAMES = tuple(Council.Kind.values)


def _names(obj) -> dict:
    return {"ky": obj.name_ky, "ru": obj.name_ru, "en": obj.name_en}


@dataclass
class Table:
    """A dimension's values: `keys[i]` (a code) and `labels[i]` (names by language) for index i."""

    keys: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    index: dict = field(default_factory=dict)

    def add(self, key, labels) -> int:
        if key not in self.index:
            self.index[key] = len(self.keys)
            self.keys.append(key)
            self.labels.append(labels)
        return self.index[key]


@dataclass
class ItemMatrix:
    """Answers to one instrument in one phase: respondents × questions, 1 where correct."""

    instrument_id: int
    name: str
    form: str
    phase: str
    numbers: list
    topics: list  # topic index per question
    points: np.ndarray
    enrolment_rows: np.ndarray  # row of each respondent in Dataset.enrolment arrays
    correct: np.ndarray


@dataclass
class Dataset:
    """Enrolments of one or more campaigns (one element per enrolment) and the tables they point into."""

    campaign_ids: list
    campaign_codes: dict
    campaign_labels: dict
    campaign_years: dict  # start year, for ages
    campaign_convocations: dict
    data_versions: dict
    # Per enrolment.
    enrolment_id: np.ndarray
    campaign: np.ndarray  # campaign id
    deputy: np.ndarray  # dense code
    council: np.ndarray  # index into councils
    session: np.ndarray  # index into sessions
    present_days: np.ndarray
    session_days: np.ndarray
    female: np.ndarray
    birth_year: np.ndarray  # float, NaN unknown
    first_term: np.ndarray  # 1 first term, 0 re-elected, -1 unknown
    pre_pct: np.ndarray
    post_pct: np.ndarray
    # Tables.
    regions: Table
    districts: Table
    councils: Table
    council_region: np.ndarray
    council_district: np.ndarray  # -1 for cities directly under a region
    council_kind: np.ndarray
    elected_by_convocation: dict  # convocation -> bool array over councils
    sessions: Table
    session_trainers: list  # (session index, trainer index) pairs
    trainers: Table
    topics: Table
    items: list  # ItemMatrix
    youth_max_age: int


def _correct(answer, key) -> bool:
    return answer is not None and str(answer).strip().upper() == str(key).strip().upper()


def load_dataset(campaign_ids=None) -> Dataset:
    """Everything the statistics need for these campaigns (all campaigns when None)."""
    campaigns = Campaign.objects.order_by("pk")
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=list(campaign_ids))
    campaign_rows = list(
        campaigns.values_list("pk", "code", "name_ky", "name_ru", "name_en", "start", "convocation", "data_version")
    )
    ids = [row[0] for row in campaign_rows]

    enrolments = list(
        Enrolment.objects.filter(session__campaign_id__in=ids)
        .order_by("session__campaign_id", "pk")
        .values_list(
            "pk",
            "session__campaign_id",
            "deputy_id",
            "deputy__council_id",
            "session_id",
            "session__days",
            "deputy__gender",
            "deputy__birth_year",
            "deputy__first_term",
        )
    )
    n = len(enrolments)
    columns = list(zip(*enrolments, strict=True)) if n else [[] for _ in range(9)]
    enrolment_id = np.array(columns[0], dtype=np.int64)
    row_of = {pk: row for row, pk in enumerate(columns[0])}

    present_days = np.zeros(n, dtype=np.int64)
    present = Attendance.objects.filter(
        enrolment__session__campaign_id__in=ids, present=True, day__lte=F("enrolment__session__days")
    ).values_list("enrolment_id", flat=True)
    present_rows = np.fromiter((row_of[pk] for pk in present.iterator(chunk_size=20000)), dtype=np.int64)
    np.add.at(present_days, present_rows, 1)

    scores = {"pre": (np.full(n, np.nan), np.full(n, np.nan)), "post": (np.full(n, np.nan), np.full(n, np.nan))}
    results = (
        TestResult.objects.filter(enrolment__session__campaign_id__in=ids)
        .annotate(score_f=Cast("score", FloatField()), max_f=Cast("max_score", FloatField()))
        .values_list("enrolment_id", "phase", "score_f", "max_f")
    )
    for enrolment_pk, phase, score, max_score in results.iterator(chunk_size=20000):
        row = row_of[enrolment_pk]
        scores[phase][0][row] = score
        scores[phase][1][row] = max_score

    # Councils: those of the participants and those with an election of the campaigns' convocations.
    convocations = sorted({row[6] for row in campaign_rows})
    elections = list(Election.objects.filter(convocation__in=convocations).values_list("council_id", "convocation"))
    council_ids = set(columns[3]) | {council_id for council_id, _ in elections}
    council_rows = list(
        Council.objects.filter(pk__in=council_ids)
        .order_by("code")
        .values_list("pk", "code", "kind", "region_id", "district_id", "name_ky", "name_ru", "name_en")
    )
    region_ids = {row[3] for row in council_rows}
    district_ids = {row[4] for row in council_rows if row[4]}
    regions, districts, councils = Table(), Table(), Table()
    region_index = {}
    for region in Region.objects.filter(pk__in=region_ids).order_by("code"):
        region_index[region.pk] = regions.add(region.code, _names(region))
    district_index = {}
    for district in District.objects.filter(pk__in=district_ids).order_by("code"):
        district_index[district.pk] = districts.add(district.code, _names(district))
    council_index = {}
    council_region, council_district, council_kind = [], [], []
    for pk, code, kind, region_id, district_id, name_ky, name_ru, name_en in council_rows:
        council_index[pk] = councils.add(code, {"ky": name_ky, "ru": name_ru, "en": name_en})
        council_region.append(region_index[region_id])
        council_district.append(district_index.get(district_id, -1))
        council_kind.append(KIND_NAMES.index(kind) if kind in KIND_NAMES else 0)
    elected_by_convocation = {conv: np.zeros(len(council_rows), dtype=bool) for conv in convocations}
    for council_id, convocation in elections:
        elected_by_convocation[convocation][council_index[council_id]] = True

    # Sessions and their trainers.
    sessions = Table()
    session_index = {}
    for pk, code, campaign_code in (
        TrainingSession.objects.filter(campaign_id__in=ids)
        .order_by("campaign_id", "start_date", "code")
        .values_list("pk", "code", "campaign__code")
    ):
        session_index[pk] = sessions.add(pk, {"code": code, "campaign": campaign_code})
    trainers = Table()
    session_trainers = []
    through = TrainingSession.trainers.through
    for session_id, username, first, last in (
        through.objects.filter(trainingsession__campaign_id__in=ids)
        .order_by("user__last_name", "user__first_name", "user__username")
        .values_list("trainingsession_id", "user__username", "user__first_name", "user__last_name")
    ):
        name = f"{first} {last}".strip() or username
        trainer = trainers.add(username, dict.fromkeys(("ky", "ru", "en"), name))
        session_trainers.append((session_index[session_id], trainer))

    # Deputies as dense codes: distinct ids are what "distinct deputies" counts.
    _, deputy_codes = np.unique(np.array(columns[2], dtype=np.int64), return_inverse=True)

    topics = Table()
    items = _load_items(ids, row_of, topics)

    return Dataset(
        campaign_ids=ids,
        campaign_codes={row[0]: row[1] for row in campaign_rows},
        campaign_labels={row[0]: {"ky": row[2], "ru": row[3], "en": row[4]} for row in campaign_rows},
        campaign_years={row[0]: row[5].year for row in campaign_rows},
        campaign_convocations={row[0]: row[6] for row in campaign_rows},
        data_versions={row[0]: row[7] for row in campaign_rows},
        enrolment_id=enrolment_id,
        campaign=np.array(columns[1], dtype=np.int64),
        deputy=deputy_codes.astype(np.int64),
        council=np.array([council_index[pk] for pk in columns[3]], dtype=np.int64),
        session=np.array([session_index[pk] for pk in columns[4]], dtype=np.int64),
        present_days=present_days,
        session_days=np.array(columns[5], dtype=np.int64),
        female=np.array([gender == "F" for gender in columns[6]], dtype=bool),
        birth_year=np.array([np.nan if year is None else year for year in columns[7]], dtype=float),
        first_term=np.array([-1 if value is None else int(value) for value in columns[8]], dtype=np.int64),
        pre_pct=score_percentages(*scores["pre"]),
        post_pct=score_percentages(*scores["post"]),
        regions=regions,
        districts=districts,
        councils=councils,
        council_region=np.array(council_region, dtype=np.int64),
        council_district=np.array(council_district, dtype=np.int64),
        council_kind=np.array(council_kind, dtype=np.int64),
        elected_by_convocation=elected_by_convocation,
        sessions=sessions,
        session_trainers=session_trainers,
        trainers=trainers,
        topics=topics,
        items=items,
        youth_max_age=settings.YOUTH_MAX_AGE,
    )


def _load_items(campaign_ids, row_of, topics: Table) -> list:
    """Correct/incorrect matrices per instrument and phase from the item answers that were entered."""
    answered = list(
        TestResult.objects.filter(
            enrolment__session__campaign_id__in=campaign_ids, responses__isnull=False, instrument__isnull=False
        )
        .order_by("instrument_id", "phase", "enrolment_id")
        .values_list("instrument_id", "phase", "enrolment_id", "responses")
    )
    if not answered:
        return []
    instrument_ids = {row[0] for row in answered}
    questions = defaultdict(list)
    for instrument_id, number, topic_id, key, points in Question.objects.filter(
        instrument_id__in=instrument_ids
    ).values_list("instrument_id", "number", "topic_id", "key", "points"):
        questions[instrument_id].append((number, topic_id, key, float(points)))
    topic_rows = {
        topic.pk: topic for topic in Topic.objects.filter(questions__instrument_id__in=instrument_ids).distinct()
    }
    for topic in sorted(topic_rows.values(), key=lambda topic: (topic.order, topic.code)):
        topics.add(topic.code, _names(topic))
    names = {
        pk: (name, form)
        for pk, name, form in Instrument.objects.filter(pk__in=instrument_ids).values_list("pk", "name", "form")
    }

    grouped = defaultdict(list)
    for instrument_id, phase, enrolment_id, responses in answered:
        if isinstance(responses, dict) and questions.get(instrument_id):
            grouped[(instrument_id, phase)].append((enrolment_id, responses))
    matrices = []
    for (instrument_id, phase), answers in grouped.items():
        instrument_questions = sorted(questions[instrument_id])
        numbers = [question[0] for question in instrument_questions]
        keys = [question[2] for question in instrument_questions]
        correct = np.array(
            [[_correct(responses.get(str(number)), key) for number, key in zip(numbers, keys, strict=True)]
             for _, responses in answers],
            dtype=np.int8,
        )  # fmt: skip
        matrices.append(
            ItemMatrix(
                instrument_id=instrument_id,
                name=names[instrument_id][0],
                form=names[instrument_id][1],
                phase=phase,
                numbers=numbers,
                topics=[topics.index[topic_rows[question[1]].code] for question in instrument_questions],
                points=np.array([question[3] for question in instrument_questions]),
                enrolment_rows=np.array([row_of[enrolment_id] for enrolment_id, _ in answers], dtype=np.int64),
                correct=correct.reshape(len(answers), len(numbers)),
            )
        )
    return matrices
