"""The rule registry: every rule (约束) a plan obeys, described once.

Each :class:`Rule` says what the rule is called (Chinese first, English carried along), which
:class:`~planner.model.Policy` field (and, in a year plan, which year column) holds its value,
the default, the kind of value, the function of planner.build or planner.terms that writes its
rows for every year, which way relaxing it goes and how (planner.diagnose), and whether the
analysis prices it.
The optimiser, the diagnosis, the analysis, the readers, the project file and the rules page
loop over :data:`RULES` instead of spelling the rule names out; adding a rule means adding it
here and writing its model function.

Each entry is one rule family for every plan year: a plain workbook's one year and a
年度计划's years alike (``year_field`` names a year plan's per-year value, ``year_key`` its name
in the year diagnosis and analysis). Entries that are not a Policy field's constraint family:

* ``horizon_years`` is a parameter (one-time costs are spread over it), never violated;
* ``capacity`` is per platform (``Platform.capacity_vcpu``); its diagnosis keys are
  ``capacity:<vendor>/<platform>`` (:func:`capacity_key`), and :func:`rule` resolves them;
* ``max_moves``, ``max_move_vcpu`` (per-year rows), ``system_years`` and ``move_once`` (which
  routes a system has) exist only in a year plan;
* the commercial terms are part of the price, never relaxed; the per-system rules (指定规则)
  are keyed ``system_rule:<i>`` one by one.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from planner.labels import pct, yuan
from planner.model import (
    BUDGET_ROUNDING,
    Plan,
    Policy,
    SystemRule,
    SystemRuleKind,
    least_budget,
    round_budget,
)
from planner.text import Msg, bi

SYSTEM_RULE_LABELS: dict[SystemRuleKind, Msg] = {
    SystemRuleKind.PIN: Msg("固定到", "pinned to"),
    SystemRuleKind.FORBID: Msg("禁止", "forbidden on"),
    SystemRuleKind.SAME_PLATFORM: Msg("同平台", "same platform"),
    SystemRuleKind.DIFFERENT_VENDOR: Msg("不同供应商", "different vendors"),
    SystemRuleKind.NO_PUBLIC: Msg("不上公有云", "not on public cloud"),
}


def system_rule_text(r: SystemRule) -> Msg:
    """'固定 协同办公OA 到 移动云/政务云' and the like."""
    systems = Msg("、".join(r.systems), ", ".join(r.systems))
    where = Msg(f"{r.vendor}/{r.platform}" if r.platform else (r.vendor or ""))
    if r.kind is SystemRuleKind.PIN:
        return bi("固定 {s} 到 {p}", "pin {s} to {p}", s=systems, p=where)
    if r.kind is SystemRuleKind.FORBID:
        return bi("禁止 {s} 使用 {p}", "keep {s} off {p}", s=systems, p=where)
    if r.kind is SystemRuleKind.SAME_PLATFORM:
        return bi("{s} 同平台", "{s} on one platform", s=systems)
    if r.kind is SystemRuleKind.DIFFERENT_VENDOR:
        return bi("{s} 不同供应商", "{s} on different vendors", s=systems)
    return bi("{s} 不上公有云", "{s} not on public cloud", s=systems)


class ValueKind(enum.StrEnum):
    """What kind of value a rule takes (drives parsing, formatting and input widgets)."""

    MONEY = "money"
    """元 per year; may be None (no cap) where the rule allows it."""
    SHARE = "share"
    """A fraction 0–1, shown as a percentage."""
    INT = "int"
    """A whole number."""
    BOOL = "bool"
    """On/off."""
    YEARS = "years"
    """A positive number of years."""
    VCPU = "vcpu"
    """vCPU (platform capacity)."""


class Acts(enum.StrEnum):
    """How a rule acts on the plan model (planner.build)."""

    ROWS = "rows"
    """A family of rows (model_function writes them for every year)."""
    ROUTES = "routes"
    """Which routes a system has (contracts, retirements, moving once: planner.build.system_routes)."""
    ELIGIBILITY = "eligibility"
    """Which platforms a system may use at all (planner.costing)."""
    PARAMETER = "parameter"
    """A parameter of the costs, never broken (the horizon)."""


class Relax(enum.StrEnum):
    """Which way a rule's value moves to make a plan easier to find."""

    RAISE = "raise"
    """A larger value is looser (a cap: budget, vendor share, capacity)."""
    LOWER = "lower"
    """A smaller value is looser (a floor: 信创 share, minimum vendors)."""
    SWITCH_OFF = "switch_off"
    """Only switching it off loosens it (a yes/no rule)."""
    NONE = "none"
    """Not a constraint (a parameter such as the horizon)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the policy and everything the code needs to know about it."""

    key: str
    """Rule key; for Policy rules the Policy field name (budget_annual, …), else 'capacity'."""
    label: Msg
    """Display name, Chinese with the English carried (planner.text.Msg)."""
    field: str | None
    """Policy field holding the value; None for capacity (a platform attribute)."""
    default: Any
    """The Policy default (the value at which the rule imposes nothing, except horizon)."""
    kind: ValueKind
    """Kind of value."""
    model_function: str | None
    """Name of the planner.build/planner.terms function that writes the rule's rows for every year
    (None: not a row family — see ``acts``: eligibility, the routes, or a parameter)."""
    option: str | None
    """Name of the ModelOptions flag that switches the rule's rows on and off."""
    relax: Relax
    """Which way the value is relaxed."""
    off_value: Any = None
    """Value that switches the rule off (imposes nothing); None for budget means 'no cap'."""
    nullable: bool = False
    """True when None is a valid value (budget: no cap)."""
    user_setting: bool = True
    """True when the user sets it on the rules page / 约束 sheet / project file."""
    priced: bool = False
    """True when the analysis prices it by switching it off (budget is never priced)."""
    plan_metric: str | None = None
    """Name of the Plan property the rule bounds (total_annual_cost, xinchuang_share, …); None
    when a plan cannot break it (parameters, eligibility rules, capacity: see is_broken)."""
    cost_term: bool = False
    """True for commercial-term families (planner.terms) that add to the cost: their rows are
    built before the budget and vendor-share rows, which then use the discounted spend."""
    acts: Acts = Acts.ROWS
    """How the rule acts on the model: rows of its family, which routes exist, which platforms a
    system may use, or a parameter."""
    year_field: str | None = None
    """planner.model.YearRow field holding a year plan's per-year value (None: the 约束 value
    holds in every year)."""
    year_key: str | None = None
    """Key of the rule in a year plan's diagnosis and analysis ('year_budget', …; None: key)."""
    year_plan_only: bool = False
    """True for a rule only a 年度计划 has (move caps, move once, the systems' years)."""
    relaxation: str | None = None
    """Name of the least-relaxation search of planner.diagnose (RELAXERS) when not bisection."""
    price_label: Msg | None = None
    """Name of the rule as the analysis prices it, when not its label (both move caps together)."""

    @property
    def year_name(self) -> str:
        """The rule's key in a year plan's diagnosis and analysis."""
        return self.year_key or self.key

    def value(self, policy: Policy) -> Any:
        """The rule's value in policy (None for capacity, which lives on platforms)."""
        return None if self.field is None else getattr(policy, self.field)

    def is_active(self, policy: Policy) -> bool:
        """True when policy imposes the rule (it would change some plan).

        capacity is active when some platform has a capacity (not visible from a policy: True).
        """
        if self.relax is Relax.NONE:
            return False
        if self.field is None:
            return True
        value = self.value(policy)
        if self.key == "budget_annual":
            return value is not None
        if self.relax is Relax.RAISE:  # a cap: active below its off value
            return float(value) < float(self.off_value)
        if self.relax is Relax.LOWER:  # a floor: active above its off value
            return bool(value > self.off_value)
        return bool(value) != bool(self.off_value)

    def is_broken(self, plan: Plan, policy: Policy | None = None) -> bool:
        """True when plan's figures break this rule of policy (default: the plan's policy).

        With the solver's tolerance (1e-9 relative on shares/money); capacity is per platform
        and answered by :func:`broken_rules`.
        """
        policy = policy or plan.policy
        if self.plan_metric is None or not self.is_active(policy):
            return False
        measured = float(getattr(plan, self.plan_metric))
        bound = float(self.value(policy))
        if self.relax is Relax.RAISE:  # a cap
            return measured > bound + 1e-9 * max(1.0, abs(bound)) + (
                1e-6 if self.kind is ValueKind.MONEY else 0.0
            )
        return measured < bound - 1e-9 * max(1.0, abs(bound))

    def switched_off(self, policy: Policy) -> Policy:
        """policy with this rule imposing nothing."""
        if self.field is None or self.relax is Relax.NONE:
            raise KeyError(f"rule {self.key} cannot be switched off in a policy")
        return replace(policy, **{self.field: self.off_value})

    def with_value(self, policy: Policy, value: Any) -> Policy:
        """policy with this rule's value set (coerced to its kind)."""
        if self.field is None:
            raise KeyError(f"rule {self.key} is not a policy field")
        return replace(policy, **{self.field: self.coerce(value)})

    def coerce(self, value: Any) -> Any:
        """value as this rule's Python type (None kept only when nullable; else the default)."""
        if value is None:
            return None if self.nullable else self.default
        if self.kind is ValueKind.INT:
            return int(value)
        if self.kind is ValueKind.BOOL:
            return bool(value)
        return float(value)

    def value_text(self, value: Any) -> Msg:
        """The value for messages: ¥1,234.00 / 35.0% / 3 家 / 是."""
        if value is None:
            return Msg("不设上限", "no cap") if self.nullable else Msg("")
        if self.kind is ValueKind.MONEY:
            return Msg(yuan(float(value)))
        if self.kind is ValueKind.SHARE:
            return Msg(pct(float(value)))
        if self.kind is ValueKind.INT:
            return bi("{n} 家", "{n}", n=int(value))
        if self.kind is ValueKind.BOOL:
            return Msg("是", "yes") if value else Msg("否", "no")
        if self.kind is ValueKind.YEARS:
            return bi("{n:g} 年", "{n:g} years", n=float(value))
        return Msg(f"{float(value):g} vCPU")


