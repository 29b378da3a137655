"""Print the load curve of a `make load` run: per step of users, requests/s, p50/p95/p99, errors, what the
machine did meanwhile, and the knee (the largest step whose p95 stays under KNEE_MS).

Usage: load_summary.py REQUESTS.jsonl [MACHINE.jsonl] [--json OUT.json]
REQUESTS.jsonl is written by loadtest/locustfile.py (a header line, then [start, name, ms, failed] per
request), MACHINE.jsonl by scripts/load_sampler.py. Each step is measured in its steady part: from the
moment its users are all started (plus SETTLE seconds) to its end, so the logins of the users a step adds
are counted apart (each user logs in once, as a person does once a day). Exit status 1 when the first
step already has errors (the portal or the scenario is broken); errors at larger steps are results.
"""

import json
import sys

KNEE_MS = 500
SETTLE = 5.0
LOGIN = {"log in", "login page"}
CPU_KINDS = ("gunicorn", "postgres", "celery", "redis", "locust", "postgres-other", "other")


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def read_requests(path):
    with open(path) as lines:
        header = json.loads(next(lines))
        requests = [json.loads(line) for line in lines if line.strip()]
    return header, requests


def read_machine(path):
    if not path:
        return []
    with open(path) as lines:
        return [json.loads(line) for line in lines if line.strip()]


def windows(header):
    """[(users, steady start, end, step start)] for every step."""
    result, before = [], 0
    for index, users in enumerate(header["steps"]):
        begin = header["start"] + index * header["step_time"]
        ramp = max(users - before, 0) / header["spawn_rate"] + SETTLE
        result.append((users, min(begin + ramp, begin + header["step_time"] / 2), begin + header["step_time"], begin))
        before = users
    return result


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


def summarise(header, requests, machine):
    steps = []
    for users, start, end, begin in windows(header):
        inside = [r for r in requests if start <= r[0] < end and r[1] not in LOGIN]
        logins = [r for r in requests if begin <= r[0] < end and r[1] == "log in"]
        times = [r[2] for r in inside]
        served = sum(1 for r in requests if start <= r[0] < end)  # logins too: their CPU is in the samples
        samples = [s for s in machine if start <= s["t"] < end]
        by_name = {}
        for r in inside:
            by_name.setdefault(r[1], []).append(r[2])
        steps.append(
            {
                "users": users,
                "seconds": round(end - start, 1),
                "requests": len(inside),
                "rps": len(inside) / (end - start),
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "p99": percentile(times, 0.99),
                "errors": sum(1 for r in inside if r[3]),
                "logins": len(logins),
                "login_p50": percentile([r[2] for r in logins], 0.5),
                "login_errors": sum(1 for r in logins if r[3]),
                "pages": {name: (len(ms), percentile(ms, 0.5), percentile(ms, 0.95)) for name, ms in by_name.items()},
                "load1": mean([s["load1"] for s in samples]),
                "cpu": {kind: mean([s["cpu"].get(kind, 0.0) for s in samples]) for kind in CPU_KINDS}
                if samples
                else {},
                "served": served,
                "steal": mean([s.get("steal") for s in samples]),
                "pg_active": mean([s.get("pg", {}).get("active") for s in samples]),
                "pg_waiting": mean([s.get("pg", {}).get("waiting_lock") for s in samples]),
            }
        )
    for step in steps:
        # CPU time a request costs (ms), whatever the machine's other work: the capacity of a quiet machine
        # is about (CPUs × 1000) / (gunicorn + postgres + celery + redis ms) requests per second.
        step["cpu_ms_per_request"] = {
            kind: (step["cpu"].get(kind) or 0.0) * 10 * step["seconds"] / step["served"]
            for kind in ("gunicorn", "postgres", "celery", "redis")
        } if step["cpu"] and step["served"] else {}  # fmt: skip
    under = [step["users"] for step in steps if step["p95"] is not None and step["p95"] < KNEE_MS]
    return steps, (max(under) if under else None)


def fmt(value, digits=0):
    return "—" if value is None else f"{value:.{digits}f}"


def render(steps, knee):
    print(f"Load curve (steady part of each step; logins apart; knee: largest step with p95 < {KNEE_MS} ms)")
    print(
        f"{'users':>6}{'req':>7}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}"
        f"{'logins':>7}{'login p50':>10}{'load1':>7}"
    )
    for s in steps:
        print(
            f"{s['users']:>6}{s['requests']:>7}{s['rps']:>8.1f}{fmt(s['p50']):>8}{fmt(s['p95']):>8}{fmt(s['p99']):>8}"
            f"{s['errors'] + s['login_errors']:>7}{s['logins']:>7}{fmt(s['login_p50']):>10}{fmt(s['load1'], 1):>7}"
        )
    if any(s["cpu"] for s in steps):
        print("\nCPU during each step (% of one CPU, mean of samples; postgres = backends of the load database)")
        print(f"{'users':>6}" + "".join(f"{kind:>15}" for kind in CPU_KINDS) + f"{'steal %':>9}{'pg active':>10}")
        for s in steps:
            cpu = s["cpu"]
            print(
                f"{s['users']:>6}"
                + "".join(f"{fmt(cpu.get(kind)):>15}" for kind in CPU_KINDS)
                + f"{fmt(s['steal'], 1):>9}{fmt(s['pg_active'], 1):>10}"
            )
    if any(s["cpu_ms_per_request"] for s in steps):
        print("\nCPU ms per request (CPU time in the step / requests in the step)")
        print(f"{'users':>6}{'gunicorn':>10}{'postgres':>10}{'celery':>10}{'redis':>10}{'total':>10}")
        for s in steps:
            ms = s["cpu_ms_per_request"]
            if ms:
                kinds = ("gunicorn", "postgres", "celery", "redis")
                print(f"{s['users']:>6}" + "".join(f"{ms[k]:>10.1f}" for k in kinds) + f"{sum(ms.values()):>10.1f}")
    names = sorted({name for s in steps for name in s["pages"]})
    print("\np50 / p95 ms per request and step")
    print(f"{'request':<16}" + "".join(f"{str(s['users']) + ' users':>16}" for s in steps))
    for name in names:
        cells = []
        for s in steps:
            count, p50, p95 = s["pages"].get(name, (0, None, None))
            cells.append(f"{fmt(p50)} / {fmt(p95)}" if count else "—")
        print(f"{name:<16}" + "".join(f"{cell:>16}" for cell in cells))
    print(f"\nKnee: {knee} users" if knee else f"\nKnee: none (p95 ≥ {KNEE_MS} ms from the first step)")


def main(argv):
    out = None
    if "--json" in argv:
        at = argv.index("--json")
        out = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    header, requests = read_requests(argv[0])
    steps, knee = summarise(header, requests, read_machine(argv[1] if len(argv) > 1 else None))
    render(steps, knee)
    if out:
        with open(out, "w") as target:
            json.dump({"steps": steps, "knee": knee}, target, indent=1)
    return 1 if steps and (steps[0]["errors"] or steps[0]["login_errors"]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
