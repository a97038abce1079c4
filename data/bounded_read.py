"""Bounded reading of untrusted zip containers: project files (.yunce) and workbooks (.xlsx/.ods).

Everything here is checked *before* a library reads the file, from the zip's own directory
and by streaming the few parts Yunce reads, so a crafted or simply huge file is refused in
about a second with bounded memory instead of exhausting the machine:

* the zip directory: number of members and directory size, read from its end record before
  :class:`zipfile.ZipFile` builds one object per member;
* each member: compression method, encryption, and its uncompressed size (as declared, and as
  actually inflated when it is read);
* a worksheet: its rows and columns (a single cell at XFD1048576 makes the spreadsheet reader
  allocate 17 billion cells and abort the process), counted by streaming its XML.

The limits are module constants, stated in README (reliability section). Qt-free.
"""

from __future__ import annotations

import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from planner.text import Msg, bi

# --- limits -----------------------------------------------------------------------------------------
#: A worksheet Yunce reads may have at most this many rows (Excel row numbers, header included).
MAX_SHEET_ROWS = 200_000
#: … at most this many columns (up to column SR).
MAX_SHEET_COLUMNS = 512
#: … and at most this many cells in its used rectangle (rows × columns).
MAX_SHEET_CELLS = 5_000_000
#: Uncompressed size of one worksheet's XML, and of the shared-strings part.
MAX_SHEET_XML_BYTES = 512 * 1024 * 1024
#: Uncompressed size of any other part of a workbook the reader loads (workbook.xml, styles …).
MAX_WORKBOOK_PART_BYTES = 64 * 1024 * 1024
#: Members of a workbook's zip (5,000 sheets need about 10,000).
MAX_WORKBOOK_MEMBERS = 50_000

#: Members of a project file (it holds at most nine).
MAX_PROJECT_MEMBERS = 64
#: Uncompressed size of one project member (a 20,000-system county's tables are ~5 MB).
MAX_PROJECT_MEMBER_BYTES = 64 * 1024 * 1024
#: Uncompressed size of all members of a project together.
MAX_PROJECT_TOTAL_BYTES = 256 * 1024 * 1024

#: The zip directory itself (read before anything else).
MAX_DIRECTORY_BYTES = 32 * 1024 * 1024

_CHUNK = 1 << 20


class LimitError(ValueError):
    """A file breaks a limit or is not a sound zip; ``message`` says which and what to do."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


# --- the zip directory ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ZipDirectory:
    members: int
    directory_bytes: int


def zip_directory(path: str | Path) -> ZipDirectory | None:
    """Member count and directory size from the end record; None when no end record is found
    (not a zip: the caller's library reports that). Reads at most 64 KiB + a few bytes."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        tail_len = min(size, 65_535 + 22 + 20)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        (_, _, _, _, members, cd_size, _, _) = struct.unpack("<4s4H2LH", tail[at : at + 22])
        if members == 0xFFFF or cd_size == 0xFFFFFFFF:  # a zip64 end record holds the numbers
            loc = at - 20
            if loc < 0 or tail[loc : loc + 4] != b"PK\x06\x07":
                return ZipDirectory(members, cd_size)
            (_, _, eocd64_at, _) = struct.unpack("<4sLQL", tail[loc : loc + 20])
            if eocd64_at > size - 56:
                return ZipDirectory(0xFFFFFFFF, 0xFFFFFFFF)
            fh.seek(eocd64_at)
            rec = fh.read(56)
            if rec[:4] != b"PK\x06\x06":
                return ZipDirectory(0xFFFFFFFF, 0xFFFFFFFF)
            members, cd_size = struct.unpack("<QQ", rec[32:48])
        return ZipDirectory(members, cd_size)


def open_zip(path: str | Path, max_members: int, what: Msg) -> zipfile.ZipFile | None:
    """A ZipFile once its directory is within bounds; None when it is not a zip at all.

    what names the kind of file in messages (e.g. 项目文件).
    """
    name = Path(path).name
    d = zip_directory(path)
    if d is None:
        return None
    if d.members > max_members or d.directory_bytes > MAX_DIRECTORY_BYTES:
        raise LimitError(
            bi(
                "{file} 含 {n:,} 个压缩成员（{what}最多 {limit:,} 个），云策不读取它。"
                "请确认这是正确的文件，或在 Excel/WPS 中另存后再试。",
                "{file} holds {n:,} zip members (a {what_en} has at most {limit:,}); Yunce does "
                "not read it. Check that it is the right file, or save it again from Excel/WPS.",
                file=name,
                n=d.members,
                limit=max_members,
                what=what,
                what_en=what.en,
            )
        )
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
        return None


def check_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, file: str) -> None:
    """A member Yunce is about to read: stored or deflated, not encrypted, not too big."""
    if info.flag_bits & 0x1:
        raise LimitError(
            bi(
                "{file} 中的 {member} 已加密（设有密码），云策无法读取。请保存一份未加密的文件。",
                "{member} in {file} is encrypted (password-protected); Yunce cannot read it. "
                "Save a copy without a password.",
                file=file,
                member=info.filename,
            )
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise LimitError(
            bi(
                "{file} 中的 {member} 使用了云策不支持的压缩方式（编号 {method}）。"
                "请用 Excel/WPS 或云策重新保存该文件。",
                "{member} in {file} uses a compression method Yunce does not read (number "
                "{method}). Save the file again from Excel/WPS or from Yunce.",
                file=file,
                member=info.filename,
                method=info.compress_type,
            )
        )
    if info.file_size > limit:
        raise too_big(file, info.filename, info.file_size, limit)


def too_big(file: str, member: str, size: int, limit: int) -> LimitError:
    return LimitError(
        bi(
            "{file} 中的 {member} 解压后有 {size}，超过云策的上限 {limit}，未读取。"
            "请确认这是正确的文件。",
            "{member} in {file} is {size} uncompressed, more than Yunce's limit of {limit}; "
            "it was not read. Check that it is the right file.",
            file=file,
            member=member,
            size=_mb(size),
            limit=_mb(limit),
        )
    )


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, file: str) -> bytes:
    """The member's bytes, never more than limit (a directory that lies about sizes is caught)."""
    check_member(zf, info, limit, file)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise too_big(file, info.filename, len(data), limit)
    return data