RULES: tuple[Rule, ...] = (
    Rule(
        "budget_annual",
        Msg("年度预算", "annual budget"),
        "budget_annual",
        None,
        ValueKind.MONEY,
        "add_budget_limit",
        "budget",
        Relax.RAISE,
        off_value=None,
        nullable=True,
        plan_metric="total_annual_cost",
        year_field="budget",
        year_key="year_budget",
        relaxation="least_budget",
    ),
    Rule(
        "horizon_years",
        Msg("规划年限", "planning horizon"),
        "horizon_years",
        3.0,
        ValueKind.YEARS,
        None,
        None,
        Relax.NONE,
        off_value=3.0,
        acts=Acts.PARAMETER,
    ),
    Rule(
        "min_xinchuang_share",
        Msg("信创最低占比", "minimum 信创 share"),
        "min_xinchuang_share",
        0.0,
        ValueKind.SHARE,
        "add_xinchuang_share",
        "xinchuang_share",
        Relax.LOWER,
        off_value=0.0,
        priced=True,
        plan_metric="xinchuang_share",
        year_field="min_xinchuang_share",
        year_key="year_xinchuang_share",
        relaxation="most_xinchuang",
    ),
    Rule(
        "max_vendor_share",
        Msg("单一供应商最高占比", "maximum vendor share"),
        "max_vendor_share",
        1.0,
        ValueKind.SHARE,
        "add_vendor_share_limits",
        "vendor_share",
        Relax.RAISE,
        off_value=1.0,
        priced=True,
        plan_metric="max_vendor_share",
        year_key="year_vendor_share",
        relaxation="bisect",
    ),
    Rule(
        "min_vendors",
        Msg("最少供应商数", "minimum number of vendors"),
        "min_vendors",
        1,
        ValueKind.INT,
        "add_min_vendors",
        "min_vendors",
        Relax.LOWER,
        off_value=1,
        priced=True,
        plan_metric="vendors_used",
        year_key="year_min_vendors",
        relaxation="most_vendors",
    ),
    Rule(
        "sensitive_data_private",
        Msg("核心/重要数据上私有云", "core/important data on private cloud"),
        "sensitive_data_private",
        True,
        ValueKind.BOOL,
        None,
        None,
        Relax.SWITCH_OFF,
        off_value=False,
        user_setting=False,
        priced=True,
        acts=Acts.ELIGIBILITY,
    ),
    Rule(
        "capacity",
        Msg("平台容量", "platform capacity"),
        None,
        None,
        ValueKind.VCPU,
        "add_capacity_limits",
        "capacity",
        Relax.RAISE,
        year_key="year_capacity",
        relaxation="least_capacity",
    ),
    # a year plan's own rules (年度计划): per-year move caps, and the rules that shape the routes
    Rule(
        "max_moves",
        Msg("最多迁移系统数", "most systems moved"),
        None,
        None,
        ValueKind.INT,
        "add_move_caps",
        "move_caps",
        Relax.RAISE,
        user_setting=False,
        priced=True,
        year_field="max_moves",
        year_plan_only=True,
        price_label=Msg("年度迁移上限", "yearly move caps"),
    ),
    Rule(
        "max_move_vcpu",
        Msg("最多迁移vCPU", "most vCPU moved"),
        None,
        None,
        ValueKind.VCPU,
        "add_move_caps",
        "move_caps",
        Relax.RAISE,
        user_setting=False,
        year_field="max_move_vcpu",
        year_plan_only=True,
    ),
    Rule(
        "system_years",
        Msg("合同到期/最早上云/保持不动/下线年份", "contract end / earliest / keep / retire years"),
        None,
        None,
        ValueKind.INT,
        None,
        None,
        Relax.NONE,
        user_setting=False,
        acts=Acts.ROUTES,
        year_plan_only=True,
    ),
    Rule(
        "move_once",
        Msg("每个系统至多迁移一次", "each system moves at most once"),
        None,
        None,
        ValueKind.BOOL,
        None,
        None,
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        acts=Acts.ROUTES,
        year_plan_only=True,
    ),
    # commercial terms (planner.terms): part of the price, never relaxed
    Rule(
        "volume_tiers",
        Msg("总额阶梯折扣", "volume tier discounts"),
        None,
        None,
        ValueKind.MONEY,
        "add_volume_tiers",
        "terms",
        Relax.NONE,
        user_setting=False,
        cost_term=True,
    ),
    Rule(
        "vendor_minimum",
        Msg("最低消费", "minimum annual commitment"),
        None,
        None,
        ValueKind.MONEY,
        "add_vendor_minimums",
        "terms",
        Relax.NONE,
        user_setting=False,
        cost_term=True,
    ),
    Rule(
        "setup_fees",
        Msg("开通费", "setup fees"),
        None,
        None,
        ValueKind.MONEY,
        "add_setup_fees",
        "terms",
        Relax.NONE,
        user_setting=False,
        cost_term=True,
    ),
    # per-system rules (指定规则 sheet, PlanInput.system_rules); keys per rule: system_rule:<i>
    Rule(
        "pin",
        Msg("固定到", "pinned to a platform"),
        None,
        None,
        ValueKind.BOOL,
        "add_pins",
        "system_rules",
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        relaxation="drop",
    ),
    Rule(
        "forbid",
        Msg("禁止供应商/平台", "forbidden vendor/platform"),
        None,
        None,
        ValueKind.BOOL,
        "add_forbidden",
        "system_rules",
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        relaxation="drop",
    ),
    Rule(
        "no_public",
        Msg("不上公有云", "not on public cloud"),
        None,
        None,
        ValueKind.BOOL,
        "add_no_public",
        "system_rules",
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        relaxation="drop",
    ),
    Rule(
        "same_platform",
        Msg("同平台", "same platform"),
        None,
        None,
        ValueKind.BOOL,
        "add_same_platform",
        "system_rules",
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        relaxation="drop",
    ),
    Rule(
        "different_vendor",
        Msg("不同供应商", "different vendors"),
        None,
        None,
        ValueKind.BOOL,
        "add_different_vendor",
        "system_rules",
        Relax.SWITCH_OFF,
        user_setting=False,
        priced=True,
        relaxation="drop",
    ),
    # what rule('system_rule:<i>') resolves to: one rule of PlanInput.system_rules, relaxed by dropping it
    Rule(
        "system_rule",
        Msg("指定规则", "assignment rule"),
        None,
        None,
        ValueKind.BOOL,
        None,
        None,
        Relax.SWITCH_OFF,
        user_setting=False,
    ),
)
"""Every rule, in the order the rules page, the 约束 sheet and the diagnosis list them."""


