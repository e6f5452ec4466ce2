"""The sidebar's tally of findings so far, with counsel's resolved questions taken out of the open ones."""

from __future__ import annotations

from wizard.counsel_view import CounselView
from wizard.derive import Derived
from wizard.ui.review_page import findings_line


def tally_line(derived: Derived, view: CounselView) -> str:
    """The findings so far; questions counsel resolved no longer count as open (and are counted apart)."""
    line = findings_line(derived.findings)
    if not view.resolved_count:
        return line
    head, _, _ = line.rpartition("\n")
    n = view.open_count + len(derived.findings.profile_questions)  # counsel answers the parts' questions
    return f"{head}\n{n} open question{'' if n == 1 else 's'} ({view.resolved_count} resolved by counsel)"
