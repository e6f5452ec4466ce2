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