# --- worksheets -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SheetSize:
    """The used rectangle a spreadsheet reader would allocate for a worksheet."""

    rows: int
    columns: int
    partial: bool = False
    """Scanning stopped at a limit: the sheet reaches at least this far."""


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


# <row r="12" …> and <c r="AB12" …>, with or without a namespace prefix
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
_ROW = re.compile(rb"<row\b([^>]*)>")
_R_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Za-z]*)([0-9]+)["']""")
# a cell reference beyond column Z or at row 100,000 or more: rare in a sheet people type
_FAR_REF = re.compile(rb' r="([A-Za-z]{2,}[0-9]+|[A-Za-z][0-9]{6,})"')
_LETTERS = [bytes([c]) for c in range(ord("Z"), ord("A") - 1, -1)]


def _exact(body: bytes, size: list[int]) -> None:
    """Every row and cell tag of body (cells without a reference placed one after another)."""
    max_row, max_col, row, col = size
    for m in _TAG.finditer(body):
        ref = _R_ATTR.search(m.group(2))
        if m.group(1) == b"row":
            row = int(ref.group(2)) if ref is not None else row + 1
            col = 0
            max_row = max(max_row, row)
        else:
            if ref is not None and ref.group(1):
                col = _col_number(ref.group(1))
                max_row = max(max_row, int(ref.group(2)))
            else:
                col += 1
            max_col = max(max_col, col)
    size[:] = [max_row, max_col, row, col]


def _quick(body: bytes, size: list[int]) -> bool:
    """The same as _exact when every row and cell carries its reference (as Excel, WPS,
    LibreOffice and openpyxl write them), without a match per cell; False when it cannot tell."""
    if b":c " in body or b":c>" in body or b":row" in body or b" r='" in body:
        return False  # namespace prefixes or single-quoted references: count exactly
    cells = body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/>")
    refs = body.count(b' r="')
    max_row, max_col, row, col = size
    rows = 0
    for m in _ROW.finditer(body):
        ref = _R_ATTR.search(m.group(1))
        if ref is None:
            return False
        rows += 1
        row = int(ref.group(2))
        max_row = max(max_row, row)
    if refs != cells + rows:
        return False  # some cell has no reference (or r= is used elsewhere): count exactly
    for m in _FAR_REF.finditer(body):
        letters = m.group(1).rstrip(b"0123456789")
        max_col = max(max_col, _col_number(letters))
        max_row = max(max_row, int(m.group(1)[len(letters) :]))
    if cells and max_col < 26 and max_row * 26 > MAX_SHEET_CELLS:
        # columns A–Z matter only for the cell count of a very long sheet: find the widest
        near = next((k for k, ch in enumerate(_LETTERS) if b' r="' + ch in body), None)
        if near is not None:
            max_col = max(max_col, 26 - near)
    elif cells:
        max_col = max(max_col, 1)
    size[:] = [max_row, max_col, row, 0]
    return True


