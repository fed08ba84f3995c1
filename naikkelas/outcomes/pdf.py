"""The print-ready report to the ministry (PDF, in the active language): the office's logo, the filter in
words, the batches with participants, attendance and graduates, the mentors of this cohort, the outcomes
with the page's charts, the evidence card and each measure's comparison under its name, the method, a
signature block, and "Halaman 2 dari 5" at the foot of every page.

Tables come from the page's one spec (`outcomes.tables`, through `core.pdf.pdf_table`); charts from the
page's chart geometry (`outcomes.charts`), so both show the same figures. Text goes in through
`core.pdf.paragraph` only: batch titles, names and filters are plain text, never ReportLab markup."""

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as Layout

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.core.formats import long_date
from naikkelas.core.pdf import FONT, numbered_canvas, paragraph, pdf_styles, pdf_table
from naikkelas.core.tabular import Table
from naikkelas.outcomes import charts, report, tables
from naikkelas.outcomes.estimates import computing_text
from naikkelas.training.models import CertificateStyle

MARGIN = 1.8 * cm
WIDTH = A4[0] - 2 * MARGIN
BEFORE, AFTER, TRACK = colors.HexColor("#b9cde4"), colors.HexColor("#0b5cad"), colors.HexColor("#e3e8ef")
ROLE_ORDER: list[str] = [Membership.Role.ADMIN, Membership.Role.VIEWER, Membership.Role.TRAINER,
                         Membership.Role.MENTOR, Membership.Role.REVIEWER]  # fmt: skip


def office_of(user: User) -> Organisation | None:
    """The office the report is issued by: the one the user administers, else any they belong to."""
    memberships = sorted(
        Membership.objects.filter(user_id=user.pk).select_related("organisation__region"),
        key=lambda m: (ROLE_ORDER.index(m.role) if m.role in ROLE_ORDER else len(ROLE_ORDER), m.pk),
    )
    return memberships[0].organisation if memberships else None


def _logo(style: CertificateStyle | None) -> Image | None:
    if style is None or not style.logo:
        return None
    try:
        with style.logo.open("rb") as handle:
            content = io.BytesIO(handle.read())
        return Image(content, width=2 * cm, height=2 * cm, kind="proportional")
    except OSError:  # a logo file gone missing must not stop the report
        return None


def _heading(office: Organisation | None, style: CertificateStyle | None, styles: Any) -> list[Any]:
    title = paragraph(_("Laporan hasil program Naik Kelas"), styles["Title"])
    name = paragraph(office.name if office else "Naik Kelas", styles["Heading3"])
    logo = _logo(style)
    if logo is None:
        return [name, title]
    layout = Layout([[logo, [name]]], colWidths=[2.4 * cm, WIDTH - 2.4 * cm])
    layout.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    return [layout, title]


def _signature(office: Organisation | None, style: CertificateStyle | None, styles: Any) -> KeepTogether:
    place = office.region.name if office is not None and office.region is not None else ""
    today = long_date(timezone.localdate())
    title = style.signatory_title if style else _("Kepala %(office)s") % {"office": office or "Naik Kelas"}
    lines = [
        paragraph(f"{place}, {today}" if place else today, styles["Normal"]),
        paragraph(title, styles["Normal"]),
        Spacer(1, 1.8 * cm),
        paragraph(style.signatory_name if style else "(" + "." * 40 + ")", styles["Heading4"]),
    ]
    if style is not None and style.signatory_id:
        lines.append(paragraph(_("NIP %(id)s") % {"id": style.signatory_id}, styles["Normal"]))
    block = Layout([["", lines]], colWidths=[WIDTH - 7 * cm, 7 * cm])
    return KeepTogether([Spacer(1, 0.8 * cm), block])


# Charts: the page's geometry (a 320-unit wide view box, y downwards), stretched across the page's width
# and drawn at a fixed height per unit, long bar charts in parts of at most CHART_ROWS rows.

CHART_WIDTH = WIDTH - 12  # the frame's padding
SX, SY = CHART_WIDTH / charts.WIDTH, 0.75
CHART_ROWS = 20


