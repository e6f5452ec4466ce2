"""The open review and its files, without Qt: life-cycle, locks, later changes, true promises about autosaves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

from wizard import workspace as ws
from wizard.autosave import autosave_path
from wizard.flows import FlowSet
from wizard.fsio import load, save
from wizard.lock import holder, lock_path
from wizard.review import Review
from wizard.session import SessionError
from wizard.workspace import Workspace

ANSWERS = yaml.safe_load((FIXTURES / "mini-scenario.yaml").read_text())


def answered(flowset: FlowSet, folder: Path, count: int = 99) -> Workspace:
    """A workspace with a new review answered from the mini scenario (`count` answers)."""
    space = Workspace(flowset, folder)
    assert space.new().document
    for _ in range(count):
        review = space.review
        if review.question is None:
            break
        change = space.answer(ANSWERS[review.flow_id][review.question.id], None)
        assert change.modified
    return space


def finished_file(flowset: FlowSet, folder: Path, tmp_path: Path) -> Path:
    space = answered(flowset, folder)
    target = tmp_path / "review.json"
    assert space.save_as(target).document
    space.close()
    return target


def test_a_new_review_autosaves_every_answer_and_save_as_moves_the_lock(mini: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    space = answered(mini, data, 2)
    autosave = space.review.path
    assert autosave == autosave_path(data, space.review.session) and load(autosave).profile == space.review.session.profile
    assert space.modified and space.document is None
    assert isinstance(space.save(), ws.Problem), "without a document, Save asks for a name (the window's Save As)"
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert space.save_as(first).document and not space.modified
    assert holder(first).this_process and holder(autosave).this_process, "one lock on the identity, one on the file"
    assert space.save_as(second).document
    assert holder(first) is None and holder(second).this_process, "Save As: the document's lock moves"
    assert load(autosave).to_json() == load(second).to_json(), "the autosave holds what the document does"
    space.close()
    assert holder(second) is None and holder(autosave) is None


def test_one_lock_per_review_whatever_file_it_is_opened_from(mini: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    original = finished_file(mini, data, tmp_path)
    copy = tmp_path / "copy of review.json"
    copy.write_bytes(original.read_bytes())
    first = Workspace(mini, data)
    assert first.open(original).document
    second = Workspace(mini, data)
    prompt = second.open(copy)
    assert isinstance(prompt, ws.LockPrompt), "a copy of the same review is the same review"
    assert prompt.target == first.review.path and prompt.default == ws.READ_ONLY
    assert prompt.answer(ws.CANCEL) is None and second.locks == []
    change = second.open(copy).answer(ws.READ_ONLY)
    assert change.document and second.read_only and second.review.path is None
    before = first.review.path.read_bytes()
    second.run(lambda r: r.set_note("profile", "project_name", "only in the copy"))
    assert first.review.path.read_bytes() == before, "a read-only copy writes no autosave"
    assert second.save_as(tmp_path / "fork.json").document and not second.read_only
    assert second.review.session.id != first.review.session.id, "saved elsewhere, a copy becomes a review of its own"
    assert second.review.path != first.review.path and first.review.path.read_bytes() == before
    first.close()
    second.close()


def test_taking_over_leaves_the_first_window_writing_nothing(mini: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    target = finished_file(mini, data, tmp_path)
    first, second = Workspace(mini, data), Workspace(mini, data)
    assert first.open(target).document
    autosave = first.review.path
    assert second.open(target).answer(ws.TAKE_OVER).document and second.review.path == autosave
    before = (target.read_bytes(), autosave.read_bytes() if autosave.exists() else b"")
    change = first.run(lambda r: r.set_note("profile", "project_name", "too late"))
    assert change.document and first.read_only and first.review.path is None and first.document is None
    assert first.notice is not None and "took this review over" in first.notice.message
    assert (target.read_bytes(), autosave.read_bytes() if autosave.exists() else b"") == before
    prompt = first.leaving()
    assert ws.DISCARD in prompt.choices and "they are lost" in prompt.kept, "no autosave is promised"
    second.close()
    assert holder(target) is None and not lock_path(target).exists()


def _decide(space: Workspace) -> None:
    space.run(lambda r: r.decide("approved", "Dana Lee", "Legal", "2026-12-01"))


def test_a_file_that_extends_the_autosave_opens_without_asking(mini: FlowSet, tmp_path: Path) -> None:
    """Counsel's decision came back in the file: it is the later version by the log, and it opens as it is."""
    data = tmp_path / "data"
    target = finished_file(mini, data, tmp_path)
    counsel = Workspace(mini, tmp_path / "counsel's machine")
    assert counsel.open(target).document
    _decide(counsel)
    assert counsel.save().document
    counsel.close()
    procurement = Workspace(mini, data)
    change = procurement.open(target)
    assert isinstance(change, ws.Change) and change.document, "no prompt: the file holds everything the autosave did"
    assert procurement.review.session.counsel.decision == "approved"
    assert load(procurement.review.path).counsel.decision == "approved", "the autosave is brought up to the file"
    assert sorted(p.name for p in data.glob("*.json")) == [procurement.review.path.name], "no stray copy"
    procurement.close()


