"""Bundled flows are proven and parsed once per version, not at every start (no Qt).

The graph check (`wizard.graph.check_graph`: every path ends, every outcome can
apply) walks every path of every flow; it is most of what a first start costs. The
bundled flows cannot change without their digest changing, so once they pass on
this machine a small proof file in the user's cache folder, named by the flows'
digest and by the checker that proved them, lets later starts skip the walk.
Flows given with `--flows` are checked every time, and anything odd about the
proof (missing, unreadable, another digest) means the walk runs again: the
proof can only save time, never let a broken flow through. A frozen build
proves its flows when it is built and ships the proof beside them
(`shipped_proof_text`, packaging/bedrock-wizard.spec), so no user's first start
walks them; its checker is named by the app's version alone.

Parsing the YAML (and its schema rules) is the next cost, so the parsed flows
are kept beside the proof, keyed the same way: the flows' digest, taken from
the files as they are now, and the code that parsed them. A parsed copy is
read with an unpickler that builds only the flows' own classes, and anything
odd about it means the files are parsed again; it never replaces the proof.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import os
import pickle
import sys
from pathlib import Path

from wizard.flows import FlowError, FlowSet, digest_of, read_flows

PROOF_LIMIT = 4096  # a proof file is one line; anything bigger is not ours
SHIPPED_PROOF = ".proven"  # a frozen build's proof, beside the bundled flows
PARSED_LIMIT = 8 * 1024 * 1024  # the bundled flows parse to about 240 KB
# What a parsed copy may hold: the flows' classes, nothing else (and the code whose change makes a copy stale).
PARSED_MODULES = (
    "wizard.flows",
    "wizard.conditions",
    "wizard.vocabulary",
    "wizard.yamllines",
    "wizard.yamlsource",
    "wizard.session",
)
CHECKER_MODULES = ("wizard.flows", "wizard.graph")


def cache_dir() -> Path:
    """The user's cache folder for this app (`BEDROCK_WIZARD_CACHE` overrides it)."""
    override = os.environ.get("BEDROCK_WIZARD_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("bedrock-terms-wizard", appauthor=False)


def _code_key(modules: tuple[str, ...]) -> str:
    """The app's version and, where the sources exist, the named modules' own code (none of them imported here)."""
    import wizard

    h = hashlib.sha256(wizard.__version__.encode())
    for name in modules:
        with contextlib.suppress(OSError, ImportError, ValueError, AttributeError):  # a frozen app: its version names it
            spec = importlib.util.find_spec(name)
            h.update(Path(spec.origin or "").read_bytes())  # type: ignore[union-attr]
    return h.hexdigest()


def checker_key() -> str:
    """What proved the flows: the app's version and, in a checkout or a wheel, the checker's own code.

    A frozen app has no sources: its version names its checker, which lets its build prove the flows
    once for every user (`shipped_proof_text`).
    """
    return _code_key(() if getattr(sys, "frozen", False) else CHECKER_MODULES)


def proof_path(flowset: FlowSet) -> Path:
    return cache_dir() / f"proven-flows-{flowset.digest[:32]}"


def shipped_proof_path(flowset: FlowSet) -> Path:
    """Where a build leaves its proof: beside the flows it proved (not a flow file, so not in their digest)."""
    return Path(flowset.directory) / SHIPPED_PROOF


def _proof_text(flowset: FlowSet, checker: str | None = None) -> str:
    return f"{flowset.digest} {checker_key() if checker is None else checker}\n"


def shipped_proof_text(directory: Path) -> str:
    """The proof a frozen build ships beside these flows, once they pass the walk (packaging/bedrock-wizard.spec).

    Raises FlowError when they do not, so a build never ships flows that fail.
    """
    from wizard.graph import check_graph

    flowset, problems = read_flows(directory)
    if flowset is None or problems:
        raise FlowError(problems)
    problems = check_graph(flowset)
    if problems:
        raise FlowError(problems)
    return _proof_text(flowset, checker=_code_key(()))  # the frozen app's checker key: its version alone


def _small_file(path: Path, limit: int) -> bytes | None:
    """The file's bytes, unless it is a link, not a plain file, bigger than `limit` or unreadable."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > limit:
            return None
        return path.read_bytes()
    except OSError:
        return None


def is_proven(flowset: FlowSet) -> bool:
    """Proven on this machine (the user's cache), or by the build that shipped these very flows."""
    text = _proof_text(flowset).encode("ascii")
    return any(_small_file(path, PROOF_LIMIT) == text for path in (proof_path(flowset), shipped_proof_path(flowset)))


def _write_cache(path: Path, data: bytes) -> None:
    """A cache that cannot be written only costs the next start time."""
    from wizard.fsio import FileError, write_private

    try:
        cache_dir().mkdir(parents=True, exist_ok=True)
        write_private(path, data)
    except (OSError, FileError):
        pass


def record_proof(flowset: FlowSet) -> None:
    """Remember that these flows passed."""
    _write_cache(proof_path(flowset), _proof_text(flowset).encode("ascii"))


# -- the parsed copy ---------------------------------------------------------------------
def flow_files(directory: Path) -> list[Path]:
    """The files `read_flows` reads (terms.yaml and every other *.yaml), as its digest covers them."""
    return [directory / "terms.yaml", *sorted(p for p in directory.glob("*.yaml") if p.name != "terms.yaml")]


def parsed_path(digest: str) -> Path:
    return cache_dir() / f"parsed-flows-{digest[:32]}.pickle"


def _parsed_header(digest: str, directory: Path) -> bytes:
    return f"{digest} {_code_key(PARSED_MODULES)} {directory}\n".encode("utf-8", "surrogateescape")


class _FlowsUnpickler(pickle.Unpickler):
    """Builds the flows' own dataclasses and plain containers; any other global refuses the whole copy."""

    def find_class(self, module: str, name: str) -> object:
        if module in PARSED_MODULES or (module == "builtins" and name in ("frozenset", "set")):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"not part of the flows: {module}.{name}")


def read_parsed(directory: Path, digest: str) -> FlowSet | None:
    """The flows parsed earlier from these very files by this very code, or None (then they are parsed again)."""
    data = _small_file(parsed_path(digest), PARSED_LIMIT)
    header = _parsed_header(digest, directory)
    if data is None or not data.startswith(header):
        return None
    try:
        flowset = _FlowsUnpickler(io.BytesIO(data[len(header) :])).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign copy is only a cache miss
        return None
    if not isinstance(flowset, FlowSet) or flowset.digest != digest or flowset.directory != str(directory):
        return None
    return flowset


def record_parsed(flowset: FlowSet, directory: Path) -> None:
    data = _parsed_header(flowset.digest, directory) + pickle.dumps(flowset, protocol=pickle.HIGHEST_PROTOCOL)
    _write_cache(parsed_path(flowset.digest), data)


def _parse(directory: Path) -> tuple[FlowSet, bool]:
    """The flows of `directory` and whether they came from the parsed copy."""
    try:
        digest = digest_of(flow_files(directory))
    except OSError:  # no such folder or file: read_flows says which, in its words
        digest = ""
    flowset = read_parsed(directory, digest) if digest else None
    if flowset is not None:
        return flowset, True
    flowset, problems = read_flows(directory)
    if flowset is None:
        raise FlowError(problems)
    return flowset, False


def load_bundled(directory: Path) -> FlowSet:
    """Load the bundled flows: parsed and graph-walked only until each has been done once for these files."""
    flowset, from_copy = _parse(directory)
    if not is_proven(flowset):
        from wizard.graph import check_graph

        problems = check_graph(flowset)
        if problems:
            raise FlowError(problems)
        record_proof(flowset)
    if not from_copy:
        record_parsed(flowset, directory)
    return flowset
