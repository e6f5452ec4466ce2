"""Command line: the stable contract listed in README.md ("Command line").

Exit codes: 0 ok; 1 a user error, reported as one line on stderr; 2 usage.
Heavy modules (Qt, WeasyPrint) are imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wizard import __version__
from wizard.answers import AnswerError
from wizard.counsel import CounselError
from wizard.counsel_vocabulary import VocabularyError
from wizard.flows import FlowError, FlowSet, load_flows, read_flows
from wizard.graph import check_graph
from wizard.paths import flows_dir
from wizard.scenario import ScenarioError
from wizard.session import SessionError

USER_ERRORS = (FlowError, SessionError, ScenarioError, AnswerError, CounselError, VocabularyError)


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
    p = sub.add_parser("export", help="export a session or report PDF: findings as JSON, due dates as a calendar")
    p.add_argument("session", type=Path)
    p.add_argument("--format", choices=("json", "ics"), required=True, help="json: every finding; ics: due dates")
    p.add_argument("-o", "--output", type=Path, required=True, help="the file to write ('-': standard output)")
    return parser


def _flows(args: argparse.Namespace) -> FlowSet:
    return load_flows(args.flows or flows_dir())


def cmd_check(args: argparse.Namespace) -> int:
    directory = args.dir or args.flows or flows_dir()
    flowset, problems = read_flows(directory)
    if flowset is not None:
        problems = check_graph(flowset)
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
    from wizard.scenario import run_scenario

    if _same_file(args.scenario, args.output):
        raise ScenarioError(f"{args.output}: is the scenario file itself; choose another name for the session")
    session = run_scenario(_flows(args), args.scenario)
    save(session, args.output)
    print(f"wrote {args.output}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from wizard.pdfsession import is_pdf, load_any
    from wizard.report import default_paper, write_report

    flowset = _flows(args)
    if _same_file(args.session, args.output) and not is_pdf(args.session):
        raise SessionError(f"{args.output}: is the session file itself; choose another name for the report")
    session = load_any(args.session)
    if session.flows_digest and session.flows_digest != flowset.digest:
        print(f"{args.session}: warning: answered against other flows; changed questions are flagged", file=sys.stderr)
    write_report(flowset, session, args.output, paper=args.paper or default_paper())
    print(f"wrote {args.output}")
    return 0


def _opened(args: argparse.Namespace) -> tuple[FlowSet, object]:
    """The flows and the session (or a report PDF's session) a read-only command works on."""
    from wizard.pdfsession import load_any

    flowset = _flows(args)
    session = load_any(args.session)
    if session.flows_digest and session.flows_digest != flowset.digest:
        print(f"{args.session}: warning: answered against other flows; changed questions are flagged", file=sys.stderr)
    return flowset, session


def cmd_summary(args: argparse.Namespace) -> int:
    from wizard.summary import summary

    flowset, session = _opened(args)
    print(summary(flowset, session))  # type: ignore[arg-type]
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from wizard.export import render, write_export

    if str(args.output) == "-":  # for a pipe: the export itself on standard output, nothing else
        flowset, session = _opened(args)
        sys.stdout.buffer.write(render(flowset, session, args.format))  # type: ignore[arg-type]
        sys.stdout.flush()
        return 0
    if _same_file(args.session, args.output):
        raise SessionError(f"{args.output}: is the session file itself; choose another name for the export")
    flowset, session = _opened(args)
    write_export(flowset, session, args.format, args.output)  # type: ignore[arg-type]
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {
        "check": cmd_check,
        "answer": cmd_answer,
        "report": cmd_report,
        "list": cmd_list,
        "open": cmd_gui,
        "summary": cmd_summary,
        "export": cmd_export,
    }.get(args.command or "", cmd_gui)
    try:
        return command(args)
    except USER_ERRORS as exc:
        print(f"bedrock-wizard: {one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: never show a traceback to a user
        from wizard.export import ExportError
        from wizard.report import ReportError

        if isinstance(exc, ReportError | ExportError):
            print(f"bedrock-wizard: {one_line(exc)}", file=sys.stderr)
            return 1
        print(f"bedrock-wizard: internal error: {type(exc).__name__}: {one_line(exc)} (please report this)", file=sys.stderr)
        return 1
