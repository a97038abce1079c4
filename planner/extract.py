"""Extract: the plan a solver's answer describes, costed by the one cost model.

:func:`extract_assignments` reads the chosen (system, platform) pairs of a solved
:class:`~planner.milp.BuiltModel`; :func:`plan_from_choices` rebuilds a plan from saved choices
without solving. Both cost every assignment with :class:`~planner.costing.CostModel` and the
vendor terms with :func:`planner.terms.vendor_terms`, as the reports and exports do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from planner.costing import CostModel
from planner.milp import BuiltModel
from planner.model import Assignment, Plan, PlanInput, SolveStatus
from planner.terms import vendor_terms


def extract_assignments(bm: BuiltModel, x_values: np.ndarray) -> tuple[Assignment, ...]:
    """The chosen platform of every workload, in input order, with its cost breakdown."""
    cm = bm.cost_model
    chosen = np.nonzero(x_values > 0.5)[0]
    by_w = {int(bm.pair_w[k]): int(bm.pair_p[k]) for k in chosen}
    if len(by_w) != len(cm.workloads):
        raise RuntimeError("solver returned a plan that does not place every workload")
    return tuple(
        Assignment(cm.workloads[w], cm.platforms[by_w[w]], cm.breakdown(w, by_w[w]))
        for w in range(len(cm.workloads))
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
