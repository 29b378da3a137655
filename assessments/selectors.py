"""Reading test results for pages: the score grid of a session, its live summary (the §3 figures of
`statistics.stats`), data-quality flags."""

from dataclasses import dataclass, field, fields
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.collation import deputy_order
from trainings.models import Attendance, Enrolment
from trainings.selectors import present_attendance

from .models import Instrument, TestResult
from .statistics import stats
from .statistics.dataset import KIND_NAMES

# The phases of the training itself (grid, answer sheets, offline copy, item analysis).
PHASES = (TestResult.Phase.PRE, TestResult.Phase.POST)
FOLLOW_UP = TestResult.Phase.FOLLOW_UP
# Every phase: the follow-up test is taken months later, by the grid, the score sheet or an import.
ALL_PHASES = (*PHASES, FOLLOW_UP)


def instrument_for_phase(campaign_id, phase) -> Instrument | None:
    """The campaign's test for a phase: one marked for that phase first, else one for both phases. The
    follow-up uses its own test (a parallel form) when there is one, else the pre-test's."""
    if phase == FOLLOW_UP:
        own = Instrument.objects.filter(campaign_id=campaign_id, phase=FOLLOW_UP).order_by("name", "form", "pk").first()
        return own or instrument_for_phase(campaign_id, TestResult.Phase.PRE)
    return (
        Instrument.objects.filter(Q(phase=phase) | Q(phase=""), campaign_id=campaign_id)
        .order_by("-phase", "name", "form", "pk")
        .first()
    )


def instruments_by_phase(campaign_id) -> dict:
    """{phase: test or None} in one query; each test carries `question_count`."""
    instruments = list(
        Instrument.objects.filter(campaign_id=campaign_id)
        .annotate(question_count=Count("questions"))
        .order_by("name", "form", "pk")
    )
    chosen = {}
    for phase in PHASES:
        exact = [instrument for instrument in instruments if instrument.phase == phase]
        both = [instrument for instrument in instruments if instrument.phase == ""]
        chosen[phase] = (exact or both or [None])[0]
    return chosen


def followup_instrument(campaign_id) -> Instrument | None:
    """The campaign's follow-up test (phase follow_up) or None: the grid shows a follow-up column with one."""
    return Instrument.objects.filter(campaign_id=campaign_id, phase=FOLLOW_UP).order_by("name", "form", "pk").first()


@dataclass
class Flag:
    kind: str
    phase: str | None
    message: str


@dataclass
class GridRow:
    enrolment: Enrolment
    attendance: list  # per day: True present, False absent, None not recorded
    results: dict  # phase -> TestResult
    flags: list = field(default_factory=list)

    @property
    def pre(self):
        return self.results.get(TestResult.Phase.PRE)

    @property
    def post(self):
        return self.results.get(TestResult.Phase.POST)

    @property
    def follow_up(self):
        return self.results.get(TestResult.Phase.FOLLOW_UP)

    @property
    def change(self) -> Decimal | None:
        """Post minus pre in points when both tests have the same maximum, else in percentage points."""
        if not (self.pre and self.post):
            return None
        if self.pre.max_score == self.post.max_score:
            return self.post.score - self.pre.score
        return (100 * self.post.score / self.post.max_score - 100 * self.pre.score / self.pre.max_score).quantize(
            Decimal("0.1")
        )

    @property
    def change_in_points(self) -> bool:
        return bool(self.pre and self.post and self.pre.max_score == self.post.max_score)


def _enrolments_with_scores(queryset):
    return queryset.select_related("deputy__council", "session").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.order_by("day")),
        Prefetch("results", queryset=TestResult.objects.select_related("entered_by")),
    )


def _late_edits(enrolment_filter) -> set:
    """(enrolment id, phase) of results changed or deleted after their session's last day."""
    edits = (
        TestResult.history.filter(history_type__in=["~", "-"], **enrolment_filter)
        .values_list(
            "enrolment_id", "phase", "history_date", "enrolment__session__start_date", "enrolment__session__days"
        )
        .order_by()
    )
    late = set()
    for enrolment_id, phase, changed_at, start, days in edits:
        if start is None:
            continue
        end = start.toordinal() + days - 1
        if timezone.localdate(changed_at).toordinal() > end:
            late.add((enrolment_id, phase))
    return late


