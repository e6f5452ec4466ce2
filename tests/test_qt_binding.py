"""Guards against Qt binding bugs that would crash the app mid-review."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_signal_emit_does_not_leak_bool_references(qapp) -> None:
    """PySide6 6.12.0 dropped a reference to False per emit; typing a long note aborted Python."""
    emitter = _Emitter()
    emitter.ping.connect(lambda: None)
    before = sys.getrefcount(False), sys.getrefcount(True)
    for _ in range(10_000):
        emitter.ping.emit()
    assert (sys.getrefcount(False), sys.getrefcount(True)) == before
