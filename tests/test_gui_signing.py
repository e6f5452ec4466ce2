"""Counsel mode's "Sign decision…" on the report step, and the words shown when a signed report is opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from wizard import signing
from wizard.ui import sign_decision
from wizard.verify import signatures


def _counsel_report(qtbot, open_window, finished: Path, target: Path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window = open_window(finished)
    window.set_counsel_mode(True)
    window._applied(window.review.decide("approved", "Dana Lee", "Legal", "2026-12-01", []))
    window.export_action.trigger()
    # Written, and the window told (the report step's buttons show once the worker's signal is handled).
    qtbot.waitUntil(lambda: target.exists() and not window.rendering() and window.finish_page.open_pdf.isVisible(), timeout=60000)
    return window


def test_counsel_signs_the_written_report_with_a_self_made_certificate(
    qtbot, open_window, finished: Path, tmp_path: Path, monkeypatch, _private_data_dir: Path
) -> None:
    target = tmp_path / "decision.pdf"
    window = _counsel_report(qtbot, open_window, finished, target, monkeypatch)
    page = window.finish_page
    assert window.sign_button.isVisible() and window.sign_button.text() == "Sign decision…"
    asked = []

    def made_for_me(parent, signer):
        asked.append(signer)
        return signing.self_made_identity(signer)

    monkeypatch.setattr(sign_decision, "choose_identity", made_for_me)
    window.sign_button.click()
    assert asked == ["Dana Lee"], "the certificate carries the reviewer's name"
    assert (_private_data_dir / "signing" / signing.SELF_MADE_FILE).is_file()
    (signature,) = signatures(target, trusted=set())
    assert signature.counts and signature.signer == "Dana Lee"
    assert page.status.text().startswith("Signed by Dana Lee, on ")
    assert "the signer's identity is not confirmed by a trusted authority" in page.status.text()

    told = []
    monkeypatch.setattr(sign_decision, "tell", lambda window, path, found: told.append([s.words() for s in found]))
    window.setWindowModified(False)
    assert window.open_file(target)
    assert told and told[0][0][1] == "Unchanged since signed; the signer's identity is not confirmed by a trusted authority."
    assert window.review.session.counsel.reviewer == "Dana Lee"


def test_outside_counsel_mode_there_is_no_sign_button(qtbot, open_window, finished: Path, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plain.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    window = open_window(finished)
    window.export_action.trigger()
    # Written, and the window told (the report step's buttons show once the worker's signal is handled).
    qtbot.waitUntil(lambda: target.exists() and not window.rendering() and window.finish_page.open_pdf.isVisible(), timeout=60000)
    assert window.finish_page.open_pdf.isVisible() and not window.sign_button.isVisible()


def test_trust_this_signer_stores_the_fingerprint(qtbot, tmp_path: Path, _private_data_dir: Path) -> None:
    from conftest import EXAMPLES

    from wizard.cli import main

    session, pdf = tmp_path / "s.json", tmp_path / "r.pdf"
    assert main(["answer", str(EXAMPLES / "internal-code-assistant.yaml"), "-o", str(session)]) == 0
    assert main(["report", str(session), "-o", str(pdf)]) == 0
    signing.sign_pdf(pdf, pdf, signing.self_made_identity("Dana Lee"))
    found = signatures(pdf)
    seen = []

    def press_trust() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, press_trust)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == "Trust this signer").click()

    QTimer.singleShot(0, press_trust)
    sign_decision.tell(None, pdf, found)
    assert seen and seen[0].startswith("Signed by Dana Lee")
    assert signing.trusted_fingerprints() == {found[0].fingerprint}
    assert signatures(pdf)[0].trusted
