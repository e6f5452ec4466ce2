"""Generated hostile sessions, PDFs and YAML thrown at the loaders: a result or one named line, nothing else.

Bounded: a fixed number of examples per test and no per-example deadline
(the machine is shared; time is measured in benchmarks/, never asserted).
Derandomized, so the suite gives the same verdict on every run; set
BEDROCK_WIZARD_FUZZ_EXAMPLES=5000 (and BEDROCK_WIZARD_FUZZ_RANDOM=1) to search
longer and wider by hand.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hostile import session_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.fsio import load, save
from wizard.pdfsession import load_any
from wizard.session import MAX_ANSWER_CHARS, MAX_ID, MAX_NOTE_CHARS, Session, SessionError, text_problem
from wizard.yamlsource import YamlSyntaxError, load_text

EXAMPLES = int(os.environ.get("BEDROCK_WIZARD_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("BEDROCK_WIZARD_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

ANY_CHAR = st.characters(exclude_categories=())  # surrogates and controls included
TEXT = st.text(ANY_CHAR, max_size=40) | st.sampled_from(["\ud800", "\x00", "\x07", "\u0301" * 30, "é", "x" * 300])
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**60)
    | st.floats(allow_nan=True)
    | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["format", "version", "flows_digest", "created", "finished", "profile", "answers", "notes", "stale", "log"]


def contract(path: Path, call) -> Any:
    """Either a result, or a SessionError/YamlSyntaxError whose message is one line starting with the file."""
    try:
        return call()
    except (SessionError, YamlSyntaxError) as exc:
        text = str(exc)
        assert text.startswith(str(path)) and "\n" not in text and "\r" not in text, text
        return None


def edited(base: dict[str, Any], where: list[str], value: Any) -> dict[str, Any]:
    """`base` with the value at the path `where` replaced (paths that do not exist are created)."""
    data = json.loads(json.dumps(base))
    node = data
    for key in where[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[where[-1]] = value
    return data


PATHS = st.lists(
    st.sampled_from(FIELDS + ["alpha", "first", "profile", "value", "reason", "project_name"]), min_size=1, max_size=3
)


@FUZZ
@given(edits=st.lists(st.tuples(PATHS, JSON), min_size=1, max_size=4), compact=st.booleans())
def test_generated_session_files(edits: list[tuple[list[str], Any]], compact: bool) -> None:
    data = session_data()
    for where, value in edits:
        data = edited(data, where, value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        path.write_text(json.dumps(data, indent=None if compact else 2), encoding="ascii")  # \ud800 stays escaped
        session = contract(path, lambda: load(path))
        if session is not None:  # whatever is accepted can be written and read back unchanged
            again = Path(folder) / "again.json"
            save(session, again)
            assert load(again).to_json() == session.to_json()


@pytest.fixture(scope="module")
def report_pdf(mini, tmp_path_factory) -> bytes:
    """A real report of the mini flows, as the app writes it."""
    from wizard.report import write_report
    from wizard.review import Review

    review = Review(mini)
    for value in ("Kestrel", "internal", "yes_branch", ["a"], "y"):
        review.answer(value, note="a note")
    return write_report(review.flowset, review.session, tmp_path_factory.mktemp("pdf") / "r.pdf").read_bytes()


@FUZZ
@given(cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 64), st.binary(max_size=64)), min_size=1, max_size=5))
def test_generated_damaged_pdfs(report_pdf: bytes, cuts: list[tuple[float, int, bytes]]) -> None:
    data = bytearray(report_pdf)
    for where, length, replacement in cuts:
        start = int(where * len(data))
        data[start : start + length] = replacement
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.pdf"
        path.write_bytes(b"%PDF-" + bytes(data[5:]))
        contract(path, lambda: load_any(path))


YAML_TOKENS = st.sampled_from(
    [
        "a",
        "b: ",
        ": ",
        "- ",
        "\n",
        "  ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "&x ",
        "*x",
        "&y ",
        "*y",
        "? ",
        "<<: ",
        "!!str ",
        "!!python/object:os.system ",
        "!!binary ",
        '"\\ud800"',
        '"\\x07"',
        "'q'",
        "9" * 120,
        "1e999",
        "~",
        "#c",
        "|\n",
        ">\n",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "\t",
        "é",
        "\u0301",
    ]
)


@FUZZ
@given(tokens=st.lists(YAML_TOKENS, max_size=60))
def test_generated_yaml(tokens: list[str]) -> None:
    text = "".join(tokens)
    path = Path("generated.yaml")
    contract(path, lambda: load_text(text, path))


@FUZZ
@given(tokens=st.lists(YAML_TOKENS, max_size=60))
def test_generated_scenarios(mini, tokens: list[str]) -> None:
    from wizard.scenario import ScenarioError, run_scenario

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_text("".join(tokens), encoding="utf-8")
        try:
            run_scenario(mini, path)
        except ScenarioError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc), str(exc)


WRITABLE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\ufffe\uffff"), max_size=60).filter(
    lambda t: not text_problem(t, 10**6)
)
IDS = st.text("abcdefghijklmnopqrstuvwxyz_0123456789é-", min_size=1, max_size=12)


@FUZZ
@given(
    profile=st.dictionaries(IDS, WRITABLE, max_size=5),
    notes=st.dictionaries(IDS, st.dictionaries(IDS, WRITABLE, max_size=4), max_size=3),
    choices=st.lists(IDS, max_size=5),
    long_note=st.sampled_from(["", "n" * MAX_NOTE_CHARS, "e\u0301" * 1000]),
    long_answer=st.sampled_from(["", "w" * MAX_ANSWER_CHARS]),
    long_id=st.sampled_from(["q", "q" * MAX_ID]),
)
def test_whatever_the_user_types_within_the_limits_is_read_back(profile, notes, choices, long_note, long_answer, long_id) -> None:
    session = Session(profile=dict(profile), notes={f: dict(n) for f, n in notes.items()})
    session.answers["alpha"] = {"multi": tuple(choices), long_id: long_answer}
    session.notes.setdefault("alpha", {})["first"] = long_note
    for flow, answers in session.all_answers().items():
        for question, value in answers.items():
            session.record("answer", flow, question, value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "typed.json"
        save(session, path)
        assert load(path).to_json() == session.to_json()


# -- counsel's sections, dates and time zones (issue 23) ----------------------------------------------
@pytest.fixture(scope="module")
def decided_data(mini) -> dict[str, Any]:
    """A mini review with every counsel section filled in through the commands, as JSON data."""
    from wizard.review import Review

    review = Review(mini)
    for value in ("Kestrel", "external", "yes_branch", ["a"]):
        review.answer(value)
    review.answer("y", note="Is Y enough?")
    review.set_ask("alpha", "third", True)  # the team asks counsel about the note: an open question
    review.answer_question("alpha.third#note", "Yes.", resolved=True)
    review.dispose_risk("alpha.risky", "accepted_with_condition", "Only for staff.")
    review.decide("approved_with_conditions", "Dana Lee", "Legal", "2026-12-01", ["Sign the DPA"])
    review.set_action("counsel#1", "Priya", "2026-12-20")
    review.set_review_by("2027-06-30")
    return review.session.to_json()


COUNSEL_PATHS = st.lists(
    st.sampled_from(
        ["counsel", "actions", "review_by", "conditions", "answers", "risks", "basis", "history", "notes", "at", "decision"]
        + ["reviewer", "date", "text", "resolved", "basis", "alpha.third#note", "alpha.risky", "counsel#1", "owner", "due", "0"]
    ),
    min_size=1,
    max_size=4,
)
EDGE_DATES = st.sampled_from(
    ["9999-12-31", "0001-01-01", "0999-03-04", "2026-02-30", "0000-01-01", "2026-13-01", "99999-01-01", "", "2026-1-1"]
)


def _outputs_hold(mini, session: Session) -> None:
    """Whatever is accepted can be shown in every form: view, summary, calendar, list line."""
    from wizard.catalog import decision_line
    from wizard.derive import derive
    from wizard.ics import calendar
    from wizard.summary import summary

    assert derive(mini, session).counsel is not None
    assert "\x1b" not in summary(mini, session)
    calendar(mini, session)
    decision_line(session)


@FUZZ
@given(edits=st.lists(st.tuples(COUNSEL_PATHS, JSON | EDGE_DATES), min_size=1, max_size=4), compact=st.booleans())
def test_generated_counsel_sections(mini, decided_data: dict[str, Any], edits, compact: bool) -> None:
    data = decided_data
    for where, value in edits:
        data = edited(data, where, value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        path.write_text(json.dumps(data, indent=None if compact else 2), encoding="ascii")
        session = contract(path, lambda: load(path))
        if session is not None:
            _outputs_hold(mini, session)
            again = Path(folder) / "again.json"
            save(session, again)
            assert load(again).to_json() == session.to_json()


@FUZZ
@given(
    answer=TEXT,
    condition=TEXT,
    owner=TEXT,
    reviewer=TEXT,
    day=EDGE_DATES,
    due=EDGE_DATES,
    count=st.sampled_from([1, 2, 100, 101]),
)
def test_counsel_commands_refuse_or_keep_the_file_writable(mini, answer, condition, owner, reviewer, day, due, count) -> None:
    from wizard.counsel import CounselError
    from wizard.review import Review

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        review = Review(mini, path=path)
        for value in ("Kestrel", "external", "yes_branch", ["a"]):
            review.answer(value)
        review.answer("y", note="Is Y enough?")
        review.set_ask("alpha", "third", True)
        commands = [
            lambda: review.answer_question("alpha.third#note", answer, resolved=True),
            lambda: review.decide("approved_with_conditions", reviewer, "Legal", day, [condition] + ["k"] * (count - 1)),
            lambda: review.set_action("alpha.duty", owner, due),
            lambda: review.set_review_by(due),
        ]
        for command in commands:
            try:
                command()
            except CounselError as exc:
                assert "\n" not in str(exc) and len(str(exc)) < 300, str(exc)
        if path.exists():
            assert load(path).to_json() == review.session.to_json(), "every accepted entry was saved, and reads back"
        _outputs_hold(mini, review.session)


ZONES = st.sampled_from(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "America/St_Johns", "Asia/Kathmandu"])
STAMPS = (
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)).flatmap(
        lambda moment: st.sampled_from(["", "+14:00", "-12:00", "+23:59", "-23:59", "+05:45", "Z"]).map(
            lambda zone: moment.isoformat() + zone
        )
    )
    | TEXT
)


@FUZZ
@given(zone=ZONES, stamps=st.lists(STAMPS, min_size=1, max_size=4), created=STAMPS, since=STAMPS)
def test_any_time_in_any_zone_is_listed_and_exported(mini, zone: str, stamps: list[str], created: str, since: str) -> None:
    import time

    from wizard.catalog import format_list, list_reviews
    from wizard.lock import Holder

    entries = [{"at": at, "event": "answer", "flow": "profile", "question": "project_name", "value": "Kestrel"} for at in stamps]
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "s.json"
            path.write_text(json.dumps(session_data(log=entries, created=created)), encoding="ascii")
            session = contract(path, lambda: load(path))
            listed = format_list(list_reviews(Path(folder), project_field="project_name"))
            assert "Kestrel" in listed or "cannot be read" in listed
            if session is not None:
                _outputs_hold(mini, session)
            Holder(1, "elsewhere", since).describe()
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
