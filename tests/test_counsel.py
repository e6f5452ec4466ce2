"""Counsel's answer in the session: the format, the commands, the stale-decision rule and the derived view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from wizard import counsel
from wizard.counsel import CounselError, add_months
from wizard.counsel_vocabulary import VocabularyError, vocabulary
from wizard.derive import derive
from wizard.fsio import load
from wizard.review import Review
from wizard.session import Session, SessionError

BEFORE = FIXTURES / "sessions" / "before-counsel.json"


def reviewed(mini, path: Path | None = None, first: str = "yes_branch") -> Review:
    """A finished mini review: a high risk (alpha.risky), an obligation (alpha.duty), a note (open question)."""
    review = Review(mini, path=path)
    review.answer("Project X")
    review.answer("external")
    review.answer(first)
    if first == "yes_branch":
        review.answer(["a"])
    review.session.mark_ask("alpha", "third", True)  # the team ticks "Ask counsel": the note is a question
    review.answer("y", note="Is Y enough?")
    assert review.question is None
    return review


def decided(mini, path: Path | None = None) -> Review:
    review = reviewed(mini, path)
    review.answer_question("alpha.third#note", "Y is enough.", resolved=True)
    review.dispose_risk("alpha.risky", "reduce_before_go_live", "Drop A for external users.")
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"])
    review.set_action("alpha.duty", "Marco Ruiz", "2026-12-15")
    review.set_action("counsel#1", "Priya Shah", "2026-12-20")
    return review


# -- the session file ----------------------------------------------------------
def test_a_file_from_before_counsel_opens_and_saves_byte_identically(tmp_path: Path) -> None:
    text = BEFORE.read_text(encoding="utf-8")
    session = load(BEFORE)
    assert session.counsel is None and session.actions == {} and session.review_by == ""
    assert session.dumps() == text
    without_id = json.loads(text)
    del without_id["id"]
    older = json.dumps(without_id, ensure_ascii=False, indent=2) + "\n"
    assert Session.loads(older, "older.json").dumps() == older


def test_a_session_without_counsel_is_still_written_as_version_1(mini) -> None:
    data = reviewed(mini).session.to_json()
    assert data["version"] == 1
    assert not {"counsel", "actions", "review_by"} & set(data)


def test_counsel_sections_round_trip_and_raise_the_format_version(mini, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    review = decided(mini, target)
    review.set_review_by("2027-06-30")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["version"] == 2, "an app that knows only version 1 refuses the file instead of dropping counsel's answer"
    assert list(data)[-4:] == ["counsel", "actions", "review_by", "log"]
    c = data["counsel"]
    assert c["version"] == 1
    assert (c["reviewer"], c["role"], c["date"], c["decision"]) == ("Dana Lee", "Legal", "2026-12-01", "approved_with_conditions")
    assert c["conditions"] == [{"id": "counsel#1", "text": "Sign the DPA"}]
    note = counsel.note_digest(review.session, "alpha.third#note")  # the note counsel answered
    assert c["answers"] == {"alpha.third#note": {"text": "Y is enough.", "resolved": True, "basis": note}}
    assert c["risks"] == {"alpha.risky": {"disposition": "reduce_before_go_live", "comment": "Drop A for external users."}}
    assert set(c["basis"]["answers"]) == {
        "profile.project_name",
        "profile.audience",
        "alpha.first",
        "alpha.second",
        "alpha.third",
    }
    assert c["basis"]["notes"] == {"alpha.third#note": note}
    assert [h["event"] for h in c["history"]] == ["decided"]
    assert data["actions"] == {
        "alpha.duty": {"owner": "Marco Ruiz", "due": "2026-12-15"},
        "counsel#1": {"owner": "Priya Shah", "due": "2026-12-20"},
    }
    assert data["review_by"] == "2027-06-30"
    loaded = load(target)
    assert loaded.to_json() == review.session.to_json()
    assert loaded.dumps() == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("patch", "where"),
    [
        ({"counsel": []}, "counsel: expected an object"),
        ({"counsel": {"decision": "approved"}}, "counsel.version: missing"),
        ({"counsel": {"version": 7}}, "counsel.version: written by a newer version"),
        ({"counsel": {"version": 1, "decision": "maybe"}}, "counsel.decision: unknown value 'maybe'"),
        ({"counsel": {"version": 1, "date": "1 Dec 2026"}}, "counsel.date: expected a date as YYYY-MM-DD"),
        ({"counsel": {"version": 1, "date": "2026-02-30"}}, "counsel.date: expected a date"),
        (
            {"counsel": {"version": 1, "answers": {"alpha.q": {"text": "x", "resolved": "yes"}}}},
            "counsel.answers.alpha.q.resolved: expected true or false",
        ),
        ({"counsel": {"version": 1, "answers": {"Not an id": {"text": "x"}}}}, "counsel.answers.Not an id: not a finding id"),
        (
            {"counsel": {"version": 1, "risks": {"alpha.risky": {"disposition": "ignored"}}}},
            "counsel.risks.alpha.risky.disposition: unknown value",
        ),
        ({"counsel": {"version": 1, "conditions": [{"id": "c1", "text": "x"}]}}, "counsel.conditions[0].id"),
        (
            {"counsel": {"version": 1, "conditions": [{"id": "counsel#1", "text": "x"}, {"id": "counsel#1", "text": "y"}]}},
            "counsel.conditions[1].id",
        ),
        ({"counsel": {"version": 1, "basis": {"answers": {"alpha.first": 5}}}}, "counsel.basis.answers.alpha.first"),
        ({"counsel": {"version": 1, "history": [{"event": "vetoed"}]}}, "counsel.history[0].event"),
        ({"actions": {"alpha.duty": {"owner": "M", "due": "soon"}}}, "actions.alpha.duty.due: expected a date"),
        ({"actions": {"alpha.duty": "Marco"}}, "actions.alpha.duty: expected {owner, due}"),
        ({"review_by": 20270101}, "review_by: expected a date"),
    ],
)
def test_bad_counsel_sections_are_one_line_errors_naming_the_place(patch: dict, where: str) -> None:
    data = json.loads(BEFORE.read_text(encoding="utf-8")) | patch
    with pytest.raises(SessionError) as info:
        Session.from_json(data, "s.json")
    message = str(info.value)
    assert message.startswith(f"s.json: {where}"), message
    assert "\n" not in message


# -- commands ------------------------------------------------------------------
def test_counsel_commands_autosave_log_and_report_what_changed(mini, tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    review = reviewed(mini, target)
    before = len(review.session.log)
    change = review.answer_question("alpha.third#note", "Y is enough.", resolved=True)
    assert change.modified and change.parts == {"counsel"}
    assert load(target).counsel.answers["alpha.third#note"].resolved is True
    assert not review.answer_question("alpha.third#note", " Y is enough. ", resolved=True).modified, "same answer"
    assert review.set_action("alpha.duty", "Marco", "2026-12-15").parts == {"actions"}
    assert load(target).actions["alpha.duty"].due == "2026-12-15"
    entries = review.session.log[before:]
    assert [(e["event"], e["flow"], e["question"]) for e in entries] == [
        ("counsel_answer", "alpha", "alpha.third#note"),
        ("action", "alpha", "alpha.duty"),
    ]
    assert entries[0]["value"] == {"text": "Y is enough.", "resolved": True}
    review.set_action("alpha.duty", "", "")
    assert "alpha.duty" not in load(target).actions, "an empty owner and date removes the entry"


def test_commands_refuse_ids_that_are_not_that_kind_of_finding_here(mini) -> None:
    review = reviewed(mini)
    with pytest.raises(CounselError, match=r"^alpha\.duty: not an open question of this review$"):
        review.answer_question("alpha.duty", "x")
    with pytest.raises(CounselError, match="alpha.nothing: not a risk"):
        review.dispose_risk("alpha.nothing", "accepted")
    with pytest.raises(CounselError, match="alpha.always: not an action item"):
        review.set_action("alpha.always", "M", "2026-12-01")  # a protection: nothing to do
    with pytest.raises(CounselError, match="alpha.risky: not an action item"):
        review.set_action("alpha.risky", "M", "2026-12-01")  # a risk only once counsel says reduce it
    review.dispose_risk("alpha.risky", "reduce_before_go_live")
    assert review.set_action("alpha.risky", "M", "2026-12-01").modified
    with pytest.raises(CounselError, match="needs a comment"):
        review.dispose_risk("alpha.risky", "accepted_with_condition")
    with pytest.raises(CounselError, match="unknown disposition 'fine'"):
        review.dispose_risk("alpha.risky", "fine")
    with pytest.raises(CounselError, match="due date of alpha.duty: expected a date as YYYY-MM-DD"):
        review.set_action("alpha.duty", "M", "next week")
    assert len(review.session.log) == 9, "refused commands log nothing (the 8 answers and dispositions, the ask tick)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fine", "Dana", "", "2026-12-01", []), "decision: unknown decision 'fine'"),
        (("approved", "", "", "2026-12-01", []), "reviewer: must not be empty"),
        (("approved", "Dana", "", "2026-13-01", []), "date: expected a date"),
        (("approved_with_conditions", "Dana", "", "2026-12-01", []), "needs at least one condition"),
        (("approved", "Dana", "", "2026-12-01", ["Sign"]), "'approved' takes no conditions"),
    ],
)
def test_decide_refuses_incomplete_decisions(mini, args: tuple, message: str) -> None:
    review = reviewed(mini)
    with pytest.raises(CounselError, match=message):
        review.decide(*args)
    assert review.session.counsel is None


def test_conditions_keep_their_ids_so_owners_stay_with_them(mini) -> None:
    review = decided(mini)
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Train staff", "Sign the DPA"])
    ids = {c.text: c.id for c in review.session.counsel.conditions}
    assert ids == {"Sign the DPA": "counsel#1", "Train staff": "counsel#2"}
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Train staff"])
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Train staff", "Log access"])
    assert [c.id for c in review.session.counsel.conditions] == ["counsel#2", "counsel#3"], (
        "a removed condition's id (it had an owner) is never given to a new one"
    )
    assert [h.event for h in review.session.counsel.history] == ["decided", "revised", "revised", "revised"]
    assert not review.decide(
        "approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Train staff", "Log access"]
    ).modified, "the same decision again changes nothing"


# -- a decision never silently outlives its basis --------------------------------
def test_changing_an_answer_after_the_decision_marks_it_given_on_earlier_answers(mini, tmp_path: Path) -> None:
    review = decided(mini, tmp_path / "s.json")
    view = review.derive().counsel
    assert not view.stale
    assert view.cover_line == "Approved with conditions: Dana Lee, Legal, 2026-12-01"
    review.select("profile", "audience")
    review.answer("internal")
    view = review.derive().counsel
    assert view.stale and view.cover_state == "stale"
    assert view.cover_line == "Approved with conditions: Dana Lee, Legal, 2026-12-01, given on earlier answers"
    assert [(c.key, c.question, c.change) for c in view.decision.changed] == [
        ("profile.audience", "Who uses it?", "answer changed")
    ]
    reopened = load(tmp_path / "s.json")
    assert derive(mini, reopened).counsel.stale, "the rule holds for the saved file too"
    review.select("profile", "audience")
    review.answer("external")
    assert not review.derive().counsel.stale, "back to the answers counsel saw"


def test_answers_added_or_withdrawn_since_the_decision_are_listed(mini) -> None:
    review = decided(mini)
    review.select("alpha", "first")
    review.answer("no_branch")  # drops alpha.second from the path
    changed = {c.key: c.change for c in review.derive().counsel.decision.changed}
    assert changed == {"alpha.first": "answer changed", "alpha.second": "answer withdrawn"}
    review.select("alpha", "first")
    review.answer("yes_branch")
    review.answer(["b"])
    review.answer("y")
    changed = {c.key: c.change for c in review.derive().counsel.decision.changed}
    assert changed == {"alpha.second": "answer changed", "alpha.third#note": "note withdrawn"}  # dropped with its answer
    review.confirm_decision()
    review.select("alpha", "first")
    review.answer("no_branch")
    review.answer("y")
    review.confirm_decision()
    review.select("alpha", "first")
    review.answer("yes_branch")
    review.answer(["a"])
    review.answer("y")
    changed = {c.key: c.change for c in review.derive().counsel.decision.changed}
    assert changed == {"alpha.first": "answer changed", "alpha.second": "answered since"}


def test_counsel_confirms_or_revises_a_stale_decision(mini) -> None:
    review = decided(mini)
    review.select("profile", "audience")
    review.answer("internal")
    assert review.confirm_decision("2026-12-10").modified
    session = review.session
    view = review.derive().counsel
    assert not view.stale and session.counsel.date == "2026-12-10"
    assert [(h.event, h.changed) for h in session.counsel.history] == [("decided", ()), ("confirmed", ("profile.audience",))]
    assert [(h.event, [c.question for c in h.changed]) for h in view.history] == [
        ("Decided", []),
        ("Confirmed on changed answers", ["Who uses it?"]),
    ]
    assert not review.confirm_decision().modified, "nothing to confirm"
    review.select("profile", "audience")
    review.answer("external")
    review.decide("not_approved", "Dana Lee", "Legal", "2026-12-11")
    assert [h.event for h in session.counsel.history][-1] == "revised"
    assert session.counsel.history[-1].changed == ("profile.audience",)
    assert not review.derive().counsel.stale
    assert session.log[-1]["event"] == "counsel_decision" and session.log[-1]["value"]["event"] == "revised"


def test_confirm_without_a_decision_is_refused(mini) -> None:
    with pytest.raises(CounselError, match="no decision to confirm"):
        reviewed(mini).confirm_decision()


# -- the derived view -----------------------------------------------------------
def test_without_counsel_the_view_is_preliminary_with_the_computed_status(mini) -> None:
    review = reviewed(mini)
    view = review.derive().counsel
    assert view.decision is None and not view.reviewed
    assert view.status == "Needs counsel", "the content's decision rules, labels and all"
    assert view.cover_line == "Preliminary: not yet reviewed by counsel. Computed status: Needs counsel"
    assert view.open_count == 1 and view.resolved_count == 0
    assert [t.verdict for t in view.terms] == [t.verdict for t in review.derive().findings.terms]
    unfinished = Review(mini)
    unfinished.answer("P")
    assert unfinished.derive().counsel.status == "Needs counsel", (
        "an unfinished part cannot be assessed, so the review never says it can proceed"
    )


def test_resolved_questions_leave_the_count_and_conditions_become_action_items(mini) -> None:
    review = decided(mini)
    view = review.derive().counsel
    assert view.open_count == 0 and view.resolved_count == 1
    answer = view.answer("alpha.third#note")
    assert (answer.answer, answer.resolved) == ("Y is enough.", True)
    risk = view.disposition("alpha.risky")
    assert (risk.disposition, risk.label, risk.comment) == (
        "reduce_before_go_live",
        "Must be reduced before go-live",
        "Drop A for external users.",
    )
    actions = {a.id: (a.kind, a.title, a.owner, a.due) for a in view.actions}
    assert actions == {
        "counsel#1": ("condition", "Sign the DPA", "Priya Shah", "2026-12-20"),
        "alpha.duty": ("obligation", "Duty.", "Marco Ruiz", "2026-12-15"),
        "alpha.risky": ("risk", "Risky.", "", ""),
    }
    assert view.action("alpha.risky").text == "Drop A for external users.\nDo not pick A."
    assert view.term("alpha").verdict == "Needs counsel", (
        "the computed verdict still counts the high risk; counsel's decision stands above it"
    )
    assert view.review_by == "2027-12-01", "twelve months after the decision by default"


def test_an_open_question_keeps_its_id_and_counsel_answer_without_resolving(mini) -> None:
    review = reviewed(mini, first="unsure")
    review.answer_question("alpha.first#unsure", "Assume yes.")
    view = review.derive().counsel
    assert view.answer("alpha.first#unsure").answer == "Assume yes."
    assert view.open_count == 2 and view.term("alpha").verdict == "Needs counsel"


def test_review_by_default_and_leap_days() -> None:
    assert add_months("2026-12-01", 12) == "2027-12-01"
    assert add_months("2028-02-29", 12) == "2029-02-28"
    assert add_months("2026-08-31", 6) == "2027-02-28"


def test_the_vocabulary_is_content_and_a_broken_one_is_a_file_line_error(tmp_path: Path) -> None:
    vocab = vocabulary()
    assert list(vocab.decisions) == ["approved", "approved_with_conditions", "not_approved", "needs_anthropic_approval"]
    assert list(vocab.dispositions) == ["accepted", "accepted_with_condition", "reduce_before_go_live"]
    source = (Path(counsel.__file__).parent.parent / "templates" / "counsel.yaml").read_text(encoding="utf-8")
    broken = source.replace('decided: "{decision}: {reviewer}, {date}"', 'decided: "{decision} by {counsel}"')
    (tmp_path / "counsel.yaml").write_text(broken, encoding="utf-8")
    line = broken.splitlines().index('  decided: "{decision} by {counsel}"') + 1
    with pytest.raises(VocabularyError, match=rf"counsel.yaml:{line}: wording 'decided' uses {{counsel}}"):
        vocabulary(tmp_path)
