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

A frozen (PyInstaller) app on Windows or macOS carries its own Pango,
HarfBuzz, fontconfig and a `fontconfig/fonts.conf` (packaging/fonts.conf:
the bundled fonts, then the system's font folders, a cache in the user's
folder). There, and only there, the bundle is the one place looked in:
`FONTCONFIG_FILE` names the bundled fonts.conf, `WEASYPRINT_DLL_DIRECTORIES`
names the bundle, and since WeasyPrint skips its own DLL-directory set-up in
a frozen app, the bundle is added to Windows' DLL search here, and while
WeasyPrint is imported every library name it opens is resolved to the
bundle's file or refused, so a GTK on PATH or a Homebrew in /usr/local is
never picked (WeasyPrint issue #2230).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_lock = threading.Lock()  # the report thread and the warm-up thread may both import
BUNDLED_FONTS_CONF = Path("fontconfig") / "fonts.conf"  # inside the bundle, beside the libraries
_dll_directories: list[object] = []  # os.add_dll_directory handles: the directory stays added while they live


def bundle_root() -> Path | None:
    """The folder a frozen app keeps its libraries in (PyInstaller's `sys._MEIPASS`); None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(getattr(sys, "_MEIPASS", None) or Path(sys.executable).parent)


def use_bundled_libraries() -> Callable[[str], str | None] | None:
    """In a frozen Windows or macOS app, point fontconfig and the library search at the bundle.

    Returns the library finder the import uses there (a name to a file in
    the bundle), None elsewhere, where nothing is changed.
    """
    root = bundle_root()
    if root is None or sys.platform not in ("win32", "darwin"):
        return None
    conf = root / BUNDLED_FONTS_CONF
    if conf.is_file():
        os.environ["FONTCONFIG_FILE"] = str(conf)
        os.environ["FONTCONFIG_PATH"] = str(conf.parent)
    os.environ["WEASYPRINT_DLL_DIRECTORIES"] = str(root)
    if sys.platform == "win32" and hasattr(os, "add_dll_directory") and not _dll_directories:
        _dll_directories.append(os.add_dll_directory(str(root)))
    return lambda name: _in_bundle(root, name)


def _in_bundle(root: Path, name: str) -> str | None:
    """A bundled file for a library name as WeasyPrint asks for it (`libpango-1.0.dylib`, `libpango-1.0-0`)."""
    stem = name.removesuffix(".dylib").removesuffix(".dll")
    candidates = [root / name, root / f"{name}.dll", *sorted(root.glob(f"{stem}.*dylib"))]
    return next((str(path) for path in candidates if path.is_file()), None)


def _not_searched(name: str) -> None:
    return None


def import_weasyprint() -> ModuleType:
    """`weasyprint` with its text module loaded; on Linux without spawning ldconfig, gcc or ld; frozen, from the bundle."""
    with _lock:
        if "weasyprint.text.ffi" in sys.modules:
            return _import()
        bundled = use_bundled_libraries()
        if bundled is None and not sys.platform.startswith("linux"):
            return _import()
        import ctypes.util

        import cffi

        real, real_dlopen = ctypes.util.find_library, cffi.FFI.dlopen
        ctypes.util.find_library = bundled or _not_searched
        if bundled is not None:
            cffi.FFI.dlopen = bundle_only(real_dlopen, bundled)
        try:
            with contextlib.redirect_stdout(_SilentFor(sys.stdout)):  # WeasyPrint prints a banner on a missing library
                return _import()
        except OSError:
            if bundled is not None:
                raise  # a frozen app's libraries are its own: never fall back to whatever the machine has
            for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library, cffi.FFI.dlopen = real, real_dlopen
        return _import()  # the ordinary lookup, programs and all


class _SilentFor:
    """Standard output that drops what the importing thread writes and passes on every other thread's.

    `sys.stdout` is one for the whole process, and the import often runs on a
    background thread: a plain redirect would swallow what the main thread
    prints meanwhile (a figure, a result on a pipe).
    """

    def __init__(self, real: object) -> None:
        self.real, self.thread = real, threading.get_ident()

    def write(self, text: str) -> int:
        return len(text) if threading.get_ident() == self.thread or self.real is None else self.real.write(text)

    def flush(self) -> None:
        if self.real is not None:
            self.real.flush()

    def __getattr__(self, name: str) -> object:  # buffer, encoding, fileno ... of the real stream
        return getattr(self.real, name)


def bundle_only(dlopen: Callable[..., object], find: Callable[[str], str | None]) -> Callable[..., object]:
    """cffi's FFI.dlopen opening a bundled file by its full path, and nothing that is not in the bundle."""

    def opened(ffi: object, name: object, flags: int = 0) -> object:
        path = find(name) if isinstance(name, str) else None
        if path is None:
            raise OSError(f"{name}: not in the app's bundle")
        return dlopen(ffi, path, flags)

    return opened


def _import() -> ModuleType:
    import weasyprint
    import weasyprint.text.fonts  # noqa: F401 - the module that opens the libraries' fonts

    return weasyprint
