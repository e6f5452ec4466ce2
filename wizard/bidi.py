"""User text kept in its own direction wherever it is printed inside other text (no Qt).

A name such as "Dana\u202e" (a right-to-left override) or a Hebrew or Arabic
project name reorders the rest of the line it is printed in: on the cover,
"Approved: <name>, 2026-12-01, given on earlier answers" would read backwards
after the name, warning included. Wrapping user text in a first-strong
isolate (U+2068 … U+2069) confines its direction, and any override it holds,
to itself (Unicode Bidirectional Algorithm, rule X6a). Text without
right-to-left letters or direction controls is returned unchanged, so the
output of left-to-right reviews stays byte for byte what it was.
"""

from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
# Right-to-left scripts (Hebrew to N'Ko and the extended Arabic blocks, presentation forms, the
# historic right-to-left planes) and every explicit direction mark, embedding, override and isolate.
_BIDI = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def needs_isolation(text: str) -> bool:
    return bool(_BIDI.search(text))


def isolate(text: str) -> str:
    """`text` as one isolated run when it could reorder what surrounds it; unchanged otherwise.

    A stray U+2069 in the text would close the isolate early, so unmatched
    ones are dropped; isolates the text opens but never closes are closed.
    """
    if not isinstance(text, str) or not _BIDI.search(text):
        return text
    out: list[str] = []
    depth = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char == PDI:
            if not depth:
                continue
            depth -= 1
        out.append(char)
    return FSI + "".join(out) + PDI * depth + PDI
