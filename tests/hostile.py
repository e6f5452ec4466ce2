"""Builders of hostile files and a runner for the real command under a memory cap, for the tests/test_hostile_*.py files.

The contract every hostile input is held to (issue 13): the right result, or
exit 1 with one line `bedrock-wizard: FILE[:LINE]: reason` on stderr, no
"internal error", nothing written, and bounded memory. Memory is capped for
real (RLIMIT_AS) in a child process; time is never asserted (benchmarks
measure it), only a generous hang guard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

from conftest import FIXTURES, ROOT

MINI = ["--flows", str(FIXTURES / "mini")]
MEMORY_CAP = 500 * 1024 * 1024  # the issue's bound, as address space: stricter than resident memory
HANG_GUARD_SECONDS = 120

CREATED = "2026-01-02T03:04:05+00:00"


def session_data(**changes: Any) -> dict[str, Any]:
    """A valid, finished session of the mini flows, as JSON data, with `changes` applied on top."""
    data: dict[str, Any] = {
        "format": "bedrock-wizard-session",
        "version": 1,
        "flows_digest": "",
        "created": CREATED,
        "finished": True,
        "profile": {"project_name": "Kestrel", "audience": "internal"},
        "answers": {"alpha": {"first": "yes_branch", "second": ["a"], "third": "y"}},
        "notes": {},
        "stale": {},
        "log": [],
    }
    data.update(changes)
    return data


def write_session(path: Path, data: dict[str, Any] | str, compact: bool = False) -> Path:
    text = (
        data
        if isinstance(data, str)
        else json.dumps(data, indent=None if compact else 2, separators=(",", ":") if compact else None)
    )
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def pdf_with_attachments(
    path: Path,
    payload: bytes,
    names: int = 1,
    *,
    raw: bytes | None = None,
    filters: str | None = "/FlateDecode",
    declared: int | None = None,
    name: str = "bedrock-wizard-session.json",
    loop: bool = False,
) -> Path:
    """A PDF whose name tree lists `names` attachments called `name`, all sharing one stream.

    `raw` replaces the stored (encoded) bytes; by default they are `payload`
    compressed. A compression bomb is a small `raw` that inflates hugely.
    `loop` adds a /Kids node that points back at itself.
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    stream = DecodedStreamObject()
    stream.set_data(raw if raw is not None else (zlib.compress(payload) if filters else payload))
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    if filters:
        stream[NameObject("/Filter")] = NameObject(filters)
    if declared is not None:
        stream[NameObject("/Params")] = DictionaryObject({NameObject("/Size"): NumberObject(declared)})
    stream_ref = writer._add_object(stream)
    spec = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Filespec"),
            NameObject("/F"): TextStringObject(name),
            NameObject("/EF"): DictionaryObject({NameObject("/F"): stream_ref}),
        }
    )
    spec_ref = writer._add_object(spec)
    entries = ArrayObject()
    for _ in range(names):
        entries.extend([TextStringObject(name), spec_ref])
    tree = DictionaryObject({NameObject("/Names"): entries})
    if loop:
        node = DictionaryObject()
        node_ref = writer._add_object(node)
        node[NameObject("/Kids")] = ArrayObject([node_ref])
        tree = DictionaryObject({NameObject("/Kids"): ArrayObject([node_ref])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): tree})
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def run_cli(*args: str, cap: int = MEMORY_CAP, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process whose address space is capped."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        preexec_fn=limit if os.name == "posix" else None,
        timeout=HANG_GUARD_SECONDS,
        cwd=cwd or ROOT,
        env=env,
    )


def assert_one_line(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit 1, nothing on stdout, exactly one line `bedrock-wizard: ...` on stderr holding every `expected` text."""
    err = done.stderr
    assert done.returncode == 1, (done.returncode, err[-2000:])
    assert done.stdout == "" and err.count("\n") == 1 and err.startswith("bedrock-wizard: "), err[-2000:]
    assert "internal error" not in err and "Traceback" not in err, err
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"
    return err.strip()
