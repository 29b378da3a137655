"""Every breakdown of DESIGN §3 for the campaigns of a `Dataset`, ready to store as snapshots.

For each kind of scope (region, district, council, session, trainer, topic, sex, age band, ...), the
enrolments of all campaigns are grouped by (campaign, value) and summarised in one call of
`stats.summary_columns`. No database access here: the loader has read everything.

Entries carry `scope` and `key` (a code: region or council СОАТЕ code, session code, trainer username,
topic code, "F"/"M", ...); names are added when a snapshot is read (`labels`), in the reader's
language and as they are then.

List scopes are kept as columns and rows ({"columns": [...], "rows": [[...], ...]}), the form in which
they are stored (a tenth of the size of repeating every key); `expand` turns them into one dict per entry.
"""

import numpy as np

from . import items, stats
from .dataset import KIND_NAMES, Dataset

CAMPAIGN = "campaign"
LIST_SCOPES = (
    "region",
    "district",
    "council",
    "council_kind",
    "session",
    "trainer",
    "topic",
    "sex",
    "age_band",
    "youth",
    "first_term",
    "sex_region",
)
ITEMS = "items"
SCOPES = (CAMPAIGN, *LIST_SCOPES, ITEMS)

SEX_KEYS = ("F", "M")
YOUTH_KEYS = ("youth", "not_youth", "unknown")
FIRST_TERM_KEYS = ("first_term", "re_elected", "unknown")
UNKNOWN_KEY = "unknown"
AGE_BAND_KEYS = (*(band[0] for band in stats.AGE_BANDS), UNKNOWN_KEY)
PHASE_CODES = {"pre": 0, "post": 1, "follow_up": 2}


class _Context:
    """Per-enrolment arrays shared by every breakdown of one dataset.

    Councils are counted per campaign: council code c of campaign position k is k × n_councils + c, so each
    campaign has its own councils with elections (those of its convocation) and its own target.
    """

    def __init__(self, data: Dataset):
        self.data = data
        self.positions = {campaign_id: position for position, campaign_id in enumerate(data.campaign_ids)}
        self.campaign_pos = np.array([self.positions[c] for c in data.campaign], dtype=np.int64)
        self.n_councils = len(data.councils.keys)
        shape = (len(data.campaign_ids), self.n_councils)
        self.elected_rows = np.array([data.elected_of(c) for c in data.campaign_ids], dtype=bool).reshape(shape)
        self.target_rows = np.array([data.target_of(c) for c in data.campaign_ids], dtype=bool).reshape(shape)
        self.elected = self.elected_rows.reshape(-1)
        self.target = self.target_rows.reshape(-1)
        self.kind_ext = np.tile(data.council_kind, max(len(data.campaign_ids), 1))
        years = np.array([data.campaign_years[c] for c in data.campaign_ids], dtype=float)
        self.ages = stats.ages_at(years[self.campaign_pos], data.birth_year) if data.campaign.size else np.zeros(0)
        self.youth = stats.youth_flags(self.ages, data.youth_max_age)
        self.birth_known = ~np.isnan(data.birth_year)

    @staticmethod
    def _by(rows_table, council_values, n_values):
        table = np.zeros((rows_table.shape[0], n_values), dtype=np.int64)
        for position in range(rows_table.shape[0]):
            mask = rows_table[position] & (council_values >= 0)
            table[position] = np.bincount(council_values[mask], minlength=n_values)[:n_values]
        return table

    def councils_by(self, council_values, n_values):
        """(councils with elections, target councils), each a (campaign × value) table, for a per-council
        dimension (region, district, council, kind)."""
        elections = self._by(self.elected_rows, council_values, n_values)
        return elections, self._by(self.target_rows, council_values, n_values)

    def summarize(self, rows, values, n_values, *, pre=None, post=None, followup=None, councils=None):
        """Summaries per (campaign, value) present among `rows`, as (campaign positions, values, columns);
        groups come sorted by campaign, then value. `councils` is the (elections, targets) pair of
        `councils_by` for a per-council dimension, or None for the campaign's totals."""
        data = self.data
        rows = np.asarray(rows, dtype=np.int64)
        values = np.asarray(values, dtype=np.int64)
        pos = self.campaign_pos[rows]
        combined, group = np.unique(pos * n_values + values, return_inverse=True)
        group_pos, group_value = combined // n_values, combined % n_values
        if councils is None:
            elections = self.elected_rows.sum(axis=1)[group_pos]
            targets = self.target_rows.sum(axis=1)[group_pos]
        else:
            elections = councils[0][group_pos, group_value]
            targets = councils[1][group_pos, group_value]
        columns = stats.summary_columns(
            group=group.reshape(-1),
            n_groups=combined.size,
            deputy=data.deputy[rows],
            council=pos * self.n_councils + data.council[rows],
            present_days=data.present_days[rows],
            session_days=data.session_days[rows],
            female=data.female[rows],
            youth=self.youth[rows],
            birth_year_known=self.birth_known[rows],
            pre_pct=data.pre_pct[rows] if pre is None else pre,
            post_pct=data.post_pct[rows] if post is None else post,
            pre_form=data.pre_form[rows],
            post_form=data.post_form[rows],
            council_kind=self.kind_ext,
            council_elected=self.elected,
            elections_per_group=elections,
            council_target=self.target,
            targets_per_group=targets,
            kind_names=KIND_NAMES,
            followup_pct=data.followup()[rows] if followup is None else followup,
        )
        return group_pos, group_value, columns


