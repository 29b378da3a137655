"""Reading test results for pages: the score grid of a session, its live summary, data-quality flags."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.collation import deputy_order
from trainings.models import Attendance, Enrolment

from .models import Instrument, TestResult

PHASES = (TestResult.Phase.PRE, TestResult.Phase.POST)
SMALL_CELL = 5  # DESIGN §3: fewer matched pairs than this show counts but no percentages


def instrument_for_phase(campaign_id, phase) -> Instrument | None:
    """The campaign's test for a phase: one marked for that phase first, else one for both phases."""
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
        return self.matched < SMALL_CELL


def summarise(pairs, *, participants=0, pre_only=0, post_only=0) -> SessionSummary:
    """Means over matched pairs of (p, q) percentages and the headline growth of DESIGN §3.

    Percentages are left out (None) below the small-cell threshold.
    """
    matched = len(pairs)
    pre_mean = post_mean = growth = None
    if matched >= SMALL_CELL:
        pre_mean = sum(p for p, _q in pairs) / matched
        post_mean = sum(q for _p, q in pairs) / matched
        growth = 100 * (post_mean - pre_mean) / pre_mean if pre_mean else None
    return SessionSummary(participants, matched, pre_only, post_only, pre_mean, post_mean, growth)


def summary_of_rows(rows) -> SessionSummary:
    """The summary of a grid already loaded (no query)."""
    pairs, pre_only, post_only = [], 0, 0
    for row in rows:
        pre, post = row.pre, row.post
        if pre and post:
            pairs.append((float(100 * pre.score / pre.max_score), float(100 * post.score / post.max_score)))
        elif pre:
            pre_only += 1
        elif post:
            post_only += 1
    return summarise(pairs, participants=len(rows), pre_only=pre_only, post_only=post_only)


def session_summary(session) -> SessionSummary:
    """The live summary under a session's score grid (one query)."""
    rows = TestResult.objects.filter(enrolment__session=session).values_list(
        "enrolment_id", "phase", "score", "max_score"
    )
    by_enrolment = {}
    for enrolment_id, phase, score, max_score in rows:
        by_enrolment.setdefault(enrolment_id, {})[phase] = float(100 * score / max_score)
    pairs = [(r["pre"], r["post"]) for r in by_enrolment.values() if "pre" in r and "post" in r]
    return summarise(
        pairs,
        participants=Enrolment.objects.filter(session=session).count(),
        pre_only=sum(1 for r in by_enrolment.values() if "pre" in r and "post" not in r),
        post_only=sum(1 for r in by_enrolment.values() if "post" in r and "pre" not in r),
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
