"""Time the phases of a full statistics recompute of the LOAD-* campaigns (docs/BENCHMARKS.md).

    .venv/bin/python scripts/recompute_phases.py [RUNS] [LABEL] [--fresh]

Per phase (read, compute, write): the wall time, the CPU time of this process (`_cpu`) and of the PostgreSQL
backend serving it (`_pg`, from /proc: PostgreSQL on this machine), then `total`, a separate call of
`snapshots.recompute`; medians over RUNS. `--fresh` clears the stored payload digests first, so that every
payload is written. Writes the snapshots (force=True), like `make bench`.
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from assessments.statistics import snapshots  # noqa: E402
from assessments.statistics.breakdowns import build_payloads  # noqa: E402
from assessments.statistics.loader import load_dataset  # noqa: E402
from trainings.models import Campaign  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def backend_cpu() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def clear_digests():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE assessments_statssnapshot SET payload_digest = ''")


def main(runs: int, label: str, fresh: bool):
    ids = list(Campaign.objects.filter(code__startswith="LOAD-").order_by("pk").values_list("pk", flat=True))
    samples = {}
    for _ in range(runs):
        if fresh:
            clear_digests()
        marks = []
        with snapshots._cyclic_gc_paused():
            marks.append((time.perf_counter(), time.process_time(), backend_cpu()))
            with snapshots._consistent_read():
                data = load_dataset(ids)
            marks.append((time.perf_counter(), time.process_time(), backend_cpu()))
            payloads = build_payloads(data)
            computed = [(pk, data.data_versions[pk], payloads[pk]) for pk in data.campaign_ids]
            marks.append((time.perf_counter(), time.process_time(), backend_cpu()))
            snapshots.store_many(computed, force=True)
            marks.append((time.perf_counter(), time.process_time(), backend_cpu()))
        for index, name in enumerate(("read", "compute", "write")):
            (wall0, cpu0, pg0), (wall1, cpu1, pg1) = marks[index], marks[index + 1]
            for key, value in ((name, wall1 - wall0), (f"{name}_cpu", cpu1 - cpu0), (f"{name}_pg", pg1 - pg0)):
                samples.setdefault(key, []).append(value)
        if fresh:
            clear_digests()
        started = time.perf_counter()
        snapshots.recompute(ids, force=True)
        samples.setdefault("total", []).append(time.perf_counter() - started)
    figures = " ".join(f"{key}={statistics.median(values):.2f}" for key, values in samples.items())
    print(f"{label:10s} load {os.getloadavg()[0]:5.1f} {figures}", flush=True)


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--fresh"]
    main(int(arguments[0]) if arguments else 3, arguments[1] if len(arguments) > 1 else "", "--fresh" in sys.argv)
