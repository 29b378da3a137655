"""`manage.py bench_stats [--participants 100000]`: how fast the statistics are on a synthetic load.

Generates scratch campaigns (codes starting with --prefix, deputies of a scratch convocation, trainers named
bench-trainer-N) with bulk_create, reusing the councils of the reference data when they are loaded and
creating scratch councils otherwise. Then measures (1) a full recompute of all those campaigns and (2) the
time from a score saved through the ORM (+ mark_campaign_changed) to a fresh snapshot of a 1 000-participant
campaign, with the running Celery worker — or, when none answers, with the task run here (said in the
output). Prints JSON and removes the scratch data unless --keep. Targets: (1) < 5 s for 100 000
participants, (2) < 2 s. See docs/BENCHMARKS.md.
"""

import datetime
import json
import statistics
import time

import numpy as np
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F

from assessments import snapshots
from assessments.models import Instrument, Question, StatsSnapshot, TestResult
from councils.models import Council, Deputy, District, Election, Region
from portal.celery import app
from trainings.changes import mark_campaign_changed
from trainings.models import Attendance, Campaign, Enrolment, Topic, TrainingSession

SCRATCH_REGION_CODE = "41799999000000"  # scratch councils live in this made-up region
SCRATCH_TOPIC_PREFIX = "bench-topic-"
TRAINER_PREFIX = "bench-trainer-"
BATCH = 5000


