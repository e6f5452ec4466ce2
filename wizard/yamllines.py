"""The containers YAML is read into, each knowing its line, so every error can say `file:line` (no YAML here).

Kept apart from the loader (`wizard.yamlsource`) so that code which only reads
parsed flows (the window's start-up, from the parsed copy `wizard.proven`
keeps) does not import the YAML library.
"""

from __future__ import annotations


class LineDict(dict):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line
