"""The PDF: every term, the findings the answers imply, escaped user text, no fetching."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

from wizard.derive import derive
from wizard.report import PackageFetcher, render_html, render_pdf
from wizard.review import Review
from wizard.scenario import run_scenario

EXAMPLE_NAMES = ("internal-code-assistant", "customer-chatbot", "distil-own-model")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example_reviews(flowset) -> dict[str, Review]:
    return {name: Review(flowset, run_scenario(flowset, EXAMPLES / f"{name}.yaml")) for name in EXAMPLE_NAMES}


class _RenderedOnDemand(dict):
    """Each example's PDF text, rendered the first time a test asks for it: a worker of `-n auto` renders only its own."""

    def __init__(self, reviews: dict[str, Review]) -> None:
        super().__init__()
        self.reviews = reviews

    def __missing__(self, name: str) -> str:
        review = self.reviews[name]
        self[name] = squash(pdf_text(render_pdf(review.flowset, review.session)))
        return self[name]


@pytest.fixture(scope="module")
def example_pdfs(example_reviews) -> dict[str, str]:
    return _RenderedOnDemand(example_reviews)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_shows_every_term_and_the_implied_findings(flowset, example_reviews, example_pdfs, name) -> None:
    text = example_pdfs[name]
    for flow in flowset.term_flows:
        assert squash(flowset.terms.sections[flow.section].heading) in text
    model = derive(example_reviews[name].flowset, example_reviews[name].session).findings
    assert model.project in text
    for term in model.terms:
        for finding in term.obligations + term.risks + term.protections:
            assert squash(finding.title) in text, f"{name}: missing {finding.id}"
    assert "Not legal advice" in text
    assert flowset.terms.as_of in text


def test_examples_differ_the_way_their_answers_say(example_reviews) -> None:
    risks = {
        name: {r.id for t in derive(review.flowset, review.session).findings.terms for r in t.risks}
        for name, review in example_reviews.items()
    }
    assert len(risks["internal-code-assistant"]) < len(risks["customer-chatbot"])
    assert any(r.startswith("competitive_use.") for r in risks["distil-own-model"])
    assert not any(r.startswith("competitive_use.") for r in risks["internal-code-assistant"])
    assert any(r.startswith("fine_tuning.") for r in risks["customer-chatbot"])
    assert not any(r.startswith("fine_tuning.") for r in risks["distil-own-model"])


def test_user_text_is_literal_and_nothing_outside_the_package_is_fetched(mini) -> None:
    hostile = '<img src="http://127.0.0.1:9/x"> <img src="file:///etc/passwd"> {{ 7*7 }} {% include "x" %}'
    review = Review(mini)
    review.answer(hostile)
    review.answer("external", note=hostile)
    review.answer("yes_branch")
    review.answer(["a"])
    review.answer("y")
    html = render_html(review.flowset, review.session)
    assert "<img" not in html and "&lt;img" in html
    fetcher = PackageFetcher()
    text = squash(pdf_text(render_pdf(review.flowset, review.session, fetcher=fetcher)))
    assert "{{ 7*7 }}" in text and '{% include "x" %}' in text
    assert '<img src="http://127.0.0.1:9/x">' in text
    assert fetcher.refused == []
    assert fetcher.served and all(u.startswith("file://") for u in fetcher.served)


def test_fetcher_refuses_everything_outside_the_package(tmp_path: Path) -> None:
    fetcher = PackageFetcher()
    outside = tmp_path / "x.css"
    outside.write_text("body{}")
    for url in (
        "http://127.0.0.1:9/x",
        "https://example.com/a.css",
        "file:///etc/passwd",
        outside.as_uri(),
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_summary_table_counts_match_the_findings(example_reviews, name) -> None:
    import re

    review = example_reviews[name]
    html = render_html(review.flowset, review.session)
    summary = html[html.index('id="summary"') : html.index("</table>", html.index('id="summary"'))]
    rows = re.findall(r"<tr>\s*<td><a href=\"#term-(\w+)\">.*?</tr>", summary, re.S)
    assert rows == [f.id for f in review.flowset.term_flows]
    for term in derive(review.flowset, review.session).findings.terms:
        row = re.search(rf'href="#term-{term.flow.id}">.*?</tr>', summary, re.S).group(0)
        cells = [int(c) for c in re.findall(r'<td class="num[^"]*"[^>]*>(\d+)</td>', row)]
        expected = [
            len(term.obligations),
            len(term.recommendations),
            term.risk_count("high"),
            term.risk_count("medium"),
            term.risk_count("low"),
            len(term.open_questions),
        ]
        assert cells == expected, term.flow.id
        assert f">{escape(term.verdict).replace('&#x27;', '&#39;')}<" in row
    for _, risk in derive(review.flowset, review.session).findings.top_risks:
        assert risk.title.replace("'", "&#39;") in html.split('class="top-risks"')[1]