class Command(BaseCommand):
    help = "Benchmark the statistics on synthetic campaigns: full recompute time and time from a save to fresh."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=100_000)
        parser.add_argument("--per-campaign", type=int, default=1000, help="participants per campaign")
        parser.add_argument("--prefix", default="BENCH-", help="code prefix of the scratch campaigns")
        parser.add_argument("--convocation", type=int, default=2199, help="scratch convocation of the deputies")
        parser.add_argument("--item-share", type=float, default=0.1, help="share of campaigns with item answers")
        parser.add_argument("--saves", type=int, default=5, help="score saves to time")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--keep", action="store_true", help="keep the scratch data afterwards")

    def handle(self, *args, **options):
        if options["participants"] < 1 or options["per_campaign"] < 1:
            raise CommandError("--participants and --per-campaign must be positive.")
        if len(options["prefix"]) < 3:
            raise CommandError("--prefix must have at least three characters: it selects the data to remove.")
        if Campaign.objects.filter(code__startswith=options["prefix"]).exists():
            self.stderr.write(f"Removing earlier scratch campaigns {options['prefix']}*")
            self._cleanup(options)
        rng = np.random.default_rng(options["seed"])
        report = {"participants": options["participants"], "per_campaign": options["per_campaign"]}
        try:
            started = time.perf_counter()
            campaign_ids, councils_source = self._generate(rng, options)
            report.update(
                campaigns=len(campaign_ids),
                councils=councils_source,
                generate_seconds=round(time.perf_counter() - started, 2),
            )
            report["full_recompute"] = self._time_full_recompute(campaign_ids)
            report["save_to_fresh"] = self._time_save_to_fresh(campaign_ids[0], rng, options["saves"])
        finally:
            if not options["keep"]:
                self._cleanup(options)
        report["targets"] = {
            "full_recompute_seconds": 5.0,
            "save_to_fresh_seconds": 2.0,
            "full_recompute_met": report["full_recompute"]["seconds"] < 5.0
            if options["participants"] >= 100_000
            else None,
            "save_to_fresh_met": report["save_to_fresh"]["max_seconds"] < 2.0,
        }
        self.stdout.write(json.dumps(report, indent=2))

    # --- generation -----------------------------------------------------------------------------------

    def _councils(self, convocation):
        """Reference councils when loaded, else scratch ones; every one gets an election of `convocation`."""
        councils = list(Council.objects.exclude(region__code=SCRATCH_REGION_CODE).values_list("pk", flat=True))
        source = "reference"
        if len(councils) < 50:
            source = "synthetic"
            region = Region.objects.create(code=SCRATCH_REGION_CODE, name_ru="Bench", name_en="Bench")
            districts = District.objects.bulk_create(
                District(region=region, code=f"417999990{n:02d}000", name_ru=f"Bench {n}") for n in range(40)
            )
            created = Council.objects.bulk_create(
                Council(
                    region=region,
                    district=districts[n % 40],
                    kind=Council.Kind.AIYL if n % 20 else Council.Kind.TOWN,
                    code=f"4179999{n:07d}",
                    name_ru=f"Bench council {n}",
                    seats=11,
                )
                for n in range(420)
            )
            councils = [council.pk for council in created]
        Election.objects.bulk_create(
            Election(council_id=pk, date=datetime.date(convocation, 4, 11), convocation=convocation, seats=11)
            for pk in councils
        )
        return councils, source

    def _generate(self, rng, options):
        total, per_campaign, convocation = options["participants"], options["per_campaign"], options["convocation"]
        councils, source = self._councils(convocation)
        user_model = get_user_model()
        trainers = user_model.objects.bulk_create(
            user_model(username=f"{TRAINER_PREFIX}{n}", first_name="Bench", last_name=f"Trainer {n}") for n in range(60)
        )
        topics = Topic.objects.bulk_create(
            Topic(code=f"{SCRATCH_TOPIC_PREFIX}{n}", name_ru=f"Bench topic {n}", order=n) for n in range(5)
        )
        n_campaigns = -(-total // per_campaign)
        campaigns = Campaign.objects.bulk_create(
            Campaign(
                code=f"{options['prefix']}{n:04d}",
                name_ru=f"Bench {n}",
                start=datetime.date(convocation, 5, 24),
                end=datetime.date(convocation, 7, 2),
                convocation=convocation,
            )
            for n in range(n_campaigns)
        )
        deputies = Deputy.objects.bulk_create(
            (
                Deputy(
                    council_id=councils[int(rng.integers(len(councils)))],
                    convocation=convocation,
                    last_name=f"Bench{n}",
                    first_name="Deputy",
                    normalized_name=f"bench{n} deputy",
                    gender="F" if rng.random() < 0.32 else "M",
                    birth_year=None if rng.random() < 0.05 else int(rng.integers(convocation - 70, convocation - 21)),
                    first_term=bool(rng.random() < 0.6),
                )
                for n in range(total)
            ),
            batch_size=BATCH,
        )
        sessions, enrolments = [], []
        for index, campaign in enumerate(campaigns):
            size = min(per_campaign, total - index * per_campaign)
            for start in range(0, size, 25):
                sessions.append((campaign, start, min(25, size - start)))
        session_objects = TrainingSession.objects.bulk_create(
            (
                TrainingSession(
                    campaign=campaign,
                    code=f"B{start // 25:03d}",
                    start_date=datetime.date(convocation, 5, 24) + datetime.timedelta(days=(start // 25) % 38),
                    days=2,
                    capacity=30,
                    status=TrainingSession.Status.HELD,
                )
                for campaign, start, _ in sessions
            ),
            batch_size=BATCH,
        )
        through = TrainingSession.trainers.through
        through.objects.bulk_create(
            (
                through(trainingsession_id=session.pk, user_id=trainers[(n * 2 + k) % len(trainers)].pk)
                for n, session in enumerate(session_objects)
                for k in range(2)
            ),
            batch_size=BATCH,
        )
        cursor = 0
        for session, (_, _, count) in zip(session_objects, sessions, strict=True):
            for deputy in deputies[cursor : cursor + count]:
                enrolments.append(Enrolment(session=session, deputy=deputy, source=Enrolment.Source.IMPORT))
            cursor += count
        enrolments = Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        n = len(enrolments)
        day1, day2 = rng.random(n) < 0.97, rng.random(n) < 0.9
        Attendance.objects.bulk_create(
            (
                Attendance(enrolment=enrolment, day=day, present=bool(flags[i]))
                for i, enrolment in enumerate(enrolments)
                for day, flags in ((1, day1), (2, day2))
            ),
            batch_size=BATCH,
        )
        pre = rng.binomial(20, 0.45, n)
        post = np.minimum(20, pre + rng.binomial(8, 0.45, n))
        has_pre, has_post = rng.random(n) < 0.97, rng.random(n) < 0.96
        item_campaigns = set(rng.choice(len(campaigns), max(1, int(len(campaigns) * options["item_share"]))).tolist())
        instruments = self._instruments(campaigns, item_campaigns, topics)
        campaign_index = {campaign.pk: i for i, campaign in enumerate(campaigns)}
        session_campaign = {session.pk: session.campaign_id for session in session_objects}
        results = []
        for i, enrolment in enumerate(enrolments):
            position = campaign_index[session_campaign[enrolment.session_id]]
            instrument = instruments.get(position)
            for phase, present, score in (("pre", has_pre[i], pre[i]), ("post", has_post[i], post[i])):
                if not present:
                    continue
                responses = None
                if instrument:
                    right = set(rng.choice(20, int(score), replace=False).tolist())
                    responses = {str(q + 1): "A" if q in right else "B" for q in range(20)}
                results.append(
                    TestResult(
                        enrolment=enrolment,
                        phase=phase,
                        instrument=instrument,
                        score=int(score),
                        max_score=20,
                        responses=responses,
                        source=TestResult.Source.IMPORT,
                    )
                )
        TestResult.objects.bulk_create(results, batch_size=BATCH)
        return [campaign.pk for campaign in campaigns], source

    def _instruments(self, campaigns, positions, topics):
        instruments = {}
        for position in sorted(positions):
            instrument = Instrument.objects.create(campaign=campaigns[position], name="Bench test", max_score=20)
            Question.objects.bulk_create(
                Question(instrument=instrument, number=q + 1, topic=topics[q % len(topics)], key="A") for q in range(20)
            )
            instruments[position] = instrument
        return instruments

    # --- measurements ---------------------------------------------------------------------------------

    def _time_full_recompute(self, campaign_ids):
        started = time.perf_counter()
        written = snapshots.recompute(campaign_ids, force=True)
        seconds = time.perf_counter() - started
        return {"seconds": round(seconds, 3), "campaigns_written": sum(written.values())}

    def _time_save_to_fresh(self, campaign_id, rng, saves):
        worker = bool(app.control.ping(timeout=1.0))
        results = list(
            TestResult.objects.filter(enrolment__session__campaign_id=campaign_id).values_list("pk", flat=True)[:200]
        )
        timings = []
        for _ in range(saves):
            pk = results[int(rng.integers(len(results)))]
            started = time.perf_counter()
            with transaction.atomic():
                TestResult.objects.filter(pk=pk).update(
                    score=int(rng.integers(0, 21)), version=F("version") + 1, source=TestResult.Source.GRID
                )
                mark_campaign_changed(campaign_id)
            version = Campaign.objects.values_list("data_version", flat=True).get(pk=campaign_id)
            if not worker:
                snapshots.run_scheduled_recompute(campaign_id)
            if not self._wait_fresh(campaign_id, version, timeout=30):
                raise CommandError("The snapshot did not become fresh within 30 s: is the worker consuming tasks?")
            timings.append(time.perf_counter() - started)
            time.sleep(0.3)
        return {
            "worker": worker,
            "mode": "Celery worker" if worker else "no worker answered: task run synchronously here",
            "saves": saves,
            "campaign_participants": Enrolment.objects.filter(session__campaign_id=campaign_id).count(),
            "median_seconds": round(statistics.median(timings), 3),
            "max_seconds": round(max(timings), 3),
        }

    @staticmethod
    def _wait_fresh(campaign_id, version, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            stored = (
                StatsSnapshot.objects.filter(campaign_id=campaign_id, scope="campaign")
                .values_list("data_version", flat=True)
                .first()
            )
            if stored is not None and stored >= version:
                return True
            time.sleep(0.02)
        return False

    # --- cleanup --------------------------------------------------------------------------------------

    def _cleanup(self, options):
        prefix, convocation = options["prefix"], options["convocation"]
        with transaction.atomic():
            campaigns = Campaign.objects.filter(code__startswith=prefix)
            # Raw deletes: the history app would otherwise write one "deleted" record per result and deputy.
            results = TestResult.objects.filter(enrolment__session__campaign__in=campaigns)
            results._raw_delete(results.db)
            Instrument.objects.filter(campaign__in=campaigns).delete()
            campaigns.delete()
            deputies = Deputy.objects.filter(convocation=convocation, last_name__startswith="Bench")
            deputies._raw_delete(deputies.db)
            Election.objects.filter(convocation=convocation).delete()
            Council.objects.filter(region__code=SCRATCH_REGION_CODE).delete()
            District.objects.filter(region__code=SCRATCH_REGION_CODE).delete()
            Region.objects.filter(code=SCRATCH_REGION_CODE).delete()
            Topic.objects.filter(code__startswith=SCRATCH_TOPIC_PREFIX).delete()
            get_user_model().objects.filter(username__startswith=TRAINER_PREFIX).delete()
