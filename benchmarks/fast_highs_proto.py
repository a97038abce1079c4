"""Prototype: a PuLP → HiGHS bridge that hands HiGHS the whole model in one call.

PuLP 3.3's ``pulp.HiGHS.buildSolverModel`` (pulp/apis/highs_api.py) does, per solve:

* ``lp.variables()`` – walks every constraint to (re-)register its variables (a Python-level
  ``__hash__`` per nonzero) and sorts all variables by name; it is called again by
  ``findSolutionValues`` and once more by ``actualSolve`` (3 × per solve);
* one ``Highs.addCol`` + ``changeColIntegrality`` per variable;
* per constraint a list comprehension ``[(var.index, coef) for var, coef in items()]`` and one
  ``Highs.addRow`` (HiGHS grows its matrix row by row).

``FastHiGHSMixin`` keeps PuLP's contract (every variable gets ``.index``, every constraint
``.index``; ``varValue``/``dj``/``slack``/``pi`` are filled; statuses come from the stock
``findSolutionValues`` mapping) but

* takes the variables once, from the problem's own registry (``lp._variables``, kept up to
  date by ``addConstraint``) plus objective-only variables, and by default sorts them by name
  exactly like ``lp.variables()`` so the HiGHS model is column-for-column the stock one;
* reads each constraint's coefficients with ``np.fromiter(map(attrgetter("index"), keys))``
  and ``np.fromiter(values)`` (C loops, no per-term tuples);
* passes everything with one ``Highs.passModel(num_col, num_row, nnz, rowwise, sense, offset,
  cost, lower, upper, row_lower, row_upper, start, index, value, integrality)``;
* serves the cached, ordered variable list to the stock ``findSolutionValues`` and
  ``actualSolve`` instead of letting them call ``lp.variables()`` twice more.

Use as a mixin in front of any ``pulp.HiGHS`` subclass (e.g. planner.optimize._HiGHS):

    class FastHiGHS(FastHiGHSMixin, _HiGHS): ...

Run ``python benchmarks/fast_highs_proto.py [--sizes 2000 20000]`` to compare it with the
stock bridge on the same models (timings + a check that both give HiGHS the same model and the
same LP/MIP results).
"""

from __future__ import annotations

import argparse
import sys
import time
from operator import attrgetter
from pathlib import Path

import numpy as np
import pulp
from pulp import constants

try:
    import highspy
except ImportError:  # pragma: no cover
    highspy = None  # type: ignore[assignment]

_index_of = attrgetter("index")


