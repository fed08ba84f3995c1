"""The print-ready report to the ministry (PDF, in the active language): program, batches with
participants, attendance and graduates, mentors, outcomes and the impact estimate, and the method.

Text goes in through `core.pdf.paragraph` only: batch titles, names and filters are plain text, never
ReportLab markup."""

import io
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date, number, percent_change, ratio, rupiah_compact
from naikkelas.core.pdf import paragraph
from naikkelas.mentoring.access import mentors_for_user
from naikkelas.outcomes.cohort import CohortFilter
from naikkelas.programs.access import batches_for_user
from naikkelas.programs.models import Batch


def batches_in(user: User, f: CohortFilter) -> list[Batch]:
    batches = batches_for_user(user).select_related("level__program", "organiser")
    if f.batch:
        batches = batches.filter(pk=f.batch)
    if f.program:
        batches = batches.filter(level__program_id=f.program)
    if f.year:
        batches = batches.filter(level__program__year=f.year)
    if f.level:
        batches = batches.filter(level__rank=f.level)
    if f.region and len(f.region) >= 5:
        batches = batches.filter(Q(regency_code=f.region[:5]) | Q(regency_code=""))
    return list(
        batches.annotate(
            enrolled=Count("enrolments", distinct=True),
            graduates=Count("enrolments", filter=Q(enrolments__graduated=True), distinct=True),
            days_marked=Count("enrolments__attendance", distinct=True),
            days_present=Count(
                "enrolments__attendance", filter=Q(enrolments__attendance__present=True), distinct=True
            ),
        ).order_by("level__rank", "start_date", "title")
    )


def _table(rows: list[list[Any]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3e8ef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render(user: User, context: dict[str, Any], sentences: list[str], metric_labels: dict[str, str]) -> bytes:
    styles = getSampleStyleSheet()
    f: CohortFilter = context["filter"]
    summary = context["summary"]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.5 * cm,
                            bottomMargin=1.5 * cm, title=_("Laporan hasil program Naik Kelas"))  # fmt: skip
    story: list[Any] = [
        paragraph(_("Laporan hasil program Naik Kelas"), styles["Title"]),
        paragraph(_("Dibuat %(date)s oleh %(user)s.") % {"date": long_date(timezone.localdate()), "user": user}, styles["Normal"]),
        paragraph(_("Saringan") + ": " + (", ".join(f"{k} = {v}" for k, v in f.describe().items()) or _("semua")), styles["Normal"]),
        Spacer(1, 0.4 * cm),
        paragraph(_("Angkatan, peserta, kehadiran dan kelulusan"), styles["Heading2"]),
    ]  # fmt: skip
    rows: list[list[Any]] = [[_("Angkatan"), _("Tanggal"), _("Peserta"), _("Kehadiran"), _("Lulus")]]
    for batch in batches_in(user, f):
        attendance = f"{batch.days_present * 100 // batch.days_marked} %" if batch.days_marked else "–"  # type: ignore[attr-defined]
        rows.append([paragraph(batch.title, styles["BodyText"]), f"{batch.start_date:%d-%m-%Y} – {batch.end_date:%d-%m-%Y}",
                     batch.enrolled, attendance, batch.graduates])  # type: ignore[attr-defined]  # fmt: skip
    story += [_table(rows, [7 * cm, 4.2 * cm, 1.8 * cm, 2 * cm, 1.6 * cm]), Spacer(1, 0.4 * cm)]
    mentors = mentors_for_user(user).filter(active=True)
    if f.region:
        mentors = mentors.filter(regency_code__startswith=f.region[:5])
    counts = mentors.aggregate(
        n=Count("pk"), mentees=Count("assignments", filter=Q(assignments__ended_at__isnull=True))
    )
    story += [
        paragraph(_("Pendampingan"), styles["Heading2"]),
        paragraph(_("%(n)s pendamping aktif mendampingi %(m)s usaha.") % {"n": counts["n"], "m": counts["mentees"]}, styles["Normal"]),
        Spacer(1, 0.4 * cm),
        paragraph(_("Hasil: omzet, aset dan tenaga kerja"), styles["Heading2"]),
    ]  # fmt: skip
    if summary.participants == 0:
        story.append(paragraph(_("Tidak ada peserta yang cocok dengan saringan ini."), styles["Normal"]))
    else:
        story.append(paragraph(_("%(n)s peserta, %(k)s dengan angka tindak lanjut") % {"n": summary.participants, "k": summary.with_followup}, styles["Normal"]))  # fmt: skip
        rows = [["", _("Sebelum"), _("Sesudah"), _("Rasio"), _("Perubahan")]]
        for name, m in summary.metrics.items():
            show = number if name == "workers" else rupiah_compact
            rows.append(
                [
                    metric_labels[name],
                    show(m.baseline_total),
                    show(m.followup_total),
                    ratio(m.ratio),
                    percent_change(m.percent_change),
                ]
            )
        story += [_table(rows, [5 * cm, 3.2 * cm, 3.2 * cm, 2.2 * cm, 2.6 * cm]), Spacer(1, 0.3 * cm)]
        story.append(paragraph(_("Angka sebelum dan sesudah di atas bukan perkiraan dampak: omzet bisa naik juga tanpa pelatihan."), styles["BodyText"]))  # fmt: skip
        found = context.get("evidence")
        if found is not None:
            story.append(paragraph(_("Bukti dampak"), styles["Heading3"]))
            story.append(paragraph(found.headline, styles["Normal"]))
            story += [paragraph("• " + line, styles["BodyText"]) for line in found.why_none + found.lines]
            story.append(paragraph(_("Yang tidak ditunjukkan angka ini") + ":", styles["BodyText"]))
            story += [paragraph("• " + line, styles["BodyText"]) for line in found.not_shown]
        story.append(
            paragraph(_("Perbandingan sederhana per ukuran (bukan perkiraan dampak)"), styles["Heading3"])
        )
        story += [paragraph(sentence, styles["Normal"]) for sentence in sentences]
    story += [Spacer(1, 0.4 * cm), paragraph(_("Cara hitung"), styles["Heading2"])]
    story += [paragraph("• " + line, styles["BodyText"]) for line in context["method"]]
    doc.build(story)
    return out.getvalue()
