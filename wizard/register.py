"""The findings register: every finding of one or many reviews as spreadsheet rows, CSV or XLSX (no Qt).

Procurement keeps vendor and AI-risk registers in spreadsheets and GRC tools,
so each finding becomes one row with its review, citation, owner, due date,
status and counsel's entries. The rows are built from the JSON export
(`review_export`, the one place that reads the derived findings), so the three
formats always agree. Headers, kind and status labels and the CISO Assistant
mapping are content: `templates/register.yaml`.

Spreadsheets evaluate what looks like a formula: in the CSV a cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`; the
XLSX stores every text as a string cell (formulas and URLs off), which no
spreadsheet evaluates. The same sessions always give the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from wizard.counsel_vocabulary import VocabularyError, check_wording, load_mapping
from wizard.flows import FlowSet
from wizard.paths import templates_dir
from wizard.session import Session
from wizard.yamlsource import LineDict

FILE_NAME = "register.yaml"
# The columns the code fills; register.yaml orders and names them.
COLUMN_IDS = (
    "ref_id",
    "finding_id",
    "project",
    "review_id",
    "part",
    "kind",
    "title",
    "description",
    "severity",
    "why",
    "reduce",
    "citation",
    "owner",
    "due",
    "status",
    "disposition",
    "comment",
    "decision",
    "computed",
    "review_by",
    "terms_as_of",
    "session_digest",
)
DATE_COLUMNS = frozenset({"due", "review_by", "terms_as_of"})
STATUS_IDS = ("open", "done", "accepted", "reduce_before_go_live")
# Each wording key of register.yaml and the fields it may fill in.
WORDING = {
    "citation": {"heading", "says", "compare"},
    "citation_no_compare": {"heading", "says", "no_compare"},
    "citation_plain": {"heading", "says"},
    "basis": {"question", "answer"},
    "observation": {"project", "part", "kind", "citation", "disposition", "comment", "review"},
}
CISO_COLUMNS = ("ref_id", "name", "description", "severity", "status", "due_date", "observation")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters: wider text wraps in its cell
MAX_CELL = 32_767  # characters Excel keeps in one cell
Cell = str | date


@dataclass(frozen=True)
class RegisterVocabulary:
    sheet: str
    columns: tuple[tuple[str, str], ...]  # (id, header) in the order written
    kinds: Mapping[str, str]
    statuses: Mapping[str, str]  # status id -> label
    resolved: str  # the status of an open question counsel resolved
    dispositions: Mapping[str, str]  # counsel's disposition id -> status id
    ciso_sheet: str
    ciso_statuses: Mapping[str, str]
    ciso_severities: Mapping[str, str]
    wording: Mapping[str, str]

    def say(self, key: str, **fields: object) -> str:
        return self.wording[key].format(**fields)

    def status_label(self, status: str) -> str:
        return self.statuses[status]


def register_vocabulary(directory: Path | None = None) -> RegisterVocabulary:
    """The register's wording and mappings shipped with the app (or the one in `directory`), read once."""
    return _load((directory or templates_dir()) / FILE_NAME)


@lru_cache(maxsize=4)
def _load(path: Path) -> RegisterVocabulary:
    return _Reader(path).read(load_mapping(path, "sheet, columns, kinds and statuses"))


