"""The one way text enters a PDF we write: ReportLab's Paragraph reads its text as markup
(`<b>`, `<a href>`, `<font>`), so a batch title such as `Kopi & Teh <Lanjutan>` would lose its words, an
unbalanced tag would fail the whole document, and `<a href="javascript:…">` would become a link.
Every Paragraph is built here, from plain text that is escaped first; no caller writes markup.

Also the one way a report's table reaches a PDF (`pdf_table`, from the spec the page and the spreadsheets
read), page numbers ("Halaman 2 dari 5", `numbered_canvas`) and the font every PDF writes with (`FONT`,
`FONT_BOLD`, `pdf_styles`): DejaVu Sans, embedded, since the standard PDF fonts have no minus sign
(U+2212: "−2,7 %" came out as "-2,7 %"), arrow or Greek letter."""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, TableStyle
from reportlab.platypus import Table as RLTable

from naikkelas.core.tabular import Table

FONT, FONT_BOLD = "NaikKelasSans", "NaikKelasSans-Bold"
_FONTS = Path(__file__).resolve().parent / "fonts"


@functools.cache
def register_fonts() -> None:
    """DejaVu Sans as FONT and FONT_BOLD (and as the bold of FONT, for Paragraph's <b>); once per process."""
    pdfmetrics.registerFont(TTFont(FONT, _FONTS / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, _FONTS / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def pdf_styles() -> StyleSheet1:
    """ReportLab's sample styles in our font: headings bold, the rest regular."""
    register_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if isinstance(style, ParagraphStyle):
            style.fontName = FONT_BOLD if "Bold" in style.fontName else FONT
    return styles


def has_glyphs(text: str, font: str = FONT) -> bool:
    """Whether the font draws every character of the text (no empty box in its place)."""
    register_fonts()
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]
    return all(ord(ch) in face.charToGlyph for ch in text if not ch.isspace() or ch == "\u00a0")


def pdf_text(value: object) -> str:
    """Plain text made safe for ReportLab markup: `&`, `<` and `>` become entities."""
    return escape(str(value))


def paragraph(text: object, style: Any) -> Paragraph:
    """A Paragraph that shows `text` exactly as written (names, titles, filters, translations)."""
    return Paragraph(pdf_text(text), style)


# Tables and pages ----------------------------------------------------------------------------------------

HEADER_BACKGROUND = colors.HexColor("#e3e8ef")


def _cell_styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.2)
    head = ParagraphStyle("head", parent=base, fontName=FONT_BOLD)
    return base, head, ParagraphStyle("head-num", parent=head, alignment=TA_RIGHT)


def pdf_table(table: Table, width: float, *, font_size: float | None = None) -> RLTable:
    """A report's table (`core.tabular.Table`) as the PDF shows it: the same cells the page shows, the
    header repeated on every page it spans, figures right-aligned, the page width shared out by the
    columns' width hints. Wide tables get a smaller type."""
    size = font_size or (8 if len(table.columns) <= 7 else 7 if len(table.columns) <= 10 else 6)
    body, head, head_number = _cell_styles(size)
    numeric = table.numeric
    header = [
        paragraph(label, head_number if figure else head)
        for label, figure in zip(table.header, numeric, strict=True)
    ]
    rows: list[list[Any]] = [header]
    for texts in table.texts():
        rows.append([
            text if figure else paragraph(text, body) for text, figure in zip(texts, numeric, strict=True)
        ])  # fmt: skip
    total = sum(column.width for column in table.columns) or 1
    widths = [width * column.width / total for column in table.columns]
    drawn = RLTable(rows, colWidths=widths, repeatRows=1)
    commands: list[Any] = [
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i, figure in enumerate(numeric) if figure]
    drawn.setStyle(TableStyle(commands))
    return drawn


def numbered_canvas(footer: Callable[[int, int], str]) -> type[canvas.Canvas]:
    """A canvas class that writes `footer(page, pages)` at the foot of every page once the page count is
    known ("Halaman 2 dari 5"): pages are kept until the document is saved."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(colors.grey)
                self.drawRightString(self._pagesize[0] - 1.8 * cm, 0.9 * cm, footer(self._pageNumber, count))
                super().showPage()
            super().save()

    return NumberedCanvas
