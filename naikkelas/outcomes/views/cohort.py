"""The cohort report page with its impact estimate, and its .xlsx and .csv downloads."""

import csv
import io
import math
from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from naikkelas.core import access_log
from naikkelas.core.formats import half_up, percent_change, rupiah_compact
from naikkelas.core.tabular import safe_cell
from naikkelas.outcomes import access, charts, cohort, evidence, pdf, prices, report
from naikkelas.outcomes.forms import CohortFilterForm
from naikkelas.programs.access import batches_for_user, programs_for_user
from naikkelas.regions.models import Region
from naikkelas.registry.access import can_see_full_nik
from naikkelas.registry.models import Enterprise, Sector
from naikkelas.registry.nik import mask_nik
from naikkelas.selection.models import Graduation


def metric_label(name: str) -> str:
    return {"omzet": _("Omzet per bulan (Rp)"), "aset": _("Aset (Rp)"), "workers": _("Tenaga kerja (orang)")}[
        name
    ]


def warning_text(code: str) -> str:
    return {
        "too_small": _(
            "Kelompok terlalu kecil untuk menyimpulkan dampak (paling sedikit %(n)s usaha yang melapor di tiap kelompok)."
        ),
        "unbalanced": _(
            "Angka awal kedua kelompok terlalu berbeda; selisihnya bisa karena perbedaan itu, bukan karena pelatihan."
        ),
    }[code]


def impact_sentence(estimate: report.Impact) -> str:
    """The naive comparison in words that do not claim an effect (it is not one)."""
    if estimate.raw is None:
        return _("Tidak ada angka: kelompok lulusan atau pembanding yang melapor terlalu kecil.")
    return _(
        "Selisih pertumbuhan %(metric)s lulusan dibanding pendaftar yang tidak terpilih: %(effect)s (selang kepercayaan 95 %%: %(low)s sampai %(high)s). Ini bukan perkiraan dampak."
    ) % {
        "metric": {"omzet": _("omzet"), "aset": _("aset"), "workers": _("tenaga kerja")}[estimate.metric],
        "effect": percent_change(estimate.raw.percent, get_language() or "id"),
        "low": percent_change(estimate.raw.percent_low, get_language() or "id"),
        "high": percent_change(estimate.raw.percent_high, get_language() or "id"),
    }


