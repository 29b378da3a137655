"""Measurements behind `manage.py bench` (DESIGN §4 speed targets; figures in docs/BENCHMARKS.md).

Each measurement returns plain numbers (seconds or milliseconds); the command repeats them and prints
medians. Page timings go through Django's test client in this process, so they are server time: URL
resolution, middleware, views, queries and template rendering, without network or browser.
"""

import csv
import io
import os
import platform
import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse

from assessments.models import StatsSnapshot, TestResult
from assessments.results_import import import_results
from assessments.statistics import snapshots
from demo.purge import purge_generated
from portal.celery import app
from roles import Role
from trainings.changes import mark_campaign_changed
from trainings.models import Campaign, Enrolment

IMPORT_CAMPAIGN = "BENCH-IMPORT"
# Deputies of the import benchmark belong to a scratch convocation so that they are all new and are easy
# to remove afterwards.
IMPORT_CONVOCATION = 2999


def machine() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = f"{connection.vendor} {cursor.fetchone()[0]}"
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "database": database,
        "platform": platform.platform(),
    }


def median_ms(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
        "min_ms": round(min(samples) * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2),
        "runs": len(samples),
    }


def bench_user(role: str):
    """A user of this role for the page measurements (created once, no usable password)."""
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=f"bench-{role}")
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=role))
    return user


def local_client(user=None) -> Client:
    """A test client that this configuration accepts: an allowed host, HTTPS when it redirects to it."""
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    client = Client(SERVER_NAME=hosts[0] if hosts else "localhost", secure=settings.SECURE_SSL_REDIRECT)
    if user:
        client.force_login(user)
    return client


def time_get(client: Client, url: str, repeat: int, expected_status=(200,), warmup: int = 1) -> list[float]:
    for _ in range(warmup):  # warm caches, compiled templates and connections
        client.get(url)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        if response.status_code not in expected_status:
            raise RuntimeError(f"GET {url} answered {response.status_code}, expected {expected_status}")
    return samples


def page_timings(campaign: Campaign, repeat: int) -> dict:
    anonymous, staff = local_client(), local_client(bench_user(Role.STAFF))
    timings = {
        # 503 when no worker runs: the checks are the same work either way.
        "health": time_get(anonymous, reverse("health"), repeat, expected_status=(200, 503)),
        "login_page": time_get(anonymous, reverse(settings.LOGIN_URL), repeat),
        "stats_api": time_get(staff, f"{reverse('assessments:api_stats_summary')}?campaign={campaign.code}", repeat),
        "campaign_page": time_get(staff, reverse("trainings:campaign_detail", args=[campaign.code]), repeat),
        "dashboard": time_get(staff, f"/campaigns/{campaign.code}/dashboard/", repeat),
    }
    return {name: median_ms(samples) for name, samples in timings.items()}


def score_save_timings(campaign: Campaign, repeat: int) -> dict:
    """POST a score to the score grid as an organiser, alternating the value, as a trainer's Enter does."""
    client = local_client(bench_user(Role.ORGANISER))
    enrolment = Enrolment.objects.filter(session__campaign=campaign, results__phase="post").first()
    url = reverse("assessments:score_cell", args=[enrolment.session_id, enrolment.pk, "post"])
    samples = []
    for number in range(repeat + 1):
        result = TestResult.objects.get(enrolment=enrolment, phase="post")
        score = result.max_score - 1 if number % 2 else result.max_score - 2
        started = time.perf_counter()
        response = client.post(url, {"score": str(score), "version": result.version}, HTTP_HX_REQUEST="true")
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"Score save answered {response.status_code}")
        if number:  # the first save warms up
            samples.append(elapsed)
    return median_ms(samples)


def full_recompute_timings(campaign_ids: list[int], repeat: int, *, rewrite: bool = False) -> dict:
    """The full recompute of these campaigns. Payloads equal to the stored ones are not written again (only
    their data version moves on): with the same data that is every payload, as in most nightly runs. With
    `rewrite` the stored digests are cleared before each run, so every payload is written, as after a change
    everywhere."""
    samples = []
    for _ in range(repeat):
        if rewrite:
            StatsSnapshot.objects.filter(campaign_id__in=campaign_ids).update(payload_digest="")
        started = time.perf_counter()
        snapshots.recompute(campaign_ids, force=True)
        samples.append(time.perf_counter() - started)
    return median_ms(samples)


