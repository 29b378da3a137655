"""Every page shows the figures of DESIGN §3 from one source: a session's score-grid summary equals its
snapshot (dashboard) row, and a campaign's progress equals its campaign figures — with absences, a session
shortened after attendance was taken (rows beyond its last day) and missing tests."""

import subprocess
import sys

import pytest
from django.conf import settings

from assessments.selectors import score_grid, session_summary, summary_of_rows
from assessments.statistics.dataset import KIND_NAMES
from assessments.statistics.snapshots import get_campaign_stats, recompute
from councils.models import Council
from tests.assessments.stats_data import add_participant, two_region_campaign
from trainings.models import TrainingSession
from trainings.selectors import campaign_progress

pytestmark = pytest.mark.django_db

GRID_KEYS = ("participants", "matched", "pre_only", "post_only", "pre_mean_pct", "post_mean_pct",
             "knowledge_growth_pct")  # fmt: skip


@pytest.fixture
def campaign_data():
    data = two_region_campaign()
    first, second = data["sessions"]
    aiyl_a, city_a, aiyl_b, _idle = data["councils"]
    # First session (two days): six complete pairs, one absent throughout with both tests, one on day 1 only
    # with a pre-test, one with a post-test only, one without any test.
    for pre, post in ((8, 14), (10, 15), (6, 12), (12, 18), (9, 9), (11, 16)):
        add_participant(first, aiyl_a, pre=pre, post=post)
    add_participant(first, city_a, days=(False, False), pre=7, post=13)
    add_participant(first, city_a, days=(True, False), pre=10)
    add_participant(first, aiyl_a, post=17)
    add_participant(first, aiyl_a)
    # Second session: attendance taken for three days, then an import cut it to two.
    for pre, post in ((5, 11), (13, 17), (9, 15), (7, 12), (10, 14)):
        add_participant(second, aiyl_b, days=(True, True, True), pre=pre, post=post)
    add_participant(second, aiyl_b, days=(True, False, True), pre=8, post=12)  # present on days 1 and 3 of 2
    add_participant(second, city_a, days=(False, False, True), pre=6, post=10)  # only on the day cut off
    add_participant(second, aiyl_b, days=(True, True), pre=11)
    TrainingSession.objects.filter(pk=second.pk).update(days=2)
    recompute([data["campaign"].pk])
    data["campaign"].refresh_from_db()
    return data


def grid_figures(summary):
    return {key: getattr(summary, key) for key in GRID_KEYS}


def test_grid_summary_equals_the_sessions_snapshot_row(campaign_data):
    rows = {entry["key"]: entry for entry in get_campaign_stats(campaign_data["campaign"], "session").payload}
    for session in campaign_data["sessions"]:
        session.refresh_from_db()
        expected = {key: rows[session.code][key] for key in GRID_KEYS}
        for summary in (summary_of_rows(score_grid(session)), session_summary(session)):
            figures = grid_figures(summary)
            assert figures == pytest.approx(expected, rel=1e-12)
            assert summary.small == rows[session.code]["small_cell"]
    # The absent participant and the one seen only on a day cut off are not participants; both sessions
    # have enough pairs for percentages.
    assert [rows[session.code]["participants"] for session in campaign_data["sessions"]] == [9, 7]
    assert all(rows[session.code]["pre_mean_pct"] is not None for session in campaign_data["sessions"])


def test_campaign_progress_equals_the_campaigns_figures(campaign_data):
    campaign = campaign_data["campaign"]
    figures = get_campaign_stats(campaign).payload
    progress = campaign_progress(campaign)
    assert progress.participants == figures["participants"]
    assert progress.completed == figures["completed"]
    assert progress.trained == figures["councils_covered_with_elections"]
    assert progress.councils_with_elections == figures["councils_with_elections"]
    # Present on days 1 and 3 of a session cut to two days is not a completion.
    assert figures["completed"] == 8 + 6  # the first session's eight present twice, the second's six
    assert progress.trained == 3  # the council seen only on a day cut off is not covered


def test_computation_and_dataset_import_without_django():
    code = (
        "import sys; import assessments.statistics.stats, assessments.statistics.dataset, "
        "assessments.statistics.figures; assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=settings.BASE_DIR)


def test_dataset_kind_names_follow_the_council_kinds():
    assert tuple(Council.Kind.values) == KIND_NAMES
