"""The findings register (CSV and XLSX): parsed back and compared with the JSON export row by row."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, FIXTURES
from test_counsel import decided, reviewed

from wizard.cli import main
from wizard.counsel_vocabulary import VocabularyError
from wizard.export import export_json
from wizard.fsio import save
from wizard.register import (
    CISO_COLUMNS,
    Row,
    neutralised,
    register_rows,
    register_vocabulary,
    render_register,
    to_csv,
    to_xlsx,
)
from wizard.scenario import run_scenario

MINI = ["--flows", str(FIXTURES / "mini")]
CISO_STATUSES = {"identified", "confirmed", "dismissed", "assigned", "in_progress", "mitigated", "resolved", "deprecated"}
HOSTILE = ('=HYPERLINK("http://evil.example","click")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3", "\tTab", "\rCR")


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so Excel reads it as UTF-8"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def read_xlsx(data: bytes) -> tuple[openpyxl.Workbook, list[list[object]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    return book, [[c.value for c in row] for row in sheet.iter_rows()]


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def sessions_of(flowset, tmp_path: Path) -> list:
    return [run_scenario(flowset, path) for path in sorted(EXAMPLES.glob("*.yaml"))]


def expected_from_json(export: dict, finding: dict) -> dict[str, str]:
    """What a register row says, read straight from the JSON export (the contract between the formats)."""
    action = finding["action"] or {}
    counsel = finding["counsel"] or {}
    return {
        "Finding ID": finding["id"],
        "Project": export["project"],
        "Review ID": export["session_id"],
        "Title": finding["title"],
        "Owner": action.get("owner", ""),
        "Due date": action.get("due") or "",
        "Counsel's disposition": counsel.get("label", ""),
        "Counsel's comment": counsel.get("comment") or counsel.get("answer") or "",
        "Computed status of the review": export["status"],
        "Review again by": export["review_by"] or "",
        "Terms as of": export["terms"]["as_of"],
        "Session digest": export["session_digest"],
    }


def test_csv_and_xlsx_rows_match_the_json_export_finding_by_finding(mini, flowset, tmp_path: Path) -> None:
    cases = [
        (mini, [decided(mini).session, reviewed(mini, first="no_branch").session]),
        (flowset, sessions_of(flowset, tmp_path)),
    ]
    for flows, sessions in cases:
        exports = [export_json(flows, s) for s in sessions]
        wanted = [expected_from_json(e, f) for e in exports for f in e["findings"]]
        csv_rows = read_csv(render_register(flows, sessions, "csv"))
        _, xlsx_rows = read_xlsx(render_register(flows, sessions, "xlsx"))
        header = csv_rows[0]
        assert header == [h for _, h in register_vocabulary().columns] == xlsx_rows[0]
        assert len(csv_rows) - 1 == len(wanted) == len(xlsx_rows) - 1, "one row per finding"
        for i, want in enumerate(wanted, 1):
            from_csv = dict(zip(header, csv_rows[i], strict=True))
            from_xlsx = {h: as_text(v) for h, v in zip(header, xlsx_rows[i], strict=True)}
            assert from_csv == from_xlsx, f"row {i}: CSV and XLSX differ"
            assert {k: from_csv[k] for k in want} == want, f"row {i}"
        ciso = list(openpyxl.load_workbook(io.BytesIO(render_register(flows, sessions, "xlsx"))).worksheets[1].values)
        assert ciso[0] == CISO_COLUMNS and len(ciso) == len(csv_rows)
        for ref_id, name, _description, severity, status, _due, _observation in ciso[1:]:
            assert ref_id and name, "CISO Assistant requires a name; the ref_id keeps a re-import an update"
            assert status in CISO_STATUSES and (severity or "") in {"", "low", "medium", "high", "critical"}


def test_status_disposition_and_decision_columns(mini) -> None:
    session = decided(mini).session
    rows = {r.cells["finding_id"]: r for r in register_rows(mini, [session])}
    risky, note, duty, condition = rows["alpha.risky"], rows["alpha.third#note"], rows["alpha.duty"], rows["counsel#1"]
    assert (risky.cells["status"], risky.cells["severity"], risky.cells["kind"]) == ("Reduce before go-live", "High", "Risk")
    assert risky.cells["description"] == "Because A.", "a risk's why is its description"
    assert risky.cells["why"] == "Second question?: A\nWho uses it?: External"
    assert risky.cells["reduce"] == "Do not pick A."
    assert risky.cells["citation"] == "Alpha Section: The alpha clause limits A. Compare §A.1 of the public Commercial Terms."
    assert (risky.ciso["status"], risky.ciso["severity"]) == ("confirmed", "high")
    assert (note.cells["status"], note.ciso["status"], note.cells["comment"]) == ("Done", "resolved", "Y is enough.")
    assert (duty.cells["status"], duty.cells["owner"], duty.cells["due"]) == ("Open", "Marco Ruiz", date(2026, 12, 15))
    assert duty.ciso["due_date"] == date(2026, 12, 15) and duty.ciso["severity"] == ""
    assert condition.cells["part"] == "" and condition.cells["kind"] == "Counsel's condition"
    assert all(r.cells["decision"] == "Approved with conditions" for r in rows.values())
    assert all(r.cells["review_by"] == date(2027, 12, 1) for r in rows.values())
    assert risky.cells["ref_id"] == f"{session.id}/alpha.risky" == risky.ciso["ref_id"]
    assert risky.ciso["observation"] == (
        f"Project X — Alpha — Risk\n{risky.cells['citation']}\n"
        f"Must be reduced before go-live: Drop A for external users.\nReview {session.id}"
    )
    assert condition.ciso["observation"] == f"Project X — Counsel's condition\nReview {session.id}", "empty fields go"
    undecided = register_rows(mini, [reviewed(mini).session])
    assert {r.cells["decision"] for r in undecided} == {""} and {r.cells["status"] for r in undecided} == {"Open"}


def test_xlsx_sheet_has_filter_frozen_header_status_list_dates_and_ciso_columns(mini) -> None:
    data = render_register(mini, [decided(mini).session], "xlsx")
    book, rows = read_xlsx(data)
    register, ciso = book.worksheets
    assert register.freeze_panes == "A2" and ciso.freeze_panes == "A2"
    assert register.auto_filter.ref == f"A1:{register.cell(1, register.max_column).column_letter}{register.max_row}"
    status_col = rows[0].index("Status") + 1
    (validation,) = register.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"Open,Done,Accepted,Reduce before go-live"'
    assert str(validation.sqref).startswith(f"{register.cell(2, status_col).column_letter}2:")
    due = register.cell(rows.index(next(r for r in rows if r[1] == "alpha.duty")) + 1, rows[0].index("Due date") + 1)
    assert due.is_date and due.value == datetime(2026, 12, 15) and due.number_format == "yyyy-mm-dd"
    assert [c.value for c in ciso[1]] == list(CISO_COLUMNS), "CISO Assistant's findings import columns, in its order"
    widths = [register.column_dimensions[register.cell(1, c).column_letter].width for c in range(1, register.max_column + 1)]
    longest = [max(len(line) for r in rows for line in as_text(r[i]).splitlines() or [""]) for i in range(len(rows[0]))]
    assert all(min(n, 60) + 2 <= w <= 63 for n, w in zip(longest, widths, strict=True)), (longest, widths)
    assert book.properties.creator == "Bedrock Terms Wizard"


def test_hostile_text_arrives_as_text(mini) -> None:
    review = reviewed(mini)
    review.answer_question("alpha.third#note", HOSTILE[1], resolved=False)
    review.dispose_risk("alpha.risky", "accepted_with_condition", HOSTILE[2])
    review.set_action("alpha.duty", HOSTILE[3], "")
    session = review.session
    session.profile["project_name"] = HOSTILE[0]
    csv_rows = read_csv(render_register(mini, [session], "csv"))
    header = csv_rows[0]
    for row in csv_rows[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    cells = {c for row in csv_rows[1:] for c in row}
    assert {"'" + HOSTILE[0], "'" + HOSTILE[1], "'" + HOSTILE[2], "'" + HOSTILE[3]} <= cells
    data = render_register(mini, [session], "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets), "no formula cells"
    book, rows = read_xlsx(data)
    project = rows[1][header.index("Project")]
    assert project == HOSTILE[0], "XLSX keeps the text exactly, as a string cell"
    cell = book.worksheets[0].cell(2, header.index("Project") + 1)
    assert cell.data_type == "s"
    assert book.worksheets[0].cell(2, 1).hyperlink is None
    assert [neutralised(t) for t in HOSTILE] == ["'" + t for t in HOSTILE]
    assert neutralised("plain = text") == "plain = text"


def test_the_same_sessions_give_the_same_bytes(mini, tmp_path: Path) -> None:
    session = decided(mini).session
    save(session, tmp_path / "s.json")
    for fmt in ("csv", "xlsx"):
        first = render_register(mini, [session], fmt)
        assert render_register(mini, [session], fmt) == first
        assert main([*MINI, "export", str(tmp_path / "s.json"), "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]) == 0
        assert (tmp_path / f"r.{fmt}").read_bytes() == first
        assert (tmp_path / f"r.{fmt}").stat().st_mode & 0o077 == 0
    other = reviewed(mini).session
    assert render_register(mini, [session, other], "xlsx") != render_register(mini, [other, session], "xlsx")


def test_export_command_takes_many_sessions_report_pdfs_or_all(mini, tmp_path: Path, capsys, _private_data_dir) -> None:
    one, two = decided(mini).session, reviewed(mini, first="no_branch").session
    save(one, _private_data_dir / "one.json")
    save(two, _private_data_dir / "two.json")
    (_private_data_dir / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "all.csv"
    assert main([*MINI, "export", "--all", "--format", "csv", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "broken.json: skipped: " in err and err.count("\n") == 1
    assert out.read_bytes() == render_register(mini, [one, two], "csv")
    named = tmp_path / "named.csv"
    assert (
        main(
            [
                *MINI,
                "export",
                str(_private_data_dir / "two.json"),
                str(_private_data_dir / "one.json"),
                "--format",
                "csv",
                "-o",
                str(named),
            ]
        )
        == 0
    )
    assert named.read_bytes() == render_register(mini, [two, one], "csv")
    capsys.readouterr()
    for args, message in [
        ([str(_private_data_dir / "broken.json")], "broken.json:1: not valid JSON"),
        ([], "name the sessions or report PDFs to export, or give --all"),
    ]:
        assert main([*MINI, "export", *args, "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")]) == 1
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err
    two_files = [str(_private_data_dir / "one.json"), str(_private_data_dir / "two.json")]
    assert main([*MINI, "export", *two_files, "--format", "json", "-o", str(tmp_path / "x.json")]) == 1
    assert "exports one session" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "x.json").exists()


def test_all_with_an_empty_data_folder_says_so(mini, tmp_path: Path, capsys) -> None:
    assert main([*MINI, "export", "--all", "--format", "xlsx", "-o", str(tmp_path / "x.xlsx")]) == 1
    assert "no reviews found to export" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  status: Status\n", "  state: Status\n", "'columns.state' is not one of"),
        ("  done: Done\n", "", "'statuses' needs a label for done"),
        ("resolved: done", "resolved: finished", "'resolved' must name a status"),
        ("sheet: Findings register", "sheet: Findings/register", "'sheet' must be a sheet name"),
        ('basis: "{question}: {answer}"', 'basis: "{question}: {value}"', "wording 'basis' uses {value}"),
        ('  citation_plain: "{heading}: {says}"\n', "", "wording 'citation_plain' is missing"),
    ],
)
def test_a_broken_register_file_is_a_file_line_error(tmp_path: Path, old: str, new: str, message: str) -> None:
    text = (Path(__file__).resolve().parent.parent / "templates" / "register.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "register.yaml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(VocabularyError) as info:
        register_vocabulary(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / 'register.yaml'}:") and message in str(info.value)


def test_a_cell_longer_than_excel_keeps_is_cut_with_an_ellipsis_in_the_xlsx_only(mini) -> None:
    (first, *rest) = register_rows(mini, [reviewed(mini).session])
    long = Row({**first.cells, "comment": "x" * 40_000}, {**first.ciso, "observation": "y" * 40_000})
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([long, *rest], datetime(2026, 1, 1))))
    comment = book.worksheets[0].cell(2, [h for _, h in register_vocabulary().columns].index("Counsel's comment") + 1).value
    observation = book.worksheets[1].cell(2, 7).value
    for cut in (comment, observation):
        assert len(cut) == 32_767 and cut.endswith("…")
    assert any(len(c) == 40_000 for c in read_csv(to_csv([long]))[1]), "the CSV keeps the whole text"


def test_report_pdfs_export_and_compare_like_their_sessions(mini, tmp_path: Path, capsys) -> None:
    from wizard.report import write_report

    session = decided(mini).session
    save(session, tmp_path / "s.json")
    write_report(mini, session, tmp_path / "r.pdf")
    for fmt in ("csv", "xlsx"):
        assert main([*MINI, "export", str(tmp_path / "r.pdf"), "--format", fmt, "-o", str(tmp_path / f"p.{fmt}")]) == 0
        assert (tmp_path / f"p.{fmt}").read_bytes() == render_register(mini, [session], fmt)
    capsys.readouterr()
    assert main([*MINI, "diff", str(tmp_path / "s.json"), str(tmp_path / "r.pdf")]) == 0
    assert "No changes" in capsys.readouterr().out


def test_the_register_worksheet_writes_the_same_bytes_as_xlsxwriters_own(mini, flowset, monkeypatch) -> None:
    """The fast cell writer (register._worksheet_class) changes nothing in the file: compared with the stock worksheet."""
    from xlsxwriter.worksheet import Worksheet

    from wizard import register

    review = reviewed(mini)
    review.set_action("alpha.duty", HOSTILE[0], "2026-12-15")
    sessions = [decided(mini).session, review.session, *sessions_of(flowset, None)[:2]]
    mini_rows = register_rows(mini, sessions[:2])
    long = Row({**mini_rows[0].cells, "comment": "x\n" * 20_000}, {**mini_rows[0].ciso, "observation": "ü" * 40_000})
    rows = [long, *mini_rows, *register_rows(flowset, sessions[2:])]
    fast = to_xlsx(rows, datetime(2026, 1, 1))
    monkeypatch.setattr(register, "_worksheet_class", lambda: Worksheet)
    assert to_xlsx(rows, datetime(2026, 1, 1)) == fast
