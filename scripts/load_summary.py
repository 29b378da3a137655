"""Print locust's statistics (the *_stats.csv of a run) as requests/s, p50/p95/p99 and errors per request."""

import csv
import sys


def main(path):
    with open(path, newline="") as stats:
        rows = list(csv.DictReader(stats))
    print(f"{'request':<22}{'count':>8}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<22}{row['Request Count']:>8}{row['Failure Count']:>8}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
