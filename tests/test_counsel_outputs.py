"""Counsel's answer going out: the e-mail summary, JSON and calendar exports, scenarios, the CLI and the report."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import EXAMPLES, FIXTURES
from pypdf import PdfReader
from test_counsel import decided, reviewed

from wizard.cli import main
from wizard.export import export_json
from wizard.fsio import load, save
from wizard.ics import calendar, escape, fold
from wizard.pdfsession import load_any
from wizard.report import render_html, render_pdf, write_report
from wizard.scenario import ScenarioError, run_scenario
from wizard.summary import summary

MINI = ["--flows", str(FIXTURES / "mini")]


# -- the e-mail summary ----------------------------------------------------------
def test_summary_gives_decision_counts_serious_risks_and_blocking_questions(mini) -> None:
    review = reviewed(mini)
    text = summary(mini, review.session)
    assert "\n" not in text
    assert text == (
        "Project X: Preliminary: not yet reviewed by counsel. Computed status: Needs counsel. "
        "1 obligation, 1 risk (1 high), 1 open question. Most serious risks: Risky (high). "
        "Questions that block: Is Y enough?."
    )
    review = decided(mini)
    text = summary(mini, review.session)
    assert text.startswith(
        "Project X: Approved with conditions: Dana Lee, Legal, 2026-12-01. "
        "Conditions: Sign the DPA (Priya Shah, due 2026-12-20). "
    )
    assert "0 open questions, 1 resolved by counsel." in text
    assert "Risky (high; counsel: must be reduced before go-live)" in text
    assert "Questions that block" not in text
    assert text.endswith("Review again by 2027-12-01.")


def test_summary_says_when_the_decision_rests_on_earlier_answers(mini) -> None:
    review = decided(mini)
    review.select("profile", "audience")
    review.answer("internal")
    text = summary(mini, review.session)
    assert "2026-12-01, given on earlier answers. Answers changed since the decision: Who uses it?." in text


def test_summary_command_reads_a_session_or_a_report_pdf(mini, tmp_path: Path, capsys) -> None:
    session = decided(mini).session
    save(session, tmp_path / "s.json")
    write_report(mini, session, tmp_path / "r.pdf")
    for name in ("s.json", "r.pdf"):
        assert main([*MINI, "summary", str(tmp_path / name)]) == 0
        assert capsys.readouterr().out == summary(mini, session) + "\n"
    assert main([*MINI, "summary", str(tmp_path / "missing.json")]) == 1
    assert capsys.readouterr().err == f"bedrock-wizard: {tmp_path / 'missing.json'}: no such file\n"


# -- calendar ------------------------------------------------------------------
def unfold(text: str) -> list[str]:
    """RFC 5545 3.1: a CRLF followed by one space or tab continues the line."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "every line ends in CRLF"
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75, raw
        if raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            assert value[i] not in ";,", f"unescaped {value[i]!r} in {value!r}"
            out.append(value[i])
            i += 1
    return "".join(out)


def parse_ics(text: str) -> list[dict[str, str]]:
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events: list[dict[str, str]] = []
    for line in lines:
        if line == "BEGIN:VEVENT":
            events.append({})
        elif line == "END:VEVENT" or not events or line.startswith("END:VCALENDAR"):
            continue
        else:
            name, _, value = line.partition(":")
            events[-1][name] = unescape(value) if name in ("SUMMARY", "DESCRIPTION") else value
    return events


