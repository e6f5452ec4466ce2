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
# Windows refuses these names whatever the extension: "CON.pdf" is the console, not a file.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def file_stem(name: str, fallback: str = FALLBACK) -> str:
    """A file name stem for `name`: its own letters, minus only what file systems refuse.

    A run of refused characters (with the spaces around it) becomes one hyphen,
    as in "Q3: legal/IT" -> "Q3-legal-IT"; white space becomes one space; leading and
    trailing dots and spaces go (Windows drops them silently, and a leading dot
    hides the file on Linux and macOS); reserved Windows names get an underscore.
    Nothing left gives `fallback`.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(" " if c.isspace() else c for c in text)  # tabs, line breaks, no-break spaces
    text = _REFUSED.sub("-", text)  # "a / b" -> "a-b": one hyphen for a run of refused characters
    text = re.sub(r" +", " ", text)
    text = text.strip(" .-")
    text = _shorten(text, MAX_BYTES).rstrip(" .-")
    if not text:
        return fallback
    first, dot, rest = text.partition(".")
    if first.upper() in _RESERVED:  # "NUL.txt" is NUL too: the part before the first dot counts
        text = f"{first}_{dot}{rest}"
    return text


def _shorten(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut at a character boundary (never half a letter)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    return unicodedata.normalize("NFC", cut)