class _Reader:
    """Reads register.yaml; every problem names its line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: LineDict, key: str, message: str) -> VocabularyError:
        return VocabularyError(f"{self.path}:{where.line_of(key)}: {message}")

    def labels(self, where: LineDict, key: str, known: Sequence[str] | None = None) -> LineDict:
        value = where.get(key)
        if not isinstance(value, LineDict) or not value:
            raise self.fail(where, key, f"'{key}' must be a non-empty mapping")
        for k, v in value.items():
            if not isinstance(v, str) or not v.strip():
                raise self.fail(value, k, f"'{key}.{k}' must be non-empty text")
            if known is not None and k not in known:
                raise self.fail(value, k, f"'{key}.{k}' is not one of {', '.join(known)}")
        return value

    def sheet(self, where: LineDict, key: str) -> str:
        name = where.get(key)
        if not isinstance(name, str) or not 0 < len(name.strip()) <= 31 or any(c in name for c in "[]:*?/\\"):
            raise self.fail(where, key, f"'{key}' must be a sheet name of 1 to 31 characters without []:*?/\\")
        return name.strip()

    def read(self, data: LineDict) -> RegisterVocabulary:
        columns = self.labels(data, "columns", COLUMN_IDS)
        statuses = self.labels(data, "statuses", STATUS_IDS)
        missing = [s for s in STATUS_IDS if s not in statuses]
        if missing:
            raise self.fail(data, "statuses", f"'statuses' needs a label for {', '.join(missing)}")
        dispositions = self.labels(data, "dispositions")
        for k, v in {**dispositions, "resolved": data.get("resolved")}.items():
            if v not in statuses:
                where = dispositions if k in dispositions else data
                raise self.fail(where, k, f"'{k}' must name a status ({', '.join(statuses)})")
        ciso = data.get("ciso")
        if not isinstance(ciso, LineDict):
            raise self.fail(data, "ciso", "'ciso' must be a mapping with sheet, statuses and severities")
        ciso_statuses = self.labels(ciso, "statuses", STATUS_IDS)
        return RegisterVocabulary(
            sheet=self.sheet(data, "sheet"),
            columns=tuple((k, v.strip()) for k, v in columns.items()),
            kinds={k: v.strip() for k, v in self.labels(data, "kinds").items()},
            statuses={k: v.strip() for k, v in statuses.items()},
            resolved=str(data["resolved"]),
            dispositions=dict(dispositions),
            ciso_sheet=self.sheet(ciso, "sheet"),
            ciso_statuses={s: ciso_statuses.get(s, "") for s in STATUS_IDS},
            ciso_severities=dict(self.labels(ciso, "severities")),
            wording=self.wording(data),
        )

    def wording(self, data: LineDict) -> dict[str, str]:
        """Every wording key, filling in only its own fields."""
        wording = self.labels(data, "wording", tuple(WORDING))
        for key, fields in WORDING.items():
            check_wording(self.path, wording, key, fields)
        return dict(wording)


# -- rows ------------------------------------------------------------------------
def review_export(flowset: FlowSet, session: Session) -> dict[str, Any]:
    """The review as the JSON export gives it: the one place the register reads derived findings."""
    from wizard.export import export_json

    return export_json(flowset, session)


@dataclass(frozen=True)
class Row:
    """One finding of one review: the register's cells by column id, and the CISO Assistant sheet's."""

    cells: Mapping[str, Cell]
    ciso: Mapping[str, Cell]


def register_rows(flowset: FlowSet, sessions: Sequence[Session], vocab: RegisterVocabulary | None = None) -> list[Row]:
    """Every finding of every session, in the order given and, within a review, the JSON export's order."""
    vocab = vocab or register_vocabulary()
    words = _Words(flowset, vocab)
    rows: list[Row] = []
    for session in sessions:
        export = review_export(flowset, session)
        parts = {p["id"]: p["title"] for p in export["parts"]}
        if flowset.has("profile"):
            parts["profile"] = flowset.flow("profile").title
        review = _review_cells(export)
        rows += [_row(words, review, parts, finding) for finding in export["findings"]]
    return rows


class _Words:
    """The labels and citations rows repeat (a severity, a kind, one clause's citation), worded once per register."""

    def __init__(self, flowset: FlowSet, vocab: RegisterVocabulary) -> None:
        self.flowset, self.vocab = flowset, vocab
        self.severities: dict[str, str] = {}
        self.citations: dict[tuple, str] = {}

    def severity(self, severity: str | None) -> str:
        if not severity:
            return ""
        if severity not in self.severities:
            self.severities[severity] = self.flowset.vocabulary.severity(severity).label
        return self.severities[severity]

    def citation(self, citation: Mapping[str, Any] | None) -> str:
        if not citation:
            return ""
        key = (citation["heading"], citation["says"], tuple(citation["compare"]), citation.get("no_compare"))
        if key not in self.citations:
            self.citations[key] = citation_text(self.vocab, citation)
        return self.citations[key]


def _review_cells(export: dict) -> dict[str, Cell]:
    """The cells every row of one review shares."""
    counsel = export["counsel"] or {}
    return {
        "project": export["project"],
        "review_id": export["session_id"],
        "decision": (counsel.get("label") or "") if counsel.get("decision") else "",
        "computed": export["status"],
        "review_by": as_cell(export["review_by"]),
        "terms_as_of": as_cell(export["terms"]["as_of"]),
        "session_digest": export["session_digest"],
        "review": export["session_id"] or export["session_digest"][:32],
    }


