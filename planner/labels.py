"""Display names of domain values and message templates, Chinese first, English available."""

from __future__ import annotations

import math

RESOURCE_LABELS: dict[str, tuple[str, str]] = {
    "vcpu": ("vCPU", "vCPU"),
    "ram_gb": ("内存(GB)", "RAM (GB)"),
    "storage_gb": ("存储(GB)", "storage (GB)"),
    "bandwidth_mbps": ("带宽(Mbps)", "bandwidth (Mbps)"),
    "security_l2": ("等保二级安全服务", "MLPS level-2 security package"),
    "security_l3": ("等保三级安全服务", "MLPS level-3 security package"),
    "security_l4": ("等保四级安全服务", "MLPS level-4 security package"),
    "instance": ("云主机实例", "instance"),
}

DATA_CLASS_LABELS: dict[str, tuple[str, str]] = {
    "core": ("核心", "core"),
    "important": ("重要", "important"),
    "general": ("一般", "general"),
    "public": ("公开", "public"),
}

DEPLOYMENT_LABELS: dict[str, tuple[str, str]] = {
    "private": ("私有云", "private cloud"),
    "public": ("公有云", "public cloud"),
}

PERIOD_LABELS: dict[str, tuple[str, str]] = {"month": ("月", "month"), "year": ("年", "year")}

#: Solvers as their makers spell them (Plan.solver holds the option value: highs, cbc).
SOLVER_LABELS: dict[str, str] = {"highs": "HiGHS", "cbc": "CBC"}


def solver_label(solver: str | None) -> str:
    """HiGHS for 'highs', CBC for 'cbc'; another name as given; '' for none."""
    if not solver:
        return ""
    return SOLVER_LABELS.get(solver.lower(), solver)


def label(table: dict[str, tuple[str, str]], key: str, lang: str = "zh") -> str:
    """Display name of key in lang ('zh' or 'en'); the key itself when unknown."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def yuan(amount: float, lang: str = "zh") -> str:
    """Money for messages: ¥1,234,567.89."""
    return f"¥{amount:,.2f}"


def pct(share: float) -> str:
    """A 0–1 share as a percentage with one decimal."""
    return f"{share * 100:.1f}%"


def pct_down(share: float) -> str:
    """A share rounded *down* to 0.1% – for a suggested minimum that must still be reachable."""
    return f"{math.floor(share * 1000 + 1e-9) / 10:.1f}%"


def pct_up(share: float) -> str:
    """A share rounded *up* to 0.1% – for a suggested maximum that must still be loose enough."""
    return f"{math.ceil(share * 1000 - 1e-9) / 10:.1f}%"
