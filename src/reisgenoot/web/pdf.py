"""A4 PDF documents for printable reports (fpdf2), shared by the teamdialoog and signals.

DejaVu Sans is used when the system has it (Debian: ``fonts-dejavu-core`` in
``/usr/share/fonts``, not shipped); otherwise fpdf2's core Helvetica, with the text folded to
Latin-1 (curly quotes and dashes become plain ones, € becomes EUR).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
_LATIN1 = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"}
)


class PdfDocument(FPDF):
    """One A4 document with a title, a heading style and a paragraph style."""

    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self._has_unicode_font = REGULAR.exists() and BOLD.exists()
        if self._has_unicode_font:
            self.add_font("DejaVu", "", str(REGULAR))
            self.add_font("DejaVu", "B", str(BOLD))
        self._family = "DejaVu" if self._has_unicode_font else "Helvetica"
        self.set_title(self.safe(title))
        self.set_creator("Reisgenoot")
        self.set_auto_page_break(auto=True, margin=15)
        self.add_page()

    def safe(self, text: str) -> str:
        """The text as the current font can print it."""
        if self._has_unicode_font:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self._family, "B", size)
        self.multi_cell(0, size * 0.5, self.safe(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(self._family, "B" if bold else "", size)
        self.multi_cell(0, 5, self.safe(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
