"""The embedded sample county, shared by the command line, the app and the tests."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from planner.model import PlanInput

SAMPLE_FILE = "sample_county.xlsx"
SAMPLE_YEARS_FILE = "sample_county_years.xlsx"
SAMPLE_NAME = "示例县（青山县）"


@contextlib.contextmanager
def sample_county_path(file: str = SAMPLE_FILE) -> Iterator[Path]:
    """A real file path of an embedded sample workbook (valid inside the with block)."""
    with resources.as_file(resources.files(__package__).joinpath(file)) as path:
        yield Path(path)


def sample_county() -> PlanInput:
    """The embedded sample county as a PlanInput."""
    from dataclasses import replace

    from data.workbook import read_workbook

    with sample_county_path() as path:
        inp = read_workbook(path)
    return replace(inp, name=SAMPLE_NAME)


def sample_county_years() -> PlanInput:
    """The sample county with its 3-year plan 2026–2028 (年度计划 sheet and year columns)."""
    from dataclasses import replace

    from data.workbook import read_workbook

    with sample_county_path(SAMPLE_YEARS_FILE) as path:
        inp = read_workbook(path)
    return replace(inp, name=SAMPLE_NAME)