_BY_KEY: dict[str, Rule] = {r.key: r for r in RULES}
CAPACITY_PREFIX = "capacity:"

#: Rules stored on Policy fields, in RULES order.
POLICY_RULES: tuple[Rule, ...] = tuple(r for r in RULES if r.field is not None)
#: Policy fields the user sets (rules page, 约束 sheet, project file), in RULES order.
USER_RULE_KEYS: tuple[str, ...] = tuple(r.key for r in POLICY_RULES if r.user_setting)
#: Rules that are MILP row families, in the order build_model adds them (commercial terms first:
#: they define the discounted spend the budget and share rows use; then the registry's order).
MODEL_RULES: tuple[Rule, ...] = tuple(
    sorted((r for r in RULES if r.model_function is not None), key=lambda r: not r.cost_term)
)
#: The order the analysis lists priced rules in: those that are rows, then those that shape the
#: routes, then the eligibility rules (each group in the registry's order).
_ACTS_ORDER = {Acts.ROWS: 0, Acts.ROUTES: 1, Acts.ELIGIBILITY: 2, Acts.PARAMETER: 3}
#: Per-system rule keys (planner.model.SystemRuleKind values), each a registered model family.
SYSTEM_RULE_KEYS: tuple[str, ...] = (
    "pin",
    "forbid",
    "no_public",
    "same_platform",
    "different_vendor",
)
SYSTEM_RULE_PREFIX = "system_rule:"
#: Policy rules the diagnosis relaxes one at a time (capacity keys are added per platform).
RELAXABLE_RULES: tuple[Rule, ...] = tuple(r for r in MODEL_RULES if r.field is not None)
#: Rules the analysis of a plain plan prices by switching them off (per-system rules are priced
#: one by one).
PRICED_RULES: tuple[str, ...] = tuple(
    r.key
    for r in sorted(RULES, key=lambda r: _ACTS_ORDER[r.acts])
    if r.priced and r.key not in SYSTEM_RULE_KEYS and not r.year_plan_only
)
#: Rules the analysis of a year plan prices by switching them off in every year.
YEAR_PRICED_RULES: tuple[str, ...] = tuple(
    r.key
    for r in sorted(RULES, key=lambda r: _ACTS_ORDER[r.acts])
    if r.priced and r.key not in SYSTEM_RULE_KEYS
)


