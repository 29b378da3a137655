"""Every page each persona may open, timed and weighed on the synthetic load (`manage.py bench`).

The list of pages and who may open them is the authorization matrix (tests/test_authorization_matrix.py):
a GET answered 200 there is a page that persona opens. Its URL arguments come from the same table, filled
with real objects of the load (the first LOAD campaign, one of its sessions, a participant with scores…)
instead of the test world, so the crawl measures what a user of a 100 000-participant portal waits for.

For each page and persona: the server time (median of `repeat` runs after one warm-up, through Django's test
client, as the other page measurements), the number of queries, and the weight: the HTML as sent
compressed (gzip, portal/compression.py), and on a first visit with an empty cache the HTML plus every
stylesheet, script and image it links, compressed as WhiteNoise serves them.
"""

import datetime
import gzip
import re
import statistics
import time
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from assessments.merges import merge_deputies
from assessments.models import SelfTestWindow, TestResult
from councils.models import Deputy, DeputyMerge, ImportJob
from councils.services import create_import_job
from demo.benchmarks import bench_user, local_client
from portal.models import FrozenReport, SetPasswordLink
from portal.reports.services import freeze_report
from portal.trainers import services as trainer_services
from portal.trainers.links import link_token
from roles import Role

# The authorization matrix is the one list of the portal's pages and of who may open each.
from tests.test_authorization_matrix import MATRIX, PERSONAS, QUERY, URL_KWARGS  # noqa: E402
from trainings.certificates import issue_certificates
from trainings.messaging.models import MessageBatch
from trainings.messaging.services import create_batch
from trainings.models import Campaign, PlanRun, TrainerUnavailability

YEAR = datetime.timedelta(days=365)
CRAWLED_PERSONAS = ("anonymous", "trainer", "staff", "organiser", "admin")
STATIC_LINK = re.compile(r'(?:href|src)="(' + re.escape(settings.STATIC_URL) + r'[^"?#]+)')
PAGE_TYPES = ("text/html",)


def _gzip_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def _static_size(path: str, cache: dict) -> int:
    if path not in cache:
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        cache[path] = _gzip_size(open(found, "rb").read()) if found else 0  # noqa: SIM115
    return cache[path]


def load_world(campaign: Campaign) -> SimpleNamespace:
    """Objects of the load in the shape of the test world (tests/world.py), made once where the load has
    none (a frozen report, import jobs, a merge, trainer accounts)."""
    organiser = bench_user(Role.ORGANISER)
    enrolment = (
        TestResult.objects.filter(enrolment__session__campaign=campaign, phase="post")
        .select_related("enrolment__session__venue", "enrolment__deputy__council__district__region")
        .order_by("enrolment__session__start_date", "pk")
        .first()
        .enrolment
    )
    session, deputy = enrolment.session, enrolment.deputy
    council = deputy.council
    trainer = session.trainers.order_by("pk").first()
    frozen = FrozenReport.objects.filter(campaign=campaign).first() or freeze_report(
        campaign=campaign, user=organiser, language="en"
    )
    csv = f"council_code,convocation,last_name,first_name,sex,birth_year\n{council.code},2021,Benchova,Aigul,F,1990\n"
    import_job = ImportJob.objects.filter(kind="deputies", original_name="bench-deputies.csv").first()
    import_job = import_job or create_import_job(
        kind_key="deputies", name="bench-deputies.csv", content=csv.encode(), user=organiser
    )
    results_import = ImportJob.objects.filter(kind="results").first() or import_job
    kept = deputy.council.deputies.exclude(pk=deputy.pk).order_by("pk").first()
    merge = _a_merge(council, organiser)
    unavailable = TrainerUnavailability.objects.filter(trainer=trainer).first() or (
        trainer_services.add_unavailability(trainer=trainer, start=campaign.end, end=campaign.end, created_by=organiser)
    )
    newcomer, link = _newcomer(organiser)
    world = _World(
        plan_run=PlanRun.objects.filter(campaign=campaign).first()
        or PlanRun.objects.create(
            campaign=campaign,
            status=PlanRun.Status.DONE,
            inputs={"councils": [], "venues": [], "trainers": [], "working_days": []},
            plan={"sessions": [], "left_out": [], "status": "optimal"},
        ),
        selftest_window=SelfTestWindow.objects.filter(session=session).first()
        or SelfTestWindow.objects.create(
            session=session, phase="post", code="BENCHQ", opened_by=trainer, closes_at=timezone.now() + YEAR
        ),
        message_batch=MessageBatch.objects.filter(campaign=campaign).first()
        or create_batch(
            campaign=campaign,
            kind="reminder",
            channels=["sms"],
            user=organiser,
            session=session,
            recipients=[(deputy, session)],
        ),  # fmt: skip
        campaign=campaign,
        frozen_report=frozen,
        instrument=campaign.instruments.order_by("pk").first(),
        council=council,
        region=council.district.region,
        district=council.district,
        venue=session.venue,
        invitation=session.invitations.order_by("pk").first(),
        kept_deputy=kept,
        merge=merge,
        import_job=import_job,
        results_import=results_import,
        trainer=trainer,
        unavailable={trainer.pk: unavailable},
        newcomer=newcomer,
        newcomer_token=link_token(link),
    )
    certificate = issue_certificates(enrolments=[enrolment], user=organiser)[enrolment.pk]
    return _World(
        world=world, session=session, enrolment=enrolment, deputy=deputy, trainer=trainer, certificate=certificate
    )


