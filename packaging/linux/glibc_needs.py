"""Which glibc a bundle needs: the GLIBC_2.x symbol versions its ELF files ask for.

A Linux bundle starts only where the system's glibc defines every symbol version that its
executables and shared libraries were linked against (the dynamic loader refuses a library that
asks for a newer one: "version `GLIBC_2.34' not found"). This reads the ``.gnu.version_r`` and
``.dynsym`` tables of every ELF file under a folder, in pure Python so that it reads x86_64 and
arm64 files alike on any machine (no objdump for the target architecture needed).

``python packaging/linux/glibc_needs.py dist/yunce [--above 2.28]`` prints the highest version
needed, the files that need it, and (with ``--above``) every file and symbol a system with that
glibc would lack.
"""

from __future__ import annotations

import argparse
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
SHN_UNDEF = 0


def version_key(name: str) -> tuple[int, ...]:
    """``GLIBC_2.31`` -> (2, 31), for sorting and comparing."""
    return tuple(int(part) for part in name.split("_", 1)[1].split("."))


@dataclass
class ElfNeeds:
    """The glibc symbol versions one ELF file asks for, and which undefined symbols use each."""

    path: Path
    versions: set[str] = field(default_factory=set)
    symbols: dict[str, set[str]] = field(default_factory=dict)  # version -> symbol names

    @property
    def highest(self) -> str | None:
        return max(self.versions, key=version_key) if self.versions else None


def _cstr(blob: bytes, offset: int) -> str:
    end = blob.find(b"\0", offset)
    return blob[offset : end if end >= 0 else len(blob)].decode("ascii", "replace")


def read_needs(path: Path) -> ElfNeeds | None:
    """The GLIBC_* versions an ELF file needs; None when the file is no ELF file."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < 64 or data[:4] != b"\x7fELF":
        return None
    is64 = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if is64:
        (shoff,) = struct.unpack_from(end + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
        sec_fmt = end + "IIQQQQIIQQ"
    else:
        (shoff,) = struct.unpack_from(end + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(end + "HH", data, 0x2E)
        sec_fmt = end + "IIIIIIIIII"
    sections = []
    for i in range(shnum):
        start = shoff + i * shentsize
        if start + struct.calcsize(sec_fmt) > len(data):
            return ElfNeeds(path)
        _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize = (
            struct.unpack_from(sec_fmt, data, start)
        )
        sections.append((sh_type, offset, size, link, entsize))
    needs = ElfNeeds(path)
    index_to_version: dict[int, str] = {}
    for sh_type, offset, _size, link, _entsize in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab = sections[link]
        strings = data[strtab[1] : strtab[1] + strtab[2]]
        entry = offset
        while True:
            _ver, count, _file, aux, nxt = struct.unpack_from(end + "HHIII", data, entry)
            aux_at = entry + aux
            for _ in range(count):
                _hash, _flags, other, name, aux_next = struct.unpack_from(
                    end + "IHHII", data, aux_at
                )
                version = _cstr(strings, name)
                if version.startswith("GLIBC_2"):
                    needs.versions.add(version)
                    index_to_version[other] = version
                if not aux_next:
                    break
                aux_at += aux_next
            if not nxt:
                break
            entry += nxt
    if not index_to_version:
        return needs
    dynsym = next((s for s in sections if s[0] == SHT_DYNSYM), None)
    versym = next((s for s in sections if s[0] == SHT_GNU_VERSYM), None)
    if dynsym is None or versym is None:
        return needs
    strtab = sections[dynsym[3]]
    strings = data[strtab[1] : strtab[1] + strtab[2]]
    sym_size = 24 if is64 else 16
    for i in range(dynsym[2] // sym_size):
        at = dynsym[1] + i * sym_size
        if is64:
            name, _info, _other, shndx = struct.unpack_from(end + "IBBH", data, at)
        else:
            name, _value, _size, _info, _other, shndx = struct.unpack_from(end + "IIIBBH", data, at)
        if shndx != SHN_UNDEF:
            continue
        (index,) = struct.unpack_from(end + "H", data, versym[1] + 2 * i)
        version = index_to_version.get(index & 0x7FFF)
        if version:
            needs.symbols.setdefault(version, set()).add(_cstr(strings, name))
    return needs


def scan(folder: Path) -> list[ElfNeeds]:
    """Every ELF file under folder (symlinks skipped: their targets are scanned) that needs glibc."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        needs = read_needs(path)
        if needs is not None and needs.versions:
            found.append(needs)
    return found


def highest(found: list[ElfNeeds]) -> str | None:
    """The highest GLIBC version any file needs: the oldest glibc the bundle starts on."""
    versions = [n.highest for n in found if n.highest]
    return max(versions, key=version_key) if versions else None


def above(found: list[ElfNeeds], glibc: str) -> list[tuple[ElfNeeds, dict[str, set[str]]]]:
    """The files (and their symbols, by version) that a system with this glibc would lack."""
    limit = version_key("GLIBC_" + glibc)
    out = []
    for needs in found:
        newer = {v: s for v, s in needs.symbols.items() if version_key(v) > limit}
        missing_versions = [v for v in needs.versions if version_key(v) > limit]
        for version in missing_versions:
            newer.setdefault(version, set())
        if newer:
            out.append((needs, newer))
    return out


def summary(folder: Path, glibc: str | None = None) -> str:
    """A few lines: the requirement, the files that set it and, with glibc, what that one lacks."""
    found = scan(folder)
    top = highest(found)
    if top is None:
        return f"{folder}: no ELF file asks for a GLIBC version"
    lines = [f"glibc requirement: {top} (the bundle needs glibc >= {top.split('_', 1)[1]})"]
    for needs in found:
        if needs.highest == top:
            syms = ", ".join(sorted(needs.symbols.get(top, ())))
            lines.append(f"  {needs.path.relative_to(folder)}: {top} ({syms})")
    if glibc:
        lacking = above(found, glibc)
        if not lacking:
            lines.append(f"on glibc {glibc}: every file loads (no symbol version above it)")
        else:
            lines.append(f"on glibc {glibc}: {len(lacking)} files fail to load:")
            for needs, newer in lacking:
                parts = "; ".join(
                    f"{v}: {', '.join(sorted(s)) or '?'}"
                    for v, s in sorted(newer.items(), key=lambda kv: version_key(kv[0]))
                )
                lines.append(f"  {needs.path.relative_to(folder)}: {parts}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The glibc a folder of ELF files needs.")
    parser.add_argument("folder", type=Path, help="a bundle, e.g. dist/yunce")
    parser.add_argument(
        "--above", metavar="X.Y", help="also list what a system with glibc X.Y would lack"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: no such folder", file=sys.stderr)
        return 2
    print(summary(args.folder, args.above))
    return 0


if __name__ == "__main__":
    sys.exit(main())