def scan_sheet_xml(chunks: Iterable[bytes], stop_at_limit: bool = True) -> SheetSize:
    """Rows and columns of a worksheet's XML, streamed chunk by chunk (memory: one chunk).

    Cells without a reference count one after another, as a reader places them. With
    stop_at_limit, scanning ends as soon as the sheet is known to exceed the limits
    (SheetSize.partial then says the sheet reaches at least that far).
    """
    size = [0, 0, 0, 0]  # max row, max column, current row, current column
    carry = b""
    for chunk in chunks:
        buf = carry + chunk
        last = buf.rfind(b"<")
        if last < 0:
            carry = b""
            continue
        body, carry = (buf, b"") if buf.find(b">", last) >= 0 else (buf[:last], buf[last:])
        if len(carry) > 1 << 16:  # a tag longer than 64 KiB: not a worksheet a person made
            carry = carry[-(1 << 16) :]
        if not _quick(body, size):
            _exact(body, size)
        if stop_at_limit and (
            size[0] > MAX_SHEET_ROWS
            or size[1] > MAX_SHEET_COLUMNS
            or size[0] * size[1] > MAX_SHEET_CELLS
        ):
            return SheetSize(size[0], size[1], partial=True)
    return SheetSize(size[0], size[1])


def _stream(  # type: ignore[no-untyped-def]
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, file: str, declared: bool = True
):
    """The member's bytes chunk by chunk, never more than limit in all. declared=False skips
    the check of the size the directory declares (a worksheet: its rows are counted while it
    streams, which names the real problem — too many rows — rather than its size in MB)."""
    if declared:
        check_member(zf, info, limit, file)
    else:
        check_member(zf, info, 1 << 62, file)  # method and encryption still checked first
    total = 0
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise too_big(file, info.filename, total, limit)
            yield chunk


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ODS_ATTR = re.compile(
    rb"""table:(name|number-rows-repeated|number-columns-repeated)=["']([^"']*)["']"""
)


def scan_ods_content(chunks: Iterable[bytes]) -> dict[str, SheetSize]:
    """Sheet name → the rectangle a reader fills for it, from an OpenDocument content.xml.

    Repeated rows and cells (table:number-rows-repeated="1000000") count in full once a cell
    with a value follows them; trailing empty repeats (LibreOffice writes them to the end of
    every sheet) do not, as readers drop them.
    """
    out: dict[str, SheetSize] = {}
    name = ""
    rows = pending_rows = 0  # rows filled so far; empty rows not yet followed by a value
    width = 0
    row_repeat = 1
    col = pending_cols = 0
    row_has_value = False
    carry = b""
    for chunk in chunks:
        buf = carry + chunk
        last = buf.rfind(b"<")
        body, carry = (
            (buf, b"") if last < 0 or buf.find(b">", last) >= 0 else (buf[:last], buf[last:])
        )
        if len(carry) > 1 << 16:
            carry = carry[-(1 << 16) :]
        for m in _ODS_TAG.finditer(body):
            closing, tag, attrs, empty = m.groups()
            values = dict(_ODS_ATTR.findall(attrs))
            if tag == b"table":
                if closing:
                    out[name] = SheetSize(rows, width)
                else:
                    name = values.get(b"name", b"").decode("utf-8", "replace")
                    rows = pending_rows = width = 0
                continue
            if tag == b"table-row":
                if closing:
                    if row_has_value:
                        rows += pending_rows + row_repeat
                        pending_rows = 0
                    else:
                        pending_rows += row_repeat
                    continue
                row_repeat = _count(values.get(b"number-rows-repeated"))
                col = pending_cols = 0
                row_has_value = False
                if empty:
                    pending_rows += row_repeat
                continue
            if closing:
                continue
            repeat = _count(values.get(b"number-columns-repeated"))
            if b"office:value-type" in attrs or not empty:
                col += pending_cols + repeat
                pending_cols = 0
                width = max(width, col)
                row_has_value = True
            else:
                pending_cols += repeat
    return out


