"""Solving a campaign plan: checks first (explain), the greedy baseline, then CP-SAT with the baseline as its
hint, under a time limit; the plan returned is checked against every rule (check) before anyone sees it."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ortools.sat.python import cp_model

from .check import check_plan
from .explain import precheck
from .greedy import greedy_plan, no_room_reason
from .inputs import PlanInputs
from .model import build_model, candidates_for
from .plan import LeftOut, Plan, PlannedSession
from .rules import is_out_of_district

# A venue keeps at most this many start days as candidates (plus the hint's and locked ones).
MAX_STARTS_PER_VENUE = 12


class PlanningError(Exception):
    """Raised when a plan broke a rule: a bug, never shown as a plan."""


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report, limit, use):
        super().__init__()
        self.report, self.limit, self.use, self.started = report, limit, use, time.monotonic()
        self.solutions = 0

    def on_solution_callback(self):
        self.solutions += 1
        sessions = sum(self.value(var) for var in self.use.values())
        self.report(min(time.monotonic() - self.started, self.limit), self.limit, sessions)


def solve(
    inputs: PlanInputs,
    *,
    progress: Callable[[float, float, int | None], None] | None = None,
    max_starts: int | None = MAX_STARTS_PER_VENUE,
) -> Plan:
    """The best plan found for `inputs` within `inputs.settings.time_limit_seconds`.

    `progress(elapsed seconds, limit seconds, sessions of the best plan so far)` is called on every better
    plan the solver finds.
    """
    started = time.monotonic()
    checked = precheck(inputs)
    if not checked.ok:
        return Plan(status="refused", messages=checked.errors + checked.warnings)
    inputs = checked.inputs
    councils = [council for council in inputs.councils if council.id not in checked.left_out]
    baseline = greedy_plan(inputs, checked.left_out)
    _verify(inputs, baseline, "greedy")
    candidates = candidates_for(inputs, councils, hint=baseline, max_starts=max_starts)
    built = build_model(inputs, councils, candidates, hint=baseline)
    solver = cp_model.CpSolver()
    limit = max(1.0, float(inputs.settings.time_limit_seconds))
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = max(1, inputs.settings.workers)
    solver.parameters.random_seed = 1
    report = progress or (lambda *args: None)
    callback = _Progress(report, limit, built.use)
    status = solver.solve(built.model, callback)
    messages = list(checked.warnings)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan = _read_plan(inputs, built, solver, checked.left_out)
        plan.status = "optimal" if status == cp_model.OPTIMAL else "feasible"
    else:
        plan = baseline
        plan.status = "greedy"
        if status == cp_model.INFEASIBLE:
            messages.append(_("The locked sessions cannot all be kept together; the greedy plan is shown instead."))
        else:
            messages.append(_("The solver found no plan within the time limit; the greedy plan is shown instead."))
    plan.greedy_sessions = len(baseline.sessions)
    plan.out_of_district = sum(
        is_out_of_district(inputs.council(k), inputs.venue(s.venue_id)) for s in plan.sessions for k in s.council_ids
    )
    if plan.left_out:
        messages.append(
            ngettext(
                "%(count)d council is left out of the plan; the reasons are listed below.",
                "%(count)d councils are left out of the plan; the reasons are listed below.",
                len(plan.left_out),
            )
            % {"count": len(plan.left_out)}
        )
    plan.messages = messages
    _verify(inputs, plan, plan.status)
    plan.seconds = round(time.monotonic() - started, 2)
    report(limit, limit, len(plan.sessions))
    return plan


def _read_plan(inputs: PlanInputs, built, solver, left_out) -> Plan:
    locked = {(lock.venue_id, lock.start) for lock in inputs.locked}
    members = {}
    for (council_id, index), var in built.invite.items():
        if solver.boolean_value(var):
            members.setdefault(index, []).append(council_id)
    sessions = []
    for c in built.candidates:
        if not solver.boolean_value(built.use[c.index]):
            continue
        crew = tuple(sorted(t for t in c.trainer_ids if solver.boolean_value(built.trainer[c.index, t])))
        councils = tuple((k, inputs.council(k).places) for k in sorted(members.get(c.index, ())))
        sessions.append(PlannedSession(c.venue.id, c.start, crew, councils, locked=(c.venue.id, c.start) in locked))
    placed = {k for s in sessions for k in s.council_ids}
    reasons = dict(left_out)
    for council in built.councils:
        if council.id not in placed:
            reasons[council.id] = no_room_reason(inputs, council)
    sessions.sort(key=lambda s: (s.start, s.venue_id))
    return Plan(sessions=sessions, left_out=[LeftOut(pk, reason) for pk, reason in reasons.items()])


def _verify(inputs, plan, what):
    problems = check_plan(inputs, plan)
    if problems:
        raise PlanningError(f"the {what} plan breaks rules: {problems[:5]}")