class FastHiGHSMixin:
    """Batch ``buildSolverModel`` for ``pulp.HiGHS`` (mixin; put it first in the bases)."""

    #: Sort columns by variable name like ``LpProblem.variables()`` (identical HiGHS model to the
    #: stock bridge). False keeps registration order, which is a little faster on huge models.
    sort_by_name: bool = True

    # -- variables ---------------------------------------------------------------------------
    def _columns(self, lp: pulp.LpProblem) -> list[pulp.LpVariable]:
        registry = getattr(lp, "_variables", None)
        ids = getattr(lp, "_variable_ids", None)
        if registry is None or ids is None:  # unknown PuLP internals: use the public API
            return lp.variables()
        if lp.objective:
            missing = [v for v in lp.objective if v.hash not in ids]
            if missing:  # objective-only variables (register them as variables() would)
                for v in missing:
                    registry.append(v)
                    ids[v.hash] = v
        cols = list(registry)
        if self.sort_by_name:
            cols.sort(key=attrgetter("name"))
            registry[:] = cols  # same side effect as lp.variables()
        return cols

    # -- build -------------------------------------------------------------------------------
    def buildSolverModel(self, lp):  # type: ignore[no-untyped-def]  # noqa: N802
        inf = highspy.kHighsInf
        cols = self._columns(lp)
        n = len(cols)
        for i, v in enumerate(cols):
            v.index = i

        # columns: bounds (None → ∓inf), cost, integrality
        lower = np.array([v.lowBound for v in cols], dtype=float)  # None → nan
        upper = np.array([v.upBound for v in cols], dtype=float)
        lower[np.isnan(lower)] = -inf
        upper[np.isnan(upper)] = inf
        cost = np.zeros(n)
        obj = lp.objective
        offset = 0.0
        if obj:
            idx = np.fromiter(map(_index_of, obj.keys()), dtype=np.int64, count=len(obj))
            cost[idx] = np.fromiter(obj.values(), dtype=float, count=len(obj))
            offset = float(obj.constant or 0.0)
        if lp.sense == constants.LpMaximize:
            cost = -cost
            offset = -offset
        if self.mip:
            integrality = np.fromiter(
                (v.cat == constants.LpInteger for v in cols), dtype=np.int32, count=n
            )
        else:
            integrality = np.zeros(n, dtype=np.int32)

        # rows: CSR straight from the constraint dicts
        constraints = list(lp._constraints.values())
        m = len(constraints)
        row_lower = np.empty(m)
        row_upper = np.empty(m)
        lengths = np.empty(m, dtype=np.int64)
        idx_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        for i, c in enumerate(constraints):
            expr = getattr(c, "expr", c)  # PuLP 3: LpConstraint wraps an LpAffineExpression
            k = len(expr)
            idx_parts.append(np.fromiter(map(_index_of, expr.keys()), dtype=np.int32, count=k))
            val_parts.append(np.fromiter(expr.values(), dtype=float, count=k))
            lengths[i] = k
            c.index = i
            lb, ub = c.getLb(), c.getUb()
            row_lower[i] = -inf if lb is None else lb
            row_upper[i] = inf if ub is None else ub
        if m:
            index = np.concatenate(idx_parts)
            value = np.concatenate(val_parts)
        else:
            index = np.zeros(0, dtype=np.int32)
            value = np.zeros(0)
        keep = value != 0  # the stock bridge drops explicit zeros
        if not keep.all():
            row_of = np.repeat(np.arange(m), lengths)
            lengths = np.bincount(row_of[keep], minlength=m)
            index, value = index[keep], value[keep]
        start = np.zeros(m, dtype=np.int32)
        if m > 1:
            np.cumsum(lengths[:-1], out=start[1:])

        status = lp.solverModel.passModel(
            n, m, len(value),
            int(highspy.MatrixFormat.kRowwise),
            int(highspy.ObjSense.kMinimize),
            offset,
            cost, lower, upper, row_lower, row_upper,
            start, index.astype(np.int32, copy=False), value,
            integrality,
        )  # fmt: skip
        if status == highspy.HighsStatus.kError:
            raise pulp.PulpSolverError("HiGHS rejected the model passed by FastHiGHS")
        self._cached_columns = cols

    # -- solve / read back -------------------------------------------------------------------
    def actualSolve(self, lp):  # type: ignore[no-untyped-def]  # noqa: N802
        """Stock actualSolve, with lp.variables() answered from the columns built above."""
        self._cached_columns = None
        real = lp.variables

        def variables():  # type: ignore[no-untyped-def]
            cols = self._cached_columns
            return cols if cols is not None else real()

        lp.variables = variables  # instance attribute shadows the method for this solve only
        try:
            return super().actualSolve(lp)  # type: ignore[misc]
        finally:
            del lp.variables
            self._cached_columns = None


if highspy is not None:

    class FastHiGHS(FastHiGHSMixin, pulp.HiGHS):  # type: ignore[misc,valid-type]
        """pulp.HiGHS with the batch bridge."""