def test_calendar_has_an_all_day_entry_per_due_date_and_the_review_date(mini) -> None:
    review = decided(mini)
    review.dispose_risk("alpha.risky", "reduce_before_go_live", "Drop A; then, test again\\twice.")
    review.set_action("alpha.risky", "Ana Ñúñez, Security; Ops", "2027-01-31")
    text = calendar(mini, review.session)
    events = parse_ics(text)
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"]) for e in events] == [
        ("20261215", "Due: Duty"),
        ("20261220", "Due: Sign the DPA"),
        ("20270131", "Due: Risky"),
        ("20271201", "Review again: Project X"),
    ]
    for e in events:
        start = date(int(e["DTSTART;VALUE=DATE"][:4]), int(e["DTSTART;VALUE=DATE"][4:6]), int(e["DTSTART;VALUE=DATE"][6:]))
        assert e["DTEND;VALUE=DATE"] == (start + timedelta(days=1)).strftime("%Y%m%d")
    risky = events[2]
    assert risky["DESCRIPTION"] == "Drop A; then, test again\\twice.\nDo not pick A.\nOwner: Ana Ñúñez, Security; Ops"
    assert events[3]["DESCRIPTION"] == "Approved with conditions: Dana Lee, Legal, 2026-12-01"
    uids = [e["UID"] for e in events]
    assert len(set(uids)) == 4 and all(u.startswith(review.session.id) for u in uids)
    assert uids[1] == f"{review.session.id}-counsel-1@bedrock-terms-wizard"
    last = review.session.log[-1]["at"]
    assert {e["DTSTAMP"] for e in events} == {last.replace("-", "").replace(":", "").replace("+0000", "Z")}
    assert calendar(mini, load_again(review.session)) == text, "the same session gives the same bytes"


def load_again(session):
    from wizard.session import Session

    return Session.loads(session.dumps(), "again")


def test_folding_never_splits_a_character_and_escaping_round_trips() -> None:
    line = "DESCRIPTION:" + "é" * 100 + "x" * 3
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert pieces[0].encode("utf-8")[:75] and all(p.startswith(" ") for p in pieces[1:])
    assert "".join([pieces[0]] + [p[1:] for p in pieces[1:]]) == line
    assert fold("SHORT:x") == "SHORT:x"
    text = "a\\b;c,d\r\ne\nf"
    assert escape(text) == "a\\\\b\\;c\\,d\\ne\\nf"
    assert unescape(escape(text)) == "a\\b;c,d\ne\nf"


def test_calendar_without_dates_has_no_events(mini) -> None:
    events = parse_ics(calendar(mini, reviewed(mini).session))
    assert events == []


# -- JSON export ---------------------------------------------------------------
BASE_KEYS = {"id", "part", "kind", "severity", "title", "text", "citation", "basis", "counsel", "action"}


def test_json_export_lists_every_finding_with_counsel_and_actions(mini) -> None:
    review = decided(mini)
    data = export_json(mini, review.session)
    assert json.loads(json.dumps(data)) == data
    assert (data["format"], data["version"]) == ("bedrock-wizard-export", 1)
    assert data["status"] == "Needs counsel", "the high risk still counts; counsel's decision stands above it"
    assert data["decision"]["id"] == "needs_counsel" and data["decision"]["deciding"] == ["alpha.risky"]
    assert data["cover"] == "Approved with conditions: Dana Lee, Legal, 2026-12-01"
    assert data["counsel"]["decision"] == "approved_with_conditions" and data["counsel"]["stale"] is False
    assert data["counsel"]["history"][0]["event"] == "decided"
    assert data["review_by"] == "2027-12-01"
    assert data["parts"] == [
        {
            "id": "alpha",
            "title": "Alpha",
            "heading": "Alpha Section",
            "progress": "done",  # counsel resolved its one open question: done, as the sidebar shows it
            "status": "needs_counsel",
            "status_label": "Needs counsel",
            "obligations": 1,
            "risks": {"high": 1, "medium": 0, "low": 0},
            "open_questions": 0,
            "resolved_questions": 1,
        }
    ]
    findings = {f["id"]: f for f in data["findings"]}
    assert list(findings) == ["counsel#1", "alpha.duty", "alpha.risky", "alpha.always", "alpha.third#note"]
    assert all(set(f) >= BASE_KEYS for f in findings.values()), "every finding has the same base fields"
    assert findings["counsel#1"] | {"citation": None} == findings["counsel#1"]
    assert findings["counsel#1"]["action"] == {"owner": "Priya Shah", "due": "2026-12-20"}
    risky = findings["alpha.risky"]
    assert (risky["kind"], risky["severity"], risky["part"]) == ("risk", "high", "alpha")
    assert risky["citation"] == {
        "section": "alpha",
        "heading": "Alpha Section",
        "says": "The alpha clause limits A.",
        "compare": ["§A.1"],
        "no_compare": None,
    }
    assert risky["basis"] == [{"question": "Second question?", "answer": "A"}, {"question": "Who uses it?", "answer": "External"}]
    assert risky["counsel"] == {
        "disposition": "reduce_before_go_live",
        "label": "Must be reduced before go-live",
        "comment": "Drop A for external users.",
    }
    assert findings["alpha.duty"]["action"] == {"owner": "Marco Ruiz", "due": "2026-12-15"}
    assert findings["alpha.always"]["action"] is None and findings["alpha.always"]["counsel"] is None
    note = findings["alpha.third#note"]
    assert (note["kind"], note["origin"], note["text"]) == ("question", "note", "Is Y enough?")
    assert note["counsel"] == {"answer": "Y is enough.", "resolved": True}


