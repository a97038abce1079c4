"""What the command line writes, and how: every output goes through :mod:`data.safe_write`.

Kept apart from the commands (ui/cli.py and its subcommand modules) so a command only names its
outputs: the inputs of a run are protected from being overwritten, every output path is checked
before any work is done (a device, FIFO or folder at ``-o``/``--json``/``--write-lp`` is exit 2
at once, not after a five-minute solve), JSON is strict (no NaN/Infinity), the LP file and the
log are written through the same safe writer, and ``--force`` is the one way to replace a
read-only file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import traceback
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

#: Namespace attributes that name files a command reads (protected from being overwritten).
INPUT_ARGS = ("input", "file", "prices", "workloads", "policy", "platforms")
#: Namespace attributes that name files a command writes ('-' = standard output for --json).
OUTPUT_ARGS = ("output", "json", "write_lp", "screenshot")


def add_force_argument(sub: Any) -> None:
    """--force on every subcommand that writes files: replace a read-only output file."""
    for name, parser in sub.choices.items():
        if name == "gui":
            continue
        parser.add_argument(
            "--force", action="store_true", help="允许替换只读的输出文件（默认拒绝并退出）"
        )


def _paths(value: Any) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def input_paths(args: argparse.Namespace) -> list[str]:
    return [p for a in INPUT_ARGS for p in _paths(getattr(args, a, None))]


def output_paths(args: argparse.Namespace) -> list[str]:
    return [p for a in OUTPUT_ARGS for p in _paths(getattr(args, a, None)) if p != "-"]


def check_run(args: argparse.Namespace) -> None:
    """Before any work: every input a regular file, every output writable and distinct.

    Raises InputError for an input that is a device, FIFO or folder, WriteError for an output
    that cannot or must not be written (data.safe_write.check_target).
    """
    from data.bounded_read import input_file_problem
    from data.safe_write import WriteError, check_target
    from data.workbook import InputError, ValidationIssue

    problems = []
    for p in input_paths(args):
        problem = input_file_problem(p)
        if problem is not None:
            problems.append(ValidationIssue(Path(p).name, message=problem))
    if problems:
        raise InputError(problems)
    seen: dict[str, str] = {}
    for p in output_paths(args):
        real = str(check_target(p, replace_read_only=getattr(args, "force", False)))
        if real in seen:
            from planner.text import bi

            raise WriteError(
                bi(
                    "两个输出都指向 {path}（{a} 和 {b}），后写的会覆盖先写的。请为每个输出另给文件名。",
                    "Two outputs name {path} ({a} and {b}); the second would overwrite the "
                    "first. Give each output its own file name.",
                    path=p,
                    a=seen[real],
                    b=p,
                )
            )
        seen[real] = p


@contextlib.contextmanager
def run_policy(args: argparse.Namespace) -> Iterator[None]:
    """The run's write rules: its inputs protected, read-only outputs replaced only with --force."""
    from data.safe_write import ignore_file_size_signal, write_policy

    ignore_file_size_signal()  # past `ulimit -f` a write fails with a message, not SIGXFSZ
    # the app's own Save writes back to the project it opened: it protects its sources itself
    protected = [] if getattr(args, "command", "") == "gui" else input_paths(args)
    with write_policy(protected, replace_read_only=bool(getattr(args, "force", False))):
        yield


# --- JSON ---------------------------------------------------------------------------------------
def _first_non_finite(value: Any, where: str = "") -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return where or "$"
    if isinstance(value, dict):
        for k, v in value.items():
            found = _first_non_finite(v, f"{where}.{k}" if where else str(k))
            if found:
                return found
    if isinstance(value, list | tuple):
        for i, v in enumerate(value):
            found = _first_non_finite(v, f"{where}[{i}]")
            if found:
                return found
    return None


def json_text(payload: Any) -> str:
    """Strict JSON (RFC 8259: no NaN or Infinity); a non-finite number is a WriteError naming it."""
    from data.safe_write import WriteError
    from planner.text import bi

    try:
        return json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError:
        where = _first_non_finite(payload) or "?"
        raise WriteError(
            bi(
                "无法写出 JSON：{where} 处的数值不是有限数（NaN 或无穷大），JSON 不能表示它。"
                "请检查输入中是否有 1e309 之类超出范围的数。",
                "Cannot write the JSON: the value at {where} is not a finite number (NaN or "
                "infinity), which JSON cannot hold. Check the input for out-of-range numbers "
                "such as 1e309.",
                where=where,
            )
        ) from None


def emit_json(target: str, payload: Any) -> None:
    """Write a JSON summary to standard output ('-') or safely to a file."""
    from data.safe_write import write_text

    text = json_text(payload)
    if target == "-":
        sys.stdout.write(text)
    else:
        write_text(target, text)


# --- the log ------------------------------------------------------------------------------------
def log_internal_error(path: Path, exc: BaseException) -> Path | None:
    """Append the error and its traceback to the log file; None when it cannot be written."""
    from data.safe_write import WriteError, append_text

    text = (
        f"{datetime.now().isoformat(timespec='seconds')} ERROR internal error: {' '.join(sys.argv)}\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return append_text(path, text)
    except (OSError, WriteError):
        return None
