"""Import the PDF engine without running other programs to find its native libraries (no Qt).

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject through cffi's
`ffi.dlopen`, trying several names per library, Windows and macOS ones
first. For each name that is not a file name cffi asks
`ctypes.util.find_library`, which on Linux runs `ldconfig -p`, then `gcc`
and `ld` (found through `$PATH`): 54 programs per report, about 86 processes
with gcc's own children. WeasyPrint's list always ends with each library's
Linux soname (`libpango-1.0.so.0`, ...), which cffi hands straight to the
dynamic loader. So while WeasyPrint is imported on Linux, find_library
answers "not found" without running anything, and the sonames load as the
loader would load them anyway. Should that fail (a system whose libraries
carry other names), the import is simply done again the ordinary way.
WeasyPrint documents no setting for this on Linux (`WEASYPRINT_DLL_DIRECTORIES`
is for Windows only).
"""

from __future__ import annotations

import contextlib
import io
import sys
import threading
from types import ModuleType

_lock = threading.Lock()  # the report thread and the warm-up thread may both import


def _not_searched(name: str) -> None:
    return None


def import_weasyprint() -> ModuleType:
    """`weasyprint` with its text module loaded; on Linux without spawning ldconfig, gcc or ld."""
    with _lock:
        if "weasyprint.text.ffi" in sys.modules or not sys.platform.startswith("linux"):
            return _import()
        import ctypes.util

        real = ctypes.util.find_library
        ctypes.util.find_library = _not_searched
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints a banner on a missing library
                return _import()
        except OSError:
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = real
        return _import()  # the ordinary lookup, programs and all


def _import() -> ModuleType:
    import weasyprint
    import weasyprint.text.fonts  # noqa: F401 - the module that opens the libraries' fonts

    return weasyprint
