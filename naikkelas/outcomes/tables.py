"""The cohort report's tables, each described once (`core.tabular.Table`: columns with a key, a label, a
kind and a width hint) and drawn four ways from that one spec: the page, the .xlsx, the .csv and the PDF.
Also the report's words that go with them (the filter in words, metric labels, warnings), so the page and
the documents say the same thing.

Every builder takes the figures the page computed (`views.cohort.report_context`), never the database,
except `batches_in` and `mentoring_counts`, the two reads only the documents show."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date, month_year, percent_change
from naikkelas.core.tabular import Column, Kind, Table
from naikkelas.mentoring.access import assignments_for_user
from naikkelas.outcomes import cohort, evidence, prices, report
from naikkelas.programs.access import batches_for_user, programs_for_user
from naikkelas.programs.models import Batch, Level
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector, SizeClass

# Words ---------------------------------------------------------------------------------------------------


def metric_label(name: str) -> str:
    return {"omzet": _("Omzet per bulan (Rp)"), "aset": _("Aset (Rp)"), "workers": _("Tenaga kerja (orang)")}[
        name
    ]


def metric_word(name: str) -> str:
    """The measure inside a sentence or a column label: omzet, aset, tenaga kerja."""
    return {"omzet": _("omzet"), "aset": _("aset"), "workers": _("tenaga kerja")}[name]


def warning_text(code: str) -> str:
    return {
        "too_small": _(
            "Kelompok terlalu kecil untuk menyimpulkan dampak (paling sedikit %(n)s usaha yang melapor di tiap kelompok)."
        ),
        "unbalanced": _(
            "Angka awal kedua kelompok terlalu berbeda; selisihnya bisa karena perbedaan itu, bukan karena pelatihan."
        ),
    }[code] % {"n": settings.OUTCOMES_MIN_GROUP}


def impact_sentence(estimate: report.Impact) -> str:
    """The naive comparison in words that do not claim an effect (it is not one)."""
    if estimate.raw is None:
        return _("Tidak ada angka: kelompok lulusan atau pembanding yang melapor terlalu kecil.")
    return _(
        "Selisih pertumbuhan %(metric)s lulusan dibanding pendaftar yang tidak terpilih: %(effect)s (selang kepercayaan 95 %%: %(low)s sampai %(high)s). Ini bukan perkiraan dampak."
    ) % {
        "metric": metric_word(estimate.metric),
        "effect": percent_change(estimate.raw.percent, get_language() or "id"),
        "low": percent_change(estimate.raw.percent_low, get_language() or "id"),
        "high": percent_change(estimate.raw.percent_high, get_language() or "id"),
    }


def filter_words(user: User, f: cohort.CohortFilter) -> str:
    """The filter as a reader says it: "Tahun 2021 · Jenjang Menengah · tindak lanjut bulan 6–12"."""
    parts: list[str] = []
    if f.program:
        program = programs_for_user(user).filter(pk=f.program).first()
        parts.append(_("Program %(name)s") % {"name": program.name if program else f.program})
    if f.year:
        parts.append(_("Tahun %(year)s") % {"year": f.year})
    if f.level:
        parts.append(_("Jenjang %(name)s") % {"name": _level_name(f)})
    if f.batch:
        batch = batches_for_user(user).filter(pk=f.batch).first()
        parts.append(_("Angkatan %(title)s") % {"title": batch.title if batch else f.batch})
    if f.region:
        region = Region.objects.filter(code=f.region).first()
        parts.append(region.name if region else f.region)
    if f.sector:
        parts.append(_("Sektor %(name)s") % {"name": dict(Sector.choices).get(f.sector, f.sector)})
    if f.size_class:
        parts.append(_("Skala %(name)s") % {"name": dict(SizeClass.choices).get(f.size_class, f.size_class)})
    start, end = f.window
    parts.append(_("tindak lanjut bulan %(start)s–%(end)s") % {"start": start, "end": end})
    if len(parts) == 1:
        parts.insert(0, _("Semua peserta"))
    return " · ".join(str(part) for part in parts)


def _level_name(f: cohort.CohortFilter) -> str:
    """The level's name where the filter's levels of that rank share one (Menengah), else its rank."""
    levels = Level.objects.filter(rank=f.level or 0)
    if f.program:
        levels = levels.filter(program_id=f.program)
    if f.year:
        levels = levels.filter(program__year=f.year)
    names = set(levels.values_list("name", flat=True))
    return names.pop() if len(names) == 1 else str(f.level)


# Reads the documents need --------------------------------------------------------------------------------


def batches_in(user: User, f: cohort.CohortFilter) -> list[Batch]:
    """The batches the filter covers, with their counts: participants, attendance, graduates."""
    batches = batches_for_user(user).select_related("level__program", "organiser")
    if f.batch:
        batches = batches.filter(pk=f.batch)
    if f.program:
        batches = batches.filter(level__program_id=f.program)
    if f.year:
        batches = batches.filter(level__program__year=f.year)
    if f.level:
        batches = batches.filter(level__rank=f.level)
    if f.region:
        # a batch run by the province (no regency) serves every regency/city in it
        batches = batches.filter(Q(regency_code__startswith=f.region[:5]) | Q(regency_code=""))
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


@dataclass(frozen=True)
class Mentoring:
    mentors: int  # mentors who worked with at least one participant of the cohort
    mentored: int  # participants who had a mentor
    participants: int


def mentoring_counts(user: User, members: list[cohort.Member]) -> Mentoring:
    """How many mentors worked with this cohort's participants, and how many of them had one: counted
    over the assignments the user may see, each mentor and each business once."""
    ids = [m.enterprise_id for m in members]
    counts = (
        assignments_for_user(user)
        .filter(enterprise_id__in=ids)
        .aggregate(mentors=Count("mentor_id", distinct=True), mentored=Count("enterprise_id", distinct=True))
    )
    return Mentoring(counts["mentors"], counts["mentored"], len(ids))


def mentoring_sentence(counts: Mentoring) -> str:
    return ngettext(
        "%(n)s pendamping mendampingi %(m)s dari %(k)s peserta kohort ini.",
        "%(n)s pendamping mendampingi %(m)s dari %(k)s peserta kohort ini.",
        counts.mentors,
    ) % {"n": counts.mentors, "m": counts.mentored, "k": counts.participants}


# The tables ----------------------------------------------------------------------------------------------


def by_metric(row: Mapping[str, Any]) -> Kind:
    """Money in rupiah, workers in people."""
    return "number" if row.get("metric") == "workers" else "rupiah"


def summary_table(summary: report.Summary) -> Table:
    """Before and after per measure, over the participants who answered both."""
    return Table(
        key="summary",
        title=_("Ringkasan"),
        columns=[
            Column("label", _("Ukuran"), width=2.2),
            Column("baseline_total", _("Sebelum"), by_metric, width=1.4),
            Column("followup_total", _("Sesudah"), by_metric, width=1.4),
            Column("ratio", _("Rasio"), "ratio", width=0.9),
            Column("percent_change", _("Perubahan"), "percent", width=1.1),
            Column("baseline_median", _("Median awal"), by_metric, width=1.4, decimals=1),
            Column("followup_median", _("Median tindak lanjut"), by_metric, width=1.4, decimals=1),
        ],
        rows=[
            {
                "metric": name,
                "label": metric_label(name),
                "baseline_total": m.baseline_total,
                "followup_total": m.followup_total,
                "ratio": m.ratio,
                "percent_change": m.percent_change,
                "baseline_median": m.baseline_median,
                "followup_median": m.followup_median,
            }
            for name, m in summary.metrics.items()
        ],
        row_key="metric",
    )


def _group_columns(label: str) -> list[Column]:
    columns = [
        Column("label", label, width=2.2),
        Column("participants", _("Peserta"), "number", width=0.9),
        Column("with_followup", _("Melapor"), "number", width=0.9),
    ]
    for name in cohort.METRICS:
        kind: Kind = "number" if name == "workers" else "rupiah"
        word = metric_word(name)
        columns += [
            Column(
                f"{name}_before", _("%(metric)s sebelum") % {"metric": word.capitalize()}, kind, width=1.2
            ),
            Column(f"{name}_after", _("%(metric)s sesudah") % {"metric": word.capitalize()}, kind, width=1.2),
            Column(f"{name}_change", _("Perubahan %(metric)s") % {"metric": word}, "percent", width=1.1),
        ]
    return columns


def _group_row(label: str, summary: report.Summary, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        **extra, "label": label, "participants": summary.participants, "with_followup": summary.with_followup,
    }  # fmt: skip
    for name, m in summary.metrics.items():
        row[f"{name}_before"], row[f"{name}_after"] = m.baseline_total, m.followup_total
        row[f"{name}_change"] = m.percent_change
    return row


def groups_table(key: str, title: str, label: str, groups: list[tuple[str, report.Summary]]) -> Table:
    """One row per sector or regency/city: how many, and before, after and change of each measure."""
    return Table(key, title, _group_columns(label), [_group_row(name, s) for name, s in groups])


def all_groups_table(
    summary: report.Summary,
    by_sector: list[tuple[str, report.Summary]],
    by_regency: list[tuple[str, report.Summary]],
) -> Table:
    """Everyone, then each sector, then each regency/city, in one table (the .csv)."""
    rows = [_group_row(_("Semua"), summary, breakdown=_("Semua"))]
    rows += [_group_row(name, s, breakdown=_("Sektor")) for name, s in by_sector]
    rows += [_group_row(name, s, breakdown=_("Kabupaten/kota")) for name, s in by_regency]
    return Table(
        "groups",
        _("Semua rincian"),
        [Column("breakdown", _("Rincian")), *_group_columns(_("Kelompok"))],
        rows,
    )


def comparison_table(impacts: list[report.Impact]) -> Table:
    """The naive comparison per measure (not an effect), with the figures behind each sentence."""
    rows = []
    for estimate in impacts:
        raw, wins = estimate.raw, estimate.winsorized
        rows.append({
            "metric": estimate.metric, "label": metric_label(estimate.metric),
            "percent": raw and raw.percent, "low": raw and raw.percent_low, "high": raw and raw.percent_high,
            "se": raw and raw.se, "winsorized": wins and wins.percent,
            "ancova": None if estimate.ancova is None else math.expm1(estimate.ancova[0]) * 100,
            "participants": estimate.attrition["participant"][1],
            "comparison": estimate.attrition["comparison"][1],
            "notes": " ".join(warning_text(w) for w in estimate.warnings),
        })  # fmt: skip
    return Table(
        key="comparison",
        title=_("Perbandingan sederhana"),
        columns=[
            Column("label", _("Ukuran"), width=2),
            Column("percent", _("Perkiraan (%)"), "percent"),
            Column("low", _("Batas bawah (%)"), "percent"),
            Column("high", _("Batas atas (%)"), "percent"),
            Column("se", _("Galat baku (log)"), "number", decimals=4),
            Column("winsorized", _("Winsor (%)"), "percent"),
            Column("ancova", _("ANCOVA (%)"), "percent"),
            Column("participants", _("Peserta melapor"), "number", width=0.9),
            Column("comparison", _("Pembanding melapor"), "number", width=0.9),
            Column("notes", _("Catatan"), width=2.5),
        ],
        rows=rows,
        row_key="metric",
    )


def design_rows(found: evidence.Evidence) -> list[dict[str, Any]]:
    """Every design's figures, for the analysts' fold and the designs table."""
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


def designs_table(found: evidence.Evidence) -> Table:
    """The evidence card's figures: each design's estimate, interval, bounds and power; the card's words
    go with it as notes."""
    rows = []
    for design in design_rows(found):
        e, bounds = design["estimate"], design["bounds_pct"]
        rows.append({
            "design": design["design"], "label": design["label"],
            "percent": e and e.percent, "low": e and e.percent_low, "high": e and e.percent_high,
            "se": e and e.se, "method": design["method"],
            "lee_low": bounds and bounds[0], "lee_high": bounds and bounds[1], "mde": design["mde"],
            "response": design["response"], "notes": " ".join(design["warnings"]),
        })  # fmt: skip
    return Table(
        key="designs",
        title=_("Dampak"),
        columns=[
            Column("label", _("Cara perbandingan"), width=2.4),
            Column("percent", _("Perkiraan (%)"), "percent"),
            Column("low", _("Batas bawah (%)"), "percent"),
            Column("high", _("Batas atas (%)"), "percent"),
            Column("se", _("Galat baku (log)"), "number", decimals=3),
            Column("method", _("Galat baku dihitung dengan"), width=1.4),
            Column("lee_low", _("Batas Lee bawah (%)"), "percent"),
            Column("lee_high", _("Batas Lee atas (%)"), "percent"),
            Column("mde", _("MDE (%)"), "percent"),
            Column("response", _("Menjawab"), width=1.4),
            Column("notes", _("Catatan"), width=2.4),
        ],
        rows=rows,
        row_key="design",
        notes=[found.headline, *found.why_none, *found.lines],
    )


def subgroups_table(found: evidence.Evidence) -> Table:
    """The primary design within each subgroup the plan names, its p-values adjusted with the family's
    (Holm, Benjamini–Hochberg); a subgroup without an estimate says why in its notes."""
    rows = []
    for part in found.subgroups:
        e = part.result.estimate
        rows.append({
            "key": f"{part.dimension}:{part.value}", "label": part.label,
            "percent": e and e.percent, "low": e and e.percent_low, "high": e and e.percent_high,
            "holm": part.holm if e else None, "bh": part.bh if e else None, "notes": "" if e else part.why,
        })  # fmt: skip
    return Table(
        key="subgroups",
        title=_("Kelompok bagian"),
        columns=[
            Column("label", _("Kelompok bagian"), width=2.2),
            Column("percent", _("Perkiraan (%)"), "percent"),
            Column("low", _("Batas bawah (%)"), "percent"),
            Column("high", _("Batas atas (%)"), "percent"),
            Column("holm", _("p disesuaikan Holm"), "number", decimals=2),
            Column("bh", _("p disesuaikan BH"), "number", decimals=2),
            Column("notes", _("Catatan"), width=2.4),
        ],
        rows=rows,
        row_key="key",
    )


def balance_table(estimate: report.Impact) -> Table:
    """The baseline means of both groups and their standardized difference."""
    return Table(
        key="balance",
        title=_("Keseimbangan angka awal"),
        columns=[
            Column("label", _("Ukuran"), width=2),
            Column("participants", _("Peserta"), by_metric, decimals=1),
            Column("comparison", _("Pembanding"), by_metric, decimals=1),
            Column("difference", _("Beda baku"), "number", decimals=2),
        ],
        rows=[
            {
                "metric": name,
                "label": metric_label(name),
                "participants": treated,
                "comparison": control,
                "difference": difference,
            }
            for name, (treated, control, difference) in estimate.balance.items()
        ],
        row_key="metric",
    )


def real_table(real: prices.RealTotals, summary: report.Summary) -> Table:
    """Totals in the prices of one month (the consumer price index), beside the nominal change."""
    return Table(
        key="real",
        title=_("Nilai riil"),
        columns=[
            Column("label", _("Ukuran"), width=2),
            Column("before", _("Sebelum"), "rupiah"),
            Column("after", _("Sesudah"), "rupiah"),
            Column("nominal", _("Nominal"), "percent"),
            Column("real", _("Riil"), "percent"),
        ],
        rows=[
            {
                "metric": name,
                "label": metric_label(name),
                "before": before,
                "after": after,
                "nominal": summary.metrics[name].percent_change,
                "real": (after - before) * 100 / before if before else None,
            }
            for name, (before, after) in real.totals.items()
        ],
        row_key="metric",
        notes=[
            _(
                "Dalam harga %(month)s (IHK provinsi, 2022 = 100); %(n)s usaha dihitung, %(missing)s tanpa IHK."
            )
            % {"month": month_year(real.base), "n": real.members, "missing": real.missing}
        ],
    )


def batches_table(batches: list[Batch]) -> Table:
    """The batches the cohort came through: dates, participants, attendance, graduates."""
    return Table(
        key="batches",
        title=_("Angkatan"),
        columns=[
            Column("title", _("Angkatan"), width=3),
            Column("start", _("Mulai"), "date", width=1.5),
            Column("end", _("Selesai"), "date", width=1.5),
            Column("enrolled", _("Peserta"), "number", width=1.2),
            Column("attendance", _("Kehadiran"), "share", width=1.2),
            Column("graduates", _("Lulus"), "number", width=1.1),
        ],
        rows=[_batch_row(b) for b in batches],
    )


def _batch_row(batch: Any) -> dict[str, Any]:
    """A batch annotated by `batches_in`."""
    return {
        "title": batch.title, "start": batch.start_date, "end": batch.end_date, "enrolled": batch.enrolled,
        "attendance": batch.days_present / batch.days_marked if batch.days_marked else None,
        "graduates": batch.graduates,
    }  # fmt: skip


def about_table(
    *, words: str, summary: report.Summary, made_on: date, author: str, method: list[str]
) -> Table:
    """What the report covers and how it was made: the first sheet of the workbook."""
    rows: list[dict[str, Any]] = [
        {"item": _("Saringan"), "value": words, "kind": "text"},
        {"item": _("Peserta"), "value": summary.participants, "kind": "number"},
        {"item": _("Dengan angka tindak lanjut"), "value": summary.with_followup, "kind": "number"},
        {"item": _("Tingkat respons"), "value": summary.response_rate, "kind": "share"},
        {"item": _("Dibuat"), "value": long_date(made_on), "kind": "text"},
        {"item": _("Oleh"), "value": author, "kind": "text"},
    ]
    rows += [{"item": _("Cara hitung"), "value": line, "kind": "text"} for line in method]
    return Table(
        key="about",
        title=_("Tentang laporan"),
        columns=[
            Column("item", _("Hal"), width=1),
            Column("value", _("Isi"), lambda row: row["kind"], width=4),
        ],
        rows=rows,
    )


def participants_table(rows: list[dict[str, Any]]) -> Table:
    """The participant list DAK PK2UMK reports ask for (the NIK as the role may see it)."""
    return Table(
        key="participants",
        title=_("Peserta"),
        columns=[
            Column("owner", _("Nama pemilik"), width=2),
            Column("nik", _("NIK"), width=1.6),
            Column("enterprise", _("Nama usaha"), width=2),
            Column("nib", _("NIB"), width=1.4),
            Column("regency", _("Kabupaten/kota"), width=1.6),
            Column("sector", _("Sektor"), width=1.4),
            Column("level", _("Jenjang")),
            Column("omzet_before", _("Omzet awal (Rp/bulan)"), "rupiah"),
            Column("aset_before", _("Aset awal (Rp)"), "rupiah"),
            Column("workers_before", _("Tenaga kerja awal"), "number"),
            Column("omzet_after", _("Omzet tindak lanjut (Rp/bulan)"), "rupiah"),
            Column("aset_after", _("Aset tindak lanjut (Rp)"), "rupiah"),
            Column("workers_after", _("Tenaga kerja tindak lanjut"), "number"),
            Column("followup_month", _("Bulan tindak lanjut"), "month"),
        ],
        rows=rows,
    )


def estimate_tables(impacts: list[report.Impact], found: evidence.Evidence | None) -> dict[str, Table]:
    """The tables of the kept impact estimate (none of them before the first is computed)."""
    shown: dict[str, Table] = {}
    if impacts:
        shown["comparison"] = comparison_table(impacts)
        shown["balance"] = balance_table(impacts[0])
    if found is not None:
        shown["designs"] = designs_table(found)
        if found.subgroups:
            shown["subgroups"] = subgroups_table(found)
    return shown


def page_tables(context: Mapping[str, Any]) -> dict[str, Table]:
    """Every table of the cohort report, by key, in the page's order (the .xlsx keeps it)."""
    summary: report.Summary = context["summary"]
    impacts: list[report.Impact] = context["impacts"]
    tables = {
        "summary": summary_table(summary),
        "sectors": groups_table("sectors", _("Per sektor"), _("Sektor"), context["by_sector"]),
        "regencies": groups_table(
            "regencies", _("Per kabupaten/kota"), _("Kabupaten/kota"), context["by_regency"]
        ),
        "groups": all_groups_table(summary, context["by_sector"], context["by_regency"]),
        **estimate_tables(impacts, context.get("evidence")),
    }
    real: prices.RealTotals | None = context["real"]
    if real is not None:
        tables["real"] = real_table(real, summary)
    return tables
