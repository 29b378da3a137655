"""With a real Celery worker: saved scores reach the statistics, and bursts of saves are debounced."""

import time

import pytest

from assessments import models
from assessments.statistics import snapshots
from tests.assessments.stats_data import add_participant, save_score, two_region_campaign

pytestmark = pytest.mark.celery_worker

SCORES = [(10, 15), (8, 12), (12, 16), (6, 14), (9, 9), (11, 13)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def settled(campaign):
    """Up to date, and no run scheduled or running any more."""
    keys = [key.format(campaign.pk) for key in (snapshots.PENDING_KEY, snapshots.RUNNING_KEY)]
    return snapshots.get_campaign_stats(campaign).state == "up_to_date" and not snapshots.cache.get_many(keys)


@pytest.fixture
def campaign(celery_worker):
    data = two_region_campaign()
    for index, (pre, post) in enumerate(SCORES):
        add_participant(data["sessions"][index % 2], data["councils"][index % 3], pre=pre, post=post)
    snapshots.recompute([data["campaign"].pk])
    return data["campaign"]


def post_results(campaign):
    return list(models.TestResult.objects.filter(enrolment__session__campaign=campaign, phase="post").order_by("pk"))


def test_a_saved_score_changes_the_summary(campaign):
    assert snapshots.get_campaign_stats(campaign).payload["post_mean_pct"] == pytest.approx(100 * 79 / 120)
    save_score(post_results(campaign)[0], 20)
    assert wait_for(lambda: settled(campaign))
    assert snapshots.get_campaign_stats(campaign).payload["post_mean_pct"] == pytest.approx(100 * 84 / 120)


def test_thirty_quick_saves_cause_one_or_two_runs(campaign):
    results = post_results(campaign)
    for number in range(30):
        save_score(results[number % len(results)], number % 21)
    assert wait_for(lambda: settled(campaign))
    time.sleep(snapshots._debounce_seconds() + 0.5)  # a late extra run would show up by now
    assert 1 <= snapshots.scheduled_runs(campaign.pk) <= 2
    expected = [number % 21 for number in range(24, 30)]  # the last save of each result wins
    assert snapshots.get_campaign_stats(campaign).payload["post_mean_pct"] == pytest.approx(100 * sum(expected) / 120)