def expand(packed) -> list:
    """One dict per entry from a stored list scope."""
    columns = packed["columns"]
    return [dict(zip(columns, row, strict=True)) for row in packed["rows"]]


def _packed_by_campaign(ctx, scope, result, keys, extra=None) -> dict:
    """{campaign id: {"columns", "rows"}} from `ctx.summarize` output; `keys` (and each `extra` column) hold
    one value per group."""
    group_pos, _values, columns = result
    names = ["scope", "key", *(extra or {}), *columns]
    values = [[scope] * len(keys), keys, *(extra or {}).values(), *columns.values()]
    rows = list(zip(*values, strict=True))  # tuples: stored as JSON arrays
    bounds = np.searchsorted(group_pos, np.arange(len(ctx.data.campaign_ids) + 1))
    return {
        campaign_id: {"columns": names, "rows": rows[bounds[position] : bounds[position + 1]]}
        for position, campaign_id in enumerate(ctx.data.campaign_ids)
    }


def _trainer_memberships(ctx: _Context):
    """(row, trainer) pairs: an enrolment belongs to every trainer of its session."""
    data = ctx.data
    order = np.argsort(data.session, kind="stable")
    counts = np.bincount(data.session, minlength=len(data.session_codes))
    starts = np.concatenate(([0], np.cumsum(counts)))
    rows, trainers = [], []
    for session, trainer in data.session_trainers:
        members = order[starts[session] : starts[session + 1]]
        rows.append(members)
        trainers.append(np.full(members.size, trainer, dtype=np.int64))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(trainers)


