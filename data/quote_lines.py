"""What reading a vendor file produces: price lines, pool facts and the sheet's report.

These types sit below every reader (vendor quote sheets in :mod:`data.importers.quotes`, filled
询价单 in :mod:`data.rfq`), so the readers import them and never each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from data.workbook import ValidationIssue

ALL_POOLS = "*"
"""Pool name of a line that applies to every pool of its vendor (安全服务 for 全部资源池, a disk
table with no pool of its own)."""


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """One normalised price line read from a vendor sheet."""

    vendor: str
    platform: str
    """Pool; ALL_POOLS for every pool of the vendor, '' when the file names none."""
    resource: str
    """vcpu, ram_gb, storage_gb, bandwidth_mbps, security_l2/3/4 or instance."""
    unit_price: float
    """元 per unit (per instance / per system) per period."""
    period: str
    """month or year."""
    vcpu: float | None = None
    """Instance lines: vCPU of one instance."""
    ram_gb: float | None = None
    """Instance lines: RAM GB of one instance."""
    file: str = ""
    sheet: str = ""
    source_row: int = 0
    """Excel/CSV row it came from (1-based)."""
    item: str = field(default="", compare=False)
    """Item text as written (to tell storage tiers apart); not part of the line's identity."""
    label: str = field(default="", compare=False)
    """The price column it came from when a row has several (包月, 包3年, 华北, Linux)."""
    step: bool = field(default=False, compare=False)
    """A step price (1-5Mbps, 6Mbps及以上): one band of a step function."""
    min_qty: float | None = None
    """Step prices: the band prices the units of a system's need above this quantity."""
    max_qty: float | None = None
    """Step prices: … up to this quantity (None = no upper end)."""
    variant: str = field(default="", compare=False)
    """Operating system or line type of the price (Windows, BGP) when the sheet prices several."""
    flags: tuple[str, ...] = field(default=(), compare=False)
    """What the sheet says beside the price: 'gpu' (a GPU instance, GPU not modelled),
    'not_for_new' (a footnote: no longer sold), 'bundle' (the price includes a disk)."""
    note: str = field(default="", compare=False)
    """The sheet's own words behind a flag (the footnote, the text in the price cell)."""

    @property
    def annual_price(self) -> float:
        """元 per unit per year (per instance for instance lines)."""
        return float(Decimal(repr(self.unit_price)) * (12 if self.period == "month" else 1))

    @property
    def all_pools(self) -> bool:
        return self.platform == ALL_POOLS

    def as_json(self) -> dict[str, Any]:
        """The line as strict JSON values (no NaN/Infinity); optional keys only when set."""
        out: dict[str, Any] = {
            "vendor": self.vendor,
            "platform": self.platform if self.platform not in ("", ALL_POOLS) else None,
            "resource": self.resource,
            "unit_price": _finite(self.unit_price),
            "period": self.period,
            "vcpu": self.vcpu,
            "ram_gb": self.ram_gb,
            "annual_price": _finite(self.annual_price),
            "source_row": self.source_row,
        }
        if self.all_pools:
            out["all_pools"] = True
        if self.min_qty is not None or self.max_qty is not None:
            out["min_qty"] = self.min_qty
            out["max_qty"] = self.max_qty
        if self.variant:
            out["variant"] = self.variant
        if self.flags:
            out["flags"] = list(self.flags)
        if self.note:
            out["note"] = self.note
        return out


def _finite(x: float) -> float:
    if not math.isfinite(x):  # the readers refuse such cells; this guards the JSON contract
        raise ValueError(f"non-finite price {x!r}")
    return x


@dataclass
class PlatformFacts:
    """Attributes of one pool as stated on a sheet (None = not stated there)."""

    vendor: str
    platform: str
    deployment: str | None = None
    xinchuang: bool | None = None
    mlps_level: int | None = None
    capacity_vcpu: float | None = None
    availability: float | None = None
    capacity_stated: bool = False
    """True when a capacity cell was present (blank there means unlimited)."""
    source: str = ""
    """Where the facts were read: '<file> 第 <row> 行' (a Msg carrying 'row <row>' in English)."""
    file: str = ""
    """The file the facts were read from."""


@dataclass
class QuoteSheet:
    """Everything read from one quote file."""

    file: str
    lines: list[QuoteLine] = field(default_factory=list)
    """The lines the plan uses: one per pool, resource and spec (step prices: one per band)."""
    read: list[QuoteLine] = field(default_factory=list)
    """Every line as the sheet states it, before lines of several rows are resolved into one
    (``yunce prices`` shows these): duplicates, all-pool lines and flagged lines included."""
    platforms: dict[tuple[str, str], PlatformFacts] = field(default_factory=dict)
    issues: list[ValidationIssue] = field(default_factory=list)
    mappings: dict[str, dict[str, str]] = field(default_factory=dict)
    """vendor → {header as found: field} detected in this file (for the mapping file)."""
    vendors: list[str] = field(default_factory=list)
    pool_origin: dict[tuple[str, str], str] = field(default_factory=dict)
    """(vendor, pool) → where the pool name came from: column, section, sheet or given."""
    missing: list[ValidationIssue] = field(default_factory=list)
    """The warnings (also in issues) that a compute pool lacks a storage/bandwidth/security
    price; ``yunce import`` replaces them with the ones its systems actually need."""
    layouts: list[Any] = field(default_factory=list)
    """The table layouts the file was read with (:class:`data.importers.layout.TableLayout`)."""
    shape: str = ""
    """Signature of the file's layout as guessed (sheets and header texts): remembered layouts
    are kept per vendor and shape."""
    grids: list[Any] = field(default_factory=list)
    """Every sheet as read (:class:`data.importers.grid.Grid`): the import dialog shows them."""

    @property
    def guesses(self) -> list[ValidationIssue]:
        """The 需确认 issues: guesses that change a price, a pool or a unit."""
        return [i for i in self.issues if i.confirm]
