"""Counsel mode's "Sign decision…" on the report step, and what a signed PDF's signatures say when it is opened.

The signing and the checks are `wizard.signing` and `wizard.verify` (no Qt);
this module only asks: which certificate (counsel's own PKCS#12 file, or one
the app makes for counsel), its passphrase, and whether to trust a signer.
The window hooks it in with `attach(window)` and `show_signatures(window, path)`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QPushButton, QWidget

from wizard.session import SessionError

OWN, SELF_MADE = "own", "self-made"


def choose_identity(parent: QWidget, signer: str):  # noqa: ANN201 - a wizard.signing.Identity or None
    """Counsel's own certificate file or the app's self-made one; None when cancelled."""
    from wizard import signing

    box = QMessageBox(parent)
    box.setObjectName("signChoice")
    box.setWindowTitle("Sign the decision")
    box.setText("Sign this report with which certificate?")
    box.setInformativeText(
        "Your own certificate file (PKCS#12, .p12 or .pfx) says who you are as far as its issuer vouches for you. "
        "A certificate this app makes for you shows only that the file is unchanged since you signed it; "
        "it does not confirm your identity."
    )
    own = box.addButton("My certificate file…", QMessageBox.AcceptRole)
    made = box.addButton("Make one for me", QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Cancel)
    box.exec()
    if box.clickedButton() is made:
        name = signer or _ask(parent, "Your name", "The name the certificate carries:", QLineEdit.Normal)
        return signing.self_made_identity(name) if name else None
    if box.clickedButton() is not own:
        return None
    chosen, _ = QFileDialog.getOpenFileName(parent, "Your certificate file", "", "Certificates (*.p12 *.pfx);;All files (*)")
    if not chosen:
        return None
    passphrase = _ask(parent, "Passphrase", f"Passphrase of {Path(chosen).name} (empty if it has none):", QLineEdit.Password)
    return None if passphrase is None else signing.Identity(Path(chosen), passphrase.encode() or None)


def _ask(parent: QWidget, title: str, label: str, echo: QLineEdit.EchoMode) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, echo)
    return text if ok else None


def sign(parent: QWidget, pdf: Path, signer: str) -> list[str] | None:
    """Sign `pdf` in place (an incremental update); the words `verify` gives for it, or None when cancelled."""
    from wizard.signing import sign_pdf
    from wizard.verify import describe

    identity = choose_identity(parent, signer)
    if identity is None:
        return None
    sign_pdf(pdf, pdf, identity)
    return describe(pdf)


class SignButton(QPushButton):
    """Shown with the report step's other buttons, but only in counsel mode."""

    def __init__(self, window) -> None:  # noqa: ANN001 - the MainWindow
        super().__init__("Sign decision…", objectName="signDecision")
        self.window_ = window
        self.setAccessibleName("Sign the report PDF with counsel's certificate")
        self.setAutoDefault(True)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt API
        super().setVisible(visible and self.window_.counsel_mode)


def attach(window) -> QPushButton:  # noqa: ANN001 - the MainWindow
    """Add "Sign decision…" to the report step's buttons (after a report is written, in counsel mode)."""
    page = window.finish_page
    button = SignButton(window)
    button.setVisible(False)
    page.after_row.insertWidget(page.after_row.count() - 1, button)
    page.after = (*page.after, button)

    def clicked() -> None:
        if page.written is None:
            return
        decision = window.counsel.decision if window.counsel is not None else None
        signer = decision.reviewer.split(",")[0].strip() if decision is not None else ""
        try:
            words = sign(window, page.written, signer)
        except SessionError as exc:
            page.failed(f"Not signed: {exc}")
            return
        if words is not None:
            page.say(" ".join(words[:2]))
            page.preview.show_pdf(page.written)

    button.clicked.connect(clicked)
    return button


def show_signatures(window, path: Path) -> None:  # noqa: ANN001 - the MainWindow
    """On opening a signed PDF: who signed, when, unchanged or not, trusted or not; offers to trust the signer."""
    from wizard.verify import VerifyError, signatures

    try:
        found = signatures(path)
    except VerifyError as exc:
        window.statusBar().showMessage(str(exc), 10_000)
        return
    if not found:
        return
    tell(window, path, found)


def tell(window: QWidget, path: Path, found: list) -> None:
    """The signature words in a message box; a button trusts signers whose signature counts."""
    from wizard.signing import trust

    box = QMessageBox(window)
    box.setObjectName("signatures")
    box.setWindowTitle(f"Signatures of {Path(path).name}")
    box.setText("\n".join(line for signature in found for line in signature.words()))
    untrusted = [s for s in found if s.counts and not s.trusted]
    trust_button = box.addButton("Trust this signer", QMessageBox.ActionRole) if untrusted else None
    box.addButton(QMessageBox.Ok)
    box.exec()
    if trust_button is not None and box.clickedButton() is trust_button:
        for signature in untrusted:
            trust(signature.fingerprint)
