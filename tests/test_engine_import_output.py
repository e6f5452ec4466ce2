"""Importing the PDF engine in the background never swallows what the rest of the app prints meanwhile."""

from __future__ import annotations

import sys
import threading

import pytest

from wizard import nativelibs


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quiet import is the Linux route")
def test_the_engine_import_silences_only_its_own_thread(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    importing, printed = threading.Event(), threading.Event()

    def slow_import() -> str:
        print("WeasyPrint could not import some external libraries")  # its banner on a missing library
        importing.set()
        assert printed.wait(10)
        return "weasyprint"

    monkeypatch.setattr(nativelibs, "_import", slow_import)
    monkeypatch.delitem(sys.modules, "weasyprint.text.ffi", raising=False)  # as before the first report
    worker = threading.Thread(target=nativelibs.import_weasyprint)
    worker.start()
    assert importing.wait(10)
    print('{"redraw_ms": [1.0]}')  # the main thread's output while the import runs
    printed.set()
    worker.join(10)
    out = capsys.readouterr().out
    assert '{"redraw_ms": [1.0]}' in out, "the main thread's line reached standard output"
    assert "WeasyPrint could not" not in out, "the importing thread's banner is still dropped"
