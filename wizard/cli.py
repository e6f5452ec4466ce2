"""Command line: the stable contract listed in README.md ("Command line").

Exit codes: 0 ok; 1 a user error, reported as one line on stderr; 2 usage.
Heavy modules (Qt, WeasyPrint) are imported only by the commands that need them, and the
window's start-up imports no command's modules (tests/test_startup_imports.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard import __version__
from wizard.paths import flows_dir

if TYPE_CHECKING:
    from wizard.flows import FlowSet


def user_errors() -> tuple[type[Exception], ...]:
    """The errors that are the user's to fix: one line on stderr, exit 1 (imported when one is raised)."""
    from wizard.answers import AnswerError
    from wizard.counsel import CounselError
    from wizard.counsel_vocabulary import VocabularyError
    from wizard.flows import FlowError
    from wizard.scenario import ScenarioError
    from wizard.session import SessionError

    return (FlowError, SessionError, ScenarioError, AnswerError, CounselError, VocabularyError)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bedrock-wizard",
        description="Check a planned use of Claude on Amazon Bedrock against the commercial terms.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--flows", type=Path, help="folder of flow files (default: the bundled flows)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("open", help="open a saved session (.json) or a report PDF that embeds one")
    p.add_argument("file", type=Path)
    p = sub.add_parser("report", help="render the PDF report of a session, headless")
    p.add_argument("session", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    p.add_argument("--paper", choices=("a4", "letter"), help="paper size (default: from the locale)")
    p = sub.add_parser("check", help="validate flow files; print file:line: message for each problem")
    p.add_argument("dir", type=Path, nargs="?", help="folder of flow files (default: the bundled flows)")
    p = sub.add_parser("list", help="list the reviews in a folder (default: the autosave folder) and recent files")
    p.add_argument("dir", type=Path, nargs="?", help="folder of review files (default: the data folder)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="json: one object per review, for scripts")
    p = sub.add_parser("answer", help="answer the flows headless from a scenario file")
    p.add_argument("scenario", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="the session file to write")
    p = sub.add_parser("summary", help="print the one-paragraph summary of a session or report PDF, for e-mail")
    p.add_argument("session", type=Path)
    p = sub.add_parser(
        "export",
        help="export sessions or report PDFs: findings as JSON, due dates as a calendar, the findings register as CSV or XLSX",
    )
    p.add_argument("sessions", type=Path, nargs="*", metavar="SESSION")
    p.add_argument("--all", action="store_true", help="csv, xlsx: every review in the data folder, as `list` finds them")
    p.add_argument(
        "--format",
        choices=("json", "ics", "csv", "xlsx"),
        required=True,
        help="json: every finding; ics: due dates (one session each); csv, xlsx: the findings register, one row per finding",
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="the file to write ('-': standard output)")
    p = sub.add_parser("diff", help="compare two reviews (sessions or report PDFs): answers, findings, decision, counsel")
    p.add_argument("old", type=Path, metavar="OLD")
    p.add_argument("new", type=Path, metavar="NEW")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    p.add_argument(
        "--old-flows",
        type=Path,
        metavar="DIR",
        help="read OLD against these flows (say, the version it was answered against): shows what the current flows change",
    )
    p = sub.add_parser("continue", help="start a new review from a session or report PDF: its answers, linked to it")
    p.add_argument("session", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="the new session file to write")
    p = sub.add_parser("verify", help="say who signed a report PDF, when, and whether it is unchanged since")
    p.add_argument("file", type=Path)
    p.add_argument("--trust", action="store_true", help="trust the signers' certificates from now on (only if you know them)")
    return parser


def _flows(args: argparse.Namespace) -> FlowSet:
    """Flows given with --flows are checked in full every time; the bundled ones once (wizard/proven.py)."""
    from wizard.flows import load_flows

    if args.flows:
        return load_flows(args.flows)
    from wizard.proven import load_bundled

    return load_bundled(flows_dir())


def cmd_check(args: argparse.Namespace) -> int:
    from wizard.flows import read_flows

    directory = args.dir or args.flows or flows_dir()
    flowset, problems = read_flows(directory)
    if flowset is not None:
        from wizard.content_ids import written_ids
        from wizard.graph import check_graph

        problems = check_graph(flowset) + written_ids(flowset.vocabulary)
    if flowset is not None and not problems:  # the dead-choice walk is slower: `check` only, never at start-up
        from wizard.pathstats import dead_problems

        problems = dead_problems(flowset)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {one_line(directory)}", file=sys.stderr)
        return 1
    assert flowset is not None
    questions = sum(len(f.questions) for f in flowset.flows)
    outcomes = sum(len(f.outcomes) for f in flowset.flows)
    print(f"{directory}: {len(flowset.flows)} flows, {questions} questions, {outcomes} outcomes: ok")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from wizard.fsio import save
    from wizard.lock import LockHeld, writing
    from wizard.scenario import ScenarioError, run_scenario
    from wizard.session import SessionError

    if _same_file(args.scenario, args.output):
        raise ScenarioError(f"{args.output}: is the scenario file itself; choose another name for the session")
    session = run_scenario(_flows(args), args.scenario)
    try:
        with writing(args.output):  # never over a review a window is editing
            save(session, args.output)
    except LockHeld as held:
        raise SessionError(f"{held}; close it there, or write to another file") from None
    print(f"wrote {args.output}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from wizard.gcpause import left_to_exit
    from wizard.pdfsession import is_pdf, load_any
    from wizard.report import default_paper, write_report
    from wizard.session import SessionError

    flowset = _flows(args)
    if _same_file(args.session, args.output) and not is_pdf(args.session):
        raise SessionError(f"{args.output}: is the session file itself; choose another name for the report")
    session = load_any(args.session)
    _warn_changed(args.session, flowset, session)
    with left_to_exit(args.process_ends):
        write_report(flowset, session, args.output, paper=args.paper or default_paper())
    print(f"wrote {args.output}")
    return 0


def _warn_changed(source: object, flowset: FlowSet, session: object) -> None:
    """Say what the output will flag: answers to questions changed since, or a PDF whose pages show another session."""
    from wizard.derive import derive

    derived = derive(flowset, session)  # type: ignore[arg-type]
    said = [
        f"{n} {what}"
        for n, what in (
            (len(derived.reworded), "answer(s) whose question was reworded since (flagged 'reworded since answered')"),
            (len(derived.set_aside), "answer(s) that no longer fit the questions (set aside)"),
        )
        if n
    ]
    if said:
        print(f"{one_line(source)}: warning: {'; '.join(said)}", file=sys.stderr)
    if session.source_problem:  # type: ignore[attr-defined]
        print(f"{one_line(source)}: warning: {session.source_problem}; the output says so", file=sys.stderr)  # type: ignore[attr-defined]


def _opened(args: argparse.Namespace) -> tuple[FlowSet, object]:
    """The flows and the session (or a report PDF's session) a read-only command works on."""
    from wizard.pdfsession import load_any

    flowset = _flows(args)
    session = load_any(args.session)
    _warn_changed(args.session, flowset, session)
    return flowset, session


def cmd_summary(args: argparse.Namespace) -> int:
    from wizard.summary import summary

    flowset, session = _opened(args)
    print(summary(flowset, session))  # type: ignore[arg-type]
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from wizard.export import REGISTER_FORMATS, render, write_export, write_register
    from wizard.session import SessionError

    to_stdout = str(args.output) == "-"  # for a pipe: the export itself on standard output, nothing else
    for path in () if to_stdout else args.sessions:
        if _same_file(path, args.output):
            raise SessionError(f"{args.output}: is the session file itself; choose another name for the export")
    if args.format in REGISTER_FORMATS:
        flowset = _flows(args)
        write_register(flowset, _register_sessions(args, flowset), args.format, args.output)
    else:
        if args.all or len(args.sessions) != 1:
            raise SessionError(f"--format {args.format} exports one session; csv and xlsx take many, or --all")
        args.session = args.sessions[0]
        flowset, session = _opened(args)
        if to_stdout:
            sys.stdout.buffer.write(render(flowset, session, args.format))  # type: ignore[arg-type]
            sys.stdout.flush()
            return 0
        write_export(flowset, session, args.format, args.output)  # type: ignore[arg-type]
    print(f"wrote {args.output}")
    return 0


def _register_sessions(args: argparse.Namespace, flowset: FlowSet) -> list:
    """The sessions named, or with --all every readable review `list` finds (an unreadable one is named and skipped)."""
    from wizard.pdfsession import load_any
    from wizard.session import SessionError

    if args.all == bool(args.sessions):
        raise SessionError("name the sessions or report PDFs to export, or give --all (not both)")
    if not args.all:
        return [load_any(path) for path in args.sessions]
    from wizard.catalog import reviews_of
    from wizard.paths import user_data_dir

    folder = user_data_dir()
    sessions = []
    for record in sorted(reviews_of(flowset, folder, read_reports=True), key=lambda r: str(r.path)):
        if not record.readable:
            print(f"{record.path}: skipped: {record.problem}", file=sys.stderr)
            continue
        sessions.append(load_any(record.path))
    if not sessions:
        raise SessionError(f"{folder}: no reviews found to export")
    return sessions


def cmd_diff(args: argparse.Namespace) -> int:
    from wizard.diff import compare, render
    from wizard.flows import load_flows
    from wizard.pdfsession import load_any

    flowset = _flows(args)
    old_flowset = load_flows(args.old_flows) if args.old_flows else None
    old, new = load_any(args.old), load_any(args.new)
    sys.stdout.write(render(compare(flowset, old, new, old_flowset), args.format))
    return 0


def cmd_continue(args: argparse.Namespace) -> int:
    from wizard.continuation import continue_review
    from wizard.fsio import save
    from wizard.pdfsession import load_any
    from wizard.session import SessionError

    if _same_file(args.session, args.output):
        raise SessionError(f"{args.output}: is the session file itself; choose another name for the new review")
    session = continue_review(_flows(args), load_any(args.session))
    save(session, args.output)
    print(f"wrote {args.output}")
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def cmd_list(args: argparse.Namespace) -> int:
    from wizard.catalog import format_list, reviews_of
    from wizard.paths import user_data_dir
    from wizard.session import SessionError

    folder = args.dir or user_data_dir()
    if args.dir is not None and not folder.is_dir():
        raise SessionError(f"{folder}: not a folder")
    records = reviews_of(_flows(args), folder, read_reports=True)
    if args.format == "json":
        import json

        from wizard.catalog import list_json

        print(json.dumps(list_json(records), ensure_ascii=False, indent=2))
    else:
        print(format_list(records, folder))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """0 when the PDF is signed and every signature covers the whole, unchanged file; 1 otherwise."""
    from wizard.signing import trust
    from wizard.verify import describe, signatures

    found = signatures(args.file)
    if args.trust:
        for signature in found:
            if signature.counts:
                trust(signature.fingerprint)
    print("\n".join(describe(args.file)))
    return 0 if found and all(s.counts for s in found) else 1


def no_display() -> bool:
    """On Linux and BSD, no X11 or Wayland session to show a window in (and no Qt platform chosen instead)."""
    import os

    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args: argparse.Namespace) -> int:
    if no_display():
        print(
            "bedrock-wizard: no display: the window needs a desktop session (DISPLAY or WAYLAND_DISPLAY is not set); "
            "the other commands work without one (bedrock-wizard --help)",
            file=sys.stderr,
        )
        return 1
    from wizard.ui.app import run

    return run(flows=args.flows, open_file=getattr(args, "file", None))


def one_line(exc: object) -> str:
    """The message on one line even when a file name holds a line break (shown escaped, as \\n)."""
    return str(exc).replace("\r", "\\r").replace("\n", "\\n")


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's final flush has nowhere to fail (Python docs, SIGPIPE)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run one command. Without `argv` this is the program (the console script, `python -m wizard`, the
    frozen app): the process ends when it returns, so a report's garbage is left to the exit."""
    args = _parser().parse_args(argv)
    args.process_ends = argv is None
    command = {
        "check": cmd_check,
        "answer": cmd_answer,
        "report": cmd_report,
        "list": cmd_list,
        "open": cmd_gui,
        "summary": cmd_summary,
        "export": cmd_export,
        "diff": cmd_diff,
        "continue": cmd_continue,
        "verify": cmd_verify,
    }.get(args.command or "", cmd_gui)
    try:
        code = command(args)
        sys.stdout.flush()  # here, not at exit: a reader that has gone is then handled below
        return code
    except BrokenPipeError:  # `summary | head -c 10`: the reader took what it wanted and left
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a user's error in one line; last resort: never show a traceback to a user
        if isinstance(exc, user_errors()):
            print(f"bedrock-wizard: {one_line(exc)}", file=sys.stderr)
            return 1
        from wizard.export import ExportError
        from wizard.report import ReportError

        if isinstance(exc, ReportError | ExportError):
            print(f"bedrock-wizard: {one_line(exc)}", file=sys.stderr)
            return 1
        print(f"bedrock-wizard: internal error: {type(exc).__name__}: {one_line(exc)} (please report this)", file=sys.stderr)
        return 1