def _row(words: _Words, review: dict[str, Cell], parts: dict, f: dict) -> Row:
    vocab = words.vocab
    action = f.get("action") or {}
    status = finding_status(vocab, f)
    severity = f.get("severity")
    ref_id = f"{review['review']}/{f['id']}"
    part = parts.get(f["part"], f["part"] or "")
    kind = vocab.kinds.get(f["kind"], f["kind"])
    description = "\n\n".join(filter(None, (f["text"], f.get("why", ""))))
    citation = words.citation(f.get("citation"))
    due = as_cell(action.get("due"))
    disposition = _entry(f, "label")
    comment = _entry(f, "comment") or _entry(f, "answer")
    cells: dict[str, Cell] = {
        "ref_id": ref_id,
        "finding_id": f["id"],
        "project": review["project"],
        "review_id": review["review_id"],
        "part": part,
        "kind": kind,
        "title": f["title"],
        "description": description,
        "severity": words.severity(severity),
        "why": "\n".join(vocab.say("basis", question=b["question"], answer=b["answer"]) for b in f.get("basis", [])),
        "reduce": f.get("reduce", ""),
        "citation": citation,
        "owner": action.get("owner", ""),
        "due": due,
        "status": vocab.status_label(status),
        "disposition": disposition,
        "comment": comment,
        "decision": review["decision"],
        "computed": review["computed"],
        "review_by": review["review_by"],
        "terms_as_of": review["terms_as_of"],
        "session_digest": review["session_digest"],
    }
    observation = observation_text(
        vocab,
        project=review["project"],
        part=part,
        kind=kind,
        citation=citation,
        disposition=disposition,
        comment=comment,
        review=review["review"],
    )
    ciso = {
        "ref_id": ref_id,
        "name": f["title"] or f["text"].split("\n", 1)[0][:200],  # CISO Assistant requires a name
        "description": description,
        "severity": vocab.ciso_severities.get(severity or "", ""),
        "status": vocab.ciso_statuses[status],
        "due_date": due,
        "observation": observation,
    }
    return Row(cells, ciso)


def finding_status(vocab: RegisterVocabulary, finding: Mapping[str, Any]) -> str:
    """open, or done for a question counsel resolved, or the status of counsel's disposition of a risk."""
    entry = finding.get("counsel") or {}
    if finding["kind"] == "question" and entry.get("resolved"):
        return vocab.resolved
    return vocab.dispositions.get(entry.get("disposition", ""), "open")


def _entry(finding: Mapping[str, Any], key: str) -> str:
    value = (finding.get("counsel") or {}).get(key)
    return value if isinstance(value, str) else ""


def citation_text(vocab: RegisterVocabulary, citation: Mapping[str, Any] | None) -> str:
    """The summary part and what it says, and where to compare in the public Commercial Terms."""
    if not citation:
        return ""
    where = {"heading": citation["heading"], "says": citation["says"]}
    if citation["compare"]:
        return vocab.say("citation", **where, compare=", ".join(citation["compare"]))
    if citation.get("no_compare"):
        return vocab.say("citation_no_compare", **where, no_compare=citation["no_compare"])
    return vocab.say("citation_plain", **where)


_EMPTY = "\x00"  # an empty field while a line is laid out: it takes a separator beside it along when it goes
_AROUND_EMPTY = re.compile(r"^\x00\s*[—:;,]?\s*|\s*[—:;,]?\s*\x00")  # at the start, the separator after it


def observation_text(vocab: RegisterVocabulary, **fields: Cell) -> str:
    """The CISO Assistant observation: the wording's lines without empty fields (and their separators)."""
    shown = {k: _text(v) or _EMPTY for k, v in fields.items()}
    lines = (line.format(**shown) for line in vocab.wording["observation"].split("\n"))
    kept = (_AROUND_EMPTY.sub("", line).strip() if _EMPTY in line else line for line in lines)
    return "\n".join(line for line in kept if line)


