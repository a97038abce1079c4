"""Every rule of the registry (planner.rules) is built, checked in the workbook, diagnosed,
relaxed and priced: a new rule family that misses one of these fails here.

Each check looks at what the rule does, not at the registry's own words: a built rule adds rows
to the model when it is active, a relaxable rule has a way to find its least relaxation in
planner.diagnose, a priced rule is re-solved by the analysis, a policy rule that a plan can break
has a line in the plan workbook's 约束核查 sheet.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from data.plan_writer import write_plan_workbook
from data.samples import sample_county
from planner.build import MODEL_FUNCTIONS, build_model
from planner.costing import CostModel
from planner.diagnose import RELAXERS
from planner.milp import ModelOptions
from planner.optimize import solve
from planner.rules import (
    MODEL_RULES,
    POLICY_RULES,
    PRICED_RULES,
    RELAXABLE_RULES,
    RULES,
    SYSTEM_RULE_KEYS,
    YEAR_RULES,
    Relax,
)
from planner.years import MODEL_FUNCTIONS as YEAR_MODEL_FUNCTIONS
from planner.years import YEAR_FUNCTIONS, system_paths


@pytest.fixture(scope="module")
def county():  # type: ignore[no-untyped-def]
    return sample_county()


def test_every_model_rule_has_its_function() -> None:
    for r in MODEL_RULES:
        assert r.model_function in MODEL_FUNCTIONS, r.key
        assert r.option is not None and hasattr(ModelOptions(), r.option), r.key
    for r in YEAR_RULES:
        named = YEAR_MODEL_FUNCTIONS | {"system_paths": system_paths}
        assert r.model_function in named, r.key
        assert r.option is None or r.option in YEAR_FUNCTIONS, r.key


def test_every_active_policy_rule_adds_rows(county) -> None:  # type: ignore[no-untyped-def]
    """Switching a rule's option off removes rows from the sample county's model."""
    cm = CostModel(county)
    full = build_model(cm).model.num_row
    checked = 0
    for r in RELAXABLE_RULES:
        if not r.is_active(county.policy):
            continue
        assert r.option is not None
        fewer = build_model(cm, options=ModelOptions(**{r.option: False})).model.num_row
        assert fewer < full, r.key
        checked += 1
    assert checked >= 4  # budget, 信创 share, vendor share, minimum vendors are set in the sample


def test_every_relaxable_rule_is_diagnosed_and_relaxed() -> None:
    for r in RULES:
        if r.relax in (Relax.RAISE, Relax.LOWER) and r.field is not None:
            assert r in RELAXABLE_RULES, r.key
            assert r.key in RELAXERS, r.key  # an exact least relaxation (else a bisection)
    assert "capacity" in RELAXERS


def test_every_priced_rule_is_priced() -> None:
    for r in RULES:
        if r.priced:
            assert r.key in PRICED_RULES or r.key in SYSTEM_RULE_KEYS, r.key
            if r.key in PRICED_RULES:
                off = r.switched_off(replace(POLICY_RULES[0].switched_off(sample_county().policy)))
                assert not r.is_active(off), r.key


def test_every_breakable_rule_is_checked_in_the_workbook(county, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """约束核查's policy section has one line per active rule a plan can break (each vendor's
    share and each platform's capacity as lines of their own below it)."""
    plan = solve(county)
    path = write_plan_workbook(plan, tmp_path / "plan.xlsx", inp=county)
    ws = openpyxl.load_workbook(path)["约束核查"]
    first = [row[0].value for row in ws.iter_rows(max_col=1)]
    start = first.index("规则") + 1
    lines = []
    for value in first[start:]:
        if value is None:
            break
        text = str(value)
        if not text.startswith(("\u3000", "平台容量", "采购清单合计")):  # not a policy rule's line
            lines.append(text)
    breakable = [r for r in POLICY_RULES if r.plan_metric is not None]
    assert len(lines) == len([r for r in breakable if r.is_active(county.policy)]) == 4
