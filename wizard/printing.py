"""Page images of a PDF, for the in-app preview and for printing through Qt's print dialog (no Qt here).

PDFium (the pypdfium2 wheel) draws each page; the window shows the images and
paints them onto a QPrinter, so printing works the same on Linux, macOS and
Windows with no PDF program and no `lp`. Which pages go to the printer, in
which order and how many times, is decided here, apart from Qt, so it is
tested without a printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_DPI = 300  # sharper than any office printer needs; an A4 page at 300 dpi is 35 MB of pixels
PREVIEW_PAGES = 2  # shown on the report step before the whole document is asked for


class PrintError(RuntimeError):
    """The PDF cannot be shown or printed; the message is one line for the user."""


@dataclass(frozen=True)
class PageImage:
    """One page drawn as RGBX pixels (4 bytes a pixel, rows `stride` bytes apart)."""

    width: int
    height: int
    stride: int
    pixels: bytes


@dataclass(frozen=True)
class PrintJob:
    """What the print dialog chose. Pages count from 1; first_page 0 means every page."""

    pages: int
    copies: int = 1
    first_page: int = 0
    last_page: int = 0
    collate: bool = True
    printer_copies: bool = False  # the printer makes the copies itself

    def plan(self) -> list[int]:
        """The page indexes (from 0) in the order they are sent to the printer."""
        first = max(1, self.first_page) if self.first_page else 1
        last = min(self.pages, self.last_page if self.last_page >= first else first) if self.first_page else self.pages
        one = list(range(first - 1, last))
        copies = 1 if self.printer_copies else max(1, self.copies)
        if self.collate:
            return one * copies
        return [page for page in one for _ in range(copies)]


class PdfPages:
    """An open PDF (a file, or bytes not saved yet) whose pages can be drawn; a context manager."""

    def __init__(self, pdf: Path | bytes) -> None:
        import pypdfium2

        self.path = Path("report.pdf") if isinstance(pdf, bytes) else Path(pdf)
        try:
            self._document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(self.path))
        except (pypdfium2.PdfiumError, OSError) as exc:
            raise PrintError(f"{self.path}: cannot read the PDF ({exc})") from None

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._document.close()

    def __len__(self) -> int:
        return len(self._document)

    def size(self, index: int) -> tuple[float, float]:
        """Width and height of a page in points (1/72 inch)."""
        return tuple(self._document[index].get_size())  # type: ignore[return-value]

    def image(self, index: int, dpi: float) -> PageImage:
        """The page drawn at `dpi` (at most MAX_DPI), white paper, forms and annotations included."""
        page = self._document[index]
        bitmap = page.render(scale=min(dpi, MAX_DPI) / 72, rev_byteorder=True, prefer_bgrx=True)
        try:
            return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        finally:
            bitmap.close()
            page.close()
