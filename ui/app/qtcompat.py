"""A guard against a PySide6 reference-count bug in ``SignalInstance.emit``.

PySide6 6.12's ``emit()`` returns ``True`` without taking a reference, so every signal emitted
from Python takes one reference away from the ``True`` object. On Python 3.11 ``True`` is an
ordinary object: after as many emits as there are references to it, the interpreter aborts
("bool_dealloc: deallocating True or False"), typically while it shuts down. A long session,
or the test suite, gets there.

:func:`install` measures the loss on one probe signal and, when there is one, gives ``True``
enough extra references never to run out (what Python 3.12+ does for all singletons by making
them immortal). It changes nothing where ``emit()`` is correct.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

#: References added to True when emit() is found to drop them (never released).
RESERVE = 1 << 40

_installed = False


class _Probe(QObject):
    ping = Signal()


def emit_loss(n: int = 64) -> int:
    """References to True that n emits of a connected signal lose (0 where emit is correct)."""
    probe = _Probe()
    probe.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(n):
        probe.ping.emit()
    return max(0, before - sys.getrefcount(True))


def install() -> bool:
    """Guard True against emit()'s lost references; True when the guard was needed."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or emit_loss() == 0:  # immortal True, or a correct PySide6
        return False
    refcnt = ctypes.c_ssize_t.from_address(id(True))
    refcnt.value += RESERVE
    _installed = True
    return True


install()