def test_export_command_writes_json_and_ics_privately(mini, tmp_path: Path, capsys) -> None:
    session = decided(mini).session
    save(session, tmp_path / "s.json")
    assert main([*MINI, "export", str(tmp_path / "s.json"), "--format", "json", "-o", str(tmp_path / "e.json")]) == 0
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8")) == export_json(mini, session)
    assert main([*MINI, "export", str(tmp_path / "s.json"), "--format", "ics", "-o", str(tmp_path / "e.ics")]) == 0
    assert (tmp_path / "e.ics").read_bytes() == calendar(mini, session).encode("utf-8")
    assert (tmp_path / "e.ics").stat().st_mode & 0o077 == 0
    capsys.readouterr()
    assert main([*MINI, "export", str(tmp_path / "s.json"), "--format", "ics", "-o", str(tmp_path / "no" / "e.ics")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"bedrock-wizard: {tmp_path / 'no' / 'e.ics'}: ") and err.count("\n") == 1
    assert main([*MINI, "export", str(tmp_path / "s.json"), "--format", "ics", "-o", str(tmp_path / "s.json")]) == 1
    assert "is the session file itself" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main([*MINI, "export", str(tmp_path / "s.json"), "--format", "pdf", "-o", str(tmp_path / "x")])
    assert exit_info.value.code == 2


# -- scenarios -----------------------------------------------------------------
SCENARIO = """\
profile: {project_name: Scripted, audience: external}
alpha: {first: yes_branch, second: [a], third: y}
notes:
  alpha: {third: {text: Is Y enough?, ask: true}}
counsel:
  reviewer: Dana Lee, Legal
  date: 2026-12-01
  decision: approved_with_conditions
  conditions: [Sign the DPA before launch]
  answers: {alpha.third#note: "Y is enough."}
  resolved: [alpha.third#note]
  risks: {alpha.risky: {disposition: accepted_with_condition, comment: "Only for internal pilots."}}
actions:
  alpha.duty: {owner: Marco Ruiz, due: 2026-12-15}
  counsel#1: {owner: Priya Shah, due: 2026-12-20}
review_by: 2027-06-01
"""


def test_a_scenario_carries_counsel_and_actions(mini, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    session = run_scenario(mini, path)
    c = session.counsel
    assert (c.reviewer, c.role, c.date, c.decision) == ("Dana Lee, Legal", "", "2026-12-01", "approved_with_conditions")
    assert [(k.id, k.text) for k in c.conditions] == [("counsel#1", "Sign the DPA before launch")]
    assert c.answers["alpha.third#note"].resolved
    assert c.risks["alpha.risky"].disposition == "accepted_with_condition"
    assert {k: (a.owner, a.due) for k, a in session.actions.items()} == {
        "alpha.duty": ("Marco Ruiz", "2026-12-15"),
        "counsel#1": ("Priya Shah", "2026-12-20"),
    }
    assert session.review_by == "2027-06-01"
    events = [e["event"] for e in session.log]
    assert events[-6:] == ["counsel_answer", "counsel_risk", "counsel_decision", "action", "action", "review_by"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('alpha.third#note: "Y', 'alpha.first#unsure: "Y', "alpha.first#unsure: not an open question of this review"),
        ("resolved: [alpha.third#note]", "resolved: [alpha.thrid#note]", "alpha.thrid#note: not an open question"),
        (
            "{alpha.risky: {disposition: accepted_with_condition",
            "{alpha.duty: {disposition: accepted_with_condition",
            "alpha.duty: not a risk of this review",
        ),
        ("disposition: accepted_with_condition", "disposition: waved_through", "unknown disposition 'waved_through'"),
        ("alpha.duty: {owner", "alpha.dutty: {owner", "alpha.dutty: not an action item of this review"),
        ("counsel#1: {owner", "counsel#2: {owner", "counsel#2: not an action item of this review"),
        ("due: 2026-12-15", "due: mid-December", "due date of alpha.duty: expected a date as YYYY-MM-DD"),
        ("decision: approved_with_conditions", "decision: approved", "'approved' takes no conditions"),
        ("  date: 2026-12-01", "  when: 2026-12-01", "unknown key 'when'"),
        ("review_by: 2027-06-01", "review_by: next year", "review by: expected a date"),
    ],
)
def test_bad_counsel_blocks_are_file_line_errors(mini, tmp_path: Path, old: str, new: str, message: str) -> None:
    text = SCENARIO.replace(old, new)
    assert text != SCENARIO
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        run_scenario(mini, path)
    where = new.split(":")[0].strip(" {")
    assert str(info.value).startswith(f"{path}:{line_of(text, where)}: "), str(info.value)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_answer_command_reports_a_bad_counsel_block_in_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO.replace("alpha.duty: {owner", "alpha.nope: {owner"), encoding="utf-8")
    assert main([*MINI, "answer", str(path), "-o", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err
    assert (
        err == f"bedrock-wizard: {path}:{line_of(SCENARIO, 'alpha.duty: {owner')}: "
        "alpha.nope: not an action item of this review\n"
    )
    assert not (tmp_path / "out.json").exists()


# -- the report ----------------------------------------------------------------
def pdf_text(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_report_with_a_decision_shows_it_first_and_carries_it_back(flowset, tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(
        (EXAMPLES / "customer-chatbot.yaml").read_text(encoding="utf-8")
        + """
counsel:
  reviewer: Dana Lee
  role: Legal
  date: 2026-12-01
  decision: approved_with_conditions
  conditions: [Sign the DPA before launch]
  answers: {training.usage_data_scope: "Usage data is metadata only; acceptable."}
  resolved: [training.usage_data_scope]
  risks: {fine_tuning.cross_client_leak: {disposition: reduce_before_go_live, comment: "Separate models per client."}}
actions:
  confidentiality.protect_anthropic_info: {owner: Marco Ruiz, due: 2026-12-15}
""",
        encoding="utf-8",
    )
    session = run_scenario(flowset, path)
    target = write_report(flowset, session, tmp_path / "r.pdf")
    pages = pdf_text(target.read_bytes())
    cover = pages[0]
    assert cover.startswith("Approved with conditions: Dana Lee, Legal, 2026-12-01 COUNSEL'S DECISION Approved with conditions")
    assert cover.index("Sign the DPA before launch") < cover.index("COMPUTED STATUS BEFORE COUNSEL'S REVIEW")
    text = " ".join(pages)
    assert "Sign the DPA before launch" in text and "Review again by 2027-12-01" in text
    assert "COUNSEL'S ANSWER: RESOLVED Usage data is metadata only; acceptable." in text
    assert "Must be reduced before go-live: Separate models per client." in text
    assert "Marco Ruiz due 2026-12-15" in text
    assert "Counsel's decisions" in text and "Decided Approved with conditions Dana Lee, Legal, 2026-12-01" in text
    carried = load_any(target)
    assert carried.to_json() == session.to_json()
    assert carried.counsel.decision == "approved_with_conditions"
    assert carried.actions["confidentiality.protect_anthropic_info"].owner == "Marco Ruiz"


def test_report_cover_is_preliminary_without_counsel_and_says_when_answers_changed(mini) -> None:
    review = reviewed(mini)
    html = render_html(mini, review.session)
    cover = html[html.index('<section class="cover">') :]
    assert cover.split("\n")[1].strip() == (
        '<p class="decision-line decision-preliminary">Preliminary: not yet reviewed '
        "by counsel. Computed status: Needs counsel</p>"
    )
    review = decided(mini)
    review.select("profile", "audience")
    review.answer("internal")
    view = review.derive().counsel
    pages = pdf_text(render_pdf(mini, review.session))
    assert pages[0].startswith(view.cover_line)
    assert "given on earlier answers" in pages[0]
    assert "1 answer(s) changed since, listed under “Counsel's answer”. Counsel can confirm or revise" in pages[0]
    counsel_page = next(p for p in pages if p.startswith("Counsel's answer") or " Counsel's answer Decision" in p)
    assert "Answers changed since the decision Who uses it? (answer changed)" in counsel_page


def test_the_cover_line_of_a_refusal_never_wears_the_colour_of_a_go_ahead(mini) -> None:
    """Approved (with or without conditions) is 'decided'; Not approved and Needs Anthropic's approval are 'withheld'."""
    from wizard.paths import templates_dir

    css = (templates_dir() / "report.css").read_text(encoding="utf-8")
    review = decided(mini)  # approved with conditions
    seen = {}
    for decision, conditions in (
        ("approved_with_conditions", ["Sign the DPA"]),
        ("approved", []),
        ("not_approved", []),
        ("needs_anthropic_approval", []),
    ):
        review.decide(decision, "Dana Lee", "Legal", "2026-12-01", conditions)
        state = review.derive().counsel.cover_state
        seen[decision] = state
        assert f'<p class="decision-line decision-{state}">' in render_html(mini, review.session)
        assert f".decision-{state} {{" in css, f"report.css styles the {state} cover line"
    assert seen == {
        "approved_with_conditions": "decided",
        "approved": "decided",
        "not_approved": "withheld",
        "needs_anthropic_approval": "withheld",
    }


def test_session_loaded_from_old_file_renders_as_before(mini) -> None:
    """A session without counsel renders the cover's preliminary line and the same counts as the findings."""
    session = load(FIXTURES / "sessions" / "before-counsel.json")
    html = render_html(mini, session)
    assert 'class="decision-line decision-preliminary"' in html
    assert "Counsel's answer" not in html and "Counsel's decisions" not in html


def test_counsel_text_reaches_the_report_only_escaped(mini) -> None:
    hostile = '<img src="http://127.0.0.1:9/x"> {{ 7*7 }}'
    review = reviewed(mini)
    review.answer_question("alpha.third#note", hostile)
    review.dispose_risk("alpha.risky", "accepted_with_condition", hostile)
    review.decide("not_approved", hostile, hostile, "2026-12-01", [hostile])
    review.set_action("counsel#1", hostile, "2026-12-02")
    html = render_html(mini, review.session)
    assert "<img" not in html
    assert html.count("&lt;img") >= 7  # cover line, reviewer, condition, owner, answer, comment, history
    assert "{{ 7*7 }}" in html
