"""User text made safe and cheap to print in the report (no Qt).

Jinja applies `printable` to every value the report template prints (its
`finalize` hook), before autoescaping. Two things a file or a paste can carry
would otherwise break the PDF or take minutes to lay out:

- characters XML cannot hold (control characters, lone surrogates) would make
  the PDF's XMP metadata malformed, so PDF/A readers reject it; they are
  shown as visible symbols (␇) or as U+FFFD instead;
- a long run without a break opportunity (a URL, a hash, "xxxx…") makes
  WeasyPrint lay the rest of the text out again for every line, which is
  quadratic; a zero-width space every few characters of such a run lets the
  line breaker stop early. Combining marks stay with their base character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from markupsafe import Markup

from wizard.bidi import isolate

RUN = 72  # a run of this many characters without a space gets break opportunities
STEP = 10  # ... every this many characters
ZERO_WIDTH_SPACE = "\u200b"

_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LONG_RUN = re.compile(rf"[^\s\u200b]{{{RUN},}}")


def _symbol(match: re.Match[str]) -> str:
    char = match.group()
    if char < "\x20":
        return chr(0x2400 + ord(char))  # ␀ … ␟, the Control Pictures block
    return "\u2421" if char == "\x7f" else "\ufffd"


def _breakable(match: re.Match[str]) -> str:
    out: list[str] = []
    count = 0
    for char in match.group():
        if count >= STEP and not unicodedata.combining(char):
            out.append(ZERO_WIDTH_SPACE)
            count = 0
        out.append(char)
        count += 1
    return "".join(out)


def printable(value: Any) -> Any:
    """Text with unprintable characters shown as symbols, long runs made breakable, and its direction isolated.

    Anything else as is. Isolation (`wizard.bidi`) keeps a right-to-left name
    or an override in one value from reordering the line it is printed in.
    """
    if not isinstance(value, str) or isinstance(value, Markup):  # Markup is template output, already done
        return value
    return isolate(_LONG_RUN.sub(_breakable, _UNPRINTABLE.sub(_symbol, value)))