def _count(text: bytes | None) -> int:
    if not text:
        return 1
    try:
        return max(1, int(text))
    except ValueError:
        return 1


# --- .xls (BIFF in an OLE2 compound file) ---------------------------------------------------------
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
#: BIFF records that place a cell (row and column are their first two 16-bit fields): FORMULA,
#: RSTRING, MULRK, MULBLANK, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK.
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00BD, 0x00BE, 0x00FD, 0x0201, 0x0203, 0x0204})
_CELL_RECORDS |= {0x0205, 0x027E}
_MULTI_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: last column before the end


class _NotOle(ValueError):
    """Not an OLE2 compound file, or one whose structure cannot be followed."""


def _ole_stream(data: bytes, names: tuple[str, ...]) -> bytes:
    """The first of the named streams of an OLE2 compound file held in data."""
    if data[:8] != _OLE_MAGIC or len(data) < 512:
        raise _NotOle
    sector: int = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_sector: int = 1 << struct.unpack_from("<H", data, 0x20)[0]
    (
        fat_sectors,
        dir_start,
        _tx,
        cutoff,
        minifat_start,
        minifat_count,
        difat_start,
        difat_count,
    ) = struct.unpack_from("<8L", data, 0x2C)
    if sector not in (512, 4096) or mini_sector != 64:
        raise _NotOle
    n_sectors = (len(data) - 512) // sector

    def at(k: int) -> int:
        if k >= n_sectors:
            raise _NotOle
        return 512 + k * sector

    difat = list(struct.unpack_from("<109L", data, 0x4C))
    k, guard = difat_start, 0
    while k < _END_OF_CHAIN and guard < difat_count:  # further DIFAT sectors, chained
        entries = struct.unpack_from(f"<{sector // 4}L", data, at(k))
        difat.extend(entries[:-1])
        k, guard = entries[-1], guard + 1
    fat: list[int] = []
    for k in difat[:fat_sectors]:
        fat.extend(struct.unpack_from(f"<{sector // 4}L", data, at(k)))

    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        k = start
        while k < _END_OF_CHAIN:
            if k >= len(table) or len(out) > len(table):
                raise _NotOle  # a chain that leaves the table or loops
            out.append(k)
            k = table[k]
        return out

    def read(start: int, size: int) -> bytes:
        return b"".join(data[at(k) : at(k) + sector] for k in chain(start, fat))[:size]

    directory = read(dir_start, len(data))
    dir_entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root = dir_entries[0] if dir_entries else b""
    if len(root) < 128 or root[0x42] != 5:
        raise _NotOle
    for entry in dir_entries:
        length = struct.unpack_from("<H", entry, 0x40)[0]
        name = entry[: max(0, length - 2)].decode("utf-16-le", "replace")
        if entry[0x42] != 2 or name not in names:
            continue
        start, size = struct.unpack_from("<LL", entry, 0x74)
        if size >= cutoff:
            return read(start, size)
        mini = read(*struct.unpack_from("<LL", root, 0x74))  # the mini stream, in sectors
        minifat: list[int] = []
        for k in chain(minifat_start, fat)[:minifat_count]:
            minifat.extend(struct.unpack_from(f"<{sector // 4}L", data, at(k)))
        return b"".join(
            mini[k * mini_sector : (k + 1) * mini_sector] for k in chain(start, minifat)
        )[:size]
    raise _NotOle


