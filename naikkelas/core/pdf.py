"""The one way text enters a PDF we write: ReportLab's Paragraph reads its text as markup
(`<b>`, `<a href>`, `<font>`), so a batch title such as `Kopi & Teh <Lanjutan>` would lose its words, an
unbalanced tag would fail the whole document, and `<a href="javascript:…">` would become a link.
Every Paragraph is built here, from plain text that is escaped first; no caller writes markup."""

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph


def pdf_text(value: object) -> str:
    """Plain text made safe for ReportLab markup: `&`, `<` and `>` become entities."""
    return escape(str(value))


def paragraph(text: object, style: Any) -> Paragraph:
    """A Paragraph that shows `text` exactly as written (names, titles, filters, translations)."""
    return Paragraph(pdf_text(text), style)
