"""What each request of the load scenario costs in CPU time, and the load the machine can carry from it.

Usage: load_cost.py BASE_URL DATABASE_NAME GUNICORN_PID [CELERY_PID] [--repeats N] [--json OUT]

One person at a time (no concurrency), each request of loadtest/locustfile.py is made N times (10) after a
warm-up (one request per gunicorn worker); the CPU time (user + system) that gunicorn's workers and the
PostgreSQL backends of DATABASE_NAME spend meanwhile is read from /proc (psutil) before and after. CPU time,
unlike response time, hardly depends on what else the machine runs, so these figures hold on a busy machine
too (somewhat inflated by shared caches). With the scenario's mix (`locustfile.demand()`), they give the
requests per second all CPUs can serve and the number of users at which the CPUs are fully busy: the knee
comes before that, where requests start to queue.
"""

import json
import os
import re
import sys
import time
from pathlib import Path

import psutil

# locust patches the standard library with gevent when imported: before `requests` (imported in log_in).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "loadtest"))
import locustfile  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSONA = {
    "save a score": "trainer",
    "score grid": "trainer",
    "campaign page": "organiser",
    "session list": "organiser",
    "session page": "organiser",
    "dashboard": "staff",
    "stats API": "staff",
    "report CSV": "staff",
    "report XLSX": "staff",
}


class Meter:
    """CPU seconds used so far by gunicorn's workers, the load database's backends and the Celery worker."""

    def __init__(self, database, gunicorn_pid, celery_pid=None):
        self.database, self.gunicorn, self.celery = database, psutil.Process(gunicorn_pid), celery_pid

    @staticmethod
    def _cpu(processes):
        """{pid: CPU seconds} of the processes still alive."""
        found = {}
        for process in processes:
            try:
                times = process.cpu_times()
                found[process.pid] = times.user + times.system
            except psutil.Error:
                pass
        return found

    @staticmethod
    def used(before, after, kind):
        """CPU seconds between two readings: a process that ended in between is lost (rare: gunicorn recycles
        a worker after 1000 requests, PostgreSQL ends a backend after CONN_MAX_AGE), one that started counts
        from zero."""
        return sum(seconds - before[kind].get(pid, 0.0) for pid, seconds in after[kind].items())

    def read(self):
        backends = []
        for process in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if (process.info["name"] or "").startswith("postgres") and f" {self.database} " in f" {cmdline} ":
                backends.append(process)
        celery = []
        if self.celery:
            try:
                root = psutil.Process(self.celery)
                celery = [root, *root.children(recursive=True)]
            except psutil.Error:
                pass
        return {
            "gunicorn": self._cpu(self.gunicorn.children(recursive=True)),
            "postgres": self._cpu(backends),
            "celery": self._cpu(celery),
        }


def log_in(base, username):
    import requests

    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/accounts/login/").text).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        {"username": username, "password": locustfile.PASSWORDS[username], "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"login of {username} answered {answer.status_code}")
    return session