def scan_xls(data: bytes) -> dict[str, SheetSize]:
    """Sheet name → the rectangle from A1 its cells span, from a BIFF8/BIFF5 .xls file's bytes
    (the compound file's Workbook stream: each BOUNDSHEET record's substream is walked record by
    record, every cell record counted). Raises ValueError when the file is not one."""
    book = _ole_stream(data, ("Workbook", "Book"))
    sheets: list[tuple[str, int]] = []
    pos = 0
    while pos + 4 <= len(book):  # the workbook globals, up to their EOF
        kind, length = struct.unpack_from("<HH", book, pos)
        body = book[pos + 4 : pos + 4 + length]
        if kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET: offset, visibility, type, name
            offset, sheet_type, n = struct.unpack_from("<L", body)[0], body[5], body[6]
            if sheet_type == 0:  # a worksheet (not a chart or macro sheet)
                if len(body) > 8 and body[7] in (0, 1) and len(body) >= 8 + n * (body[7] + 1):
                    raw = body[8 : 8 + n * (body[7] + 1)]  # BIFF8: a flag byte, then the name
                    name = raw.decode("utf-16-le" if body[7] else "latin-1", "replace")
                else:
                    name = body[7 : 7 + n].decode("cp1252", "replace")  # BIFF5
                sheets.append((name, offset))
        if kind == 0x000A:  # EOF of the globals
            break
        pos += 4 + length
    out: dict[str, SheetSize] = {}
    for name, offset in sheets:
        rows = cols = 0
        pos = offset
        while pos + 4 <= len(book):
            kind, length = struct.unpack_from("<HH", book, pos)
            if kind == 0x000A:
                break
            if kind in _CELL_RECORDS and length >= 4:
                row, col = struct.unpack_from("<HH", book, pos + 4)
                if kind in _MULTI_RECORDS and length >= 6:  # …, last column, in the last 2 bytes
                    col = max(col, struct.unpack_from("<H", book, pos + 4 + length - 2)[0])
                rows, cols = max(rows, row + 1), max(cols, col + 1)
            pos += 4 + length
        out[name] = SheetSize(rows, cols)
    return out


def sheet_limit_problem(file: str, sheet: str, size: SheetSize) -> Msg | None:
    """Why a sheet of this size is refused (None: within the limits)."""
    if (
        size.rows <= MAX_SHEET_ROWS
        and size.columns <= MAX_SHEET_COLUMNS
        and size.rows * size.columns <= MAX_SHEET_CELLS
    ):
        return None
    return bi(
        "{least}用到第 {rows:,} 行、第 {cols:,} 列，超过云策可读的上限"
        "（{max_rows:,} 行、{max_cols:,} 列、共 {max_cells:,} 个单元格），未读取",
        "It reaches {least_en}row {rows:,} and column {cols:,}, beyond what "
        "Yunce reads ({max_rows:,} rows, {max_cols:,} columns, {max_cells:,} cells in all); it "
        "was not read",
        sheet=sheet,
        least="至少" if size.partial else "已",
        least_en="at least " if size.partial else "",
        rows=size.rows,
        cols=size.columns,
        max_rows=MAX_SHEET_ROWS,
        max_cols=MAX_SHEET_COLUMNS,
        max_cells=MAX_SHEET_CELLS,
    )


SHEET_LIMIT_HINT = Msg(
    "请删除表下方或右侧多余的内容（包括很远处的单个单元格），或把数据拆分到多个文件",
    "Delete what lies below or to the right of the data (a single far-away cell counts too), "
    "or split the data into several files",
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(data: bytes) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in base.split("/")[:-1] if p]
    for p in target.split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


def _xlsx_sheet_parts(zf: zipfile.ZipFile, file: str) -> dict[str, str] | None:
    """Sheet name → worksheet part of an xlsx; None when the workbook's parts cannot be mapped."""
    names = {i.filename: i for i in zf.infolist()}
    book = "xl/workbook.xml"
    rels = names.get("_rels/.rels")
    if rels is not None:
        root = _parse_xml(read_member(zf, rels, MAX_WORKBOOK_PART_BYTES, file))
        for el in root.iter() if root is not None else ():
            if _local(el.tag) == "Relationship" and el.get("Type", "").endswith("/officeDocument"):
                book = _resolve("", el.get("Target", book))
    if book not in names:
        return None
    root = _parse_xml(read_member(zf, names[book], MAX_WORKBOOK_PART_BYTES, file))
    book_rels = _resolve(book, "_rels/" + book.rsplit("/", 1)[-1] + ".rels")
    if root is None or book_rels not in names:
        return None
    rel_root = _parse_xml(read_member(zf, names[book_rels], MAX_WORKBOOK_PART_BYTES, file))
    if rel_root is None:
        return None
    targets = {
        el.get("Id"): _resolve(book, el.get("Target", ""))
        for el in rel_root.iter()
        if _local(el.tag) == "Relationship"
    }
    out: dict[str, str] = {}
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        name = el.get("name")
        if name is not None and rid in targets:
            out.setdefault(name, targets[rid])
    return out