def _label(drawing: Drawing, lines: tuple[str, ...], size: float, row_top: float) -> None:
    """A row's label as the page draws it (`charts.label_lines`): one line, or two smaller ones, from
    the row's top (in the chart's units, y upwards)."""
    size = size * 0.85  # the page's 9 units are drawn at 7.5 pt (the chart is stretched, its text not)
    first = row_top - (12 if len(lines) == 1 else 8)
    for i, line in enumerate(lines):
        drawing.add(String(0, (first - i * 8) * SY, line, fontName=FONT, fontSize=size))


def paired_bars_drawings(chart: charts.PairedBars) -> list[Drawing]:
    parts = []
    for start in range(0, len(chart.rows), CHART_ROWS):
        rows = chart.rows[start : start + CHART_ROWS]
        first = rows[0].y - 6
        top = 10 + charts.ROW * len(rows)
        drawing = Drawing(CHART_WIDTH, top * SY)
        for row in rows:
            y0 = row.y - first
            _label(drawing, row.lines, row.label_size, top - y0)
            for offset, width, fill, text in (
                (0, row.before_width, BEFORE, row.before_text), (11, row.after_width, AFTER, row.after_text),
            ):  # fmt: skip
                y = (top - y0 - offset - 9) * SY
                drawing.add(
                    Rect(chart.x0 * SX, y, max(width, 0.5) * SX, 9 * SY, fillColor=fill, strokeColor=None)
                )
                drawing.add(String((chart.x0 + width + 2) * SX, y + 0.5, text, fontName=FONT, fontSize=6))
        parts.append(drawing)
    return parts


def histogram_drawing(histogram: charts.Histogram) -> Drawing:
    top = histogram.height
    drawing = Drawing(CHART_WIDTH, top * SY)
    for b in histogram.bins:
        drawing.add(Rect(b.x * SX, (top - b.y - b.height) * SY, b.width * SX, b.height * SY, fillColor=AFTER,
                         strokeColor=None))  # fmt: skip
        drawing.add(String(b.x * SX, (top - b.y) * SY + 2, str(b.count), fontName=FONT, fontSize=8))
        drawing.add(String(b.x * SX, (top - histogram.base - 12) * SY, b.label, fontName=FONT, fontSize=7))
    return drawing


def rate_drawing(rows: list[charts.RateRow]) -> Drawing:
    top = 10 + charts.ROW * len(rows)
    drawing = Drawing(CHART_WIDTH, top * SY)
    for row in rows:
        y = (top - row.y - 14) * SY
        _label(drawing, row.lines, row.label_size, top - row.y)
        drawing.add(Rect(charts.LABEL * SX, y, row.span * SX, 14 * SY, fillColor=TRACK, strokeColor=None))
        drawing.add(
            Rect(charts.LABEL * SX, y, max(row.width, 0.5) * SX, 14 * SY, fillColor=AFTER, strokeColor=None)
        )
        drawing.add(String(row.text_x * SX, y + 2, row.text, fontName=FONT, fontSize=8))
    return drawing


def _table(table: Table, styles: Any) -> list[Any]:
    if not table.rows:
        return [paragraph(_("Tidak ada data."), styles["BodyText"])]
    return [pdf_table(table, WIDTH), Spacer(1, 0.3 * cm)]


def render(user: User, context: dict[str, Any]) -> bytes:
    """The report for the filter the page shows, from the page's own figures (`views.cohort`)."""
    styles = pdf_styles()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=8, leading=10, textColor=colors.grey)
    f = context["filter"]
    summary: report.Summary = context["summary"]
    shown: dict[str, Table] = context["tables"]
    office = office_of(user)
    style = CertificateStyle.objects.filter(organisation=office).first() if office else None
    out = io.BytesIO()
    title = _("Laporan hasil program Naik Kelas")
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=1.5 * cm,
                            bottomMargin=1.6 * cm, title=title, author=str(office or "Naik Kelas"))  # fmt: skip
    story: list[Any] = [
        *_heading(office, style, styles),
        paragraph(tables.filter_words(user, f), styles["Heading4"]),
        paragraph(_("Dibuat %(date)s oleh %(user)s.") % {"date": long_date(timezone.localdate()), "user": user}, small),
        Spacer(1, 0.3 * cm),
        paragraph(_("Angkatan, peserta, kehadiran dan kelulusan"), styles["Heading2"]),
        *_table(tables.batches_table(tables.batches_in(user, f)), styles),
        paragraph(_("Pendampingan"), styles["Heading2"]),
        paragraph(tables.mentoring_sentence(tables.mentoring_counts(user, context["participants"])), styles["Normal"]),
        Spacer(1, 0.3 * cm),
        paragraph(_("Hasil: omzet, aset dan tenaga kerja"), styles["Heading2"]),
    ]  # fmt: skip
    if summary.participants == 0:
        story.append(paragraph(_("Tidak ada peserta yang cocok dengan saringan ini."), styles["Normal"]))
    else:
        story += _outcomes(context, shown, styles, small)
    story += [Spacer(1, 0.4 * cm), paragraph(_("Cara hitung"), styles["Heading2"])]
    story += [paragraph("• " + line, styles["BodyText"]) for line in context["method"]]
    story.append(_signature(office, style, styles))
    footer = numbered_canvas(
        lambda page, pages: _("Halaman %(page)s dari %(pages)s") % {"page": page, "pages": pages}
    )
    doc.build(story, canvasmaker=footer)
    return out.getvalue()


