"""Proof the design holds: a seventh part is content only, and rendering is a pure function of the session."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, FIXTURES, ROOT
from gui_support import quietly

from wizard.answers import options
from wizard.cli import main
from wizard.flows import FlowSet, load_flows
from wizard.paths import flows_dir
from wizard.review import Review

SEVENTH = "export_controls"


@pytest.fixture
def seven_parts(tmp_path: Path) -> Path:
    """The shipped flows plus one more term part, added as files only."""
    folder = tmp_path / "flows"
    shutil.copytree(flows_dir(), folder)
    shutil.copy(FIXTURES / "seventh" / f"{SEVENTH}.yaml", folder)
    terms = yaml.safe_load((folder / "terms.yaml").read_text(encoding="utf-8"))
    terms["order"].append(SEVENTH)
    terms["sections"][SEVENTH] = {
        "heading": "Export Controls (test part)",
        "clause": "Outputs may cross borders.",
        "no_compare": "A part added by a test; no public section is compared.",
    }
    (folder / "terms.yaml").write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def first_answers(flowset: FlowSet) -> dict:
    """A scenario answering every question with its first choice (or a short text)."""
    review, answers = Review(flowset), {}
    while (question := review.question) is not None:
        value = "Seventh part project" if question.kind == "text" else next(iter(options(question)))
        answers.setdefault(review.flow_id, {})[question.id] = list(value) if isinstance(value, tuple) else value
        review.answer(value)
    return answers


def test_a_seventh_part_runs_through_cli_report_and_window(
    seven_parts: Path, tmp_path: Path, qtbot, _private_data_dir: Path, capsys
) -> None:
    from PySide6.QtCore import QSettings

    from wizard.ui.main_window import MainWindow

    assert main(["check", str(seven_parts)]) == 0, capsys.readouterr().err
    flowset = load_flows(seven_parts)
    assert [f.id for f in flowset.term_flows][-1] == SEVENTH
    scenario, session, pdf = tmp_path / "seven.yaml", tmp_path / "seven.json", tmp_path / "seven.pdf"
    scenario.write_text(yaml.safe_dump(first_answers(flowset), allow_unicode=True), encoding="utf-8")
    flows = ["--flows", str(seven_parts)]
    assert main([*flows, "answer", str(scenario), "-o", str(session)]) == 0, capsys.readouterr().err
    assert main([*flows, "report", str(session), "-o", str(pdf)]) == 0, capsys.readouterr().err
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert "Export Controls (test part)" in text and "Use stays in one country" in " ".join(text.split())

    window = MainWindow(flowset, _private_data_dir, session, settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat))
    qtbot.addWidget(window, before_close_func=quietly)
    parts = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert len(parts) == len(flowset.flows) + 1 and "Export controls" in parts[-2]
    assert window.view == "review" and window.derived.part(SEVENTH).done


def test_an_example_answered_before_a_part_was_added_runs_with_one_skip_line(seven_parts: Path, tmp_path: Path) -> None:
    """Adding a shipped part costs a flow file and a terms.yaml entry; a scenario that predates it skips it."""
    from wizard.derive import NOT_STARTED, derive
    from wizard.report import render_html
    from wizard.scenario import run_scenario

    flowset = load_flows(seven_parts)
    scenario = tmp_path / "older.yaml"
    text = (EXAMPLES / "internal-code-assistant.yaml").read_text(encoding="utf-8")
    scenario.write_text(text + f"\nskip: [{SEVENTH}]\n", encoding="utf-8")
    session = run_scenario(flowset, scenario)
    derived = derive(flowset, session)
    assert derived.part(SEVENTH).progress == NOT_STARTED
    assert all(p.done for f, p in derived.parts.items() if f != SEVENTH)
    assert "Export Controls (test part)" in render_html(flowset, session)


RENDER = """
import sys
from pathlib import Path
from wizard.flows import load_flows
from wizard.pdfsession import load_any
from wizard.report import render_pdf
flowset = load_flows(Path(sys.argv[1]))
sys.stdout.buffer.write(render_pdf(flowset, load_any(Path(sys.argv[2]))))
"""


def _render_in_new_process(flows: Path, session: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", RENDER, str(flows), str(session)], capture_output=True, env=env, cwd=ROOT, check=True, timeout=120
    )
    return done.stdout


@pytest.mark.slow
def test_the_same_session_renders_to_the_same_bytes_in_separate_processes(tmp_path: Path, mini) -> None:
    """Also for a session answered against older flows: rendering never migrates or stamps it."""
    from wizard.fsio import save
    from wizard.session import Session

    current = tmp_path / "current.json"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(current)]) == 0
    old = Session(flows_digest="0" * 64, created="2026-01-02T03:04:05+00:00")
    old.profile.update({"project_name": "Old flows", "audience": "galactic"})
    old.answers["alpha"] = {"first": "no_branch", "third": "x", "removed_q": "y"}
    older = tmp_path / "older.json"
    save(old, older)
    before = older.read_bytes()
    for flows, session in ((flows_dir(), current), (FIXTURES / "mini", older)):
        first = _render_in_new_process(flows, session, "1")
        assert first.startswith(b"%PDF")
        assert _render_in_new_process(flows, session, "4242") == first, f"{session.name}: bytes differ between runs"
        pdf = tmp_path / f"{session.stem}.pdf"
        pdf.write_bytes(first)
        assert _render_in_new_process(flows, pdf, "7") == first, "the report PDF re-rendered gives the same bytes"
    assert older.read_bytes() == before, "rendering never writes the session"


def test_a_severity_added_above_high_is_at_least_as_severe_with_no_code_change(tmp_path: Path, capsys) -> None:
    """One YAML line adds "critical" above "high"; rules match by rank, so a lone critical risk is never milder."""
    from wizard.decision import FindingFacts, choose
    from wizard.derive import derive
    from wizard.report import render_html
    from wizard.scenario import run_scenario

    folder = tmp_path / "flows"
    shutil.copytree(flows_dir(), folder)
    terms = folder / "terms.yaml"
    high = '    - {id: high, label: High, colour: "#b3261e"}\n'
    text = terms.read_text(encoding="utf-8")
    assert high in text
    terms.write_text(text.replace(high, '    - {id: critical, label: Critical, colour: "#7a0f0a"}\n' + high), encoding="utf-8")
    tuning = folder / "fine_tuning.yaml"
    leak = "  - id: cross_client_leak\n    kind: risk\n    severity: high\n"
    assert leak in tuning.read_text(encoding="utf-8")
    tuning.write_text(tuning.read_text(encoding="utf-8").replace(leak, leak.replace("high", "critical")), encoding="utf-8")
    assert main(["check", str(folder)]) == 0, capsys.readouterr().err
    flowset = load_flows(folder)
    vocab = flowset.vocabulary
    assert [s.id for s in vocab.severities] == ["critical", "high", "medium", "low"]
    for statuses in (vocab.verdicts, vocab.decisions):
        order = [s.id for s in statuses]

        def rank_of(severity: str, statuses=statuses, order=order) -> int:  # earlier in the list is more severe
            return order.index(choose(statuses, [FindingFacts("p.r", "p", "risk", severity)]).id)

        assert rank_of("critical") <= rank_of("high") < len(order) - 1, "a lone critical risk is at least as severe"

    # Through the whole app: the part with the critical risk, once its questions are settled, is no milder.
    session = run_scenario(flowset, EXAMPLES / "customer-chatbot.yaml")
    part = next(t for t in derive(flowset, session).findings.terms if t.flow.id == "fine_tuning")
    assert [r.severity for r in part.risks][0] == "critical"
    lone = [FindingFacts(r.id, "fine_tuning", "risk", r.severity) for r in part.risks[:1]]
    as_high = [FindingFacts(r.id, "fine_tuning", "risk", "high") for r in part.risks[:1]]
    assert choose(vocab.verdicts, lone).id == choose(vocab.verdicts, as_high).id
    html = render_html(flowset, session)
    assert re.search(r'<th[^>]* class="n"[^>]*>Critical</th>', html), "the report's summary has a column for the new severity"