class _Missing:
    """An object the load has none of: any attribute or item is itself, its pk 0 and its code "missing", so
    the matrix's table can be built; its pages answer 404 and are left out of the crawl."""

    pk = 0
    code = "missing"

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self

    def __str__(self):
        return "missing"


class _World(SimpleNamespace):
    """The test world's shape: an object the crawl does not provide (a page added since) is `_Missing`."""

    def __getattr__(self, name):
        return _Missing()


def _a_merge(council, organiser):
    merge = DeputyMerge.objects.order_by("pk").first()
    if merge:
        return merge
    pair = [
        Deputy.objects.create(
            council=council, convocation=2999, last_name=name, first_name="Bench", gender="M", birth_year=1975
        )
        for name in ("Duplicatov", "Duplicatow")
    ]
    return merge_deputies(kept=pair[0], merged=pair[1], user=organiser)


def _newcomer(organiser):
    link = SetPasswordLink.objects.filter(user__username="bench-newcomer").select_related("user").first()
    if link:
        return link.user, link
    return trainer_services.create_trainer(
        username="bench-newcomer", first_name="Жаңы", last_name="Тренер", phone="+996700111099", languages=["ky"],
        created_by=organiser,
    )  # fmt: skip


def _clients(objects):
    trainer_client = local_client(objects.trainer)
    return {
        "anonymous": local_client(),
        "trainer": trainer_client,
        "staff": local_client(bench_user(Role.STAFF)),
        "organiser": local_client(bench_user(Role.ORGANISER)),
        "admin": local_client(bench_user(Role.ADMIN)),
    }


def pages_to_crawl(objects) -> list[tuple[str, str, str]]:
    """(persona, URL name, address) of every page the matrix lets a persona GET with a 200."""
    pages = []
    for name, (get_tokens, _post) in sorted(MATRIX.items()):
        for persona, token in zip(PERSONAS, get_tokens.split(), strict=True):
            if persona not in CRAWLED_PERSONAS or token not in ("200", "H"):
                continue
            try:
                address = reverse(name, kwargs=URL_KWARGS(name, objects))
            except (AttributeError, NoReverseMatch):
                continue  # an object the load does not have
            query = QUERY(name, objects)
            pages.append((persona, name, f"{address}?{urlencode(query)}" if query else address))
    return pages


def measure_page(client, address: str, repeat: int, static_sizes: dict) -> dict:
    client.get(address)  # warm-up: compiled templates, connections, caches
    samples, cpu_samples = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(address)
            samples.append(time.perf_counter() - started)
            cpu_samples.append(time.process_time() - cpu_started)
            transaction.set_rollback(True)  # a page that records a visit leaves the load as it was
    content = b"".join(response) if response.streaming else response.content
    content_type = response.get("Content-Type", "").split(";")[0]
    row = {
        "status": response.status_code,
        "median_ms": round(statistics.median(samples) * 1000, 1),
        # Python's own CPU time (not the database's): steadier than wall time on a busy machine.
        "cpu_ms": round(statistics.median(cpu_samples) * 1000, 1),
        "queries": len(queries),
        "type": content_type,
        "bytes": len(content),
    }
    if content_type in PAGE_TYPES:
        html = content.decode(errors="replace")
        assets = sorted(set(STATIC_LINK.findall(html)))
        row["warm_kb"] = round(_gzip_size(content) / 1024, 1)
        row["cold_kb"] = round(row["warm_kb"] + sum(_static_size(path, static_sizes) for path in assets) / 1024, 1)
    return row


def crawl(campaign: Campaign, repeat: int = 5, log=None) -> dict:
    objects = load_world(campaign)
    clients = _clients(objects)
    static_sizes = {}
    rows = []
    skipped = []
    for persona, name, address in pages_to_crawl(objects):
        row = {"persona": persona, "page": name, "address": address}
        row.update(measure_page(clients[persona], address, repeat, static_sizes))
        if row["status"] != 200:  # an object of the test world that the load lacks: not a page here
            skipped.append(f"{persona} {name} ({row['status']})")
            continue
        rows.append(row)
        if log:
            log(f"{row['median_ms']:8.1f} ms {row['cpu_ms']:8.1f} cpu {row['queries']:4d} q  {persona:9s} {address}")
    pages = [row for row in rows if row["type"] in PAGE_TYPES]
    slowest = sorted(pages, key=lambda row: -row["median_ms"])[:10]
    return {
        "pages_measured": len(pages),
        "files_measured": len(rows) - len(pages),
        "skipped": skipped,
        "slowest_pages": [_short(row) for row in slowest],
        "pages_over_150_ms": [_short(row) for row in pages if row["median_ms"] >= 150],
        "heaviest_cold_kb": [_short(row) for row in sorted(pages, key=lambda row: -row["cold_kb"])[:5]],
        "heaviest_warm_kb": [_short(row) for row in sorted(pages, key=lambda row: -row["warm_kb"])[:5]],
        "files": [_short(row) for row in rows if row["type"] not in PAGE_TYPES],
        "all": rows,
    }


def _short(row: dict) -> dict:
    keys = ("persona", "page", "median_ms", "cpu_ms", "queries", "warm_kb", "cold_kb", "status", "type")
    return {key: row[key] for key in keys if key in row}
