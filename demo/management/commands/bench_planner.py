"""`manage.py bench_planner`: the campaign scheduler on the 2021 case (420 aiyl keneshes, 40 venues,
20 trainers, 24 May – 2 July 2021), solver against the greedy baseline, printed as JSON (docs/BENCHMARKS.md)."""

import json
import math
import time
from collections import defaultdict

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.benchmarks import machine
from trainings.planning.case2021 import case_2021
from trainings.planning.check import check_plan
from trainings.planning.inputs import Settings
from trainings.planning.solve import solve


def sessions_lower_bound(inputs) -> int:
    """⌈places of a district / its largest hall⌉ summed over the districts with a hall: no plan has fewer."""
    places, largest = defaultdict(int), defaultdict(int)
    for council in inputs.councils:
        places[council.district_id] += council.places
    for venue in inputs.venues:
        largest[venue.district_id] = max(largest[venue.district_id], venue.capacity)
    return sum(math.ceil(total / largest[district]) for district, total in places.items() if largest[district])


def planner_figures(time_limit: float = 45, workers: int = 2) -> dict:
    inputs = case_2021(settings=Settings(time_limit_seconds=time_limit, workers=workers))
    first = []
    started = time.monotonic()
    plan = solve(inputs, progress=lambda *_args: first or first.append(round(time.monotonic() - started, 2)))
    return {
        "councils": len(inputs.councils),
        "places": sum(council.places for council in inputs.councils),
        "venues": len(inputs.venues),
        "trainers": len(inputs.trainers),
        "working_days": len(inputs.working_days),
        "status": plan.status,
        "sessions_solver": len(plan.sessions),
        "sessions_greedy": plan.greedy_sessions,
        "left_out": len(plan.left_out),
        "out_of_district": plan.out_of_district,
        "seconds": plan.seconds,
        "first_plan_seconds": first[0] if first else None,
        "lower_bound_sessions": sessions_lower_bound(inputs),
        "time_limit_seconds": time_limit,
        "workers": workers,
        "rules_broken": len(check_plan(inputs, plan)),
    }


class Command(BaseCommand):
    help = _("Plan the 2021 case with the solver and the greedy baseline; print the figures as JSON.")

    def add_arguments(self, parser):
        parser.add_argument("--time-limit", type=float, default=45, help=_("Seconds the solver may take."))

    def handle(self, *args, time_limit, **options):
        self.stdout.write(json.dumps({"machine": machine(), **planner_figures(time_limit)}, indent=2))
