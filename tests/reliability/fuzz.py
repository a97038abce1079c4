"""The fuzzer of issue 23 point 6: seeded, hypothesis-drawn mutations of real input files, each
run through the ``yunce`` command line in this process, with what every case must hold.

A case is (target, base file, a list of mutations). The mutations work at three levels:

- bytes: flip, truncate, insert, duplicate a chunk of the file as it is on disk;
- workbook parts (xlsx): a cell's value replaced by a hostile one (1e309, inf, -1, a formula,
  40,000 characters, a NUL, text in a number column …), a row deleted or repeated, a shared
  string index out of range, a part truncated, flipped or removed, a sheet renamed;
- table text (csv) and JSON (project files): a cell or a JSON leaf replaced by a hostile value
  or one of the wrong type, a key or a column removed, another encoding, a byte order mark.

What every case must hold (:func:`run_case`): exit code 0, 2 or 3; no traceback, no
"Exception ignored", no 内部错误 (the command line's last line of defence) on either stream; the
run ends within :data:`CASE_CPU_SECONDS` of CPU and :data:`CASE_SECONDS` on the clock (SIGPROF
or SIGALRM raises :class:`Hang`, a BaseException the command line's handler does not catch); the output target afterwards is either the file the run
wrote, complete (a zip whose parts all read back, or strict JSON), or — when the run failed —
exactly what was there before (or nothing); nothing else appears or changes in the run's
folder, and nothing is left in the system's temporary folder.

The hypothesis examples are derandomised (``derandomize=True``): the same cases run every time,
so a failure is reproducible from its printed case alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import signal
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

#: A case that uses more CPU than this is a hang (the slowest sound case here takes ~7 s of CPU:
#: a year plan with no solution, its diagnosis and the second opinion) …
CASE_CPU_SECONDS = 60.0
#: … or that takes longer than this on the clock (a wait that uses no CPU; the clock allows for
#: a machine shared with other work: at a load of 12 on 2 cores, 7 s of CPU took 67 s).
CASE_SECONDS = 600.0

#: Cell values an adversary or an unlucky export puts in a sheet.
HOSTILE_TEXT = (
    "",
    " ",
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "inf",
    "-Infinity",
    "nan",
    "NaN",
    "1e-320",
    "9" * 400,
    "１２３",
    "1,234.5",
    "12%",
    "¥ 1 200 元/月",
    "TRUE",
    "#N/A",
    "#DIV/0!",
    "2026-13-45",
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    '+HYPERLINK("http://x")',
    "\x00",
    "a\x01b",
    "\ud7ff",
    "😀系统",
    "平台;DROP TABLE",
    "../../etc/passwd",
    "x" * 40_000,
    "\n\n",
    "合计",
    "注：",
    "私有云",
    "公有云",
    "是",
    "否",
    "5",
    "年",
    "月",
    "vcpu",
)
HOSTILE_NUMBERS = (
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "4.9e-324",
    "9223372036854775808",
    "-5",
    "0",
    "3.5",
    "1e16",
    "NaN",
    "INF",
)
HOSTILE_JSON: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    10**40,
    "",
    "x",
    "1e309",
    "x" * 20_000,
    [],
    [None],
    [[]],
    {},
    {"a": 1},
    [1, "a", None, 2.5],
)


class Hang(BaseException):  # noqa: N818 - a BaseException: the command line must not catch it
    """A case ran past CASE_SECONDS."""


@contextlib.contextmanager
def deadline(seconds: float, cpu_seconds: float) -> Iterator[None]:
    """Raise Hang in this (the main) thread when the block runs past seconds on the clock or
    past cpu_seconds of this process's CPU time."""

    def ring(signum: int, frame: object) -> None:
        what = "CPU seconds" if signum == signal.SIGPROF else "s"
        limit = cpu_seconds if signum == signal.SIGPROF else seconds
        raise Hang(f"no answer within {limit:g} {what}")

    old = signal.signal(signal.SIGALRM, ring), signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, old[0])
        signal.signal(signal.SIGPROF, old[1])


