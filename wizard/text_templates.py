"""Jinja for the app's plain-text outputs (the e-mail summary, the comparison of two reviews); no Qt.

jinja2 is imported on first use, so the window starts without it.
"""

from __future__ import annotations

from typing import Any


def plain_environment(**options: Any) -> Any:
    """An Environment over the templates folder for plain text: nothing escaped, an unknown name an error."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from wizard.paths import templates_dir

    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False,  # noqa: S701 - plain text
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