def _row_for(enrolment, late_edits, recorded_days) -> GridRow:
    session = enrolment.session
    by_day = {record.day: record.present for record in enrolment.attendance.all()}
    row = GridRow(
        enrolment=enrolment,
        attendance=[by_day.get(day) for day in range(1, session.days + 1)],
        results={result.phase: result for result in enrolment.results.all()},
    )
    row.flags = _flags_for(row, late_edits, recorded_days)
    return row


def _flags_for(row, late_edits, recorded_days) -> list[Flag]:
    session = row.enrolment.session
    flags = []
    pre, post = row.pre, row.post
    threshold = Decimal(getattr(settings, "SCORE_DROP_FLAG_PP", 20))
    if pre and post:
        drop = 100 * pre.score / pre.max_score - 100 * post.score / post.max_score
        if drop > threshold:
            flags.append(
                Flag(
                    "drop",
                    None,
                    _("Post-test %(drop)s points lower than the pre-test.") % {"drop": f"{drop:.0f}"},
                )
            )
    # Attendance that was never taken for a day proves nothing, so only recorded days count.
    for phase, day in ((TestResult.Phase.PRE, 1), (TestResult.Phase.POST, session.days)):
        if row.results.get(phase) and day in recorded_days and not row.attendance[day - 1]:
            message = (
                _("Pre-test taken but absent on day 1.")
                if phase == "pre"
                else _("Post-test taken but absent on the last day.")
            )
            flags.append(Flag("absent", phase, message))
    session_over = timezone.localdate() > session.end_date or session.status == session.Status.HELD
    if pre and not post and session_over:
        flags.append(Flag("missing_post", "post", _("No post-test.")))
    for phase in PHASES:
        if (row.enrolment.pk, phase) in late_edits:
            label = (
                _("Pre-test score changed after the session ended.")
                if phase == "pre"
                else _("Post-test score changed after the session ended.")
            )
            flags.append(Flag("edited_late", phase, label))
    return flags


def _recorded_days(enrolments) -> set:
    return {record.day for enrolment in enrolments for record in enrolment.attendance.all()}


def score_grid(session) -> list[GridRow]:
    """One row per participant of the session, in name order, with attendance, scores and flags."""
    enrolments = list(
        _enrolments_with_scores(Enrolment.objects.filter(session=session)).order_by(*deputy_order("deputy__"), "pk")
    )
    late = _late_edits({"enrolment__session": session})
    recorded = _recorded_days(enrolments)
    return [_row_for(enrolment, late, recorded) for enrolment in enrolments]


def grid_row(enrolment) -> GridRow:
    """The grid row of one enrolment (after a save), with its flags."""
    enrolment = _enrolments_with_scores(Enrolment.objects.filter(pk=enrolment.pk)).get()
    recorded = set(
        Attendance.objects.filter(enrolment__session_id=enrolment.session_id).values_list("day", flat=True).distinct()
    )
    return _row_for(enrolment, _late_edits({"enrolment": enrolment}), recorded)


@dataclass
class SessionSummary:
    participants: int
    matched: int
    pre_only: int
    post_only: int
    pre_mean_pct: float | None
    post_mean_pct: float | None
    knowledge_growth_pct: float | None

    @property
    def small(self) -> bool:
        return self.matched < stats.SMALL_CELL_MIN_PAIRS


def summarise(*, deputy, present_days, session_days, pre_pct, post_pct) -> SessionSummary:
    """The §3 figures of a session's enrolments (one element each), by `stats.summarize` as in the snapshots:
    participants are the deputies present on at least one day; percentages only from 5 matched pairs on."""
    _ids, deputy = np.unique(np.asarray(deputy, dtype=np.int64), return_inverse=True)
    n = deputy.size
    entry = stats.summarize(
        deputy=deputy.reshape(-1),
        present_days=present_days,
        session_days=session_days,
        pre_pct=pre_pct,
        post_pct=post_pct,
        # Councils, sex and age play no part in the grid's figures.
        female=np.zeros(n, dtype=bool),
        youth=np.zeros(n, dtype=bool),
        birth_year_known=np.ones(n, dtype=bool),
        council=np.zeros(n, dtype=np.int64),
        council_kind=np.zeros(1, dtype=np.int64),
        council_elected=np.zeros(1, dtype=bool),
        kind_names=KIND_NAMES,
    )
    return SessionSummary(**{field.name: entry[field.name] for field in fields(SessionSummary)})


