"""Property tests: random walks with Back and Edit, random text, and no network at all."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.answers import options
from wizard.cli import main
from wizard.graph import outcomes_for
from wizard.review import Review
from wizard.session import text_problem

FLOWS = ["ownership", "training", "fine_tuning", "competitive_use", "confidentiality", "indemnification"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), flow_id=st.sampled_from(FLOWS))
def test_random_walks_with_back_and_edit_end_valid_and_route_free(flowset, data, flow_id) -> None:
    from test_router import on

    from wizard.router import router_for

    flow = flowset.flow(flow_id)
    run = on(flowset, flow_id)

    def current():  # the cursor's question while it stands in this part
        return run.question if run.flow_id == flow_id else None

    for _ in range(data.draw(st.integers(0, 40), label="moves")):
        move = data.draw(st.sampled_from(["answer", "answer", "answer", "back", "edit"]), label="move")
        if move == "back" and run.history:
            run.back()
        elif move == "edit":
            path, _ = router_for(flow).path(run.answers(flow_id))
            if path:
                run.select(flow_id, data.draw(st.sampled_from(path), label="edit"))
        elif current() is not None:
            run.answer(data.draw(st.sampled_from(list(options(current()))), label="value"))
        if run.flow_id != flow_id:  # the part ended and the cursor moved on: come back to it
            run.select(flow_id)
    # Finish from wherever the walk stopped.
    run.select(flow_id)
    run.resume()
    while current() is not None:
        run.answer(data.draw(st.sampled_from(list(options(current()))), label="finish"))
    answers = run.answers(flow_id)
    path, frontier = router_for(flow).path(answers)
    assert frontier == "end" and set(answers) == set(path), "only answers on the path remain"
    # Same answers replayed straight through give the same outcomes.
    straight = on(flowset, flow_id)
    for qid in path:
        assert straight.question.id == qid
        straight.answer(answers[qid])
    assert straight.flow_id != flow_id or straight.question is None
    assert outcomes_for(flow, straight.answers(flow_id)) == outcomes_for(flow, answers)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(min_size=1, max_size=300).filter(lambda t: t.strip() and not text_problem(t, 300)),
    note=st.text(max_size=300).filter(lambda t: not text_problem(t, 300)),
)
def test_random_unicode_in_profile_and_notes_renders(mini, text, note) -> None:
    from wizard.report import render_pdf

    review = Review(mini)
    review.answer(text[:200])
    review.answer("external", note=note)
    review.answer("yes_branch", note=text)
    review.answer(["a"])
    review.answer("y")
    assert render_pdf(mini, review.session).startswith(b"%PDF")


def test_whole_review_and_report_without_any_network(tmp_path: Path, monkeypatch, capsys) -> None:
    from wizard.nativelibs import import_weasyprint

    import_weasyprint()  # its import pulls in ssl, which subclasses socket.socket: load it before the trap

    def refuse(*_args, **_kwargs):
        raise AssertionError("the app tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    session, pdf = tmp_path / "s.json", tmp_path / "r.pdf"
    assert main(["answer", str(EXAMPLES / "customer-chatbot.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0, capsys.readouterr().err
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "payload", ["{{ 7*7 }}", "{% include 'report.html' %}", "<style>*{display:none}</style>", "</td></tr></table><h1>forged</h1>"]
)
def test_free_text_never_becomes_markup_or_template(mini, payload) -> None:
    from html import escape

    from wizard.report import render_html

    review = Review(mini)
    review.answer(payload)
    review.answer("internal", note=payload)
    html = render_html(mini, review.session)
    shown = escape(payload, quote=True).replace("&#x27;", "&#39;")
    assert html.count(shown) >= 2, "the text appears literally (escaped) as project name and note"
    if "<" in payload:
        assert payload not in html
    else:
        assert ">49<" not in html, "template syntax in user text is never evaluated"
