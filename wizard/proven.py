"""Bundled flows are proven once per version, not at every start (no Qt).

The graph check (`wizard.graph.check_graph`: every path ends, every outcome can
apply) walks every path of every flow; it is most of what a start costs. The
bundled flows cannot change without their digest changing, so once they pass on
this machine a small proof file in the user's cache folder, named by the flows'
digest and by the checker that proved them, lets later starts skip the walk.
Flows given with `--flows` are checked every time, and anything odd about the
proof (missing, unreadable, another digest) means the walk runs again: the
proof can only save time, never let a broken flow through.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from wizard.flows import FlowError, FlowSet, read_flows

PROOF_LIMIT = 4096  # a proof file is one line; anything bigger is not ours


def cache_dir() -> Path:
    """The user's cache folder for this app (`BEDROCK_WIZARD_CACHE` overrides it)."""
    override = os.environ.get("BEDROCK_WIZARD_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("bedrock-terms-wizard", appauthor=False)


def checker_key() -> str:
    """What proved the flows: the app's version and, where the sources exist, the checker's own code."""
    import wizard.flows
    import wizard.graph

    h = hashlib.sha256(wizard.__version__.encode())
    for module in (wizard.flows, wizard.graph):
        with contextlib.suppress(OSError):  # a frozen app keeps no sources: its version names the checker
            h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


def proof_path(flowset: FlowSet) -> Path:
    return cache_dir() / f"proven-flows-{flowset.digest[:32]}"


def _proof_text(flowset: FlowSet) -> str:
    return f"{flowset.digest} {checker_key()}\n"


def is_proven(flowset: FlowSet) -> bool:
    path = proof_path(flowset)
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > PROOF_LIMIT:
            return False
        return path.read_text(encoding="ascii") == _proof_text(flowset)
    except (OSError, UnicodeDecodeError):
        return False


def record_proof(flowset: FlowSet) -> None:
    """Remember that these flows passed; a cache that cannot be written only costs the next start time."""
    from wizard.fsio import FileError, write_private

    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_private(proof_path(flowset), _proof_text(flowset).encode("ascii"))
    except (OSError, FileError):
        pass


def load_bundled(directory: Path) -> FlowSet:
    """Load the bundled flows: schema rules every time, the graph walk only until it has passed once."""
    from wizard.graph import check_graph

    flowset, problems = read_flows(directory)
    if flowset is None:
        raise FlowError(problems)
    if is_proven(flowset):
        return flowset
    problems = check_graph(flowset)
    if problems:
        raise FlowError(problems)
    record_proof(flowset)
    return flowset
