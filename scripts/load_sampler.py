"""Sample the machine while `make load` runs: CPU per kind of process, load average, PostgreSQL backends.

Usage: load_sampler.py OUT.jsonl DATABASE_URL [INTERVAL]. Every INTERVAL seconds (2) one JSON line:
{"t": time, "load1": 1-minute load average, "cpu": {kind: % of one CPU}, "steal": %, "iowait": %,
 "pg": {"active": n, "waiting_lock": n, "idle_in_transaction": n, "total": n}}.
Kinds: gunicorn, celery, postgres (backends of the load database), postgres-other (the rest of the cluster:
other databases, background writers), redis, locust, other (everything else on the machine — on a shared
machine, other people's work). `scripts/load_summary.py` averages them per step. Stops on SIGTERM.
"""

import contextlib
import json
import os
import signal
import sys
import time

import psutil
import psycopg2

PG_QUERY = """
SELECT count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()),
       count(*) FILTER (WHERE wait_event_type = 'Lock'),
       count(*) FILTER (WHERE state LIKE 'idle in transaction%%'),
       count(*)
FROM pg_stat_activity WHERE datname = %s
"""


def kind(process, database) -> str:
    try:
        name = process.name()
        cmdline = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return "gone"
    if "gunicorn" in cmdline:
        return "gunicorn"
    if "celery" in cmdline:
        return "celery"
    if "locust" in cmdline:
        return "locust"
    if name.startswith("postgres") or cmdline.startswith("postgres"):
        return "postgres" if f" {database} " in f" {cmdline} " else "postgres-other"
    if name.startswith("redis"):
        return "redis"
    return "other"


def main(out_path, database_url, interval=2.0):
    database = database_url.rsplit("/", 1)[-1]
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    connection = None
    known = {}
    psutil.cpu_times_percent()
    me = os.getpid()
    with open(out_path, "w") as out:
        while running:
            for process in psutil.process_iter():
                if process.pid not in known and process.pid != me:
                    known[process.pid] = process
                    with contextlib.suppress(psutil.Error):
                        process.cpu_percent()  # the first call only starts the measurement
            time.sleep(interval)
            cpu = {}
            for pid, process in list(known.items()):
                try:
                    used = process.cpu_percent()
                except psutil.Error:
                    known.pop(pid)
                    continue
                label = kind(process, database)
                cpu[label] = cpu.get(label, 0.0) + used
            times = psutil.cpu_times_percent()
            sample = {
                "t": round(time.time(), 2),
                "load1": os.getloadavg()[0],
                "cpu": {label: round(value, 1) for label, value in cpu.items() if label != "gone"},
                "steal": getattr(times, "steal", 0.0),
                "iowait": getattr(times, "iowait", 0.0),
            }
            try:
                if connection is None or connection.closed:
                    connection = psycopg2.connect(database_url)
                    connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute(PG_QUERY, [database])
                    active, waiting, idle_in_tx, total = cursor.fetchone()
                sample["pg"] = {"active": active, "waiting_lock": waiting, "idle_in_transaction": idle_in_tx,
                                "total": total}  # fmt: skip
            except psycopg2.Error:
                connection = None
            out.write(json.dumps(sample) + "\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 2.0)
