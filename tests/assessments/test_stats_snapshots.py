"""Snapshots: idempotent versioned writes, freshness, scheduling with debounce, and Redis outages."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.utils import translation
from kombu.exceptions import OperationalError as BrokerError

from assessments import models
from assessments.models import StatsSnapshot
from assessments.statistics import snapshots
from assessments.statistics.breakdowns import SCOPES
from assessments.tasks import recompute_all_stats, recompute_campaign_stats
from portal.celery import app
from tests.assessments.stats_data import add_participant, save_score, two_region_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign_data():
    data = two_region_campaign()
    for index, (pre, post) in enumerate([(10, 15), (8, 12), (12, 16), (6, 14), (9, 9), (11, 13)]):
        add_participant(data["sessions"][index % 2], data["councils"][index % 3], pre=pre, post=post)
    yield data
    keys = [key.format(data["campaign"].pk) for key in (snapshots.PENDING_KEY, snapshots.RUNNING_KEY)]
    snapshots._cache_call(cache.delete_many, keys)


def first_result(campaign):
    return models.TestResult.objects.filter(enrolment__session__campaign=campaign, phase="post").order_by("pk").first()


def stored(campaign):
    return {row.scope: (row.data_version, row.payload) for row in StatsSnapshot.objects.filter(campaign=campaign)}


def test_recompute_stores_every_scope_with_the_data_version(campaign_data):
    campaign = campaign_data["campaign"]
    save_score(first_result(campaign), 20)
    campaign.refresh_from_db()
    assert snapshots.recompute([campaign.pk]) == {campaign.pk: True}
    assert {scope: version for scope, (version, _) in stored(campaign).items()} == dict.fromkeys(
        SCOPES, campaign.data_version
    )


def test_recompute_without_changes_writes_nothing(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    assert snapshots.recompute([campaign.pk]) == {campaign.pk: False}


def test_an_older_computation_never_replaces_a_newer_snapshot(campaign_data):
    campaign = campaign_data["campaign"]
    save_score(first_result(campaign), 20)
    snapshots.recompute([campaign.pk])
    before = stored(campaign)
    assert snapshots.store_snapshots(campaign.pk, 0, {"campaign": {"participants": 0}}, force=True) is False
    assert stored(campaign) == before


def test_an_interrupted_recompute_leaves_the_previous_snapshot_intact(campaign_data, monkeypatch):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    before = stored(campaign)
    save_score(first_result(campaign), 20)

    def crash(*args, **kwargs):
        raise OperationalError("connection lost in the middle of the write")

    monkeypatch.setattr(snapshots, "_delete_other_scopes", crash)
    with pytest.raises(OperationalError):
        snapshots.recompute([campaign.pk])
    assert stored(campaign) == before

    monkeypatch.undo()
    assert snapshots.recompute([campaign.pk]) == {campaign.pk: True}
    campaign.refresh_from_db()
    entry = snapshots.get_campaign_stats(campaign).payload
    assert entry["post_mean_pct"] == pytest.approx(100 * (20 + 12 + 16 + 14 + 9 + 13) / 120)
    assert set(stored(campaign)) == set(SCOPES)


def test_freshness_up_to_date_stale_and_recomputing(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    assert snapshots.get_campaign_stats(campaign).state == "up_to_date"
    save_score(first_result(campaign), 20)  # the test transaction never commits: nothing is scheduled
    assert snapshots.get_campaign_stats(campaign).state == "stale"
    cache.set(snapshots.PENDING_KEY.format(campaign.pk), 1)
    assert snapshots.get_campaign_stats(campaign).state == "recomputing"


def test_refresh_computes_a_missing_snapshot_and_says_so(campaign_data):
    stats = snapshots.get_campaign_stats(campaign_data["campaign"], refresh=True)
    assert (stats.computed_now, stats.state, stats.payload["matched"]) == (True, "up_to_date", 6)


def test_without_refresh_a_missing_snapshot_is_reported_not_computed(campaign_data):
    stats = snapshots.get_campaign_stats(campaign_data["campaign"])
    assert (stats.payload, stats.state, StatsSnapshot.objects.count()) == (None, "stale", 0)


def test_labels_follow_the_readers_language(campaign_data):
    region = campaign_data["regions"][0]
    snapshots.recompute([campaign_data["campaign"].pk])
    with translation.override("en"):
        entries = snapshots.get_campaign_stats(campaign_data["campaign"], "region").payload
    assert entries[0]["label"] == region.name_en


def test_a_burst_of_saves_schedules_one_recompute(campaign_data, monkeypatch, django_capture_on_commit_callbacks):
    campaign = campaign_data["campaign"]
    queued = []
    monkeypatch.setattr(recompute_campaign_stats, "apply_async", lambda args, **options: queued.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        for score in range(10):
            save_score(first_result(campaign), score)
    assert queued == [(campaign.pk,)]


def test_saving_still_works_when_redis_is_down(campaign_data, settings, django_capture_on_commit_callbacks):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}  # fmt: skip
    result = first_result(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        save_score(result, 3)
    result.refresh_from_db()
    assert result.score == 3
    assert snapshots.get_campaign_stats(campaign).state == "stale"


def test_a_broker_failure_leaves_the_snapshot_stale(campaign_data, monkeypatch):
    campaign = campaign_data["campaign"]

    def broker_down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(recompute_campaign_stats, "apply_async", broker_down)
    assert snapshots.schedule_recompute(campaign.pk) is False
    assert cache.get(snapshots.PENDING_KEY.format(campaign.pk)) is None


def test_tasks_are_acked_late_and_retry_database_errors_with_a_limit():
    for task in (recompute_campaign_stats, recompute_all_stats):
        assert task.acks_late is True
        assert set(task.autoretry_for) == {OperationalError, InterfaceError}
        assert task.max_retries == 6
        assert task.retry_backoff == 2


def test_nightly_full_recompute_is_scheduled():
    (entry,) = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == recompute_all_stats.name]
    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})


@pytest.mark.django_db(transaction=True)
def test_a_full_recompute_in_chunks_writes_every_campaign(monkeypatch):
    monkeypatch.setattr(snapshots, "CHUNK", 1)  # three chunks: the writer thread stores while the next is read
    campaigns = []
    for _ in range(3):
        data = two_region_campaign()
        add_participant(data["sessions"][0], data["councils"][0], pre=5, post=10)
        campaigns.append(data["campaign"])
    assert snapshots.recompute() == {campaign.pk: True for campaign in campaigns}
    assert StatsSnapshot.objects.filter(scope="campaign").count() == 3


def test_a_scheduled_run_releases_the_debounce_key_and_counts_itself(campaign_data):
    campaign = campaign_data["campaign"]
    cache.set(snapshots.PENDING_KEY.format(campaign.pk), 1)
    runs = snapshots.scheduled_runs(campaign.pk)
    assert snapshots.run_scheduled_recompute(campaign.pk) is True
    assert cache.get(snapshots.PENDING_KEY.format(campaign.pk)) is None
    assert snapshots.scheduled_runs(campaign.pk) == runs + 1
    assert snapshots.get_campaign_stats(campaign).state == "up_to_date"


@pytest.mark.django_db
def test_a_recompute_queued_for_a_campaign_deleted_since_does_nothing():
    from assessments.statistics.snapshots import recompute, run_scheduled_recompute

    assert recompute([987654321]) == {}
    assert run_scheduled_recompute(987654321) is False


def digests(campaign):
    return dict(StatsSnapshot.objects.filter(campaign=campaign).values_list("scope", "payload_digest"))


def test_a_recompute_with_the_same_figures_moves_the_version_and_keeps_the_payloads(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    before, before_digests = stored(campaign), digests(campaign)
    assert all(len(digest) == 32 for digest in before_digests.values())
    # A change that leaves every figure as it was (the same score saved again) still gives a newer version.
    result = first_result(campaign)
    save_score(result, result.score)
    campaign.refresh_from_db()
    assert snapshots.recompute([campaign.pk]) == {campaign.pk: True}
    after = stored(campaign)
    assert {scope: version for scope, (version, _) in after.items()} == dict.fromkeys(SCOPES, campaign.data_version)
    assert {scope: payload for scope, (_, payload) in after.items()} == {
        scope: payload for scope, (_, payload) in before.items()
    }
    assert digests(campaign) == before_digests


def test_only_the_scopes_whose_figures_changed_get_a_new_payload(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    before = digests(campaign)
    save_score(first_result(campaign), 20)
    snapshots.recompute([campaign.pk])
    after = digests(campaign)
    assert after["campaign"] != before["campaign"]
    assert after["sex"] != before["sex"]
    assert after["items"] == before["items"]  # no item answers: the same empty list


def test_a_snapshot_written_without_a_digest_is_rewritten(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    expected = stored(campaign)
    StatsSnapshot.objects.filter(campaign=campaign).update(payload={"stale": True}, payload_digest="")
    snapshots.recompute([campaign.pk], force=True)
    assert stored(campaign) == expected
    assert all(digests(campaign).values())


def test_payloads_are_stored_as_compact_json_with_the_figures_unchanged(campaign_data):
    campaign = campaign_data["campaign"]
    snapshots.recompute([campaign.pk])
    entry = StatsSnapshot.objects.get(campaign=campaign, scope="campaign").payload
    assert snapshots.encode_payload({"a": [1, None, 2.5], 3: "x"}) == b'{"a":[1,null,2.5],"3":"x"}'
    assert entry["participants"] == 6
    assert entry["key"] == campaign.code