# --- mutations ------------------------------------------------------------------------------------
def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
    op = rng.randrange(5)
    i = rng.randrange(len(data))
    if op == 0:  # flip a few bytes
        b = bytearray(data)
        for _ in range(rng.randrange(1, 9)):
            j = rng.randrange(len(b))
            b[j] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 1:  # truncate
        return data[:i]
    if op == 2:  # insert junk
        return data[:i] + os.urandom(rng.randrange(1, 200)) + data[i:]
    if op == 3:  # repeat a chunk
        j = min(len(data), i + rng.randrange(1, 4096))
        return data[:j] + data[i:j] * rng.randrange(1, 5) + data[j:]
    return data[:i] + data[i + rng.randrange(1, 512) :]  # cut a chunk out


_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def _xml_text(text: str) -> bytes:
    safe = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)  # XML 1.0 chars
    safe = safe.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe.encode("utf-8")


def _new_cell(ref: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(5)
    r = b' r="' + ref + b'"' if ref else b""
    if kind == 0:
        return (
            b"<c"
            + r
            + b' t="inlineStr"><is><t>'
            + _xml_text(rng.choice(HOSTILE_TEXT))
            + (b"</t></is></c>")
        )
    if kind == 1:
        return b"<c" + r + b"><v>" + rng.choice(HOSTILE_NUMBERS).encode() + b"</v></c>"
    if kind == 2:  # a shared string that may not exist
        return (
            b"<c"
            + r
            + b' t="s"><v>'
            + str(rng.choice([0, 1, 7, 10**6, -1])).encode()
            + (b"</v></c>")
        )
    if kind == 3:  # a formula, with or without a cached value
        cached = rng.choice([b"", b"<v>42</v>", b"<v>#REF!</v>"])
        return (
            b"<c" + r + b"><f>" + _xml_text(rng.choice(HOSTILE_TEXT)) + b"</f>" + cached + (b"</c>")
        )
    return (
        b"<c"
        + r
        + b' t="'
        + rng.choice([b"b", b"e", b"str", b"d", b"zz"])
        + b'"><v>'
        + (_xml_text(rng.choice(HOSTILE_TEXT)) + b"</v></c>")
    )


def mutate_sheet_xml(xml: bytes, rng: random.Random) -> bytes:
    op = rng.randrange(6)
    if op <= 2:  # replace a cell (most of the time: a data cell rather than a header)
        cells = list(_CELL.finditer(xml))
        if not cells:
            return xml
        m = rng.choice(cells)
        ref = _REF.search(m.group(0))
        new = _new_cell(ref.group(1) if ref else b"", rng)
        return xml[: m.start()] + new + xml[m.end() :]
    rows = list(_ROW.finditer(xml))
    if not rows:
        return xml
    m = rng.choice(rows)
    if op == 3:  # delete a row
        return xml[: m.start()] + xml[m.end() :]
    if op == 4:  # repeat a row (same row number: a duplicate)
        return xml[: m.end()] + m.group(0) * rng.randrange(1, 4) + xml[m.end() :]
    # a row far down or with a bad number
    num = rng.choice([b"0", b"-3", b"1048576", b"1048577", b"abc", b"99999"])
    return (
        xml[: m.start()]
        + re.sub(rb'<row r="\d+"', b'<row r="' + num + b'"', m.group(0), count=1)
        + (xml[m.end() :])
    )


def mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    """A mutation of a workbook's parts (or, one time in six, of its bytes)."""
    if rng.randrange(6) == 0:
        return mutate_bytes(data, rng)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError):
        return mutate_bytes(data, rng)
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    op = rng.randrange(10)
    if op <= 5 and sheets:
        name = rng.choice(sheets)
        parts[name] = mutate_sheet_xml(parts[name], rng)
    elif op == 6 and "xl/sharedStrings.xml" in parts:
        parts["xl/sharedStrings.xml"] = mutate_sheet_xml(
            parts["xl/sharedStrings.xml"].replace(b"<si>", b'<c r="A1"><si>'), rng
        ).replace(b'<c r="A1"><si>', b"<si>")
    elif op == 7:  # a part cut short, flipped or gone
        name = rng.choice(sorted(parts))
        how = rng.randrange(3)
        if how == 0:
            del parts[name]
        else:
            parts[name] = mutate_bytes(parts[name], rng)
    elif op == 8 and "xl/workbook.xml" in parts:  # a sheet renamed (or two with one name)
        names = re.findall(rb'<sheet name="([^"]*)"', parts["xl/workbook.xml"])
        if names:
            new = _xml_text(rng.choice([*HOSTILE_TEXT[:20], names[0].decode("utf-8", "replace")]))
            parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
                b'name="' + rng.choice(names) + b'"', b'name="' + new[:200] + b'"', 1
            )
    else:
        return mutate_bytes(data, rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return out.getvalue()


def _decode(data: bytes) -> tuple[str, str]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def mutate_csv(data: bytes, rng: random.Random) -> bytes:
    """A mutation of a text table's cells (or its encoding, or its bytes)."""
    op = rng.randrange(8)
    if op == 0:
        return mutate_bytes(data, rng)
    text, enc = _decode(data)
    lines = text.splitlines()
    if not lines:
        return mutate_bytes(data, rng)
    rows = [line.split(",") for line in lines]
    if op <= 4:  # a cell
        r = rng.randrange(len(rows))
        row = rows[r]
        c = rng.randrange(len(row) + 1)
        value = rng.choice(HOSTILE_TEXT + HOSTILE_NUMBERS)
        if rng.randrange(3) == 0:
            value = '"' + value.replace('"', '""') + '"'
        if c == len(row):
            row.append(value)
        else:
            row[c] = value
    elif op == 5:  # a column gone or a row gone / repeated
        if rng.randrange(2):
            c = rng.randrange(max(len(rows[0]), 1))
            rows = [row[:c] + row[c + 1 :] for row in rows]
        else:
            r = rng.randrange(len(rows))
            rows[r : r + 1] = [rows[r]] * rng.randrange(0, 4)
    text = "\n".join(",".join(row) for row in rows)
    if op == 6:  # stray quotes, separators
        i = rng.randrange(len(text) + 1)
        text = text[:i] + rng.choice(['"', '""', ";", "\t", "\r", "\x00", "\u2028"]) + text[i:]
    encoding = enc if op != 7 else rng.choice(["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"])
    return text.encode(encoding if encoding != "latin-1" else "utf-8", errors="replace")


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _leaf_paths(v, (*path, k))
    elif isinstance(value, list) and value:
        for i in sorted({0, len(value) - 1, len(value) // 2}):
            out += _leaf_paths(value[i], (*path, i))
    return out


def mutate_json(doc: Any, rng: random.Random) -> Any:
    paths = _leaf_paths(doc)
    path = rng.choice(paths)
    if not path:
        return rng.choice(HOSTILE_JSON)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    op = rng.randrange(4)
    if op == 0 and isinstance(parent, dict):
        del parent[key]
    elif op == 1 and isinstance(parent, list):
        parent.insert(key, rng.choice(HOSTILE_JSON))
    else:
        parent[key] = rng.choice(HOSTILE_JSON)
    return doc


def mutate_project(data: bytes, rng: random.Random) -> bytes:
    """A mutation of a project file's JSON members (or of the zip around them)."""
    op = rng.randrange(8)
    if op == 0:
        return mutate_bytes(data, rng)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError, EOFError):
        return mutate_bytes(data, rng)
    name = rng.choice(sorted(parts))
    if op == 1:
        parts[name] = mutate_bytes(parts[name], rng)
    elif op == 2:
        del parts[name]
    elif op == 3:  # NaN / Infinity / 1e999 in the text (json.dumps would not write them)
        text = parts[name].decode("utf-8", "replace")
        nums = list(re.finditer(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", text))
        if nums:
            m = rng.choice(nums)
            bad = rng.choice(["NaN", "Infinity", "-Infinity", "1e999", "-0", "1" * 400])
            text = text[: m.start()] + bad + text[m.end() :]
        parts[name] = text.encode("utf-8")
    else:
        try:
            doc = json.loads(parts[name])
        except ValueError:
            doc = None
        for _ in range(rng.randrange(1, 4)):
            doc = mutate_json(doc, rng)
        parts[name] = json.dumps(doc, ensure_ascii=rng.randrange(2) == 0).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, body in parts.items():
            zf.writestr(n, body)
    return out.getvalue()


def mutate(data: bytes, suffix: str, rng: random.Random, times: int) -> bytes:
    for _ in range(times):
        if suffix in (".xlsx", ".xlsm"):
            data = mutate_xlsx(data, rng)
        elif suffix == ".csv":
            data = mutate_csv(data, rng)
        elif suffix == ".yunce":
            data = mutate_project(data, rng)
        else:
            data = mutate_bytes(data, rng)
    return data


# --- running a case -------------------------------------------------------------------------------
@dataclass
class Tally:
    """What a fuzz run did, for its report line."""

    cases: int = 0
    codes: dict[int, int] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    slowest: float = 0.0

    def add(self, code: int, seconds: float) -> None:
        self.cases += 1
        self.codes[code] = self.codes.get(code, 0) + 1
        self.slowest = max(self.slowest, seconds)

    def line(self, name: str) -> str:
        codes = ", ".join(f"exit {k}: {v}" for k, v in sorted(self.codes.items()))
        took = time.perf_counter() - self.started
        return (
            f"{name}: {self.cases} cases, 0 unhandled ({codes}); {took:.0f} s, "
            f"slowest case {self.slowest:.1f} s"
        )


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        out[rel] = p.read_bytes() if p.is_file() and not p.is_symlink() else None
    return out


def _content(path: Path | None) -> bytes | None:
    """The bytes of the regular file at path (None: nothing there, or not a regular file)."""
    try:
        if path is None or path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes()
    except OSError:  # a name too long, a missing folder
        return None


def check_written(path: Path) -> None:
    """A file a successful run wrote is whole: every part of a zip reads back, JSON is strict."""
    data = path.read_bytes()
    if path.suffix in (".xlsx", ".yunce"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert zf.testzip() is None, path
    elif path.suffix == ".json":

        def no_constant(text: str) -> None:
            raise AssertionError(f"{path} holds {text}, not JSON")

        json.loads(data, parse_constant=no_constant)
    elif path.suffix == ".lp":
        assert data.rstrip().endswith(b"End"), path


def run_case(
    capsys: pytest.CaptureFixture[str],
    root: Path,
    case: Path,
    argv: list[str],
    target: Path | None,
    tally: Tally,
    describe: str,
) -> int:
    """yunce argv in this process, in the folder case, with every property of the module
    docstring. root holds case and the run's home, config, log and temporary folders: nothing
    in root may change but the target (and the log)."""
    from ui.cli import main

    work = root
    before = {k: v for k, v in _snapshot(work).items() if k.split(os.sep)[0] != "logs"}
    old_target = _content(target)
    systmp = root / "systmp"
    started = time.perf_counter()
    cwd = os.getcwd()
    try:
        os.chdir(case)
        with deadline(CASE_SECONDS, CASE_CPU_SECONDS):
            code = main(argv)
    except Hang as exc:
        raise AssertionError(f"{describe}: {exc}") from None
    finally:
        os.chdir(cwd)
    seconds = time.perf_counter() - started
    out, err = capsys.readouterr()
    where = f"{describe}\nargv {argv}\nexit {code}\n--- stderr\n{err[-2500:]}"
    assert code in (0, 2, 3), where
    for noise in ("Traceback", "Exception ignored", "内部错误"):
        assert noise not in out and noise not in err, where
    after = {k: v for k, v in _snapshot(work).items() if k.split(os.sep)[0] != "logs"}
    rel = None
    if target is not None:
        with contextlib.suppress(ValueError):
            rel = str(target.relative_to(work))
        now = _content(target)
        if code == 2:  # refused or failed: the old file, byte for byte, or nothing
            assert now == old_target, f"{where}\n{target} changed on a failed run"
        elif code == 0:
            assert now is not None, f"{where}\n{target} not written"
            check_written(target)
        elif now is not None and now != old_target:  # 3: the diagnosis may have been written
            check_written(target)
    changed = {k for k in set(before) | set(after) if before.get(k, b"?") != after.get(k, b"?")}
    changed.discard(rel)
    assert not changed, f"{where}\nalso changed: {sorted(changed)}"
    left = sorted(p.name for p in systmp.iterdir()) if systmp.exists() else []
    assert not left, f"{where}\nleft in the temporary folder: {left}"
    tally.add(code, seconds)
    return code


@contextlib.contextmanager
def private_tempdir(work: Path) -> Iterator[Path]:
    """tempfile's folder is work/systmp for the block (leftovers there are checked)."""
    folder = work / "systmp"
    folder.mkdir(exist_ok=True)
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = saved
