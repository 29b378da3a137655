"""Loads campaigns' participants, attendance, scores and their dimensions into numpy arrays.

A handful of queries (``values_list``, never one per row) serve any number of campaigns at once, so the
nightly full recompute reads everything in one pass. The arrays (a `dataset.Dataset`) feed `breakdowns`, which
computes the statistics without touching the database.
"""

import json
from collections import defaultdict

import numpy as np
import orjson
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField
from django.db.models.functions import Cast

from councils.models import Council, District, Election, Region
from trainings.models import Campaign, Enrolment, Topic, TrainingSession
from trainings.selectors import present_attendance, target_council_ids_by_campaign

from ..models import Instrument, Question, TestResult
from .dataset import KIND_NAMES, Dataset, ItemMatrix, Table
from .stats import NO_FORM, form_codes, score_percentages

# Every phase of TestResult.Phase: the follow-up must never be read as a post-test.
PHASES = ("pre", "post", "follow_up")


def _fetch(queryset) -> list:
    """The rows of a values_list queryset as plain tuples, skipping Django's per-value converters (the
    selected columns need none), which dominate the time for a hundred thousand rows."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. no campaign left to read: Django knows the answer without asking
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _positions(index: dict, ids) -> np.ndarray:
    """Map database ids to positions with `index` (id → position), vectorised."""
    known = np.array(list(index), dtype=np.int64)
    order = np.argsort(known)
    positions = np.array(list(index.values()), dtype=np.int64)[order]
    return positions[np.searchsorted(known[order], np.array(ids, dtype=np.int64))]


def _results(campaign_ids, *, responses: bool = False) -> list:
    """(enrolment id, phase, score, maximum, instrument id or None[, item answers as JSON text or None]) of every
    pre/post result of these campaigns. The full recompute reads the item answers in the same pass."""
    columns = ["enrolment_id", "phase", "score_f", "max_f", "instrument_id"] + (["responses"] if responses else [])
    return _fetch(
        TestResult.objects.filter(enrolment__session__campaign_id__in=campaign_ids)
        .annotate(score_f=Cast("score", FloatField()), max_f=Cast("max_score", FloatField()))
        .values_list(*columns)
    )


def _result_forms(instrument_ids) -> np.ndarray:
    """The parallel form (`stats.form_codes`: A = 0, B = 1, NO_FORM) of each result's instrument id (None:
    a result entered without naming its test). A handful of instruments: one small query, and the forms are
    looked up once per instrument, not once per result."""
    ids = np.nan_to_num(np.array(instrument_ids, dtype=float), nan=-1).astype(np.int64)  # None → −1
    distinct, inverse = np.unique(ids, return_inverse=True)
    forms = dict(Instrument.objects.filter(pk__in=distinct[distinct >= 0].tolist()).values_list("pk", "form"))
    return form_codes([forms.get(pk) for pk in distinct.tolist()])[inverse.reshape(-1)]


def load_scores(campaign_ids) -> tuple[np.ndarray, np.ndarray]:
    """(pre %, post %) per enrolment with a result in these campaigns (NaN where a test is missing), read as
    `load_dataset` reads them but without the rest: for the distribution of gains."""
    by_enrolment = defaultdict(lambda: [np.nan] * 4)
    for enrolment_id, phase, score, maximum, _instrument in _results(list(campaign_ids)):
        if phase in ("pre", "post"):
            by_enrolment[enrolment_id][0 if phase == "pre" else 2 : 2 if phase == "pre" else 4] = [score, maximum]
    values = np.array([by_enrolment[pk] for pk in sorted(by_enrolment)], dtype=float).reshape(-1, 4)
    return score_percentages(values[:, 0], values[:, 1]), score_percentages(values[:, 2], values[:, 3])


def load_dataset(campaign_ids=None) -> Dataset:
    """Everything the statistics need for these campaigns (all campaigns when None)."""
    campaigns = Campaign.objects.order_by("pk")
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=list(campaign_ids))
    campaign_rows = list(campaigns.values_list("pk", "code", "start", "convocation", "data_version"))
    ids = [row[0] for row in campaign_rows]

    enrolments = _fetch(
        Enrolment.objects.filter(session__campaign_id__in=ids)
        .order_by()
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
    columns = list(zip(*enrolments, strict=True)) if n else [()] * 9
    enrolment_id = np.array(columns[0], dtype=np.int64)
    by_id = np.argsort(enrolment_id)

    def rows_of(enrolment_ids):
        return by_id[np.searchsorted(enrolment_id, np.asarray(enrolment_ids, dtype=np.int64), sorter=by_id)]

    present = _fetch(present_attendance().filter(enrolment__session__campaign_id__in=ids).values_list("enrolment_id"))
    present_days = np.bincount(rows_of([row[0] for row in present]), minlength=n).astype(np.int64)

    score, maximum, form = {}, {}, {}
    for phase in PHASES:
        score[phase], maximum[phase] = np.full(n, np.nan), np.full(n, np.nan)
        form[phase] = np.full(n, NO_FORM, dtype=np.int64)
    results = _results(ids, responses=True)
    if results:
        result_enrolments, phases, result_scores, result_max, instruments, _answers = zip(*results, strict=True)
        result_rows = rows_of(result_enrolments)
        phases = np.array(phases)
        result_scores, result_max = np.array(result_scores, dtype=float), np.array(result_max, dtype=float)
        result_forms = _result_forms(instruments)
        for phase in PHASES:
            mask = phases == phase
            score[phase][result_rows[mask]] = result_scores[mask]
            maximum[phase][result_rows[mask]] = result_max[mask]
            form[phase][result_rows[mask]] = result_forms[mask]

    # Councils: those of the participants, those with an election of the campaigns' convocations and those
    # in a campaign's target (which may add councils by hand).
    convocations = sorted({row[3] for row in campaign_rows})
    elections = list(Election.objects.filter(convocation__in=convocations).values_list("council_id", "convocation"))
    targets = target_council_ids_by_campaign(ids)
    council_rows = list(
        Council.objects.filter(
            pk__in=set(columns[3]) | {council_id for council_id, _ in elections} | set().union(*targets.values())
        )
        .order_by("code")
        .values_list("pk", "code", "kind", "region_id", "district_id")
    )
    regions, districts, councils = Table(), Table(), Table()
    region_index = {
        pk: regions.add(code)
        for pk, code in Region.objects.filter(pk__in={row[3] for row in council_rows})
        .order_by("code")
        .values_list("pk", "code")
    }
    district_index = {
        pk: districts.add(code)
        for pk, code in District.objects.filter(pk__in={row[4] for row in council_rows if row[4]})
        .order_by("code")
        .values_list("pk", "code")
    }
    council_index = {pk: councils.add(code) for pk, code, *_ in council_rows}
    elected_by_convocation = {conv: np.zeros(len(council_rows), dtype=bool) for conv in convocations}
    for council_id, convocation in elections:
        elected_by_convocation[convocation][council_index[council_id]] = True
    target_by_campaign = {}
    for campaign_id, council_ids in targets.items():
        target_by_campaign[campaign_id] = np.zeros(len(council_rows), dtype=bool)
        target_by_campaign[campaign_id][[council_index[pk] for pk in council_ids]] = True

    # Sessions and their trainers.
    session_rows = list(
        TrainingSession.objects.filter(campaign_id__in=ids)
        .order_by("campaign_id", "start_date", "code")
        .values_list("pk", "code")
    )
    session_index = {pk: position for position, (pk, _) in enumerate(session_rows)}
    trainers = Table()
    session_trainers = [
        (session_index[session_id], trainers.add(username))
        for session_id, username in TrainingSession.trainers.through.objects.filter(
            trainingsession__campaign_id__in=ids
        )
        .order_by("user__username")
        .values_list("trainingsession_id", "user__username")
    ]

    # Deputies as dense codes: distinct ids are what "distinct deputies" counts.
    _, deputy_codes = np.unique(np.array(columns[2], dtype=np.int64), return_inverse=True)
    topics = Table()
    items = _load_items(results, rows_of, topics)

    return Dataset(
        campaign_ids=ids,
        campaign_codes={row[0]: row[1] for row in campaign_rows},
        campaign_years={row[0]: row[2].year for row in campaign_rows},
        campaign_convocations={row[0]: row[3] for row in campaign_rows},
        data_versions={row[0]: row[4] for row in campaign_rows},
        enrolment_id=enrolment_id,
        campaign=np.array(columns[1], dtype=np.int64),
        deputy=deputy_codes.astype(np.int64).reshape(-1),
        council=_positions(council_index, columns[3]),
        session=_positions(session_index, columns[4]),
        present_days=present_days,
        session_days=np.array(columns[5], dtype=np.int64),
        female=np.array(columns[6], dtype=str) == "F" if n else np.zeros(0, dtype=bool),
        birth_year=np.array(columns[7], dtype=float),  # None becomes NaN
        first_term=np.nan_to_num(np.array(columns[8], dtype=float), nan=-1).astype(np.int64),
        pre_pct=score_percentages(score["pre"], maximum["pre"]),
        post_pct=score_percentages(score["post"], maximum["post"]),
        pre_form=form["pre"],
        post_form=form["post"],
        regions=regions,
        districts=districts,
        councils=councils,
        council_region=np.array([region_index[row[3]] for row in council_rows], dtype=np.int64),
        council_district=np.array([district_index.get(row[4], -1) for row in council_rows], dtype=np.int64),
        council_kind=np.array([KIND_NAMES.index(row[2]) for row in council_rows], dtype=np.int64),
        elected_by_convocation=elected_by_convocation,
        session_codes=[code for _, code in session_rows],
        session_trainers=session_trainers,
        trainers=trainers,
        topics=topics,
        items=items,
        youth_max_age=settings.YOUTH_MAX_AGE,
        target_by_campaign=target_by_campaign,
        followup_pct=score_percentages(score["follow_up"], maximum["follow_up"]),
    )


def _normalized_answer(answer):
    return None if answer is None else str(answer).strip().upper()


def correct_matrix(answers: list, numbers: list, keys: list) -> np.ndarray:
    """Respondents × questions, 1 where the answer (dict: question number → answer) matches the key,
    ignoring case and surrounding spaces; a missing answer is wrong."""
    wanted = [str(number) for number in numbers]
    raw = np.empty((len(answers), len(wanted)), dtype=object)
    for row, responses in enumerate(answers):
        raw[row] = list(map(responses.get, wanted))
    normalized_keys = np.array([_normalized_answer(key) for key in keys], dtype=object)
    try:
        distinct = set(raw.ravel().tolist())
    except TypeError:  # an unhashable answer (e.g. a list): compare one by one
        return np.array(
            [[_normalized_answer(value) == key for value, key in zip(row, normalized_keys, strict=True)]
             for row in raw.tolist()],
            dtype=np.int8,
        ).reshape(raw.shape)  # fmt: skip
    # Answers are a handful of distinct strings: compare as stored, then fix up the non-canonical ones.
    correct = raw == normalized_keys[None, :]
    for value in distinct:
        canonical = _normalized_answer(value)
        if value is not None and canonical != value:
            mask = raw == value
            correct[mask] = np.broadcast_to(normalized_keys == canonical, raw.shape)[mask]
    return correct.astype(np.int8)


def _decoded(text):
    """Item answers as the raw cursor returns them (JSON text) decoded; orjson first, for speed, the standard
    library for anything orjson refuses (e.g. integers beyond 64 bits)."""
    if not isinstance(text, str | bytes):
        return text
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _load_items(results, rows_of, topics: Table) -> list:
    """Correct/incorrect matrices per instrument and phase from the item answers that were entered; `results`
    are the rows of `_results(..., responses=True)`."""
    answered = sorted(
        (
            (instrument_id, phase, enrolment_id, responses)
            for enrolment_id, phase, _score, _maximum, instrument_id, responses in results
            if responses is not None and instrument_id is not None
        ),
        key=lambda row: row[:3],
    )
    if not answered:
        return []
    instrument_ids = {row[0] for row in answered}
    questions = defaultdict(list)
    for instrument_id, number, topic_code, key, points in Question.objects.filter(
        instrument_id__in=instrument_ids
    ).values_list("instrument_id", "number", "topic__code", "key", "points"):
        questions[instrument_id].append((number, topic_code, key, float(points)))
    for code in Topic.objects.filter(questions__instrument_id__in=instrument_ids).distinct().order_by(
        "order", "code"
    ).values_list("code", flat=True):  # fmt: skip
        topics.add(code)
    names = {
        pk: (name, form)
        for pk, name, form in Instrument.objects.filter(pk__in=instrument_ids).values_list("pk", "name", "form")
    }

    grouped = defaultdict(list)
    for instrument_id, phase, enrolment_id, responses in answered:
        if not questions.get(instrument_id):
            continue
        responses = _decoded(responses)
        if isinstance(responses, dict):
            grouped[(instrument_id, phase)].append((enrolment_id, responses))
    matrices = []
    for (instrument_id, phase), answers in grouped.items():
        instrument_questions = sorted(questions[instrument_id])
        numbers = [question[0] for question in instrument_questions]
        matrices.append(
            ItemMatrix(
                instrument_id=instrument_id,
                name=names[instrument_id][0],
                form=names[instrument_id][1],
                phase=phase,
                numbers=numbers,
                topics=[topics.index[question[1]] for question in instrument_questions],
                points=np.array([question[3] for question in instrument_questions]),
                enrolment_rows=rows_of([enrolment_id for enrolment_id, _ in answers]),
                correct=correct_matrix(
                    [responses for _, responses in answers], numbers, [question[2] for question in instrument_questions]
                ),
            )
        )
    return matrices
