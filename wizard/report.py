"""Findings -> HTML (Jinja2) -> PDF (WeasyPrint), offline and deterministic (no Qt).

WeasyPrint is imported only when a PDF is written, so the window opens fast.
The URL fetcher serves files from the package's templates and resources and
refuses everything else; user text reaches the HTML only through autoescaping.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from wizard.answers import display
from wizard.continuation import changes_since
from wizard.derive import derive, last_change
from wizard.flows import FlowSet
from wizard.fsio import why, writable_target, write_private
from wizard.paths import resources_dir, templates_dir
from wizard.pdfsession import ATTACHMENT_NAME
from wizard.printable import printable
from wizard.session import Session, SessionError

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment

    from wizard.prerender import RenderCache

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
LETTER_TERRITORIES = {"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "PR", "CR", "PA", "SV", "DO", "NI"}


def default_paper() -> str:
    """US Letter where the locale's territory uses it, A4 everywhere else."""
    import locale

    for name in (locale.getlocale(locale.LC_CTYPE)[0], locale.getlocale()[0]):
        if name and "_" in name and name.split("_", 1)[1][:2].upper() in LETTER_TERRITORIES:
            return "letter"
    return "a4"


class ReportError(RuntimeError):
    """The PDF could not be written; the message is one line naming the file."""


def _environment() -> Environment:
    """One Environment per templates folder and process: the GUI's second report reuses the compiled template."""
    return _environment_for(str(templates_dir()))


@lru_cache(maxsize=4)
def _environment_for(folder: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape  # only when a report is made

    from wizard.compiled_templates import bytecode_cache

    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=printable,  # XML-safe characters and breakable long runs, for every value printed
        bytecode_cache=bytecode_cache("report: autoescape html xml default, strict, trim_blocks, lstrip_blocks, finalize"),
    )
    env.filters["when"] = _format_when
    env.filters["answer_text"] = lambda value, question: display(question, value)
    return env


def _format_when(value: str) -> str:
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M UTC")
    except (TypeError, ValueError):
        return value or ""


def render_html(
    flowset: FlowSet, session: Session, paper: str = "a4", session_json: str | None = None, untagged: bool = False
) -> str:
    """The report as HTML text; everything user-written is autoescaped. The session is not changed."""
    from wizard.diff import fresh_look

    session_json = session.dumps() if session_json is None else session_json
    derived = derive(flowset, session)
    return (
        _environment()
        .get_template("report.html")
        .render(
            f=derived.findings,
            decision=derived.findings.decision,
            profile_rows=_cover_rows(flowset, derived),
            c=derived.counsel,
            set_aside=derived.set_aside,
            fresh_look=fresh_look(derived, set_aside=False),  # the set-aside answers have their own cover line
            session_digest=hashlib.sha256(session_json.encode()).hexdigest(),
            paper=PAPER_SIZES.get(paper, "A4"),
            as_of=derived.as_of,
            changes=changes_since(flowset, session),
            untagged=untagged,
        )
    )


def _cover_rows(flowset: FlowSet, derived) -> list:  # noqa: ANN001
    """The profile's answers for the cover, without the title and use case it already shows."""
    shown = {flowset.profile_role("title"), flowset.profile_role("use_case")}
    return [
        row
        for step, row in zip(derived.findings.profile_steps, derived.findings.profile_rows, strict=True)
        if step.question.id not in shown
    ]


