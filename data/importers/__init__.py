"""Readers for what vendors and bureaus really send: quote sheets and system inventories.

``read_quote`` (one vendor file → normalised price lines), ``read_inventory`` (the county's
system list → the canonical 业务系统 table), ``assemble`` (all pieces → a PlanInput plus a
validation report) and ``write_import_workbook`` (canonical workbook + 校验报告 sheet).
"""

from data.importers.assemble import ImportResult, assemble, guess_from_name
from data.importers.inventory import Inventory, read_inventory
from data.importers.mapping import MappingStore
from data.importers.quotes import QuoteLine, QuoteSheet, read_quote
from data.importers.report import write_import_workbook

__all__ = [
    "ImportResult",
    "Inventory",
    "MappingStore",
    "QuoteLine",
    "QuoteSheet",
    "assemble",
    "guess_from_name",
    "read_inventory",
    "read_quote",
    "write_import_workbook",
]
