"""Extract: the plan a solver's answer describes, costed by the one cost model.

:func:`extract_plan` reads the chosen route of every system from a solved
:class:`~planner.milp.BuiltModel` and gives the :class:`~planner.model.Plan`: a plain plan's
assignments, or a year plan's plan of each year, its moves and locations;
:func:`extract_assignments` the first year's assignments alone; :func:`plan_from_choices`
rebuilds a plain plan from saved choices without solving. All cost every assignment with
:class:`~planner.costing.CostModel` and the vendor terms with planner.terms' exact rule, as the
reports and exports do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.milp import RETIRED, BuiltModel
from planner.model import Assignment, Move, Plan, PlanInput, SolveStatus
from planner.terms import route_vendor_terms, vendor_terms


def chosen_routes(bm: BuiltModel, x_values: np.ndarray) -> np.ndarray:
    """The chosen route of every workload, in input order."""
    routes = bm.routes
    chosen = np.nonzero(x_values[: bm.num_routes] > 0.5)[0]
    by_w = {int(routes.col_w[k]): int(k) for k in chosen}
    W = len(bm.inp.workloads)
    if len(by_w) != W:
        raise RuntimeError("solver returned a plan that does not place every workload")
    return np.array([by_w[w] for w in range(W)], dtype=np.int64)


def extract_assignments(bm: BuiltModel, x_values: np.ndarray) -> tuple[Assignment, ...]:
    """The chosen platform of every workload of a one-year model, in input order, with its cost
    breakdown."""
    cm = bm.cost_model
    route = chosen_routes(bm, x_values)
    where = bm.routes.loc[route, 0]
    return tuple(
        Assignment(cm.workloads[w], cm.platforms[int(p)], cm.breakdown(w, int(p)))
        for w, p in enumerate(where.tolist())
    )


def extract_plan(bm: BuiltModel, x_values: np.ndarray, status: SolveStatus, **fields: Any) -> Plan:
    """The plan of the solver's answer: a plain plan, or a year plan with its plan of each year."""
    route = chosen_routes(bm, x_values)
    terms = route_vendor_terms(bm, route)
    if not bm.year_plan:
        assignments = extract_assignments(bm, x_values)
        return Plan(
            status,
            assignments=assignments,
            vendor_terms=terms[0],
            policy=bm.policy,
            cost_model=bm.cost_model,
            **fields,
        )
    routes, inp = bm.routes, bm.inp
    plats = inp.platforms
    W, T = len(inp.workloads), bm.num_years
    locations = tuple(tuple(int(v) for v in routes.loc[route[w]]) for w in range(W))
    year_plans: list[Plan] = []
    moves: list[tuple[Move, ...]] = []
    for t in range(T):
        cm = bm.cms[t]
        assigns: list[Assignment] = []
        wave: list[Move] = []
        for w in range(W):
            k = int(route[w])
            j = int(routes.loc[k, t])
            if j < 0:
                continue
            b = cm.breakdown(w, j)
            mig, ada = float(routes.migration[k, t]), float(routes.adaptation[k, t])
            assigns.append(
                Assignment(
                    inp.workloads[w],
                    plats[j],
                    replace(b, migration_annual=mig, adaptation_annual=ada),
                )
            )
            if routes.moved[k, t]:
                before = [int(v) for v in routes.loc[k, :t] if v != RETIRED]
                if before:
                    origin = plats[before[-1]] if before[-1] >= 0 else None
                else:
                    c = int(bm.cms[0].current_index[w])
                    origin = plats[c] if c >= 0 else None
                wave.append(Move(inp.workloads[w], origin, plats[j], mig, ada))
        year_plans.append(
            Plan(
                status,
                assignments=tuple(assigns),
                policy=bm.policy,
                cost_model=cm,
                vendor_terms=terms[t],
            )
        )
        moves.append(tuple(wave))
    first = year_plans[0]
    return Plan(
        status,
        assignments=first.assignments,
        policy=bm.policy,
        cost_model=first.cost_model,
        vendor_terms=first.vendor_terms,
        years=bm.years,
        year_plans=tuple(year_plans),
        moves=tuple(moves),
        locations=locations,
        input=inp,
        **fields,
    )


def plan_from_choices(
    inp: PlanInput,
    choices: Sequence[tuple[str, str, str]],
    status: SolveStatus = SolveStatus.OPTIMAL,
    **fields: Any,
) -> Plan:
    """Rebuild a plan from (workload name, vendor, platform) choices, costed by the CostModel.

    Used to restore a saved plan without solving again. Raises ValueError when the choices do
    not place every workload of inp exactly once on a platform it may use.
    """
    cm = CostModel(inp, fields.get("policy") or inp.policy)
    wl_index = {wl.name: i for i, wl in enumerate(cm.workloads)}
    by_w: dict[int, int] = {}
    for name, vendor, platform in choices:
        w = wl_index.get(name)
        p = cm.platform_index.get((vendor, platform))
        if w is None or p is None or w in by_w or not cm.eligible[w, p]:
            raise ValueError(f"choice ({name}, {vendor}/{platform}) does not fit the input")
        by_w[w] = p
    if len(by_w) != len(cm.workloads):
        raise ValueError("the choices do not place every workload")
    assignments = tuple(
        Assignment(cm.workloads[w], cm.platforms[by_w[w]], cm.breakdown(w, by_w[w]))
        for w in range(len(cm.workloads))
    )
    fields.setdefault("policy", cm.policy)
    fields.setdefault("cost_model", cm)
    fields.setdefault("vendor_terms", vendor_terms(cm, assignments))
    return Plan(status, assignments=assignments, **fields)