class PackageFetcher:
    """A WeasyPrint URL fetcher that serves only the package's own files.

    It never touches the network or proxy settings; every refusal is recorded
    in `refused` so tests (and curious users) can see what was asked for.
    """

    def __init__(self) -> None:
        self.roots = [templates_dir().resolve(), resources_dir().resolve()]
        self.refused: list[str] = []
        self.served: list[str] = []
        self._fail_on_errors = False  # read by weasyprint.urls.fetch

    def __call__(self, url: str, headers: Any = None) -> Any:
        return self.fetch(url, headers)

    def fetch(self, url: str, headers: Any = None) -> Any:
        from weasyprint.urls import URLFetcherResponse

        parsed = urlparse(url)
        if parsed.scheme == "file" and not parsed.netloc:
            path = Path(unquote(parsed.path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                self.served.append(url)
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url[:80]}: the report uses only bundled files")


def _mime(path: Path) -> str:
    return {".css": "text/css", ".ttf": "font/ttf", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix.lower(), "application/octet-stream"
    )


def render_pdf(flowset: FlowSet, session: Session, paper: str = "a4", fetcher: PackageFetcher | None = None) -> bytes:
    """The PDF bytes: tagged PDF/A-3a and PDF/UA-1, fonts embedded, the session JSON attached exactly as given.

    Should WeasyPrint fail to build the tag tree (its issues #2601, #2761), the report is
    rendered untagged as PDF/A-3b instead; stderr and the report's appendix say so.
    """
    try:
        return _render(flowset, session, paper, fetcher, tagged=True)
    except (OSError, MemoryError):
        raise  # a full temporary folder or no memory: an untagged render would fail the same way
    except Exception as exc:  # noqa: BLE001 - any failure of the tag tree
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        print(f"note: the tagged (accessible) PDF could not be made ({reason}); writing an untagged PDF/A-3b", file=sys.stderr)
        return _render(flowset, session, paper, fetcher, tagged=False)


def _render(flowset: FlowSet, session: Session, paper: str, fetcher: PackageFetcher | None, tagged: bool) -> bytes:
    from wizard.gcpause import paused_gc

    with paused_gc():  # the whole render, WeasyPrint's import included: see wizard/gcpause.py
        return _render_paused(flowset, session, paper, fetcher or PackageFetcher(), tagged)


def _render_paused(flowset: FlowSet, session: Session, paper: str, fetcher: PackageFetcher, tagged: bool) -> bytes:
    from wizard.nativelibs import import_weasyprint

    import_weasyprint()  # first: it loads the native libraries without running ldconfig, gcc or ld
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    from wizard import pdf_tagging, pdfpack

    stamp = last_change(session)  # the cover's "Answers as of": the document's dates follow it
    session_text = session.dumps()
    html = render_html(flowset, session, paper, session_text, untagged=not tagged)
    session_json = session_text.encode("utf-8")
    attachment = Attachment(
        string=session_json,
        name=ATTACHMENT_NAME,
        description="Bedrock Terms Wizard session (re-open with the app)",
        created=stamp,
        modified=stamp,
        relationship="Source",
        url_fetcher=fetcher,
    )
    document = HTML(string=html, base_url=templates_dir().resolve().as_uri() + "/", url_fetcher=fetcher)
    out = io.BytesIO()
    font_config = FontConfiguration()
    try:
        document.write_pdf(
            out,
            finisher=_finisher(pdf_tagging.finisher(pdf_tagging.link_texts(html)) if tagged else None, pdfpack.compress_streams),
            font_config=font_config,
            attachments=[attachment],
            pdf_variant=pdf_tagging.TAGGED_VARIANT if tagged else pdf_tagging.FALLBACK_VARIANT,
            pdf_identifier=hashlib.md5(session_json).hexdigest().encode(),  # noqa: S324 - an id, not security
        )
    finally:
        # WeasyPrint's own clean-up of the temporary folder it copied the fonts into, now and not when the
        # collector frees the document: the CLI leaves that garbage to the exit (wizard/gcpause.py). It
        # removes the folder with ignore_errors, so running again when collected is harmless.
        font_config.__del__()
    return out.getvalue()


def _finisher(tagging: Callable[[Any, Any], None] | None, compress: Callable[[Any], int]) -> Callable[[Any, Any], None]:
    """WeasyPrint's one finisher hook: the tag tree's finishing touches first, then each stream deflated once."""

    def finish(document: Any, pdf: Any) -> None:
        if tagging is not None:
            tagging(document, pdf)
        compress(pdf)

    return finish


def write_report(flowset: FlowSet, session: Session, target: Path, paper: str = "a4", cache: RenderCache | None = None) -> Path:
    """Render and write the PDF atomically with owner-only permissions (the bytes from `cache` when it has them)."""
    target = Path(target)
    if target.is_dir():
        raise ReportError(f"{target}: is a folder; give a file name ending in .pdf")
    if not target.parent.exists():
        raise ReportError(f"{target}: the folder {target.parent} does not exist")
    if not target.parent.is_dir():
        raise ReportError(f"{target}: {target.parent} is not a folder")
    if not os.access(target.parent, os.W_OK | os.X_OK):  # fail before the seconds of rendering
        raise ReportError(f"{target}: cannot write in {target.parent} (permission denied)")
    try:
        writable_target(target)  # a link in a shared folder, a pipe or a device: refused before rendering too
    except SessionError as exc:
        raise ReportError(str(exc)) from None
    try:
        data = cache.render(flowset, session, paper) if cache is not None else render_pdf(flowset, session, paper)
    except OSError as exc:  # e.g. a full temporary folder: WeasyPrint copies the bundled fonts there
        where = f": {exc.filename}" if exc.filename else ""
        raise ReportError(f"{target}: cannot create the report ({why(exc)}{where})") from None
    try:
        write_private(target, data)
    except SessionError as exc:
        raise ReportError(str(exc)) from None
    return target
