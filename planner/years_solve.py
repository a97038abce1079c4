"""Which vendor-share rows the year plan's lazy loop starts with (planner.years.solve_years).

solve_years adds the per-year vendor-share rows lazily: solve with some (year, vendor) rows, add
the rows the plan breaks, solve again. Any starting set is exact — a plan that obeys every row and
is optimal for a model with fewer rows is optimal for the full model — so the start only decides
how many rounds the loop takes. Starting from no rows costs a whole extra MIP per round in which
a new vendor turns out to bind; on the 300-system × 5-year synthetic county with 30 pools the two
cheap vendors bind in turn, and the round that adds only the first of them is as hard as the
final one (benchmarks/bench_years.py).

:func:`initial_vendor_rows` solves the LP relaxation of the full model (every vendor-share row;
a fraction of a second) and starts with the rows of every vendor whose cost comes within
:data:`NEAR_SHARE` of its cap in some year of the LP, in every year. The LP only chooses the
start: the loop still checks the plan against every row and adds the ones it breaks, so the
answer does not depend on it (tests/planner/test_years_solve.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from planner.costing import CostModel
from planner.model import PlanInput, Policy

#: A vendor whose LP cost in some year is at least (1 − NEAR_SHARE) × its cap starts with its rows.
#: Tight on purpose: a row that does not bind in the MIP still slows it (the 12-pool county's 阿里云,
#: at 95.5 % of its cap in the LP and never broken, adds 1–2 s to a 5–9 s solve).
NEAR_SHARE = 0.02


def initial_vendor_rows(
    inp: PlanInput,
    policy: Policy,
    options,
    cms: Sequence[CostModel] | None = None,  # type: ignore[no-untyped-def]
) -> tuple[frozenset[tuple[int, str]], list[CostModel] | None]:
    """(year index, vendor) rows to start the lazy loop with, and the year cost models built.

    Empty when the LP has no solution (the MIP then finds out why, as before) or HiGHS is missing.
    """
    from planner.years import _vendor_of, build_years_model

    ym = build_years_model(
        inp, policy, replace(options, vendor_rows=None), cms=list(cms) if cms else None
    )
    if ym.paths.no_path or len(ym.x) == 0:
        return frozenset(), ym.cms
    x = _lp_values(ym)
    if x is None:
        return frozenset(), ym.cms
    return near_binding(
        ym.paths.cost, _vendor_of(ym), x, policy.max_vendor_share, inp.vendors
    ), ym.cms


def near_binding(
    cost: np.ndarray, vendor: np.ndarray, x: np.ndarray, share: float, vendors: Sequence[str]
) -> frozenset[tuple[int, str]]:
    """The rows, in every year, of the vendors within NEAR_SHARE of the cap in some year of x.

    cost (N, T) and vendor (N, T) per route and year, x (N,) route values (fractional allowed).
    """
    T = cost.shape[1]
    spent = cost * x[:, None]
    total = spent.sum(axis=0)
    out: set[tuple[int, str]] = set()
    for v in vendors:
        on = vendor == v
        if not on.any():
            continue
        mine = np.where(on, spent, 0.0).sum(axis=0)
        if np.any((total > 0) & (mine >= (1.0 - NEAR_SHARE) * share * total)):
            out.update((t, v) for t in range(T) if on[:, t].any())
    return frozenset(out)


def _lp_values(ym) -> np.ndarray | None:  # type: ignore[no-untyped-def]
    """Route values of the model's LP relaxation (None: no optimal LP solution)."""
    try:
        import highspy
    except ImportError:  # pragma: no cover - the CBC-only install
        return None
    from planner.optimize import make_highs

    h = make_highs()
    ym.model.pass_to_highs(h, integral=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value, dtype=float)[: len(ym.x)]