def test_later_changes_say_which_is_newer_and_what_each_holds(mini: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    target = finished_file(mini, data, tmp_path)
    space = Workspace(mini, data)
    assert space.open(target).document
    space.run(lambda r: r.set_note("profile", "project_name", "later"))
    space.review.select("profile", "project_name")
    space.answer("Renamed after saving", None)
    space.close()
    again = Workspace(mini, data)
    prompt = again.open(target)
    assert isinstance(prompt, ws.LaterChangesPrompt)
    assert prompt.newer == ws.AUTOSAVE and prompt.default == ws.AUTOSAVE, "by the log, the autosave is later"
    assert prompt.file.changed == 1 and prompt.file.decision == "" and prompt.autosave.last_change
    assert prompt.answer(ws.FILE).document and not again.modified
    assert again.review.session.profile["project_name"] == ANSWERS["profile"]["project_name"]
    assert load(again.review.path).to_json() == load(target).to_json(), "the autosave now holds the file's version"
    assert sorted(p.name for p in data.glob("*.json")) == [again.review.path.name], "no `-unsaved-` copy is left"
    again.close()


def test_the_default_never_drops_counsels_decision(mini: FlowSet, tmp_path: Path) -> None:
    data = tmp_path / "data"
    target = finished_file(mini, data, tmp_path)
    counsel_copy = tmp_path / "from counsel.json"
    counsel = Workspace(mini, tmp_path / "counsel's machine")
    assert counsel.open(target).document
    _decide(counsel)
    assert counsel.save_as(counsel_copy).document
    counsel.close()
    procurement = Workspace(mini, data)  # meanwhile procurement changed an answer: the autosave is later by time
    assert procurement.open(target).document
    procurement.review.select("profile", "project_name")
    procurement.answer("Changed meanwhile", None)
    procurement.close()
    again = Workspace(mini, data)
    prompt = again.open(counsel_copy)
    assert isinstance(prompt, ws.LaterChangesPrompt)
    assert prompt.file.decision.startswith("Approved") and prompt.autosave.decision == ""
    assert prompt.default == ws.FILE, "the version with counsel's decision is the default"
    assert prompt.answer(prompt.default).document and again.review.session.counsel.decision == "approved"
    again.close()


def test_a_failed_autosave_is_never_promised(mini: FlowSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    space = answered(mini, data, 2)

    def full(*_a: object, **_k: object) -> None:
        raise SessionError(f"{space.review.path}: cannot be saved (the disk is full)")

    monkeypatch.setattr(Review, "autosave", lambda self: full())
    change = space.run(lambda r: r.set_note("profile", "project_name", "kept in memory"))
    assert change.document and space.modified and "the disk is full" in space.autosave_problem
    assert space.review.session.note("profile", "project_name") == "kept in memory"
    prompt = space.leaving()
    assert ws.DISCARD not in prompt.choices, "no choice loses the change"
    assert "could not be written" in prompt.kept and "autosave (" not in prompt.kept
    problem = space.save_as(tmp_path / "no" / "such" / "folder" / "r.json")
    assert isinstance(problem, ws.Problem) and "only in this window" in problem.message
    monkeypatch.undo()
    prompt = space.leaving()  # the autosave is tried again, and works now
    assert ws.DISCARD in prompt.choices and str(space.review.path) in prompt.kept
    assert load(space.review.path).note("profile", "project_name") == "kept in memory"
    space.close()


def test_an_answer_that_drops_later_answers_asks_first(mini: FlowSet, tmp_path: Path) -> None:
    space = answered(mini, tmp_path / "data")
    flow = next(f for f in mini.flows if f.id == "alpha")
    space.review.select("alpha", flow.start)
    answers = dict(space.review.answers("alpha"))
    other = next(c.id for c in flow.questions[flow.start].choices if c.id != answers[flow.start])
    prompt = space.answer(other, None)
    if not isinstance(prompt, ws.DropPrompt):
        pytest.skip("the mini flow's first choice drops nothing")
    assert prompt.default == ws.KEEP and prompt.steps
    change = prompt.answer(ws.KEEP)
    assert not change.modified and space.review.answers("alpha") == answers
    assert space.answer(other, None).answer(ws.CHANGE).dropped
    space.close()


def test_replacing_a_file_is_asked(tmp_path: Path, mini: FlowSet) -> None:
    space = Workspace(mini, tmp_path / "data")
    target = tmp_path / "r.pdf"
    assert space.replace_prompt(target, lambda: "written") is None
    target.write_bytes(b"%PDF-")
    prompt = space.replace_prompt(target, lambda: "written")
    assert prompt.default == ws.CANCEL and prompt.answer(ws.REPLACE) == "written" and prompt.answer(ws.CANCEL) is None


def test_the_window_reads_no_file_itself() -> None:
    """wizard/ui imports none of fsio, lock, autosave, pdfsession: files are the workspace's."""
    forbidden = {"wizard.fsio", "wizard.lock", "wizard.autosave", "wizard.pdfsession"}
    found = []
    for module in sorted((ROOT / "wizard" / "ui").glob("*.py")):
        tree = ast.parse(module.read_text())
        for node in tree.body:  # top-level imports; TYPE_CHECKING blocks hold types only
            names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in getattr(node, "names", [])]
            if isinstance(node, ast.Import | ast.ImportFrom) and forbidden & set(names):
                found.append(f"{module.name}: {names}")
        for node in ast.walk(tree):  # and none inside a function
            if isinstance(node, ast.FunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and inner.module in forbidden:
                        found.append(f"{module.name}:{inner.lineno}: {inner.module}")
    assert found == []
    assert len((ROOT / "wizard" / "ui" / "main_window.py").read_text().splitlines()) < 400


def test_the_workspace_imports_no_qt() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "import sys, wizard.workspace; print(any(m.startswith('PySide6') for m in sys.modules))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "False"


def test_resumable_reads_only_unfinished_autosaves(mini: FlowSet, tmp_path: Path) -> None:
    space = answered(mini, tmp_path / "data", 2)
    offer = ws.resumable(space.review.path, None, mini.profile_role("title"))
    assert offer is not None and offer.answered == 2 and offer.project == ANSWERS["profile"]["project_name"]
    session = load(space.review.path)
    session.finished = True
    save(session, space.review.path)
    assert ws.resumable(space.review.path, None, None) is None
    assert ws.resumable(tmp_path / "missing.json", None, None) is None
    space.close()


def test_a_session_kept_in_the_autosave_folder_opens_as_its_own_document(mini: FlowSet, tmp_path: Path) -> None:
    """A review saved into the autosave folder (as `answer -o` there does) is listed with itself as its document:
    opening it locks it once, never "open in another window of this app"."""
    data = tmp_path / "data"
    target = finished_file(mini, data, tmp_path)
    kept = data / "kept-here.json"
    kept.write_bytes(target.read_bytes())
    space = Workspace(mini, data)
    opened = space.open(kept, kept)
    assert not isinstance(opened, ws.LockPrompt), opened
    assert opened.document and not space.read_only
    assert holder(kept).this_process and len(space.locks) == 1
    prompt = Workspace(mini, data).open(kept, kept)
    assert isinstance(prompt, ws.LockPrompt), "a second window is still told the review is open"
    space.close()
    assert holder(kept) is None
