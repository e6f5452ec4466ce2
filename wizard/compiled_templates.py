"""Compiled report templates kept between runs, so a report does not compile Jinja's template each time (no Qt).

Compiling `report.html` costs about a tenth of a second per process; Jinja's
bytecode cache keeps the compiled code in the user's cache folder (the one
`wizard.proven` uses), checked against the template's source on every load,
so an edited template is compiled again. The folder is named by Jinja's and the
wizard's versions and the options that shape the compiled code, so code
compiled under other options is never used. A cache that cannot be read or
written only costs that tenth of a second: the report is made all the same.
"""

from __future__ import annotations

import contextlib
import hashlib

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from wizard import __version__
from wizard.proven import cache_dir


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, except that a missing, unwritable or damaged folder means "compile again"."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(options: str) -> QuietBytecodeCache | None:
    """The cache for templates compiled with `options` (a stable description of the Environment's settings)."""
    key = hashlib.sha256(f"{jinja2.__version__}|{__version__}|{options}".encode()).hexdigest()[:16]
    try:
        folder = cache_dir() / f"templates-{key}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, a file in the way, a read-only disk
        return None
    return QuietBytecodeCache(str(folder))