def check_workbook(path: str | Path, wanted: Callable[[str], bool]) -> list[tuple[str, Msg]]:
    """Problems that make a workbook unsafe to read: [(sheet name or '', message)], [] when fine.

    wanted(sheet name) says which sheets the caller reads; only those are scanned: an .xlsx's
    worksheet XML and an .ods's content.xml streamed, an .xls's cell records walked (its format
    bounds a sheet at 65,536 × 256, still 16 million cells, more than Yunce reads).
    """
    file = Path(path).name
    xls = _xls_problems(path, wanted)
    if xls is not None:
        return xls
    try:
        zf = open_zip(path, MAX_WORKBOOK_MEMBERS, Msg("工作簿", "workbook"))
    except LimitError as exc:
        return [("", exc.message)]
    except OSError:
        return []  # the reader says the file cannot be opened
    if zf is None:
        return []
    problems: list[tuple[str, Msg]] = []
    with zf:
        try:
            names = {i.filename: i for i in zf.infolist()}
            if "content.xml" in names and "xl/workbook.xml" not in names:  # OpenDocument
                sizes = scan_ods_content(
                    _stream(zf, names["content.xml"], MAX_SHEET_XML_BYTES, file)
                )
                for sheet, size in sizes.items():
                    problem = sheet_limit_problem(file, sheet, size) if wanted(sheet) else None
                    if problem is not None:
                        problems.append((sheet, problem))
                return problems
            for part in ("xl/sharedStrings.xml",):
                if part in names:
                    check_member(zf, names[part], MAX_SHEET_XML_BYTES, file)
            for part in ("xl/styles.xml", "xl/workbook.xml"):
                if part in names:
                    check_member(zf, names[part], MAX_WORKBOOK_PART_BYTES, file)
            parts = _xlsx_sheet_parts(zf, file)
            if parts is None:  # unusual layout: scan every worksheet part
                parts = {
                    n: n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")
                }
            for sheet, part in parts.items():
                if not wanted(sheet) or part not in names:
                    continue
                try:
                    size = scan_sheet_xml(
                        _stream(zf, names[part], MAX_SHEET_XML_BYTES, file, declared=False)
                    )
                except LimitError as exc:  # bigger than any sheet Yunce reads: name the sheet
                    problems.append((sheet, exc.message))
                    continue
                problem = sheet_limit_problem(file, sheet, size)
                if problem is not None:
                    problems.append((sheet, problem))
        except LimitError as exc:
            problems.append(("", exc.message))
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
            return problems  # a damaged part: the reader reports the file as unreadable
    return problems


def _xls_problems(path: str | Path, wanted: Callable[[str], bool]) -> list[tuple[str, Msg]] | None:
    """check_workbook for an .xls (an OLE2 compound file); None when the file is not one."""
    try:
        with open(path, "rb") as fh:
            if fh.read(8) != _OLE_MAGIC:
                return None
            nbytes = os.fstat(fh.fileno()).st_size
            if nbytes > MAX_SHEET_XML_BYTES:
                return [("", too_big(Path(path).name, "", nbytes, MAX_SHEET_XML_BYTES).message)]
            fh.seek(0)
            data = fh.read()
        sizes = scan_xls(data)
    except (OSError, ValueError, struct.error):
        return None  # not a workbook that can be followed (encrypted, damaged): the reader says
    file = Path(path).name
    problems: list[tuple[str, Msg]] = []
    for sheet, size in sizes.items():
        problem = sheet_limit_problem(file, sheet, size) if wanted(sheet) else None
        if problem is not None:
            problems.append((sheet, problem))
    return problems


# --- input files ------------------------------------------------------------------------------------
def input_file_problem(path: str | Path) -> Msg | None:
    """Why path cannot be read as an input file (None: it is a regular file).

    A FIFO would block the reader for ever and a device (/dev/zero) never ends: only regular
    files are read.
    """
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None  # the reader says the file does not exist
    except (OSError, ValueError) as exc:
        return bi(
            "无法打开 {path}：{err}",
            "Cannot open {path}: {err}",
            path=path,
            err=getattr(exc, "strerror", None) or exc,
        )
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return bi(
            "{path} 是一个文件夹，不是文件。请给出文件名。",
            "{path} is a folder, not a file. Give the name of a file.",
            path=path,
        )
    return bi(
        "{path} 不是普通文件（是设备、命名管道或套接字），云策不读取它。请给出一个文件。",
        "{path} is not a regular file (it is a device, a named pipe or a socket); Yunce does not "
        "read it. Give a file.",
        path=path,
    )