def _wait_fresh(campaign_id: int, version: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stored = StatsSnapshot.objects.filter(campaign_id=campaign_id, scope="campaign").values_list(
            "data_version", flat=True
        )
        if stored and stored[0] >= version:
            return True
        time.sleep(0.02)
    return False


def save_to_fresh_timings(campaign: Campaign, repeat: int) -> dict:
    """From a committed score change to a campaign snapshot of that data version (through the worker)."""
    worker = bool(not settings.CELERY_TASK_ALWAYS_EAGER and app.control.ping(timeout=1.0))
    result_ids = list(
        TestResult.objects.filter(enrolment__session__campaign=campaign).values_list("pk", flat=True)[:repeat]
    )
    samples = []
    for number, pk in enumerate(result_ids):
        started = time.perf_counter()
        with transaction.atomic():
            TestResult.objects.filter(pk=pk).update(score=number % 10, version=F("version") + 1)
            mark_campaign_changed(campaign.pk)
        version = Campaign.objects.values_list("data_version", flat=True).get(pk=campaign.pk)
        if not worker:
            snapshots.run_scheduled_recompute(campaign.pk)
        if not _wait_fresh(campaign.pk, version, timeout=30):
            raise RuntimeError("The snapshot did not become fresh within 30 s: is the worker consuming tasks?")
        samples.append(time.perf_counter() - started)
        time.sleep(0.3)  # let the debounce window close, as between a trainer's saves
    return {
        **median_ms(samples),
        "mode": "Celery worker" if worker else "no worker answered: task run in this process",
        "campaign_participants": Enrolment.objects.filter(session__campaign=campaign).count(),
    }


HEADER = [
    "session_code", "session_start", "session_days", "venue", "trainers", "council_code", "last_name",
    "first_name", "patronymic", "sex", "birth_year", "day1", "day2", "pre_score", "post_score", "max_score",
]  # fmt: skip


def results_file(rows: int) -> bytes:
    """A results file (DESIGN §4 columns) of `rows` participants taken from the generated campaigns."""
    enrolments = (
        Enrolment.objects.filter(session__campaign__code__startswith="LOAD-")
        .select_related("session__venue", "deputy__council")
        .prefetch_related("attendance", "results", "session__trainers")
        .order_by("pk")[:rows]
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for enrolment in enrolments:
        session, deputy = enrolment.session, enrolment.deputy
        present = {record.day: record.present for record in enrolment.attendance.all()}
        scores = {result.phase: result for result in enrolment.results.all()}
        max_score = next(iter(scores.values())).max_score if scores else 20
        writer.writerow(
            [
                f"{session.campaign_id}-{session.code}", session.start_date.isoformat(), session.days,
                session.venue.name if session.venue else "",
                "; ".join(trainer.get_full_name() for trainer in session.trainers.all()),
                deputy.council.code, deputy.last_name, deputy.first_name, deputy.patronymic, deputy.gender,
                deputy.birth_year or "", int(present.get(1, False)), int(present.get(2, False)),
                scores["pre"].score if "pre" in scores else "", scores["post"].score if "post" in scores else "",
                max_score,
            ]
        )  # fmt: skip
    return buffer.getvalue().encode()


def purge_import_campaign() -> None:
    purge_generated(campaigns=Campaign.objects.filter(code=IMPORT_CAMPAIGN), convocations=[IMPORT_CONVOCATION])


def import_timings(rows: int) -> dict:
    content = results_file(rows)
    purge_import_campaign()
    timings = {}
    try:
        for label in ("first_import", "same_file_again"):
            started = time.perf_counter()
            report = import_results(
                name="bench.csv", content=content, campaign_code=IMPORT_CAMPAIGN, convocation=IMPORT_CONVOCATION
            )
            timings[label] = {"seconds": round(time.perf_counter() - started, 3), "errors": len(report.errors)}
    finally:
        purge_import_campaign()
    return {"rows": rows, **timings}
