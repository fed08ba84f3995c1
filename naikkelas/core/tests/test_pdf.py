"""Text enters our PDFs as text: one helper escapes it, and nothing else builds a ReportLab Paragraph."""

import io
import re
from pathlib import Path

from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import SimpleDocTemplate

from naikkelas.core.pdf import paragraph, pdf_text
from naikkelas.testing.pdf import pdf_link_targets
from naikkelas.testing.pdf import pdf_text as text_of

PACKAGE = Path(__file__).resolve().parents[2]


def _document(*texts: str) -> bytes:
    out = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    SimpleDocTemplate(out).build([paragraph(text, style) for text in texts])
    return out.getvalue()


def test_markup_characters_are_escaped() -> None:
    assert pdf_text("Kopi & Teh <Lanjutan>") == "Kopi &amp; Teh &lt;Lanjutan&gt;"
    assert pdf_text(42) == "42"


def test_unbalanced_tags_links_and_entities_are_shown_as_written() -> None:
    hostile = [
        "Uji <b>",
        '<a href="javascript:app.alert(1)">Klik</a>',
        "&nbsp; &#65; </para>",
        "Kopi & Teh <Lanjutan>",
    ]
    content = _document(*hostile)
    shown = text_of(content)
    for text in hostile:
        assert text in shown
    assert pdf_link_targets(content) == []


def test_no_module_builds_a_paragraph_but_the_helper() -> None:
    builders = re.compile(r"\bParagraph\(|import[^\n]*\bParagraph\b|platypus\.Paragraph")
    helper = PACKAGE / "core" / "pdf.py"
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path != helper and "tests" not in path.parts and builders.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert builders.search((PACKAGE / "outcomes" / "pdf.py").read_text(encoding="utf-8")) is None
    assert builders.search(helper.read_text(encoding="utf-8")) is not None  # the scan can find one


def test_a_report_table_shows_the_pages_cells_escaped_with_page_numbers() -> None:
    from naikkelas.core.pdf import numbered_canvas, pdf_table
    from naikkelas.core.tabular import Column, Table

    table = Table(
        key="batches",
        title="Angkatan",
        columns=[Column("title", "Angkatan <b>", width=3), Column("enrolled", "Peserta", "number")],
        rows=[{"title": f"Kopi & Teh <Lanjutan> {i}", "enrolled": 1_000 + i} for i in range(120)],
    )
    out = io.BytesIO()
    document = SimpleDocTemplate(out)
    document.build(
        [pdf_table(table, document.width)],
        canvasmaker=numbered_canvas(lambda page, pages: f"Halaman {page} dari {pages}"),
    )
    shown = text_of(out.getvalue())
    assert "Kopi & Teh <Lanjutan> 0" in shown and "Kopi & Teh <Lanjutan> 119" in shown
    assert "1.119" in shown  # the figure as the page shows it, thousands separated
    pages = shown.count("Halaman ")
    assert pages >= 2 and f"Halaman 1 dari {pages}" in shown and f"Halaman {pages} dari {pages}" in shown
    assert shown.count("Angkatan <b>") == pages  # the header repeats on every page
    assert pdf_link_targets(out.getvalue()) == []


def test_a_negative_figure_keeps_its_minus_sign_in_the_pdf() -> None:
    """The standard PDF fonts have no U+2212: "−2,7 %" came out as "-2,7 %". Our font draws it."""
    from naikkelas.core.pdf import FONT, has_glyphs, pdf_styles, pdf_table
    from naikkelas.core.tabular import Column, Table

    table = Table(key="t", title="T", columns=[Column("label", "Ukuran"), Column("change", "Perubahan", "percent")],
                  rows=[{"label": "Omzet → sesudah", "change": -2.7}])  # fmt: skip
    out = io.BytesIO()
    styles = pdf_styles()
    assert {styles["Normal"].fontName, styles["Heading2"].fontName} == {FONT, FONT + "-Bold"}
    SimpleDocTemplate(out).build(
        [paragraph("Tas Kulit Lestari: −2,7 %", styles["Normal"]), pdf_table(table, 400)]
    )
    shown = text_of(out.getvalue())
    assert "Tas Kulit Lestari: −2,7 %" in shown and "−2,7 %" in shown.splitlines()[-1]
    assert "-2,7" not in shown
    assert has_glyphs("−2,7 % → β ≥ ±") and not has_glyphs("\u4e00")  # a CJK letter is not in it


def test_every_pdf_we_write_uses_the_one_font() -> None:
    """A PDF module that names a standard font (Helvetica, Times, Courier) would print − as -."""
    named = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and re.search(r"[\"'](Helvetica|Times-Roman|Courier)", path.read_text(encoding="utf-8"))
    ]
    assert named == []
