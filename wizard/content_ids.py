"""`check` refuses an id of a severity, verdict, decision or tag written in the app's code or templates (no Qt).

Those ids are content (`flows/terms.yaml`): code that compares with one (a
"high" here, a "cannot_assess" there) silently stops working when content
adds, renames or reorders them, which is how a severity added above "high"
once got a milder verdict than "high". Code reads the vocabulary instead
(`Vocabulary.raised`, `Vocabulary.serious`, ranks). Python files are read as
syntax trees, so only a string that *is* an id counts, never one in a
sentence; templates count a quoted id. A build without Python sources (the
standalone app) has nothing to scan.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from wizard.flows import Problem
from wizard.paths import templates_dir
from wizard.vocabulary import Vocabulary

TEMPLATE_SUFFIXES = (".html", ".txt")


def content_ids(vocabulary: Vocabulary) -> dict[str, str]:
    """Each id code must not write -> what it is (for the message)."""
    ids = {t: "tag" for t in vocabulary.tags}
    ids.update((s.id, "decision") for s in vocabulary.decisions)
    ids.update((s.id, "verdict") for s in vocabulary.verdicts)
    ids.update((s.id, "severity") for s in vocabulary.severities)
    return ids


def written_ids(vocabulary: Vocabulary, package: Path | None = None, templates: Path | None = None) -> list[Problem]:
    """One problem per id written in the package's Python or in a template."""
    ids = content_ids(vocabulary)
    package = package or Path(__file__).resolve().parent
    templates = templates or templates_dir()
    found = [*_in_python(package, ids), *_in_templates(templates, ids)]
    return [
        Problem(str(path), line, f"the {ids[value]} id '{value}' is written in code; read it from the vocabulary in terms.yaml")
        for path, line, value in found
    ]


def _in_python(package: Path, ids: dict[str, str]) -> Iterator[tuple[Path, int, str]]:
    for path in sorted(package.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ids:
                yield path, node.lineno, node.value


def _in_templates(templates: Path, ids: dict[str, str]) -> Iterator[tuple[Path, int, str]]:
    if not ids:
        return
    alternatives = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    quoted = re.compile(r"""(["'])(""" + alternatives + r""")\1""")
    for path in sorted(p for p in templates.iterdir() if p.suffix in TEMPLATE_SUFFIXES):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, 1):
            for match in quoted.finditer(text):
                yield path, number, match.group(2)
