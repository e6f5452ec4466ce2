"""Suggested file names keep the project's own letters, in any script, and drop only what file systems refuse."""

from __future__ import annotations

import pytest

from wizard.filenames import FALLBACK, MAX_BYTES, file_stem


@pytest.mark.parametrize(
    "name, stem",
    [
        ("Projet Été Kundenportal Übersicht", "Projet Été Kundenportal Übersicht"),
        ("顧客サポート要約プロジェクト", "顧客サポート要約プロジェクト"),
        ("Помощник для юристов", "Помощник для юристов"),
        ("مساعد العقود", "مساعد العقود"),
        ("Ελληνικά ✓ 2025", "Ελληνικά ✓ 2025"),
        ("Q3: pricing/legal review?", "Q3-pricing-legal review"),
        ('a<b>c"d|e*f\\g', "a-b-c-d-e-f-g"),
        ("  spaced\tout\nname  ", "spaced out name"),
        ("...hidden. ", "hidden"),
        ("name with trailing dots...", "name with trailing dots"),
        ("tab\x00null\x7fcontrol", "tab-null-control"),
        ("CON", "CON_"),
        ("nul.txt", "nul_.txt"),
        ("Com1", "Com1_"),
        ("Console", "Console"),
        ("Acme - Chatbot -- v2", "Acme - Chatbot -- v2"),  # the user's own hyphens and spaces stay
        ("e\u0301te\u0301", "été"),  # decomposed accents are composed, not split from their letters
    ],
)
def test_a_project_name_becomes_a_file_stem(name: str, stem: str) -> None:
    assert file_stem(name) == stem


@pytest.mark.parametrize("name", ["", "   ", "///", "..", "\x00\x01", "?*"])
def test_nothing_usable_gives_the_fallback(name: str) -> None:
    assert file_stem(name) == FALLBACK
    assert file_stem(name, fallback="untitled") == "untitled"


def test_a_long_name_is_cut_at_a_letter_boundary() -> None:
    name = "データ" * 100  # 3 bytes a letter in UTF-8
    stem = file_stem(name)
    assert len(stem.encode("utf-8")) <= MAX_BYTES
    assert name.startswith(stem) and len(stem) == MAX_BYTES // 3


def test_every_stem_is_accepted_by_the_file_system(tmp_path) -> None:
    for name in ("Projet Été Kundenportal Übersicht", "顧客サポート要約", "a/b\\c:d", "x" * 400, "😀 emoji"):
        target = tmp_path / f"{file_stem(name)}-bedrock-terms.pdf"
        target.write_bytes(b"%PDF-")
        assert target.read_bytes() == b"%PDF-"
