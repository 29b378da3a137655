"""Statistics of a filtered part of a campaign (women of one region, one trainer's sessions, ...), computed
on the spot with the same code as the snapshots; the one implementation of the dashboard's filters.

The campaign is read with `loader.load_dataset`, the enrolments outside the filter are dropped, and
`breakdowns.build_payloads` computes every breakdown of what is left — so an unfiltered run gives exactly
the stored snapshot, and a region filter gives exactly that region's entry. For a place (region, district,
council) the councils with elections and the target councils are counted within the place, as the region
breakdown does; for the other filters they stay the campaign's.

`filters` is any object with the attributes region, district, council (СОАТЕ codes), sex ("F"/"M"),
age_band (an `AGE_BAND_KEYS` key), trainer (username) and topic (code), "" when not chosen — the portal's
`DashboardFilters`.
"""

import dataclasses

import numpy as np

from . import stats
from .breakdowns import AGE_BAND_KEYS, CAMPAIGN, LIST_SCOPES, SEX_KEYS, build_payloads, expand, topic_memberships
from .dataset import Dataset
from .labels import add_labels
from .loader import load_dataset

PER_ENROLMENT = (
    "enrolment_id",
    "campaign",
    "deputy",
    "council",
    "session",
    "present_days",
    "session_days",
    "female",
    "birth_year",
    "first_term",
    "pre_pct",
    "post_pct",
    "pre_form",
    "post_form",
)


def _nothing(data: Dataset) -> np.ndarray:
    return np.zeros(data.enrolment_id.size, dtype=bool)


def _place_masks(data: Dataset, filters):
    """(enrolments in the place, councils in the place) or (None, None) without a place filter."""
    council_mask = None
    if filters.region:
        index = data.regions.index.get(filters.region)
        council_mask = data.council_region == index if index is not None else np.zeros(len(data.councils.keys), bool)
    if filters.district:
        index = data.districts.index.get(filters.district)
        in_district = data.council_district == index if index is not None else np.zeros(len(data.councils.keys), bool)
        council_mask = in_district if council_mask is None else council_mask & in_district
    if filters.council:
        in_council = np.zeros(len(data.councils.keys), dtype=bool)
        if filters.council in data.councils.index:
            in_council[data.councils.index[filters.council]] = True
        council_mask = in_council if council_mask is None else council_mask & in_council
    if council_mask is None:
        return None, None
    return council_mask[data.council], council_mask


def _row_mask(data: Dataset, filters) -> tuple[np.ndarray, np.ndarray | None]:
    keep = np.ones(data.enrolment_id.size, dtype=bool)
    rows_in_place, councils_in_place = _place_masks(data, filters)
    if rows_in_place is not None:
        keep &= rows_in_place
    if filters.sex:
        keep &= data.female == (filters.sex == SEX_KEYS[0])
    if filters.age_band:
        year = float(data.campaign_years[data.campaign_ids[0]]) if data.campaign_ids else 0.0
        codes = stats.age_band_codes(stats.ages_at(year, data.birth_year))
        wanted = AGE_BAND_KEYS.index(filters.age_band)
        keep &= codes == (stats.UNKNOWN if wanted == len(AGE_BAND_KEYS) - 1 else wanted)
    if filters.trainer:
        trainer = data.trainers.index.get(filters.trainer)
        sessions = [session for session, who in data.session_trainers if who == trainer]
        keep &= np.isin(data.session, sessions) if trainer is not None else _nothing(data)
    return keep, councils_in_place


def _subset(data: Dataset, rows: np.ndarray, *, pre=None, post=None, councils_in_place=None) -> Dataset:
    """The dataset restricted to `rows` (sorted positions), optionally with other pre/post percentages."""
    changes = {name: getattr(data, name)[rows] for name in PER_ENROLMENT}
    if pre is not None:
        changes["pre_pct"], changes["post_pct"] = pre, post
    items = []
    for matrix in data.items:
        keep = np.isin(matrix.enrolment_rows, rows)
        if keep.any():
            positions = np.searchsorted(rows, matrix.enrolment_rows[keep])
            items.append(dataclasses.replace(matrix, enrolment_rows=positions, correct=matrix.correct[keep]))
    changes["items"] = items
    if councils_in_place is not None:
        changes["elected_by_convocation"] = {
            convocation: elected & councils_in_place for convocation, elected in data.elected_by_convocation.items()
        }
        changes["target_by_campaign"] = {
            campaign_id: target & councils_in_place for campaign_id, target in data.target_by_campaign.items()
        }
    return dataclasses.replace(data, **changes)


def selected_enrolments(data: Dataset, filters) -> np.ndarray:
    """Ids of the enrolments that every filter but the topic selects (a topic selects answers, not days)."""
    return data.enrolment_id[_row_mask(data, filters)[0]]


def filtered_dataset(data: Dataset, filters) -> Dataset:
    """The enrolments of `data` (one campaign) that the filters select."""
    keep, councils_in_place = _row_mask(data, filters)
    if not filters.topic:
        return _subset(data, np.flatnonzero(keep), councils_in_place=councils_in_place)
    # A topic: only enrolments with answers to that topic's questions, scored on those questions.
    rows, topics, pre, post = topic_memberships(data)  # the topic breakdown's own scoring
    topic = data.topics.index.get(filters.topic)
    wanted = (topics == topic) & keep[rows] if topic is not None else np.zeros(rows.size, dtype=bool)
    order = np.argsort(rows[wanted], kind="stable")
    return _subset(
        data,
        rows[wanted][order],
        pre=pre[wanted][order],
        post=post[wanted][order],
        councils_in_place=councils_in_place,
    )


def filtered_scopes(campaign, filters, *, dataset: Dataset | None = None) -> tuple[dict, Dataset]:
    """({scope: labelled entries} of the filtered enrolments, the filtered dataset). The campaign scope is
    one entry (a dict), the others lists, as `snapshots.get_campaign_stats` gives them."""
    data = filtered_dataset(dataset if dataset is not None else load_dataset([campaign.pk]), filters)
    payloads = build_payloads(data)[campaign.pk]
    scopes = {CAMPAIGN: add_labels(CAMPAIGN, [payloads[CAMPAIGN]], campaign)[0]}
    for scope in LIST_SCOPES:
        scopes[scope] = add_labels(scope, expand(payloads[scope]), campaign)
    return scopes, data