def main(argv):
    options = {"--repeats": "10", "--json": None}
    for flag in options:
        if flag in argv:
            at = argv.index(flag)
            options[flag] = argv[at + 1]
            argv = argv[:at] + argv[at + 2 :]
    base, database, gunicorn_pid = argv[0], argv[1], int(argv[2])
    celery_pid = int(argv[3]) if len(argv) > 3 else None
    repeats = int(options["--repeats"])
    meter = Meter(database, gunicorn_pid, celery_pid)

    # Each gunicorn worker imports code, compiles templates and opens its connections on first use: every
    # measurement is preceded by as many warm-up requests as there are workers, so that all of them are warm.
    warm_up = max(len(meter.gunicorn.children()), 1)
    costs = {}
    for _ in range(warm_up):
        log_in(base, "staff")
    before = meter.read()
    people = {name: log_in(base, name) for name in ("trainer", "organiser", "staff")}
    after = meter.read()
    costs["log in"] = {kind: meter.used(before, after, kind) * 1000 / 3 for kind in ("gunicorn", "postgres")}

    sessions = locustfile.SESSION_LINK.findall(people["trainer"].get(f"{base}/sessions/").text)
    session = sessions[0]
    grid = people["trainer"].get(f"{base}/sessions/{session}/scores/").text
    cells = dict(locustfile.CELL_FORM.findall(grid))
    cell = next(iter(cells))
    celery_ms_per_save = None
    for name, path in locustfile.PATHS.items():
        person = people[PERSONA[name]]
        url = base + path.format(session=session, cell=cell)

        def one(name=name, person=person, url=url):
            nonlocal cell
            if name != "save a score":
                answer = person.get(url)
            else:
                answer = person.post(
                    url,
                    {"score": str(1 + len(costs) % 9), "version": cells[cell]},
                    headers={"X-CSRFToken": person.cookies.get("csrftoken", ""), "HX-Request": "true",
                             "Referer": f"{base}/sessions/{session}/scores/"},
                )  # fmt: skip
                versions = locustfile.VERSION.findall(answer.text)
                if versions:
                    cells[cell] = versions[0]
            if answer.status_code != 200:
                raise SystemExit(f"{name} answered {answer.status_code}")

        for _ in range(warm_up):  # every worker warm, caches filled as they would be under load
            one()
        before, started = meter.read(), time.perf_counter()
        for _ in range(repeats):
            one()
        wall = (time.perf_counter() - started) * 1000 / repeats
        if name == "save a score":
            time.sleep(float(os.environ.get("STATS_DEBOUNCE_SECONDS", "0.5")) + 3)  # the debounced recompute
        after = meter.read()
        costs[name] = {kind: meter.used(before, after, kind) * 1000 / repeats for kind in ("gunicorn", "postgres")}
        costs[name]["wall"] = wall
        if name == "save a score":
            celery_ms_per_save = meter.used(before, after, "celery") * 1000 / repeats

    demand = locustfile.demand()
    per_user = sum(demand.values())
    weighted = sum(demand[name] * (costs[name]["gunicorn"] + costs[name]["postgres"]) for name in demand) / per_user
    cpus = os.cpu_count()
    capacity = cpus * 1000 / weighted
    print(f"CPU time per request (ms; one person at a time, mean of {repeats}; wall = response time now)")
    print(f"{'request':<16}{'gunicorn':>10}{'postgres':>10}{'total':>8}{'wall':>8}{'share':>8}")
    for name, cost in costs.items():
        share = f"{demand[name] / per_user:>7.0%}" if name in demand else "      —"
        wall = f"{cost['wall']:>8.0f}" if "wall" in cost else "       —"
        print(f"{name:<16}{cost['gunicorn']:>10.1f}{cost['postgres']:>10.1f}"
              f"{cost['gunicorn'] + cost['postgres']:>8.1f}{wall} {share}")  # fmt: skip
    # The Celery worker's CPU during the saves and the debounce after them (often 0: the recompute of the demo
    # campaign is short and may fall outside the window; the curve's sampler shows Celery's share under load).
    print(f"Celery CPU per score save, within {repeats} saves and the debounce after them: {celery_ms_per_save:.1f} ms")
    print(
        f"Mix of the scenario: {per_user:.3f} requests/s per user, {weighted:.1f} ms of CPU per request (gunicorn + "
        f"PostgreSQL).\nAll {cpus} CPUs busy at {capacity:.0f} requests/s = {capacity / per_user:.0f} users; "
        f"at 70 % busy (requests begin to queue) {0.7 * capacity / per_user:.0f} users."
    )
    if options["--json"]:
        Path(options["--json"]).write_text(
            json.dumps(
                {
                    "costs": costs,
                    "celery_ms_per_save": celery_ms_per_save,
                    "per_user_rps": per_user,
                    "ms_per_request": weighted,
                    "cpus": cpus,
                    "users_at_full_cpu": capacity / per_user,
                },
                indent=1,
            )  # fmt: skip
        )


if __name__ == "__main__":
    main(sys.argv[1:])