def system_rule_key(i: int) -> str:
    """Diagnosis/analysis key of PlanInput.system_rules[i]: 'system_rule:<i>'."""
    return f"{SYSTEM_RULE_PREFIX}{i}"


def system_rule_index(key: str) -> int:
    """Index into PlanInput.system_rules of a 'system_rule:<i>' key."""
    return int(key[len(SYSTEM_RULE_PREFIX) :])


#: Policy keys a scenario may override.
SCENARIO_KEYS: tuple[str, ...] = tuple(r.key for r in POLICY_RULES)


def capacity_key(vendor: str, platform: str) -> str:
    """Diagnosis key of one platform's capacity: 'capacity:<vendor>/<platform>'."""
    return f"{CAPACITY_PREFIX}{vendor}/{platform}"


def capacity_platform(key: str) -> tuple[str, str]:
    """(vendor, platform) of a 'capacity:<vendor>/<platform>' key."""
    vendor, name = key[len(CAPACITY_PREFIX) :].split("/", 1)
    return vendor, name


def rule(key: str) -> Rule:
    """The rule of a key; 'capacity:<vendor>/<platform>' gives the capacity rule. KeyError if unknown.

    A per-system key 'system_rule:<i>' resolves through :func:`system_rule_of` (it needs the input).
    """
    if key.startswith(CAPACITY_PREFIX):
        return _BY_KEY["capacity"]
    if key.startswith(SYSTEM_RULE_PREFIX):
        return _BY_KEY["system_rule"]
    return _BY_KEY[key]


