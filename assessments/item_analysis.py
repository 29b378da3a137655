"""Item analysis as test authors read it: per question its facility before and after training, the change,
its discrimination and the reasons to review it; KR-20 per phase.

The figures are those of the statistics snapshot (`statistics.items` computes them with the other
statistics); this module only joins them to the questions' texts and topics in the reader's language and
applies the small-cell rule: a phase with fewer than 5 respondents shows counts, not figures.
"""

from django.db.models import Exists, OuterRef
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trainings.models import Campaign, Topic

from .models import Question, TestResult
from .statistics.breakdowns import ITEMS
from .statistics.items import EASY_PRE_FACILITY, LOW_DISCRIMINATION, item_flags
from .statistics.snapshots import get_campaign_stats
from .statistics.stats import SMALL_CELL_MIN_PAIRS

PHASES = ("pre", "post")


def _limit() -> str:
    return number_format(LOW_DISCRIMINATION, decimal_pos=1, use_l10n=True)


def flag_reason(flag: str) -> str:
    """Why a question is marked for review, in words a test author acts on."""
    if flag == "easy_on_pre":
        return _(
            "Easy before training: more than %(share)s%% answered it correctly on the pre-test, so it shows "
            "little of what the training taught."
        ) % {"share": round(EASY_PRE_FACILITY * 100)}
    return _(
        "Weak discrimination (below %(limit)s): participants who did well on the rest of the test got it right "
        "hardly more often than the others; check the wording and the key."
    ) % {"limit": _limit()}


def question_text(question) -> str:
    """The question in the active language: Kyrgyz for ky, else Russian; the other one when it is blank."""
    if question is None:
        return ""
    preferred = ("text_ky", "text_ru") if (get_language() or "ru")[:2] == "ky" else ("text_ru", "text_ky")
    return next((getattr(question, field) for field in preferred if getattr(question, field)), "")


def _phase(stored: dict) -> dict:
    respondents = int(stored.get("respondents") or 0)
    small_cell = respondents < SMALL_CELL_MIN_PAIRS
    return {"respondents": respondents, "small_cell": small_cell, "kr20": None if small_cell else stored.get("kr20")}


def _row(stored: dict, phases: dict, question, topic_names: dict) -> dict:
    row = {"number": stored["number"], "text": question_text(question),
           "topic": topic_names.get(stored.get("topic"), stored.get("topic") or "")}  # fmt: skip
    for phase in PHASES:
        facility = stored.get(f"facility_{phase}")
        respondents, small_cell = phases[phase]["respondents"], phases[phase]["small_cell"]
        row[f"respondents_{phase}"] = respondents
        row[f"correct_{phase}"] = round(facility * respondents) if facility is not None else None
        row[f"facility_{phase}_pct"] = None if small_cell or facility is None else 100 * facility
        discrimination = stored.get(f"discrimination_{phase}")
        row[f"discrimination_{phase}"] = None if small_cell else discrimination
    change = stored.get("facility_change")
    hidden = any(phases[phase]["small_cell"] for phase in PHASES)
    row["facility_change_pp"] = None if hidden or change is None else 100 * change
    # The snapshot's rule, applied to the figures shown: a phase too small for figures flags nothing.
    easy = None if phases["pre"]["small_cell"] else stored.get("facility_pre")
    row["flags"] = item_flags(easy, row["discrimination_pre"], row["discrimination_post"])
    row["flag_reasons"] = [flag_reason(flag) for flag in row["flags"]]
    return row


def _table(entry: dict, questions: dict, topic_names: dict) -> dict:
    phases = {phase: _phase(entry.get("phases", {}).get(phase, {})) for phase in PHASES}
    rows = [_row(stored, phases, questions.get(stored["number"]), topic_names)
            for stored in sorted(entry.get("questions", []), key=lambda stored: stored["number"])]  # fmt: skip
    return {
        "instrument_id": entry["instrument_id"],
        "test": entry.get("label") or f"{entry.get('name', '')} {entry.get('form', '')}".strip(),
        "phases": phases,
        "questions": rows,
        "flagged": sum(1 for row in rows if row["flags"]),
    }


def _tables(entries: list) -> list[dict]:
    instrument_ids = {entry["instrument_id"] for entry in entries}
    questions = {}
    for question in Question.objects.filter(instrument_id__in=instrument_ids):
        questions.setdefault(question.instrument_id, {})[question.number] = question
    codes = {stored.get("topic") for entry in entries for stored in entry.get("questions", [])}
    topic_names = {topic.code: topic.name for topic in Topic.objects.filter(code__in=codes)}
    return [_table(entry, questions.get(entry["instrument_id"], {}), topic_names) for entry in entries]


def campaign_item_analysis(campaign: Campaign, *, refresh: bool = True) -> list[dict]:
    """Every test of the campaign with entered answers, as tables (see `_table`), from its snapshot."""
    stats = get_campaign_stats(campaign, ITEMS, refresh=refresh)
    return _tables(stats.payload or [])


def instrument_item_analysis(instrument) -> list[dict]:
    """The test's item analysis in each campaign whose participants' answers to it were entered (a shared
    test may be used by several; the figures of different campaigns are not pooled). Each table also
    carries its `campaign`."""
    answered = TestResult.objects.filter(
        instrument=instrument, responses__isnull=False, enrolment__session__campaign=OuterRef("pk")
    )
    tables = []
    for campaign in Campaign.objects.filter(Exists(answered)).order_by("-start", "code"):
        stats = get_campaign_stats(campaign, ITEMS, refresh=True)
        entries = [entry for entry in stats.payload or [] if entry["instrument_id"] == instrument.pk]
        tables.extend({**table, "campaign": campaign} for table in _tables(entries))
    return tables


def thresholds() -> dict:
    """The review rule's limits and the small-cell minimum, for the page's explanation."""
    return {
        "easy_pct": round(EASY_PRE_FACILITY * 100),
        "low_discrimination": _limit(),
        "min_respondents": SMALL_CELL_MIN_PAIRS,
    }
