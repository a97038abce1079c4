"""A neutral sparse MILP builder: columns and rows as NumPy arrays, handed to a solver in one go.

Every constraint family of the planner writes into a :class:`SparseModel` (planner.optimize's
``add_*`` functions; later model families reuse the same API). From it

* :meth:`SparseModel.pass_to_highs` gives HiGHS the whole model in one ``Highs.passModel``
  call (CSR rows, like linopy), no per-row Python objects on the hot path;
* :meth:`SparseModel.to_pulp` builds the same model as a PuLP problem, for CBC and for anyone
  who wants to read it (:meth:`SparseModel.write_lp`, ``yunce plan --write-lp FILE``).

Rows are added in coordinate form, vectorised: ``add_rows(row, col, val, lower, upper)`` with
one entry per nonzero (``row`` numbers the new rows 0..n-1); entries for the same (row, col) are
summed. A row's bounds are ``lower <= a·x <= upper`` with ``±inf`` for a missing side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np

INF = math.inf


@dataclass
class _ColumnBlock:
    prefix: str
    start: int
    count: int
    single: bool
    """True for one named column (its name is the prefix itself)."""


@dataclass
class SparseModel:
    """Columns (bounds, costs, integrality) and CSR rows of a MILP, minimised or maximised."""

    name: str = "yunce_plan"
    maximize: bool = False
    offset: float = 0.0
    _lower: list[np.ndarray] = field(default_factory=list)
    _upper: list[np.ndarray] = field(default_factory=list)
    _cost: list[np.ndarray] = field(default_factory=list)
    _integer: list[np.ndarray] = field(default_factory=list)
    _blocks: list[_ColumnBlock] = field(default_factory=list)
    num_col: int = 0
    # rows, stored as blocks of COO entries (already sorted by row within a block)
    _row_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    _row_lower: list[np.ndarray] = field(default_factory=list)
    _row_upper: list[np.ndarray] = field(default_factory=list)
    _row_names: list[tuple[str, Sequence[str] | None, int]] = field(default_factory=list)
    num_row: int = 0
    _csr: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    choice_groups: list[np.ndarray] = field(default_factory=list)
    """Groups of binary columns of which the rows make exactly one 1 (a volume tier's intervals,
    planner.terms.tier_rows): a solver may solve the model once per choice instead
    (planner.solvers.run_highs_by_choice)."""

    # --- columns ---------------------------------------------------------------------------
    def add_columns(
        self,
        count: int,
        lower: float | np.ndarray = 0.0,
        upper: float | np.ndarray = INF,
        cost: float | np.ndarray = 0.0,
        integer: bool = False,
        prefix: str = "x",
    ) -> np.ndarray:
        """Add count columns named ``{prefix}_{i}``; returns their indices."""
        start = self.num_col
        self._lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)).copy())
        self._upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)).copy())
        self._cost.append(np.broadcast_to(np.asarray(cost, dtype=float), (count,)).copy())
        self._integer.append(np.full(count, bool(integer)))
        self._blocks.append(_ColumnBlock(prefix, start, count, single=False))
        self.num_col += count
        return np.arange(start, start + count)

    def add_column(
        self,
        name: str,
        lower: float = 0.0,
        upper: float = INF,
        cost: float = 0.0,
        integer: bool = False,
    ) -> int:
        """Add one column called name; returns its index."""
        idx = int(self.add_columns(1, lower, upper, cost, integer, prefix=name)[0])
        self._blocks[-1].single = True
        return idx

    def add_choice_group(self, cols: Sequence[int] | np.ndarray) -> None:
        """Record binaries of which the model's rows already make exactly one equal to 1."""
        self.choice_groups.append(np.asarray(cols, dtype=np.int64))

    def set_objective(
        self, cols: np.ndarray, vals: np.ndarray | float, maximize: bool = False
    ) -> None:
        """Objective = Σ vals·x[cols] (other columns 0), minimised unless maximize."""
        cost = np.zeros(self.num_col)
        np.add.at(
            cost,
            np.asarray(cols, dtype=np.int64),
            np.broadcast_to(np.asarray(vals, dtype=float), np.shape(cols)),
        )
        parts, start = [], 0
        for block in self._blocks:
            parts.append(cost[start : start + block.count])
            start += block.count
        self._cost = parts
        self.maximize = maximize

    @property
    def col_cost(self) -> np.ndarray:
        return np.concatenate(self._cost) if self._cost else np.zeros(0)

    @property
    def col_lower(self) -> np.ndarray:
        return np.concatenate(self._lower) if self._lower else np.zeros(0)

    @property
    def col_upper(self) -> np.ndarray:
        return np.concatenate(self._upper) if self._upper else np.zeros(0)

    @property
    def integrality(self) -> np.ndarray:
        return np.concatenate(self._integer) if self._integer else np.zeros(0, dtype=bool)

    def col_names(self) -> list[str]:
        names: list[str] = []
        for b in self._blocks:
            names.extend([b.prefix] if b.single else (f"{b.prefix}_{i}" for i in range(b.count)))
        return names

    # --- rows ------------------------------------------------------------------------------
    def add_rows(
        self,
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray | float,
        lower: float | np.ndarray,
        upper: float | np.ndarray,
        names: str | Sequence[str] = "r",
        count: int | None = None,
    ) -> np.ndarray:
        """Add rows from coordinate entries; returns the new rows' indices.

        row[i] ∈ [0, count) numbers the new rows (count defaults to max(row)+1; a row with no
        entry is an empty row ``lower <= 0 <= upper``). names: a prefix (rows ``{prefix}_{i}``)
        or one name per row.
        """
        row = np.asarray(row, dtype=np.int64)
        col = np.asarray(col, dtype=np.int64)
        val = np.broadcast_to(np.asarray(val, dtype=float), row.shape)
        n = int(count if count is not None else (row.max() + 1 if len(row) else 0))
        order = np.argsort(row, kind="stable")
        self._row_parts.append((row[order] + self.num_row, col[order], np.array(val[order])))
        self._row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (n,)).copy())
        self._row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (n,)).copy())
        if isinstance(names, str):
            self._row_names.append((names, None, n))
        else:
            if len(names) != n:
                raise ValueError("one name per row")
            self._row_names.append(("", list(names), n))
        start = self.num_row
        self.num_row += n
        self._csr = None
        return np.arange(start, start + n)

    def add_row(
        self, cols: np.ndarray, vals: np.ndarray | float, lower: float, upper: float, name: str
    ) -> int:
        """Add one row ``lower <= Σ vals·x[cols] <= upper`` called name."""
        cols = np.asarray(cols, dtype=np.int64)
        return int(
            self.add_rows(
                np.zeros(len(cols), dtype=np.int64), cols, vals, lower, upper, [name], count=1
            )[0]
        )

    @property
    def row_lower(self) -> np.ndarray:
        return np.concatenate(self._row_lower) if self._row_lower else np.zeros(0)

    @property
    def row_upper(self) -> np.ndarray:
        return np.concatenate(self._row_upper) if self._row_upper else np.zeros(0)

    def row_names(self) -> list[str]:
        out: list[str] = []
        for prefix, names, n in self._row_names:
            out.extend(names if names is not None else (f"{prefix}_{i}" for i in range(n)))
        return out

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(start, index, value) of the row-wise matrix; duplicate entries summed, zeros dropped."""
        if self._csr is None:
            if self._row_parts:
                r = np.concatenate([p[0] for p in self._row_parts])
                c = np.concatenate([p[1] for p in self._row_parts])
                v = np.concatenate([p[2] for p in self._row_parts])
            else:
                r = c = np.zeros(0, dtype=np.int64)
                v = np.zeros(0)
            # blocks are appended in row order and sorted within: r is already non-decreasing
            if len(r) > 1:
                key = r * max(self.num_col, 1) + c
                if np.any(np.diff(key) <= 0):  # unsorted columns or duplicates within a row
                    order = np.argsort(key, kind="stable")
                    r, c, v, key = r[order], c[order], v[order], key[order]
                    first = np.concatenate(([True], np.diff(key) != 0))
                    if not first.all():
                        group = np.cumsum(first) - 1
                        v = np.bincount(group, weights=v)
                        r, c = r[first], c[first]
            keep = v != 0
            if not keep.all():
                r, c, v = r[keep], c[keep], v[keep]
            start = np.zeros(self.num_row + 1, dtype=np.int64)
            np.cumsum(np.bincount(r, minlength=self.num_row), out=start[1:])
            self._csr = (start, c, v)
        return self._csr

    @property
    def num_nz(self) -> int:
        return int(len(self.csr()[1]))

    # --- HiGHS -----------------------------------------------------------------------------
    def highs_payload(self, integral: bool = True) -> dict[str, Any]:
        """The passModel arguments as plain arrays (picklable: a solve in a child process)."""
        start, index, value = self.csr()
        inf = highspy.kHighsInf
        sense = highspy.ObjSense.kMaximize if self.maximize else highspy.ObjSense.kMinimize
        return {
            "num_col": self.num_col,
            "num_row": self.num_row,
            "sense": int(sense),
            "offset": float(self.offset),
            "cost": self.col_cost,
            "lower": np.where(np.isinf(self.col_lower), -inf, self.col_lower),
            "upper": np.where(np.isinf(self.col_upper), inf, self.col_upper),
            "row_lower": np.where(np.isinf(self.row_lower), -inf, self.row_lower),
            "row_upper": np.where(np.isinf(self.row_upper), inf, self.row_upper),
            "start": start[:-1].astype(np.int32),
            "index": index.astype(np.int32),
            "value": value,
            "integrality": (
                self.integrality.astype(np.int32)
                if integral
                else np.zeros(self.num_col, dtype=np.int32)
            ),
        }

    def pass_to_highs(self, h: highspy.Highs, integral: bool = True) -> None:
        """Hand the whole model to a ``highspy.Highs`` in one passModel call."""
        self.pass_payload_to_highs(h, self.highs_payload(integral))

    @staticmethod
    def pass_payload_to_highs(h: highspy.Highs, p: dict[str, Any]) -> None:
        """Hand a :meth:`highs_payload` to a ``highspy.Highs`` in one passModel call."""
        status = h.passModel(
            p["num_col"],
            p["num_row"],
            len(p["value"]),
            int(highspy.MatrixFormat.kRowwise),
            p["sense"],
            p["offset"],
            p["cost"],
            p["lower"],
            p["upper"],
            p["row_lower"],
            p["row_upper"],
            p["start"],
            p["index"],
            p["value"],
            p["integrality"],
        )
        if status == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the model")

    # --- PuLP ------------------------------------------------------------------------------
    def to_pulp(self) -> tuple[Any, list[Any]]:
        """The same model as a ``pulp.LpProblem``; returns (problem, variables by column)."""
        prob, xs, _ = self._pulp_problem()
        return prob, xs

    def _pulp_problem(self) -> tuple[Any, list[Any], dict[str, Any]]:
        """(problem, variables by column, constraints by name) of :meth:`to_pulp`."""
        import pulp  # CBC and LP text only: the HiGHS plan does not pay for importing PuLP

        rows: dict[str, Any] = {}

        def add(constraint: Any) -> None:
            prob.addConstraint(constraint)
            rows[constraint.name] = constraint

        prob = pulp.LpProblem(self.name, pulp.LpMaximize if self.maximize else pulp.LpMinimize)
        lo, up, integ = self.col_lower, self.col_upper, self.integrality
        names = self.col_names()
        xs = [
            prob.add_variable(
                names[i],
                None if math.isinf(lo[i]) else float(lo[i]),
                None if math.isinf(up[i]) else float(up[i]),
                cat=pulp.LpInteger if integ[i] else pulp.LpContinuous,
            )
            for i in range(self.num_col)
        ]
        start, index, value = self.csr()
        idx, val = index.tolist(), value.tolist()
        rlo, rup = self.row_lower, self.row_upper
        for i, name in enumerate(self.row_names()):
            a, b = int(start[i]), int(start[i + 1])
            expr = pulp.LpAffineExpression([(xs[idx[k]], val[k]) for k in range(a, b)])
            lo_i, up_i = float(rlo[i]), float(rup[i])
            if lo_i == up_i:
                add(pulp.LpConstraint(expr, pulp.LpConstraintEQ, name, lo_i))
                continue
            if not math.isinf(up_i):
                suffix = "" if math.isinf(lo_i) else "_ub"
                add(pulp.LpConstraint(expr, pulp.LpConstraintLE, name + suffix, up_i))
            if not math.isinf(lo_i):
                suffix = "" if math.isinf(up_i) else "_lb"
                expr2 = expr if math.isinf(up_i) else expr.copy()
                add(pulp.LpConstraint(expr2, pulp.LpConstraintGE, name + suffix, lo_i))
        cost = self.col_cost
        nz = np.nonzero(cost)[0]
        obj = pulp.LpAffineExpression([(xs[k], float(cost[k])) for k in nz], constant=self.offset)
        prob.setObjective(obj)
        return prob, xs, rows

    def lp_text(self) -> str:
        """The model as CPLEX LP text, as PuLP writes it (PuLP names rows and columns; the
        caller writes the file: the planner touches no files)."""
        import pulp  # CBC and LP text only: the HiGHS plan does not pay for importing PuLP

        prob, _, rows = self._pulp_problem()
        out = [f"\\* {prob.name} *\\\n", "Minimize\n" if prob.sense == 1 else "Maximize\n"]
        was_none, dummy = prob.fixObjective()
        assert prob.objective is not None
        out.append(
            prob.objective.asCplexLpAffineExpression(
                prob.objective.name or "OBJ", include_constant=False
            )
        )
        out.append("Subject To\n")
        dummy_written = False
        for key in sorted(rows):
            constraint = rows[key]
            if not list(constraint.keys()):  # an empty row: PuLP's dummy variable, fixed at 0
                dummy_var = prob.get_dummyVar()
                constraint += dummy_var
                if not dummy_written:
                    out.append((dummy_var == 0.0).asCplexLpConstraint("_dummy"))
                    dummy_written = True
            out.append(constraint.asCplexLpConstraint(key))
        variables = prob.variables()
        bounded = [
            v
            for v in variables
            if not (v.isPositive() and v.cat == pulp.LpContinuous) and not v.isBinary()
        ]
        if bounded:
            out.append("Bounds\n")
            out += [f" {v.asCplexLpVariable()}\n" for v in bounded]
        generals = [v for v in variables if v.cat == pulp.LpInteger and not v.isBinary()]
        if generals:
            out.append("Generals\n")
            out += [f"{v.name}\n" for v in generals]
        binaries = [v for v in variables if v.isBinary()]
        if binaries:
            out.append("Binaries\n")
            out += [f"{v.name}\n" for v in binaries]
        out.append("End\n")
        prob.restoreObjective(was_none, dummy)
        return "".join(out)