def _build(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    access.require_reports(user)
    regions = access.regions_for_reports(user)
    form = CohortFilterForm(
        request.GET or None, programs=programs_for_user(user), batches=batches_for_user(user), regions=regions
    )
    narrowed = access.report_narrowing(user, request.GET.get("region"))
    # a region beyond the user's scope is not among the choices: keep the other filters and say so
    valid = form.is_valid() or (narrowed is not None and set(form.errors) == {"region"})
    f = form.to_filter() if valid else cohort.CohortFilter()
    if not request.GET:
        f = cohort.CohortFilter()
    result = cohort.cohort(user, f)
    found = evidence.for_user(user, f)
    index = prices.index_table({m.regency_code[:2] for m in result.participants})
    base = _base_month(request.GET.get("dasar", ""), index)
    real = prices.real_totals(result.participants, index, base) if base else None
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    sectors = dict(Sector.choices)
    return {
        "form": form,
        "filter": f,
        "summary": report.summarize(result.participants),
        "by_sector": [
            (str(sectors.get(k, k)), s) for k, s in report.breakdown(result.participants, "sector")
        ],
        "by_regency": [
            (names.get(k, k), s) for k, s in report.breakdown(result.participants, "regency_code")
        ],
        "impacts": [report.impact(result.participants, result.comparison, m) for m in cohort.METRICS],
        "evidence": found,
        "participants": result.participants,
        "method": report.method_lines(f),
        "narrowed": None if narrowed is None else report.narrowing_text([r.name for r in narrowed]),
        "real": real,
        "base_months": sorted({month for _p, month in index}, reverse=True)[:36],
    }


def _base_month(raw: str, index: prices.Index) -> date | None:
    """The month chosen as `YYYY-MM`, else the latest month with an index."""
    try:
        year, month = (int(part) for part in raw.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        return prices.latest_month(index)


@login_required
def cohort_report(request: HttpRequest) -> HttpResponse:
    context = _build(request)
    wanted = request.GET.get("format")
    if wanted == "xlsx":
        return _xlsx(context)
    if wanted == "csv":
        return _csv(context)
    if wanted == "pdf":
        return _pdf(request, context)
    if wanted == "peserta":
        return _participant_list(request, context)
    context["impact_rows"] = [
        {
            "impact": i,
            "sentence": impact_sentence(i),
            "warnings": [warning_text(w) % {"n": 30} for w in i.warnings],
        }
        for i in context["impacts"]
    ]
    context["metric_rows"] = [(metric_label(m), m, context["summary"].metrics[m]) for m in cohort.METRICS]
    context["charts"] = _charts(context)
    context["design_rows"] = design_rows(context["evidence"])
    context["analyst_terms"] = evidence.analyst_terms()
    context["secondary_rows"] = [(metric_label(m), r, p) for m, r, p in context["evidence"].secondary]
    context["balance_rows"] = [
        (metric_label(name), *values) for name, values in context["impacts"][0].balance.items()
    ]
    real: prices.RealTotals | None = context["real"]
    context["real_rows"] = [
        (metric_label(name), before, after, context["summary"].metrics[name].percent_change,
         (after - before) * 100 / before if before else None)
        for name, (before, after) in (real.totals.items() if real else [])
    ]  # fmt: skip
    return render(request, "outcomes/cohort.html", context)


def design_rows(found: evidence.Evidence) -> list[dict[str, Any]]:
    """Every design's figures, for the analysts' fold and the .xlsx."""
    rows = []
    for name, result in found.results.items():
        e = result.estimate
        rows.append({
            "design": name, "label": evidence.DESIGN_NAMES[name](), "estimate": e, "bounds": result.bounds,
            "mde": None if e is None else math.expm1(e.mde) * 100,
            "bounds_pct": None if result.bounds is None else tuple(math.expm1(b) * 100 for b in result.bounds),
            "response": evidence.response_text(result),
            "warnings": [evidence.reason_text(w) for w in result.warnings],
            "details": result.details, "method": "" if e is None else evidence.METHOD_NAMES[e.method](),
            "checks": [(evidence.CHECK_NAMES[k](), v) for k, v in result.details.get("sensitivity", {}).items()],
        })  # fmt: skip
    return rows


def _charts(context: dict[str, Any]) -> dict[str, Any]:
    def bars(groups: list[tuple[str, report.Summary]]) -> charts.PairedBars:
        rows = [
            (label, s.metrics["omzet"].baseline_total, s.metrics["omzet"].followup_total)
            for label, s in groups
        ]
        return charts.paired_bars(rows, lambda v: rupiah_compact(round(v)))

    growth = [
        (m.followup[0] - m.baseline[0]) * 100 / m.baseline[0]
        for m in context["participants"]
        if m.followup is not None and m.baseline[0] > 0
    ]
    attrition = context["impacts"][0].attrition
    return {
        "by_sector": bars(context["by_sector"]),
        "by_regency": bars(context["by_regency"]),
        "growth": charts.growth_histogram(growth),
        "response": charts.rate_bars(
            [
                (_("Peserta"), *attrition["participant"]),
                (_("Pembanding"), *attrition["comparison"]),
            ]
        ),
    }


def _summary_rows(label: str, summary: report.Summary) -> list[list[Any]]:
    return [
        [label, metric_label(m), summary.participants, summary.with_followup, s.baseline_total, s.followup_total,
         half_up(s.ratio, 2), half_up(s.percent_change, 1),
         s.baseline_median, s.followup_median]
        for m, s in summary.metrics.items()
    ]  # fmt: skip


def _header() -> list[str]:
    return [
        _("Kelompok"), _("Ukuran"), _("Peserta"), _("Dengan tindak lanjut"), _("Jumlah awal"), _("Jumlah tindak lanjut"),
        _("Rasio (×)"), _("Perubahan (%)"), _("Median awal"), _("Median tindak lanjut"),
    ]  # fmt: skip


def _xlsx(context: dict[str, Any]) -> HttpResponse:
    book = Workbook()
    sheets: list[tuple[str, list[tuple[str, report.Summary]]]] = [
        (_("Ringkasan"), [(_("Semua"), context["summary"])]),
        (_("Per sektor"), context["by_sector"]),
        (_("Per kabupaten-kota"), context["by_regency"]),
    ]
    first: Any = book.active
    for index, (title, groups) in enumerate(sheets):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = title[:31]
        sheet.append(_header())
        for label, summary in groups:
            for row in _summary_rows(label, summary):
                sheet.append([safe_cell(v) for v in row])
    impact_sheet = book.create_sheet(_("Dampak")[:31])
    impact_sheet.append([_("Ukuran"), _("Perkiraan (%)"), _("Batas bawah (%)"), _("Batas atas (%)"), _("Galat baku (log)"),
                         _("Winsor (%)"), _("ANCOVA (%)"), _("Peserta melapor"), _("Pembanding melapor"), _("Catatan")])  # fmt: skip
    for estimate in context["impacts"]:
        raw, wins = estimate.raw, estimate.winsorized
        impact_sheet.append([
            metric_label(estimate.metric),
            half_up(raw and raw.percent, 1), half_up(raw and raw.percent_low, 1),
            half_up(raw and raw.percent_high, 1), half_up(raw and raw.se, 4),
            half_up(wins and wins.percent, 1),
            None if estimate.ancova is None else half_up(math.expm1(estimate.ancova[0]) * 100, 1),
            estimate.attrition["participant"][1], estimate.attrition["comparison"][1],
            " ".join(warning_text(w) % {"n": 30} for w in estimate.warnings),
        ])  # fmt: skip
    found: evidence.Evidence = context["evidence"]
    impact_sheet.append([])
    impact_sheet.append([_("Bukti dampak"), found.headline])
    for line in found.why_none + found.lines:
        impact_sheet.append(["", line])
    impact_sheet.append([_("Cara"), _("Perkiraan (%)"), _("Batas bawah (%)"), _("Batas atas (%)"), _("Galat baku (log)"),
                         _("Batas Lee bawah (%)"), _("Batas Lee atas (%)"), "MDE (%)", _("Menjawab")])  # fmt: skip
    for design in design_rows(found):
        e, bounds = design["estimate"], design["bounds_pct"]
        impact_sheet.append([
            design["label"], half_up(e and e.percent, 1), half_up(e and e.percent_low, 1), half_up(e and e.percent_high, 1),
            half_up(e and e.se, 4), half_up(bounds and bounds[0], 1), half_up(bounds and bounds[1], 1),
            half_up(design["mde"], 1), design["response"],
        ])  # fmt: skip
    real: prices.RealTotals | None = context["real"]
    if real is not None:
        real_sheet = book.create_sheet(_("Riil")[:31])
        real_sheet.append([_("Harga bulan dasar"), real.base.isoformat(), _("Usaha dihitung"), real.members,
                           _("Tanpa IHK"), real.missing])  # fmt: skip
        real_sheet.append([_("Ukuran"), _("Jumlah awal"), _("Jumlah tindak lanjut"), _("Rasio (×)")])
        for name, (before, after) in real.totals.items():
            real_sheet.append(
                [metric_label(name), before, after, half_up(after / before if before else None, 2)]
            )
    method = book.create_sheet(_("Cara hitung")[:31])
    for key, value in context["filter"].describe().items():
        method.append([key, str(value)])
    for line in context["method"]:
        method.append([line])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="laporan-kohort.xlsx"'
    return response


def _csv(context: dict[str, Any]) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Rincian"), *_header()])
    for breakdown, groups in (
        (_("Semua"), [(_("Semua"), context["summary"])]),
        (_("Sektor"), context["by_sector"]),
        (_("Kabupaten/kota"), context["by_regency"]),
    ):
        for label, summary in groups:
            for row in _summary_rows(label, summary):
                writer.writerow([breakdown, *[safe_cell(v) for v in row]])
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laporan-kohort.csv"'
    return response


def _pdf(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    sentences = []
    for estimate in context["impacts"]:
        sentences.append(impact_sentence(estimate))
        sentences += [warning_text(w) % {"n": 30} for w in estimate.warnings]
    labels = {m: metric_label(m) for m in cohort.METRICS}
    content = pdf.render(request.user, context, sentences, labels)  # type: ignore[arg-type]
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="laporan-program.pdf"'
    return response


def _participant_list(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The participant list DAK PK2UMK reports ask for; the NIK in full only where the role may see it."""
    user: Any = request.user
    members: list[cohort.Member] = context["participants"]
    enterprises = {
        e.pk: e
        for e in Enterprise.objects.filter(pk__in=[m.enterprise_id for m in members]).select_related(
            "owner__address_district", "district__parent__parent"
        )
    }
    levels = dict(
        Graduation.objects.filter(enterprise_id__in=list(enterprises)).values_list(
            "enterprise_id", "level__name"
        )
    )
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    sectors = {k: str(v) for k, v in Sector.choices}
    book = Workbook()
    sheet: Any = book.active
    sheet.title = _("Peserta")[:31]
    sheet.append([
        _("Nama pemilik"), _("NIK"), _("Nama usaha"), _("NIB"), _("Kabupaten/kota"), _("Sektor"), _("Jenjang"),
        _("Omzet awal (Rp/bulan)"), _("Aset awal (Rp)"), _("Tenaga kerja awal"), _("Omzet tindak lanjut (Rp/bulan)"),
        _("Aset tindak lanjut (Rp)"), _("Tenaga kerja tindak lanjut"), _("Bulan tindak lanjut"),
    ])  # fmt: skip
    for member in sorted(members, key=lambda m: (m.regency_code, m.enterprise_id)):
        enterprise = enterprises[member.enterprise_id]
        owner = enterprise.owner
        nik = owner.nik if can_see_full_nik(user, owner) else mask_nik(owner.nik)
        access_log.note(request, [owner.pk], purpose="export", what="dak_participants")
        after = member.followup or (None, None, None)
        row = [
            owner.name, nik, enterprise.name, enterprise.nib, names.get(member.regency_code, member.regency_code),
            sectors.get(member.sector, member.sector), levels.get(member.enterprise_id, ""), *member.baseline, *after,
            member.followup_period.strftime("%Y-%m") if member.followup_period else "",
        ]  # fmt: skip
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="daftar-peserta-dak.xlsx"'
    return response