# --- comparison script --------------------------------------------------------------------
def _stock_vs_fast(
    n: int, seed: int, mip_time_limit: float | None, repeat: int
) -> dict[str, float]:
    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.synthetic import synthetic_county
    from planner import optimize
    from planner.costing import CostModel

    class Fast(FastHiGHSMixin, optimize._HiGHS):  # type: ignore[misc,valid-type]
        pass

    inp = synthetic_county(n, seed=seed)
    cm = CostModel(inp)
    out: dict[str, float] = {"workloads": n}
    lps = {}
    for name, cls in (("stock", optimize._HiGHS), ("fast", Fast)):
        best = float("inf")
        for _ in range(repeat):
            bm = optimize.build_model(cm)
            lp = bm.prob
            solver = cls(msg=False, threads=1)
            wasNone, dummy = lp.fixObjective()
            solver.createAndConfigureSolver(lp)
            t = time.perf_counter()
            solver.buildSolverModel(lp)
            best = min(best, time.perf_counter() - t)
            lp.restoreObjective(wasNone, dummy)
        out[f"bridge_{name}"] = best
        h = lp.solverModel
        h.ensureColwise()
        lps[name] = h.getLp()
        out[f"cols_{name}"] = lps[name].num_col_
        out[f"rows_{name}"] = lps[name].num_row_
        out[f"nnz_{name}"] = h.getNumNz()
        # a full solve_model through each bridge: LP relaxation (deterministic) …
        bm = optimize.build_model(cm)
        eng = cls(msg=False, threads=1, mip=False)
        t = time.perf_counter()
        bm.prob.solve(eng)
        out[f"lp_solve_wall_{name}"] = time.perf_counter() - t
        out[f"lp_own_{name}"] = bm.prob.solverModel.getRunTime()
        out[f"lp_obj_{name}"] = pulp.value(bm.prob.objective)
        out[f"lp_iters_{name}"] = bm.prob.solverModel.getInfo().simplex_iteration_count
        # … and the MIP with the planner's settings
        if mip_time_limit is not None:
            bm = optimize.build_model(cm)
            eng = cls(msg=False, threads=1, gapRel=optimize.MIP_REL_GAP, timeLimit=mip_time_limit)
            t = time.perf_counter()
            bm.prob.solve(eng)
            out[f"mip_solve_wall_{name}"] = time.perf_counter() - t
            out[f"mip_own_{name}"] = bm.prob.solverModel.getRunTime()
            out[f"mip_obj_{name}"] = pulp.value(bm.prob.objective)
            out[f"mip_status_{name}"] = pulp.LpStatus[bm.prob.status]
            x = np.array([v.varValue or 0.0 for v in bm.x])
            out[f"mip_x_{name}"] = x  # type: ignore[assignment]
    a, b = lps["stock"], lps["fast"]
    same = (
        a.num_col_ == b.num_col_
        and a.num_row_ == b.num_row_
        and np.array_equal(a.col_cost_, b.col_cost_)
        and np.array_equal(a.col_lower_, b.col_lower_)
        and np.array_equal(a.col_upper_, b.col_upper_)
        and np.array_equal(a.row_lower_, b.row_lower_)
        and np.array_equal(a.row_upper_, b.row_upper_)
        and list(a.integrality_) == list(b.integrality_)
        and a.a_matrix_.format_ == b.a_matrix_.format_
        and np.array_equal(a.a_matrix_.start_, b.a_matrix_.start_)
        and np.array_equal(a.a_matrix_.index_, b.a_matrix_.index_)
        and np.array_equal(a.a_matrix_.value_, b.a_matrix_.value_)
    )
    out["same_model"] = float(same)
    if "mip_x_stock" in out:
        out["same_mip_x"] = float(np.array_equal(out.pop("mip_x_stock"), out.pop("mip_x_fast")))  # type: ignore[arg-type]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="stock vs batch PuLP→HiGHS bridge")
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=2, help="bridge timings: best of N")
    ap.add_argument("--mip-time-limit", type=float, default=None,
                    help="also solve the MIP through both bridges with this limit (s)")  # fmt: skip
    args = ap.parse_args(argv)
    for n in args.sizes:
        r = _stock_vs_fast(n, args.seed, args.mip_time_limit, args.repeat)
        print(
            f"n={n:>6,}: cols={r['cols_stock']:,.0f} rows={r['rows_stock']:,.0f} nnz={r['nnz_stock']:,.0f} | "
            f"bridge stock {r['bridge_stock']:.3f}s  fast {r['bridge_fast']:.3f}s  "
            f"({r['bridge_stock'] / r['bridge_fast']:.1f}×) | same model: "
            f"{bool(r['same_model'])}"
        )
        print(
            f"          LP relaxation via solve(): stock wall {r['lp_solve_wall_stock']:.3f}s (own {r['lp_own_stock']:.3f}s)"
            f"  fast wall {r['lp_solve_wall_fast']:.3f}s (own {r['lp_own_fast']:.3f}s); obj {r['lp_obj_stock']:,.4f}"
            f" vs {r['lp_obj_fast']:,.4f}; iters {r['lp_iters_stock']} vs {r['lp_iters_fast']}"
        )
        if "mip_obj_stock" in r:
            print(
                f"          MIP: stock wall {r['mip_solve_wall_stock']:.2f}s (own {r['mip_own_stock']:.2f}s) "
                f"{r['mip_status_stock']} {r['mip_obj_stock']:,.2f} | fast wall {r['mip_solve_wall_fast']:.2f}s "
                f"(own {r['mip_own_fast']:.2f}s) {r['mip_status_fast']} {r['mip_obj_fast']:,.2f} | "
                f"same x: {bool(r.get('same_mip_x'))}"
            )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
