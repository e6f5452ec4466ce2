"""File names suggested from a project name, in any script (no Qt).

A name is the user's: letters of every script, digits, spaces and punctuation
stay. Only what a file system refuses is dropped, so the same stem works on
Linux, macOS and Windows (and on a USB stick formatted for Windows).
"""

from __future__ import annotations

import re
import unicodedata

FALLBACK = "review"
MAX_BYTES = 120  # leaves room for a suffix such as "-bedrock-terms.pdf" under the common 255-byte limit

# Refused by Windows (and so by FAT/NTFS volumes anywhere); "/" is refused everywhere.
_REFUSED = re.compile(r' *[/\\:*?"<>|\x00-\x1f\x7f]+ *')
# Direction controls: "invoice\u202efdp.exe" would show as "invoiceexe.pdf" in a file manager.
_DIRECTION = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Windows refuses these names whatever the extension: "CON.pdf" is the console, not a file. Its ports
# take the digits 0-9 and the superscripts ¹ ² ³ ("COM¹" is a port too), and CONIN$/CONOUT$ are the console.
_DIGITS = "0123456789\u00b9\u00b2\u00b3"
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"{port}{digit}" for port in ("COM", "LPT") for digit in _DIGITS),
}


def file_stem(name: str, fallback: str = FALLBACK) -> str:
    """A file name stem for `name`: its own letters, minus only what file systems refuse.

    A run of refused characters (with the spaces around it) becomes one hyphen,
    as in "Q3: legal/IT" -> "Q3-legal-IT"; direction controls go (they can make a
    name look like another); white space becomes one space; leading and
    trailing dots and spaces go (Windows drops them silently, and a leading dot
    hides the file on Linux and macOS); reserved Windows names get an underscore.
    Nothing left gives `fallback`.
    """
    text = _DIRECTION.sub("", unicodedata.normalize("NFC", name))
    text = "".join(" " if c.isspace() else c for c in text)  # tabs, line breaks, no-break spaces
    text = _REFUSED.sub("-", text)  # "a / b" -> "a-b": one hyphen for a run of refused characters
    text = re.sub(r" +", " ", text)
    text = text.strip(" .-")
    text = _shorten(text, MAX_BYTES).rstrip(" .-")
    if not text:
        return fallback
    first, dot, rest = text.partition(".")
    if first.rstrip(" ").upper() in _RESERVED:  # "NUL.txt" and "NUL .txt" are NUL too: the part before the first dot
        text = f"{first}_{dot}{rest}"
    return text


def _shorten(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut at a character boundary (never half a letter)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return unicodedata.normalize("NFC", cut)