def _outcomes(
    context: dict[str, Any], shown: dict[str, Table], styles: Any, small: ParagraphStyle
) -> list[Any]:
    summary: report.Summary = context["summary"]
    drawn = context["charts"]
    story: list[Any] = [
        paragraph(_("%(n)s peserta, %(k)s dengan angka tindak lanjut") % {"n": summary.participants, "k": summary.with_followup}, styles["Normal"]),
        *_table(shown["summary"], styles),
        paragraph(_("Angka sebelum dan sesudah di atas bukan perkiraan dampak: omzet bisa naik juga tanpa pelatihan."), styles["BodyText"]),
        KeepTogether([
            paragraph(_("Sebaran pertumbuhan omzet"), styles["Heading3"]), histogram_drawing(drawn["growth"]),
            paragraph(_("Jumlah usaha menurut persen perubahan omzet (sebelum → sesudah)."), small),
        ]),
        KeepTogether([paragraph(_("Tingkat respons"), styles["Heading3"]), rate_drawing(drawn["response"])]),
    ]  # fmt: skip
    legend = _("Batang muda: sebelum; batang tua: sesudah (omzet per bulan).")
    for key, chart, heading in (
        ("sectors", "by_sector", _("Per sektor")), ("regencies", "by_regency", _("Per kabupaten/kota")),
    ):  # fmt: skip
        first, *rest = paired_bars_drawings(drawn[chart]) or [Spacer(1, 0)]
        story += [
            KeepTogether([paragraph(heading, styles["Heading3"]), first]),
            *rest,
            paragraph(legend, small),
        ]
        story += [Spacer(1, 0.2 * cm), *_table(shown[key], styles)]
    if "real" in shown:
        story += [paragraph(_("Nilai riil"), styles["Heading3"]), *_table(shown["real"], styles)]
        story += [paragraph(note, small) for note in shown["real"].notes]
    found = context.get("evidence")
    estimate = context.get("estimate")
    if estimate is not None and not estimate.fresh:
        story.append(paragraph(computing_text(estimate), styles["BodyText"]))
    if found is not None:
        story += [
            paragraph(_("Bukti dampak"), styles["Heading2"]),
            paragraph(found.headline, styles["Normal"]),
        ]
        story += [paragraph("• " + line, styles["BodyText"]) for line in found.why_none + found.lines]
        story.append(paragraph(_("Yang tidak ditunjukkan angka ini") + ":", styles["BodyText"]))
        story += [paragraph("• " + line, styles["BodyText"]) for line in found.not_shown]
        story += _table(shown["designs"], styles)
        if "subgroups" in shown:
            story += [paragraph(_("Per kelompok bagian (menurut rencana)"), styles["Heading3"])]
            story += _table(shown["subgroups"], styles)
    story.append(
        paragraph(_("Perbandingan sederhana per ukuran (bukan perkiraan dampak)"), styles["Heading2"])
    )
    for estimate in context["impacts"]:
        block = [paragraph(tables.metric_label(estimate.metric), styles["Heading4"]),
                 paragraph(tables.impact_sentence(estimate), styles["Normal"])]  # fmt: skip
        block += [paragraph(tables.warning_text(w), styles["BodyText"]) for w in estimate.warnings]
        story.append(KeepTogether(block))
    if "comparison" in shown:
        story += [Spacer(1, 0.2 * cm), *_table(shown["comparison"], styles)]
    return story
