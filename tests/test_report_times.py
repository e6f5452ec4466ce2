"""Times that are true: the cover gives the time of the last recorded change, and the PDF's dates follow it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from conftest import FIXTURES
from pypdf import PdfReader

from wizard.derive import derive
from wizard.report import render_html, render_pdf
from wizard.review import Review
from wizard.scenario import run_scenario


def test_answers_as_of_is_the_last_recorded_change_and_nothing_in_the_appendix_is_later(mini, tmp_path) -> None:
    session = run_scenario(mini, FIXTURES / "mini-scenario.yaml")
    session.created = "2026-11-01T08:00:00+00:00"
    for n, entry in enumerate(session.log):
        entry["at"] = f"2026-11-0{2 + n % 3}T09:{n:02d}:00+00:00"  # not in order: the latest is not the last written
    review = Review(mini, session)
    review.select("alpha", "third")
    review.answer("x", note="Checked again.")  # a change recorded now
    review.session.log[-1]["at"] = review.session.log[-2]["at"] = "2026-11-20T16:45:00+00:00"
    latest = datetime(2026, 11, 20, 16, 45, tzinfo=UTC)
    assert derive(mini, session).as_of == latest.isoformat()

    html = render_html(mini, session)
    assert '<tr><th scope="row">Answers as of</th><td>2026-11-20 16:45 UTC</td></tr>' in html
    assert "Report generated" not in html
    assert f'<meta name="dcterms.created" content="{latest.isoformat()}">' in html
    shown = re.findall(r'<td class="at">(\d{4}-\d\d-\d\d \d\d:\d\d) UTC</td>', html)
    assert shown and max(shown) <= "2026-11-20 16:45", "no answer in the appendix is later than the cover"
    assert render_html(mini, session) == html, "the same session, the same text"

    pdf = tmp_path / "r.pdf"
    data = render_pdf(mini, session)
    assert render_pdf(mini, session) == data, "the same session, the same bytes"
    pdf.write_bytes(data)
    meta = PdfReader(str(pdf)).metadata
    assert meta.creation_date.astimezone(UTC) == latest and meta.modification_date.astimezone(UTC) == latest
