"""The sidebar's tally of findings so far: the derived view's own counts (counsel's resolutions included)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.derive import Derived


def tally_line(derived: Derived) -> str:
    """The findings so far; questions counsel resolved no longer count as open (and are counted apart)."""
    from wizard.ui.review_page import findings_line

    return findings_line(derived.findings)