def topic_memberships(data: Dataset, *, with_followup: bool = False):
    """(row, topic, pre %, post %) from the item answers: each topic scored on its own questions; with
    `with_followup`, the follow-up % as a fifth array."""
    n_topics = len(data.topics.keys)
    keys, phases, percents = [], [], []
    for matrix in data.items:
        pct = stats.topic_percentages(matrix.correct, matrix.points, matrix.topics, n_topics)
        rows = np.repeat(matrix.enrolment_rows, n_topics)
        topics = np.tile(np.arange(n_topics), matrix.enrolment_rows.size)
        pct = pct.reshape(-1)
        keep = ~np.isnan(pct)
        keys.append(rows[keep] * n_topics + topics[keep])
        percents.append(pct[keep])
        phases.append(np.full(int(keep.sum()), PHASE_CODES.get(matrix.phase, 0)))
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty, np.zeros(0), np.zeros(0)) + ((np.zeros(0),) if with_followup else ())
    keys, phases, percents = np.concatenate(keys), np.concatenate(phases), np.concatenate(percents)
    unique, index = np.unique(keys, return_inverse=True)
    pre, post, follow = (np.full(unique.size, np.nan) for _ in range(3))
    for target, code in ((pre, 0), (post, 1), (follow, 2)):
        target[index[phases == code]] = percents[phases == code]
    return (unique // n_topics, unique % n_topics, pre, post) + ((follow,) if with_followup else ())


def build_payloads(data: Dataset) -> dict:
    """{campaign id: {scope: payload}} for every scope of SCOPES (list scopes packed, see `expand`)."""
    ctx = _Context(data)
    rows = np.arange(data.enrolment_id.size, dtype=np.int64)
    council = data.council
    region_of, district_of, kind_of = data.council_region, data.council_district, data.council_kind
    regions, districts, councils = data.regions.keys, data.districts.keys, data.councils.keys
    n_regions, n_councils = len(regions), len(councils)
    results = {}

    def add(scope, result, key_of, **extra_of):
        values = result[1].tolist()
        keys = [key_of(value) for value in values]
        extra = {name: [function(value) for value in values] for name, function in extra_of.items()}
        results[scope] = _packed_by_campaign(ctx, scope, result, keys, extra)

    region_councils = ctx.councils_by(region_of, n_regions)
    add("region", ctx.summarize(rows, region_of[council], n_regions, councils=region_councils),
        regions.__getitem__)  # fmt: skip
    # Cities directly under a region have no district: they form one more group with key None.
    n_districts = len(districts) + 1
    district_values = np.where(district_of >= 0, district_of, n_districts - 1)
    add(
        "district",
        ctx.summarize(
            rows, district_values[council], n_districts, councils=ctx.councils_by(district_values, n_districts)
        ),
        lambda v: districts[v] if v < n_districts - 1 else None,
    )
    add(
        "council",
        ctx.summarize(rows, council, n_councils, councils=ctx.councils_by(np.arange(n_councils), n_councils)),
        councils.__getitem__,
        kind=lambda v: KIND_NAMES[kind_of[v]],
        region=lambda v: regions[region_of[v]],
    )
    add(
        "council_kind",
        ctx.summarize(rows, kind_of[council], len(KIND_NAMES), councils=ctx.councils_by(kind_of, len(KIND_NAMES))),
        KIND_NAMES.__getitem__,
    )
    add("session", ctx.summarize(rows, data.session, max(len(data.session_codes), 1)), data.session_codes.__getitem__)
    trainer_rows, trainer_values = _trainer_memberships(ctx)
    add(
        "trainer",
        ctx.summarize(trainer_rows, trainer_values, max(len(data.trainers.keys), 1)),
        data.trainers.keys.__getitem__,
    )
    topic_rows, topic_values, topic_pre, topic_post, topic_followup = topic_memberships(data, with_followup=True)
    add(
        "topic",
        ctx.summarize(
            topic_rows,
            topic_values,
            max(len(data.topics.keys), 1),
            pre=topic_pre,
            post=topic_post,
            followup=topic_followup,
        ),
        data.topics.keys.__getitem__,
    )
    sex_values = np.where(data.female, 0, 1)
    add("sex", ctx.summarize(rows, sex_values, 2), SEX_KEYS.__getitem__)
    bands = stats.age_band_codes(ctx.ages)
    n_bands = len(stats.AGE_BANDS) + 1
    add(
        "age_band",
        ctx.summarize(rows, np.where(bands >= 0, bands, n_bands - 1), n_bands),
        lambda v: stats.AGE_BANDS[v][0] if v < n_bands - 1 else UNKNOWN_KEY,
    )
    youth_values = np.where(~ctx.birth_known, 2, np.where(ctx.youth, 0, 1))
    add("youth", ctx.summarize(rows, youth_values, 3), YOUTH_KEYS.__getitem__)
    term_values = np.select([data.first_term == 1, data.first_term == 0], [0, 1], 2)
    add("first_term", ctx.summarize(rows, term_values, 3), FIRST_TERM_KEYS.__getitem__)
    add(
        "sex_region",
        ctx.summarize(
            rows,
            region_of[council] * 2 + sex_values,
            n_regions * 2,
            councils=tuple(np.repeat(table, 2, axis=1) for table in region_councils),
        ),
        lambda v: f"{regions[v // 2]}:{SEX_KEYS[v % 2]}",
        region=lambda v: regions[v // 2],
        sex=lambda v: SEX_KEYS[v % 2],
    )

    # The whole campaign: one entry (an object, not a list); a campaign without enrolments gets zeros.
    whole = _packed_by_campaign(ctx, CAMPAIGN, (campaign := ctx.summarize(rows, np.zeros(rows.size), 1)),
                                [data.campaign_codes[data.campaign_ids[p]] for p in campaign[0].tolist()])  # fmt: skip
    item_entries = _item_payloads(data)
    payloads = {}
    for campaign_id in data.campaign_ids:
        entries = expand(whole[campaign_id])
        payloads[campaign_id] = {
            CAMPAIGN: entries[0] if entries else _empty_campaign_entry(ctx, data, campaign_id),
            **{scope: results[scope][campaign_id] for scope in LIST_SCOPES},
            ITEMS: item_entries.get(campaign_id, []),
        }
    return payloads


def _empty_campaign_entry(ctx, data, campaign_id):
    """The campaign entry of a campaign that has no enrolment yet: zero counts, no figures."""
    position = ctx.positions[campaign_id]
    elections, targets = int(ctx.elected_rows[position].sum()), int(ctx.target_rows[position].sum())
    summary = stats.summarize_groups(
        group=np.zeros(0, dtype=np.int64),
        n_groups=1,
        deputy=np.zeros(0, dtype=np.int64),
        council=np.zeros(0, dtype=np.int64),
        present_days=np.zeros(0),
        session_days=np.zeros(0),
        female=np.zeros(0, dtype=bool),
        youth=np.zeros(0, dtype=bool),
        birth_year_known=np.zeros(0, dtype=bool),
        pre_pct=np.zeros(0),
        post_pct=np.zeros(0),
        council_kind=ctx.kind_ext,
        council_elected=ctx.elected,
        elections_per_group=[elections],
        council_target=ctx.target,
        targets_per_group=[targets],
        kind_names=KIND_NAMES,
    )[0]
    return {"scope": CAMPAIGN, "key": data.campaign_codes[campaign_id]} | summary


def _item_payloads(data: Dataset) -> dict:
    """Item analysis per campaign, instrument and phase, with each question's pre→post change and flags."""
    by_campaign = {}
    for matrix in data.items:
        campaigns = data.campaign[matrix.enrolment_rows]
        for campaign_id in stats.distinct(campaigns).tolist():
            analysis = items.item_analysis(matrix.correct[campaigns == campaign_id])
            instruments = by_campaign.setdefault(campaign_id, {})
            instrument = instruments.setdefault(
                matrix.instrument_id,
                {
                    "instrument_id": matrix.instrument_id,
                    "name": matrix.name,
                    "form": matrix.form,
                    "phases": {},
                    "questions": {
                        number: {"number": number, "topic": data.topics.keys[topic]}
                        for number, topic in zip(matrix.numbers, matrix.topics, strict=True)
                    },
                },
            )
            instrument["phases"][matrix.phase] = {"respondents": analysis["respondents"], "kr20": analysis["kr20"]}
            for position, number in enumerate(matrix.numbers):
                question = instrument["questions"][number]
                question[f"facility_{matrix.phase}"] = analysis["facility"][position]
                question[f"discrimination_{matrix.phase}"] = analysis["discrimination"][position]
    result = {}
    for campaign_id, instruments in by_campaign.items():
        entries = []
        for instrument in instruments.values():
            questions = []
            for question in instrument["questions"].values():
                for phase in ("pre", "post"):
                    question.setdefault(f"facility_{phase}", None)
                    question.setdefault(f"discrimination_{phase}", None)
                pre, post = question["facility_pre"], question["facility_post"]
                question["facility_change"] = post - pre if pre is not None and post is not None else None
                question["flags"] = items.item_flags(
                    pre, question["discrimination_pre"], question["discrimination_post"]
                )
                questions.append(question)
            for phase in ("pre", "post"):
                instrument["phases"].setdefault(phase, {"respondents": 0, "kr20": None})
            entries.append({**instrument, "scope": ITEMS, "key": str(instrument["instrument_id"]),
                            "questions": questions})  # fmt: skip
        result[campaign_id] = entries
    return result