def _percentages(results: list) -> np.ndarray:
    """p = 100·score/max per result (NaN for None), computed as the statistics loader does."""
    scores = [(np.nan, np.nan) if result is None else (float(result[0]), float(result[1])) for result in results]
    values = np.array(scores, dtype=float).reshape(-1, 2)
    return stats.score_percentages(values[:, 0], values[:, 1])


def summary_of_rows(rows) -> SessionSummary:
    """The summary of a grid already loaded (no query); its attendance is already cut to the session's days."""
    return summarise(
        deputy=[row.enrolment.deputy_id for row in rows],
        present_days=[sum(1 for present in row.attendance if present) for row in rows],
        session_days=[row.enrolment.session.days for row in rows],
        pre_pct=_percentages([(row.pre.score, row.pre.max_score) if row.pre else None for row in rows]),
        post_pct=_percentages([(row.post.score, row.post.max_score) if row.post else None for row in rows]),
    )


def session_summary(session) -> SessionSummary:
    """The live summary under a session's score grid (three small queries)."""
    enrolments = list(Enrolment.objects.filter(session=session).order_by("pk").values_list("pk", "deputy_id"))
    present = dict(
        present_attendance()
        .filter(enrolment__session=session)
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values_list("enrolment", "n")
    )
    results = {
        (enrolment_id, phase): (score, maximum)
        for enrolment_id, phase, score, maximum in TestResult.objects.filter(enrolment__session=session).values_list(
            "enrolment_id", "phase", "score", "max_score"
        )
    }
    return summarise(
        deputy=[deputy for _pk, deputy in enrolments],
        present_days=[present.get(pk, 0) for pk, _deputy in enrolments],
        session_days=[session.days] * len(enrolments),
        pre_pct=_percentages([results.get((pk, "pre")) for pk, _deputy in enrolments]),
        post_pct=_percentages([results.get((pk, "post")) for pk, _deputy in enrolments]),
    )


@dataclass
class CampaignFlag:
    enrolment: Enrolment
    flag: Flag

    @property
    def session(self):
        return self.enrolment.session

    @property
    def deputy(self):
        return self.enrolment.deputy


def quality_flags_for_campaign(campaign) -> list[CampaignFlag]:
    """Every data-quality flag of a campaign's results, by session then participant."""
    enrolments = list(
        _enrolments_with_scores(Enrolment.objects.filter(session__campaign=campaign)).order_by(
            "session__start_date", "session__code", *deputy_order("deputy__"), "pk"
        )
    )
    late = _late_edits({"enrolment__session__campaign": campaign})
    recorded_by_session = {}
    for enrolment in enrolments:
        days = recorded_by_session.setdefault(enrolment.session_id, set())
        days.update(record.day for record in enrolment.attendance.all())
    flags = []
    for enrolment in enrolments:
        row = _row_for(enrolment, late, recorded_by_session[enrolment.session_id])
        flags.extend(CampaignFlag(enrolment, flag) for flag in row.flags)
    return flags


def instruments_for_campaign(campaign) -> tuple[list[Instrument], list[Instrument]]:
    """(the campaign's tests, shared tests) in one query; each carries `question_count`,
    `points_total` (sum of its questions' points) and `result_count`."""
    result_count = (
        TestResult.objects.filter(instrument=OuterRef("pk"))
        .order_by()
        .values("instrument")
        .annotate(count=Count("pk"))
        .values("count")
    )
    instruments = list(
        Instrument.objects.filter(Q(campaign=campaign) | Q(campaign__isnull=True))
        .annotate(
            question_count=Count("questions"),
            points_total=Sum("questions__points"),
            result_count=Coalesce(Subquery(result_count), 0),
        )
        .order_by("name", "form", "pk")
    )
    own = [instrument for instrument in instruments if instrument.campaign_id == campaign.pk]
    shared = [instrument for instrument in instruments if instrument.campaign_id is None]
    return own, shared
