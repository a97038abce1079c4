"""The rule registry (planner/rules.py): one description per rule that the code loops over."""

from __future__ import annotations

from dataclasses import fields

import pytest

from planner.build import MODEL_FUNCTIONS
from planner.milp import ModelOptions
from planner.model import Policy
from planner.rules import (
    MODEL_RULES,
    POLICY_RULES,
    RULE_LABELS,
    RULES,
    USER_RULE_KEYS,
    Relax,
    capacity_key,
    capacity_platform,
    least_budget,
    policy_defaults,
    policy_from_values,
    policy_values,
    round_budget,
    rule,
    rule_name,
)


def test_every_policy_field_has_one_rule_with_its_default() -> None:
    assert {f.name for f in fields(Policy)} == {r.field for r in POLICY_RULES}
    assert policy_from_values(policy_defaults()) == Policy()
    assert policy_defaults() == {f.name: getattr(Policy(), f.name) for f in fields(Policy)}


def test_model_functions_and_option_flags_exist() -> None:
    names = {f.name for f in fields(ModelOptions)}
    for r in MODEL_RULES:
        assert callable(MODEL_FUNCTIONS.get(r.model_function or "")), r.key
        assert r.option in names, r.key


def test_is_active_matches_the_rule_semantics() -> None:
    p = Policy()
    assert not any(r.is_active(p) for r in POLICY_RULES if r.key != "sensitive_data_private")
    assert rule("sensitive_data_private").is_active(p)
    tight = Policy(budget_annual=1.0, min_xinchuang_share=0.3, max_vendor_share=0.4, min_vendors=2)
    assert {r.key for r in POLICY_RULES if r.is_active(tight)} == {
        "budget_annual",
        "min_xinchuang_share",
        "max_vendor_share",
        "min_vendors",
        "sensitive_data_private",
    }
    for r in POLICY_RULES:
        if r.relax is not Relax.NONE:
            assert not r.is_active(r.switched_off(tight)), r.key


def test_policy_from_values_coerces_and_rejects_unknown_keys() -> None:
    pol = policy_from_values({"min_vendors": "3", "budget_annual": None, "horizon_years": 5})
    assert pol.min_vendors == 3 and isinstance(pol.min_vendors, int)
    assert pol.budget_annual is None and pol.horizon_years == 5.0
    # None where a rule has no "none" value keeps the base value instead of breaking the policy
    assert policy_from_values({"max_vendor_share": None}).max_vendor_share == 1.0
    with pytest.raises(KeyError):
        policy_from_values({"budget": 1})
    values = policy_values(Policy(budget_annual=2e6, min_vendors=3), USER_RULE_KEYS)
    assert list(values) == list(USER_RULE_KEYS) and values["budget_annual"] == 2e6


def test_labels_and_capacity_keys_come_from_the_registry() -> None:
    assert RULE_LABELS["max_vendor_share"] == ("单一供应商最高占比", "maximum vendor share")
    assert set(RULE_LABELS) == {r.key for r in RULES}
    key = capacity_key("天翼云", "甲")
    assert rule(key).key == "capacity" and capacity_platform(key) == ("天翼云", "甲")
    assert (
        rule_name(key) == "平台 天翼云/甲 的容量"
        and rule_name(key).en == "capacity of platform 天翼云/甲"
    )
    with pytest.raises(KeyError):
        rule("no_such_rule")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (4_813_361.66, 4_814_000.0),
        (4_813_000.0, 4_813_000.0),
        (4_813_000.0000004, 4_813_000.0),
        (1.0, 1000.0),
        (0.0, 0.0),
    ],
)
def test_suggested_budget_rounds_up_to_whole_thousands(amount: float, expected: float) -> None:
    assert round_budget(amount) == expected


def test_least_budget_rounds_up_to_the_fen() -> None:
    assert least_budget(33.333) == 33.34
    assert least_budget(36060.000000001) == 36060.0