def rule_name(key: str, inp: Any = None) -> Msg:
    """Name of a rule key for sentences; a capacity key names its platform, a per-system key
    (with the PlanInput) the rule itself: 固定 协同办公OA 到 移动云/政务云."""
    if key.startswith(CAPACITY_PREFIX):
        return bi("平台 {p} 的容量", "capacity of platform {p}", p=key[len(CAPACITY_PREFIX) :])
    if key.startswith(SYSTEM_RULE_PREFIX):
        i = int(key[len(SYSTEM_RULE_PREFIX) :])
        if inp is not None and 0 <= i < len(inp.system_rules):
            return bi(
                "指定规则“{r}”",
                "the assignment rule “{r}”",
                r=system_rule_text(inp.system_rules[i]),
            )
        return bi("第 {n} 条指定规则", "assignment rule {n}", n=i + 1)
    return rule(key).label


def rule_labels() -> dict[str, tuple[str, str]]:
    """key → (中文, English) display names (the shape of planner.labels tables)."""
    return {r.key: (r.label.zh, r.label.en) for r in RULES}


#: Rule key → (中文, English), for planner.labels.label (built from the registry, the one source).
RULE_LABELS: dict[str, tuple[str, str]] = rule_labels()


def policy_defaults(keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Policy field → default value (all Policy rules, or just keys), in RULES order."""
    return {r.key: r.default for r in POLICY_RULES if keys is None or r.key in keys}


def policy_values(policy: Policy, keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Policy field → its value in policy (all Policy rules, or just keys), typed by kind."""
    return {r.key: r.coerce(r.value(policy)) for r in POLICY_RULES if keys is None or r.key in keys}


def policy_from_values(values: Mapping[str, Any], base: Policy | None = None) -> Policy:
    """A Policy from key → value (keys missing, or None where not allowed, take base's/the default).

    Unknown keys raise KeyError so a typo is not silently dropped; values are coerced to the
    rule's kind (int for min_vendors, float for money/shares/years, bool for yes/no rules).
    """
    base = base or Policy()
    changes: dict[str, Any] = {}
    for key, value in values.items():
        r = _BY_KEY.get(key)
        if r is None or r.field is None:
            raise KeyError(f"unknown policy rule {key!r}")
        if value is None and not r.nullable:
            continue
        changes[r.field] = r.coerce(value)
    return replace(base, **changes)


def active_rules(policy: Policy) -> tuple[Rule, ...]:
    """Policy rules that policy imposes (in RULES order; capacity is per platform, left out)."""
    return tuple(r for r in POLICY_RULES if r.is_active(policy))


def platform_loads(plan: Plan) -> dict[tuple[str, str], float]:
    """vCPU the plan places on each platform it uses, by (vendor, platform)."""
    loads: dict[tuple[str, str], float] = {}
    for a in plan.assignments:
        loads[a.platform.key] = loads.get(a.platform.key, 0.0) + a.workload.vcpu
    return loads


def broken_rules(plan: Plan, policy: Policy | None = None) -> list[str]:
    """Keys of the rules of policy (default: the plan's) that plan breaks, registry order, then
    each platform whose capacity it exceeds (capacity:<vendor>/<platform>)."""
    policy = policy or plan.policy
    out = [r.key for r in POLICY_RULES if r.is_broken(plan, policy)]
    loads = platform_loads(plan)
    for a in plan.assignments:
        p = a.platform
        cap = p.capacity_vcpu
        key = capacity_key(p.vendor, p.name)
        if cap is not None and loads[p.key] > cap + 1e-9 * max(1.0, cap) and key not in out:
            out.append(key)
    return out


def _check_registry() -> None:
    names = {f.name for f in fields(Policy)}
    covered = {r.field for r in POLICY_RULES if r.field is not None}
    if names != covered:  # pragma: no cover - a Policy field without a rule is a programming error
        raise RuntimeError(
            f"planner.rules does not describe Policy fields {sorted(names ^ covered)}"
        )
    for r in POLICY_RULES:
        if getattr(Policy(), r.field or "") != r.default:  # pragma: no cover
            raise RuntimeError(f"planner.rules default of {r.key} differs from Policy")


_check_registry()

__all__ = [
    "BUDGET_ROUNDING",
    "CAPACITY_PREFIX",
    "MODEL_RULES",
    "POLICY_RULES",
    "PRICED_RULES",
    "RELAXABLE_RULES",
    "RULE_LABELS",
    "SYSTEM_RULE_LABELS",
    "system_rule_text",
    "RULES",
    "Relax",
    "Rule",
    "SCENARIO_KEYS",
    "SYSTEM_RULE_KEYS",
    "SYSTEM_RULE_PREFIX",
    "system_rule_index",
    "system_rule_key",
    "USER_RULE_KEYS",
    "YEAR_PRICED_RULES",
    "Acts",
    "ValueKind",
    "active_rules",
    "broken_rules",
    "platform_loads",
    "capacity_key",
    "capacity_platform",
    "least_budget",
    "policy_defaults",
    "policy_from_values",
    "policy_values",
    "round_budget",
    "rule",
    "rule_labels",
    "rule_name",
]