def as_cell(value: object) -> Cell:
    """A calendar date as a date (a spreadsheet sorts and filters it as one); other text as it is."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        return date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value


# -- files -----------------------------------------------------------------------
def neutralised(text: str) -> str:
    """Text a spreadsheet opening the CSV shows as text: a leading formula character gets a `'` before it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(rows: Sequence[Row], vocab: RegisterVocabulary | None = None) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, dates as YYYY-MM-DD."""
    vocab = vocab or register_vocabulary()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralised(h) for _, h in vocab.columns])
    for row in rows:
        writer.writerow([neutralised(_text(row.cells[c])) for c, _ in vocab.columns])
    return out.getvalue().encode("utf-8-sig")


def _text(cell: Cell) -> str:
    return cell.isoformat() if isinstance(cell, date) else cell


def to_xlsx(rows: Sequence[Row], created: datetime, vocab: RegisterVocabulary | None = None) -> bytes:
    """The register sheet and the CISO Assistant findings sheet; fixed properties, so the same rows give the same bytes."""
    import xlsxwriter

    vocab = vocab or register_vocabulary()
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties(
        {"title": vocab.sheet, "author": "Bedrock Terms Wizard", "company": "", "created": created.replace(tzinfo=None)}
    )
    formats = {
        "head": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        "text": book.add_format({"valign": "top"}),
        "wrap": book.add_format({"valign": "top", "text_wrap": True}),
    }
    register = _sheet(book, vocab.sheet, vocab.columns, [r.cells for r in rows], formats)
    status = [c for c, _ in vocab.columns].index("status") if any(c == "status" for c, _ in vocab.columns) else -1
    if status >= 0:
        register.data_validation(1, status, 1_048_575, status, {"validate": "list", "source": list(vocab.statuses.values())})
    ciso_columns = tuple((c, c) for c in CISO_COLUMNS)
    _sheet(book, vocab.ciso_sheet, ciso_columns, [r.ciso for r in rows], formats)
    book.close()
    return buffer.getvalue()


def _sheet(book: Any, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Cell]], formats: dict) -> Any:
    """One sheet: a header row, frozen and filtered; dates as dates; every text a string cell; widths that fit."""
    sheet = book.add_worksheet(name, worksheet_class=_worksheet_class())
    widths = [len(h) for _, h in columns]
    write_string, write_datetime = sheet._write_string, sheet._write_datetime
    text, wrap, day = formats["text"], formats["wrap"], formats["date"]
    for c, (_, header) in enumerate(columns):
        write_string(0, c, header, formats["head"])
    ids = [column for column, _ in columns]
    for r, row in enumerate(rows, 1):
        for c, column in enumerate(ids):
            value = row[column]
            if not value:
                continue
            if isinstance(value, date):
                write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                width = 10
            elif len(value) > MAX_CELL:
                write_string(r, c, value[: MAX_CELL - 1] + "…", wrap)
                width = MAX_WIDTH
            elif "\n" in value:
                write_string(r, c, value, wrap)
                width = max(map(len, value.splitlines()))
            else:
                width = len(value)
                write_string(r, c, value, wrap if width > MAX_WIDTH else text)
            if width > widths[c]:
                widths[c] = width
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(width, MAX_WIDTH) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    return sheet


@lru_cache(maxsize=1)
def _worksheet_class() -> type:
    """XlsxWriter's worksheet, its innermost loop (one `<c>` element per cell) written directly for the register's cells.

    Every cell the register writes is a shared string or a date, each with a
    format; XlsxWriter writes those through a generic path (attribute lists,
    escaping of attributes that never need it) that took a quarter of the
    export of 200 reviews. The element written is the same, byte for byte
    (tests/test_register.py compares with the stock worksheet); any other cell
    goes the stock way.
    """
    from xlsxwriter.utility import xl_rowcol_to_cell_fast
    from xlsxwriter.worksheet import CellDatetimeTuple, CellStringTuple, Worksheet

    class RegisterWorksheet(Worksheet):
        def _write_cell(self, row: int, col: int, cell: Any) -> None:
            kind = type(cell)
            if cell.format is not None and kind is CellStringTuple:
                ref, xf = xl_rowcol_to_cell_fast(row, col), cell.format._get_xf_index()
                self.fh.write(f'<c r="{ref}" s="{xf}" t="s"><v>{cell.string}</v></c>')
            elif cell.format is not None and kind is CellDatetimeTuple:
                ref, xf = xl_rowcol_to_cell_fast(row, col), cell.format._get_xf_index()
                self.fh.write(f'<c r="{ref}" s="{xf}"><v>{cell.number:.16G}</v></c>')
            else:
                super()._write_cell(row, col, cell)

    return RegisterWorksheet


FORMATS = ("csv", "xlsx")


def render_register(flowset: FlowSet, sessions: Sequence[Session], fmt: str) -> bytes:
    """The register of these sessions as CSV or XLSX bytes; the sessions are not changed."""
    vocab = register_vocabulary()
    rows = register_rows(flowset, sessions, vocab)
    if fmt == "csv":
        return to_csv(rows, vocab)
    return to_xlsx(rows, created_of(sessions), vocab)


def created_of(sessions: Sequence[Session]) -> datetime:
    """The newest creation time among the sessions: the file's own date, fixed by its input."""
    stamps = []
    for s in sessions:
        try:
            stamp = datetime.fromisoformat(s.created)
        except ValueError:
            continue
        stamps.append(stamp.replace(tzinfo=None) if stamp.tzinfo is None else stamp.astimezone(UTC).replace(tzinfo=None))
    return max(stamps, default=datetime(2000, 1, 1))
