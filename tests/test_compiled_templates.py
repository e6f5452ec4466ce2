"""The report's compiled template is kept between processes, and a cache that cannot be used changes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDER = """
import hashlib, sys
from pathlib import Path
from wizard.flows import load_flows
from wizard.paths import flows_dir
from wizard.report import render_html
from wizard.fsio import load
flowset = load_flows(flows_dir())
print(hashlib.sha256(render_html(flowset, load(Path(sys.argv[1]))).encode()).hexdigest())
"""


def _render(cache: Path, tmp_path: Path) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "BEDROCK_WIZARD_CACHE": str(cache)}
    session = tmp_path / "session.json"
    if not session.is_file():  # one answered session for every render, so the HTML can be compared
        example = ROOT / "examples" / "customer-chatbot.yaml"
        subprocess.run([sys.executable, "-m", "wizard", "answer", str(example), "-o", str(session)], check=True, env=env)
    return subprocess.run(
        [sys.executable, "-c", RENDER, str(session)], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()


def test_a_second_process_reads_the_compiled_template_and_renders_the_same_html(tmp_path) -> None:
    cache = tmp_path / "cache"
    first = _render(cache, tmp_path)
    kept = list(cache.glob("templates-*/*.cache"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    before = kept[0].stat().st_mtime_ns
    assert _render(cache, tmp_path) == first
    assert kept[0].stat().st_mtime_ns == before, "the second process compiled the template again"


def test_an_unusable_or_damaged_cache_still_gives_the_same_html(tmp_path) -> None:
    expected = _render(tmp_path / "good", tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert _render(blocker / "cache", tmp_path) == expected  # the folder cannot be made
    damaged = tmp_path / "damaged"
    _render(damaged, tmp_path)
    for kept in damaged.glob("templates-*/*.cache"):
        kept.write_bytes(b"j2 not bytecode")
    assert _render(damaged, tmp_path) == expected
