"""Compress the PDF's streams once, at zlib's default level, before pydyf writes the file (no Qt).

pydyf compresses each stream at level 9 and, when the file has an identifier
(PDF/A needs one), serialises every object a second time to hash it: each
stream is then compressed twice. For the report's streams (page contents,
font subsets, the attached session) level 6 is four times faster than level 9
for about 3% more bytes. Compressing them here, in WeasyPrint's finisher hook,
leaves pydyf a stream that is already deflated: it writes the bytes as given.
Only pydyf's documented `Stream` attributes are used (`stream`, `extra`,
`compress`); the object stream pydyf builds while writing is left to it.
"""

from __future__ import annotations

import zlib
from typing import Any

LEVEL = 6  # zlib's own default
_BODY_START, _BODY_END = b"\nstream\n", b"\nendstream"


def compress_streams(pdf: Any, level: int = LEVEL) -> int:
    """Deflate every stream pydyf would deflate, once; the number of streams done."""
    import pydyf

    done = 0
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress and "Filter" not in obj.extra:
            obj.stream = [zlib.compress(raw_bytes(obj), level)]
            obj.extra["Filter"] = "/FlateDecode"  # the key pydyf itself adds, in the same place
            obj.compress = False
            done += 1
    return done


def raw_bytes(stream: Any) -> bytes:
    """A stream's content as pydyf serialises it: its uncompressed twin's body, between `stream` and `endstream`."""
    import pydyf

    data = pydyf.Stream(stream.stream).data  # b"<</Length n>>\nstream\n" + body + b"\nendstream"
    return data[data.index(_BODY_START) + len(_BODY_START) : -len(_BODY_END)]
