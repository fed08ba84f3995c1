"""The evidence card: what the impact figure is, in words an office reads (page, PDF and API alike).

The primary design is the regression discontinuity at the selection cutoff when the data allow it,
else the intention-to-treat of the offer; the naive comparison of graduates with non-selected
applicants is never the headline and is never worded as an effect. Below the minimum group size there
is no estimate, only why. Technical terms live in `analyst_terms`, shown under an "untuk analis" fold."""

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naikkelas.core.formats import long_date, month_year, percent_change, rupiah_compact
from naikkelas.outcomes import designs, prices, stats
from naikkelas.outcomes.cohort import Applicant, CohortFilter, applicants_of_user
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector, SizeClass

METRIC_INDEX = {"omzet": 0, "aset": 1, "workers": 2}


def units_of(
    applicants: list[Applicant],
    metric: str = "omzet",
    winsor_percent: float = 0,
    real: dict[int, tuple[float, float]] | None = None,
) -> list[designs.Unit]:
    """Applicants as the designs see them, for one metric (turnover unless a plan says otherwise): in
    base-month rupiah when `real` gives each applicant's deflators (`prices.real_factors`; workers are
    not money); with a plan's winsorizing, follow-up levels beyond its percentiles pulled in to them."""
    i = METRIC_INDEX[metric]
    money = real is not None and metric != "workers"

    def before(a: Applicant) -> float:
        return float(a.baseline[i]) * (real[a.enterprise_id][0] if money else 1.0)  # type: ignore[index]

    def later(a: Applicant) -> float:
        assert a.followup is not None
        return float(a.followup[i]) * (real[a.enterprise_id][1] if money else 1.0)  # type: ignore[index]

    def earlier(a: Applicant) -> float | None:
        if a.earlier_omzet is None or metric != "omzet":
            return None
        return float(a.earlier_omzet) * (real[a.enterprise_id][0] if money else 1.0)  # type: ignore[index]

    after = [later(a) for a in applicants if a.followup is not None]
    low, high = (-math.inf, math.inf)
    if winsor_percent and len(after) > 2:
        low, high = stats.percentile(after, winsor_percent), stats.percentile(after, 100 - winsor_percent)
    return [
        designs.Unit(
            cluster=a.batch_id, score=a.centred, offered=a.offered, completed=a.graduated, y0=before(a),
            y1=None if a.followup is None else min(max(later(a), low), high), went_on=a.went_on,
            closed=a.closed, verified=a.verified, y_pre=earlier(a),
        )
        for a in applicants
    ]  # fmt: skip


@dataclass
class Evidence:
    primary: designs.Result | None
    results: dict[str, designs.Result]
    grade: str
    reasons: list[str]
    headline: str
    lines: list[str] = field(default_factory=list)  # design, comparison, interval, bounds, MDE, response
    not_shown: list[str] = field(default_factory=list)
    why_none: list[str] = field(default_factory=list)
    metric: str = "omzet"
    plan: AnalysisPlan | None = None
    # the primary design on the other metrics: (metric, estimate or None, Holm-adjusted p-value or None)
    secondary: list[tuple[str, designs.Result, float | None]] = field(default_factory=list)
    rounds: list[tuple[int, designs.Result]] = field(default_factory=list)  # the design at 3, 6, 12 months
    pooled: designs.Result | None = None  # the offer's ANCOVA pooled across those rounds
    # the primary design on survival (still running = 1, closed = 0), in the Holm family with `secondary`
    survival: tuple[designs.Result, float | None] | None = None
    # analysts: the primary design on growth before applying (a placebo), and the slope of growth after
    # on growth before (mean reversion), where applicants gave their earlier months
    pre_trend: designs.Result | None = None
    levels: designs.Result | None = None  # the primary design on the change in rupiah (y1 − y0)
    subgroups: list["Subgroup"] = field(default_factory=list)
    # a filter on region, sector or size class makes the headline one of `m` the page offers: (m, p·m)
    filter_family: tuple[int, float] | None = None
    reversion: tuple[float, int] | None = None


def pct(value: float) -> str:
    return percent_change(value)


def log_pct(value: float) -> str:
    return percent_change(math.expm1(value) * 100)


DESIGN_NAMES = {
    "rd": lambda: _("perbandingan di sekitar ambang seleksi"),
    "itt": lambda: _("perbandingan semua yang ditawari kursi dengan yang tidak"),
    "naive": lambda: _("perbandingan sederhana lulusan dengan yang tidak terpilih"),
}


def compared(design: str) -> str:
    return {
        "rd": _("Usaha yang nilainya tepat di atas ambang seleksi angkatannya (ditawari kursi) dibanding usaha yang nilainya tepat di bawahnya (tidak ditawari). Keduanya hampir sama nilainya, jadi bedanya terutama karena tawaran kursi."),
        "itt": _("Semua yang ditawari kursi — termasuk yang tidak menyelesaikan pelatihan — dibanding pendaftar memenuhi syarat yang tidak ditawari, dengan memperhitungkan nilai seleksi mereka."),
        "naive": _("Lulusan dibanding pendaftar yang tidak terpilih. Lulusan dipilih karena nilainya lebih tinggi, jadi selisih ini sebagian besar bukan karena pelatihan."),
    }[design]  # fmt: skip


def reason_text(code: str, min_group: int | None = None) -> str:
    return {
        "no_estimate": _("Tidak ada perkiraan."),
        "selection_on_score": _("Kelompok dipilih berdasarkan nilai yang juga memengaruhi pertumbuhan."),
        "bounds_include_zero": _("Bila yang tidak menjawab berbeda dari yang menjawab, dampaknya bisa nol."),
        "underpowered": _("Data terlalu sedikit untuk melihat dampak sebesar 5–10 % yang biasa ditemukan."),
        "few_clusters": _("Terlalu sedikit angkatan untuk menilai ketidakpastian dengan baik."),
        "low_response": _("Kurang dari separuh satu kelompok menjawab tindak lanjut."),
        "density_jump": _("Jumlah pendaftar melonjak tepat di atas ambang: nilai mungkin diatur."),
        "baseline_jump": _("Omzet awal sudah berbeda di ambang: kedua sisi tidak sebanding."),
        "not_adjusted": _("Nilai seleksi tidak tersedia untuk semua pendaftar, jadi tidak diperhitungkan."),
        "functional_form": _("Pengaruh nilai seleksi diperkirakan dengan garis lurus; bila tidak lurus, perkiraan bergeser."),
        "too_small": _("Kelompok terlalu kecil (paling sedikit %(n)s usaha yang menjawab di tiap sisi).") % {"n": min_group or settings.OUTCOMES_MIN_GROUP},
        "not_planned_design": _("Cara yang direncanakan tidak dapat dipakai; dipakai cara lain."),
        "plan_changed": _("Rencana analisis diubah sesudah data masuk."),
        "pre_trend": _("Omzet kedua kelompok sudah tumbuh berbeda sebelum mendaftar."),
    }.get(code, code)  # fmt: skip


METHOD_NAMES = {
    "cluster": lambda: _("klaster per angkatan"),
    "wild_cluster": lambda: _("bootstrap klaster liar"),
    "hc1": lambda: _("robust HC1, tanpa klaster"),
    "welch": lambda: _("Welch"),
}
CHECK_NAMES = {
    "half": lambda: _("pita separuh"),
    "double": lambda: _("pita dua kali"),
    "donut": lambda: _("tanpa yang terdekat ambang"),
}

GROUP_NAMES = {
    "above": lambda: _("di atas ambang"),
    "below": lambda: _("di bawah ambang"),
    "offered": lambda: _("ditawari kursi"),
    "not_offered": lambda: _("tidak ditawari"),
    "graduates": lambda: _("lulusan"),
}


METRIC_WORDS = {
    "omzet": lambda: _("omzet bulanan"),
    "aset": lambda: _("aset"),
    "workers": lambda: _("tenaga kerja"),
}


def _run(
    design: str, units: list[designs.Unit], min_group: int, *, sensitivity: bool = True,
    bandwidth: float | None = None,
) -> designs.Result:  # fmt: skip
    seed = settings.OUTCOMES_BOOTSTRAP_SEED
    if design == "rd":
        return designs.rd(units, min_group=min_group, seed=seed, sensitivity=sensitivity, bandwidth=bandwidth)
    if design == "itt":
        return designs.itt(units, min_group=min_group, seed=seed)
    return designs.naive(
        units, min_group=min_group, seed=seed, replicates=settings.OUTCOMES_BOOTSTRAP_REPLICATES
    )


def for_user(user: Any, f: CohortFilter) -> Evidence:
    """The card for a cohort as the user may see it: with the program's plan when the filter names a
    program that has one (its window, outcome, design, winsorizing and minimum group size)."""
    plan = AnalysisPlan.objects.filter(program_id=f.program).first() if f.program else None
    horizon = plan.window_to if plan is not None else f.window[1]
    # one round for everyone: the figures of month k (the k-month follow-up) on both sides, never an
    # earlier round standing in for a missing later one
    measured_at = applicants_of_user(user, replace(f, window=(horizon, horizon)))
    found = build(measured_at, plan=plan, real=real_rupiah(measured_at))
    found.lines.insert(
        len(plan_lines(plan)),
        _("Diukur pada bulan ke-%(k)s sesudah akhir angkatan, bulan yang sama untuk kedua kelompok.")
        % {"k": horizon},
    )
    if found.primary is not None and found.primary.estimate is not None:
        found.filter_family = filter_family(f, found.primary.estimate)
    design = found.primary.design if found.primary is not None else (plan.design if plan else "rd")
    min_group = plan.min_group if plan else settings.OUTCOMES_MIN_GROUP
    per_round = []
    for k in ROUNDS:  # the same design at each follow-up round (analysts' fold, API)
        at_k = applicants_of_user(user, replace(f, window=(k, k)))
        measured = units_of(at_k, found.metric, plan.winsor_percent if plan else 0, real_rupiah(at_k)[1])
        found.rounds.append((k, _run(design, measured, min_group, sensitivity=False)))
        per_round.append((k, measured))
    found.pooled = designs.pooled(per_round, min_group=min_group, seed=settings.OUTCOMES_BOOTSTRAP_SEED)
    return found


def filter_family(f: CohortFilter, estimate: stats.Inference) -> tuple[int, float] | None:
    """When the filter picks one sector, size class or regency/city, the estimate is one of the many the
    page could show: its p-value multiplied by how many values that filter offers (Bonferroni, capped
    at 1), so browsing filters until one "works" is not read as an effect."""
    offered = 1
    if f.sector:
        offered *= len(Sector.choices)
    if f.size_class:
        offered *= len(SizeClass.choices)
    if f.region and len(f.region) > 2:
        regency = len(f.region) == 5  # a regency among the province's, a district among the regency's
        kind, parent = (
            (Region.Kind.REGENCY, f.region[:2]) if regency else (Region.Kind.DISTRICT, f.region[:5])
        )
        offered *= max(Region.objects.filter(kind=kind, code__startswith=parent).count(), 1)
    if offered == 1:
        return None
    return offered, min(1.0, offered * stats.p_value(estimate.estimate, estimate.se))


RealRupiah = tuple[date | None, dict[int, tuple[float, float]] | None]


def real_rupiah(applicants: list[Applicant]) -> RealRupiah:
    """The base month (the latest with an index) and each applicant's deflators, when the consumer price
    index covers every month the applicants' figures describe; else (base or None, None): nominal."""
    index = prices.index_table({a.regency_code[:2] for a in applicants})
    base = prices.latest_month(index)
    return base, (prices.real_factors(applicants, index, base) if base else None)


ROUNDS = (3, 6, 12)


def build(
    applicants: list[Applicant], *, plan: AnalysisPlan | None = None, real: RealRupiah = (None, None)
) -> Evidence:
    """The card from the applicants (measured in the plan's window when there is a plan), in base-month
    rupiah when the price index covers their months (`real_rupiah`)."""
    metric = plan.primary_outcome if plan else "omzet"
    min_group = plan.min_group if plan else settings.OUTCOMES_MIN_GROUP
    winsor = plan.winsor_percent if plan else 0
    base, factors = real
    units = units_of(applicants, metric, winsor, factors)
    results = {design: _run(design, units, min_group) for design in ("rd", "itt", "naive")}
    order = ("rd", "itt") if plan is None or plan.design == "rd" else ("itt", "rd")
    primary = next((results[d] for d in order if results[d].estimate is not None), None)
    planned = plan_lines(plan)
    if metric != "workers":
        planned = [*planned, money_line(base, factors)]
    if primary is None or primary.estimate is None:
        why = sorted({w for d in order for w in results[d].warnings})
        return Evidence(None, results, "–", ["no_estimate"],
                        _("Belum ada perkiraan dampak: data belum cukup untuk perbandingan yang adil."), planned,
                        not_shown=not_shown_lines(), why_none=[reason_text(w, min_group) for w in why] or [reason_text("too_small", min_group)],
                        metric=metric, plan=plan)  # fmt: skip
    grade, reasons = designs.grade(primary)
    pre = _run(primary.design, designs.pre_trend(units), min_group, sensitivity=False,
               bandwidth=primary.details.get("bandwidth"))  # fmt: skip
    if pre.estimate is not None and (pre.estimate.ci_low > 0 or pre.estimate.ci_high < 0):
        reasons.append("pre_trend")
        grade = designs.GRADES[min(designs.GRADES.index(grade) + 1, 3)]
    if plan is not None and primary.design != plan.design:
        reasons.append("not_planned_design")
        grade = designs.GRADES[min(designs.GRADES.index(grade) + 1, 3)]
    if plan is not None and any(change.get("after_data") for change in plan.changes):
        reasons.append("plan_changed")
        grade = designs.GRADES[min(designs.GRADES.index(grade) + 1, 3)]
    e = primary.estimate
    headline = _(
        "Perkiraan dampak tawaran kursi terhadap %(metric)s: %(effect)s (selang kepercayaan 95 %%: %(low)s sampai %(high)s)."
    ) % {
        "metric": METRIC_WORDS[metric](),
        "effect": pct(e.percent),
        "low": pct(e.percent_low),
        "high": pct(e.percent_high),
    }
    lines = [
        *planned,
        _("Cara: %(design)s.") % {"design": DESIGN_NAMES[primary.design]()},
        _("Dibandingkan: %(who)s") % {"who": compared(primary.design)},
    ]
    if primary.bounds is not None:
        lines.append(
            _("Bila yang tidak menjawab berbeda dari yang menjawab, dampaknya antara %(low)s dan %(high)s.")
            % {"low": log_pct(primary.bounds[0]), "high": log_pct(primary.bounds[1])}
        )
    typical = typical_baseline(primary, units)
    if typical and metric != "workers":
        lines.append(
            _(
                "Bagi usaha dengan %(metric)s %(base)s (median di antara yang dibandingkan), itu sekitar %(change)s."
            )
            % {
                "metric": METRIC_WORDS[metric](),
                "base": rupiah_compact(round(typical)),
                "change": signed_rupiah(round(typical * math.expm1(e.estimate))),
            }
        )
    level = _run(primary.design, designs.levels(units), min_group, sensitivity=False)
    if level.estimate is not None and metric != "workers":
        offered = sum(1 for u in units if u.offered)
        lines.append(
            _(
                "Dihitung dalam rupiah, rata-rata per usaha: %(effect)s %(metric)s (selang kepercayaan 95 %%: %(low)s sampai %(high)s); bagi %(n)s usaha yang ditawari kursi bersama-sama, sekitar %(total)s. Rata-rata rupiah mudah digeser oleh beberapa usaha besar, jadi bisa berbeda arah dengan persen di atas."
            )
            % {
                "effect": signed_rupiah(round(level.estimate.estimate)), "metric": METRIC_WORDS[metric](),
                "low": signed_rupiah(round(level.estimate.ci_low)), "high": signed_rupiah(round(level.estimate.ci_high)),
                "n": offered, "total": signed_rupiah(round(level.estimate.estimate * offered)),
            }
        )  # fmt: skip
    lines.append(
        _(
            "Dampak terkecil yang dapat dilihat data ini: %(mde)s; dampak yang lebih kecil bisa ada tanpa terlihat."
        )
        % {"mde": log_pct(e.mde)}
    )
    lines.append(_("Yang menjawab tindak lanjut: %(groups)s.") % {"groups": response_text(primary)})
    verified = verified_text(primary)
    if verified:
        lines.append(_("Angka yang dicek pendamping saat kunjungan: %(groups)s.") % {"groups": verified})
    lines.append(
        _("Tingkat kepercayaan: %(grade)s (A paling kuat, D paling lemah).") % {"grade": grade}
        + " " + " ".join(reason_text(r, min_group) for r in reasons)
    )  # fmt: skip
    found = Evidence(
        primary, results, grade, reasons, headline, lines, not_shown_lines(), metric=metric, plan=plan
    )
    found.pre_trend, found.reversion = pre, designs.mean_reversion(units)
    found.levels = level
    found.secondary, found.survival, found.subgroups = secondary(
        applicants, primary.design, metric, winsor, min_group, bandwidth=primary.details.get("bandwidth"),
        factors=factors, subgroups=plan.subgroups if plan else (),
    )  # fmt: skip
    if found.survival is not None:
        found.lines.insert(len(found.lines) - 1, survival_line(found.survival[0]))
    return found


def survival_line(result: designs.Result) -> str:
    """Who is still running per group, and the offer's effect on that chance (in points) when estimable."""
    closed = result.details.get("closed", {})
    shares = ", ".join(
        _("%(group)s: %(closed)s tutup, %(answered)s masih berjalan") % {"group": GROUP_NAMES[group](), "closed": closed.get(group, 0), "answered": answered - closed.get(group, 0)}
        for group, (_members, answered) in result.groups.items()
    )  # fmt: skip
    if result.estimate is None:
        return _(
            "Usaha yang sudah tutup (dihitung sebagai jawaban, bukan sebagai tidak menjawab): %(shares)s."
        ) % {"shares": shares}
    e = result.estimate
    return _(
        "Usaha yang sudah tutup (dihitung sebagai jawaban, bukan sebagai tidak menjawab): %(shares)s. Perkiraan dampak tawaran kursi terhadap peluang usaha tetap berjalan: %(effect)s poin persen (selang kepercayaan 95 %%: %(low)s sampai %(high)s)."
    ) % {"shares": shares, "effect": points(e.estimate), "low": points(e.ci_low), "high": points(e.ci_high)}  # fmt: skip


def points(share: float) -> str:
    """A difference of shares in percentage points, signed like a percent change ("+2,1")."""
    return percent_change(share * 100).replace("%", "").strip()


def typical_baseline(result: designs.Result, units: list[designs.Unit]) -> float | None:
    """The median baseline of those the design compares (within the bandwidth for the RD)."""
    h = result.details.get("bandwidth")
    chosen = [
        u.y0 for u in units if u.y1 is not None and (h is None or (u.score is not None and abs(u.score) < h))
    ]
    return float(np.median(chosen)) if chosen else None


def signed_rupiah(amount: int) -> str:
    return ("+" if amount > 0 else "") + rupiah_compact(amount)


@dataclass
class Subgroup:
    """The primary design within one value of a subgroup the plan names (a sector, a regency/city, a
    size class), its p-values adjusted with the secondary outcomes' (Holm and Benjamini–Hochberg)."""

    dimension: str  # "sector", "regency", "size_class"
    value: str
    label: str
    result: designs.Result
    holm: float | None = None
    bh: float | None = None
    why: str = ""  # without an estimate: why not, in words


SUBGROUP_OF = {
    "sector": lambda a: a.sector,
    "regency": lambda a: a.regency_code,
    "size_class": lambda a: a.size_class,
}


def subgroup_label(dimension: str, value: str) -> str:
    if dimension == "sector":
        return str(dict(Sector.choices).get(value, value))
    if dimension == "size_class":
        return str(dict(SizeClass.choices).get(value, value))
    region = Region.objects.filter(code=value).values_list("name", flat=True).first()
    return region or value


def secondary(
    applicants: list[Applicant], design: str, primary: str, winsor: float, min_group: int, *,
    bandwidth: float | None = None, factors: dict[int, tuple[float, float]] | None = None,
    subgroups: list[str] | tuple[str, ...] = (),
) -> tuple[list[tuple[str, designs.Result, float | None]], tuple[designs.Result, float | None] | None, list[Subgroup]]:  # fmt: skip
    """The primary design on the other metrics, on survival (once any business is known to have closed)
    and within each value of the plan's subgroups — one family: their p-values adjusted together (Holm;
    Benjamini–Hochberg beside it for the subgroups). Below the minimum group size a subgroup has no
    estimate, only why."""
    others = [m for m in METRIC_INDEX if m != primary]
    results = [_run(design, units_of(applicants, m, winsor, factors), min_group) for m in others]
    units = units_of(applicants, primary, winsor, factors)
    if designs.any_closed(units):
        others.append("survival")
        results.append(
            _run(design, designs.survival(units), min_group, sensitivity=False, bandwidth=bandwidth)
        )
    parts: list[Subgroup] = []
    for dimension in subgroups:
        values: dict[str, list[Applicant]] = {}
        for a in applicants:
            values.setdefault(SUBGROUP_OF[dimension](a) or "", []).append(a)
        for value, members in sorted(values.items(), key=lambda item: (-len(item[1]), item[0])):
            inside = units_of(members, primary, winsor, factors)
            parts.append(Subgroup(dimension, value, subgroup_label(dimension, value),
                                  _run(design, inside, min_group, sensitivity=False)))  # fmt: skip
    family = [r for r in results if r.estimate is not None] + [
        s.result for s in parts if s.result.estimate is not None
    ]
    raw = [stats.p_value(r.estimate.estimate, r.estimate.se) for r in family]  # type: ignore[union-attr]
    holm, bh = dict(zip(map(id, family), stats.holm(raw), strict=True)), dict(zip(map(id, family), stats.benjamini_hochberg(raw), strict=True))  # fmt: skip
    for part in parts:
        part.holm, part.bh = holm.get(id(part.result)), bh.get(id(part.result))
        if part.result.estimate is None:
            part.why = " ".join(reason_text(w, min_group) for w in part.result.warnings) or reason_text(
                "too_small", min_group
            )
    rows = [(m, r, holm.get(id(r))) for m, r in zip(others, results, strict=True)]
    alive = next(((r, p) for m, r, p in rows if m == "survival"), None)
    return [row for row in rows if row[0] != "survival"], alive, parts


def money_line(base: date | None, factors: dict[int, tuple[float, float]] | None) -> str:
    if factors is not None and base is not None:
        return _("Rupiah dalam harga %(month)s (indeks harga konsumen provinsi), sebelum dan sesudah.") % {
            "month": month_year(base)
        }
    return _("Rupiah nominal: indeks harga konsumen belum ada untuk semua bulan yang dibandingkan.")


def plan_lines(plan: AnalysisPlan | None) -> list[str]:
    if plan is None:
        return [
            _(
                "Belum ada rencana analisis untuk program ini: ukuran utama omzet, cara di sekitar ambang seleksi."
            )
        ]
    lines = [
        _("Menurut rencana analisis yang ditetapkan %(date)s: ukuran utama %(metric)s, %(design)s.")
        % {
            "date": long_date(timezone.localtime(plan.fixed_at).date()),
            "metric": METRIC_WORDS[plan.primary_outcome](),
            "design": DESIGN_NAMES[plan.design](),
        }
    ]
    if plan.fixed_after_data:
        lines.append(_("Rencana ini ditetapkan sesudah tindak lanjut pertama jatuh tempo."))
    late = [c for c in plan.changes if c.get("after_data")]
    if late:
        lines.append(
            ngettext(
                "Rencana diubah %(n)s kali sesudah data masuk.",
                "Rencana diubah %(n)s kali sesudah data masuk.",
                len(late),
            )
            % {"n": len(late)}
        )
    return lines


def response_text(result: designs.Result) -> str:
    """Per group: answered/members (share), and how many said the business closed (an answer too)."""
    parts = []
    closed = result.details.get("closed", {})
    for group, (members, answered) in result.groups.items():
        share = f" ({answered * 100 // members} %)" if members else ""
        part = f"{GROUP_NAMES[group]()} {answered}/{members}{share}"
        if closed.get(group):
            part += " " + ngettext("dan %(n)s usaha tutup", "dan %(n)s usaha tutup", closed[group]) % {
                "n": closed[group]
            }
        parts.append(part)
    return ", ".join(parts)


def verified_text(result: designs.Result) -> str:
    """Per group, the share of the answers a mentor confirmed on a visit ("" when none was)."""
    verified = result.details.get("verified", {})
    if not any(verified.values()):
        return ""
    return ", ".join(
        f"{GROUP_NAMES[group]()} {verified.get(group, 0)}/{answered}"
        + (f" ({verified.get(group, 0) * 100 // answered} %)" if answered else "")
        for group, (_members, answered) in result.groups.items()
    )


def not_shown_lines() -> list[str]:
    return [
        _("Angka ini tidak menunjukkan dampak bagi usaha yang nilainya jauh dari ambang seleksi."),
        _("Angka ini tidak memisahkan dampak jenjang lanjutan dari dampak jenjang Dasar."),
        _(
            "Perkiraan omzet hanya tentang usaha yang masih berjalan; usaha yang dilaporkan tutup dihitung pada kelangsungan usaha, dan batas bawah dan atas memperhitungkan yang tidak menjawab."
        ),
        _("Angka ini tentang omzet bulanan; aset dan tenaga kerja tidak diperkirakan dengan cara ini."),
    ]


def analyst_terms() -> list[tuple[str, str]]:
    """The technical words under the "untuk analis" fold, each with one line."""
    return [
        (_("Regresi diskontinuitas (RD)"), _("membandingkan pendaftar tepat di atas dan di bawah ambang nilai tiap angkatan (nilai dipusatkan pada nilai terpilih terakhir).")),
        (_("Lebar pita (bandwidth)"), _("seberapa jauh dari ambang pendaftar masih dihitung; dipilih dari data (Imbens–Kalyanaraman), kernel segitiga.")),
        (_("Selang robust bias-corrected"), _("selang 95 % yang juga menghitung galat koreksi bias (Calonico–Cattaneo–Titiunik, pita percontohan = pita utama).")),
        (_("Galat baku klaster"), _("ketidakpastian yang menghitung bahwa usaha satu angkatan saling mirip; dengan sedikit angkatan, bootstrap klaster liar (bobot Webb).")),
        (_("ITT"), _("intention-to-treat: semua yang ditawari kursi, termasuk yang keluar, dibanding yang tidak ditawari.")),
        (_("Batas Lee"), _("batas dampak bila yang tidak menjawab berbeda: kelompok yang lebih banyak menjawab dipangkas sebesar selisih tingkat jawabnya.")),
        (_("MDE"), _("dampak terkecil yang terdeteksi dengan peluang 80 % pada uji 5 %: 2,8 × galat baku.")),
        (_("Uji kepadatan McCrary"), _("apakah jumlah pendaftar melonjak tepat di atas ambang (tanda nilai diatur).")),
        (_("ANCOVA"), _("regresi log omzet sesudah pada status peserta dan log omzet awal; galat baku robust (HC1).")),
        (_("Winsor"), _("nilai pertumbuhan ekstrem dipotong pada persentil 1 dan 99 sebelum dihitung.")),
        (_("Koreksi Holm"), _("p-value ukuran lain (aset, tenaga kerja, atau omzet bila bukan ukuran utama) disesuaikan bersama agar kebetulan tidak terbaca sebagai dampak.")),
        (_("Galat baku"), _("ukuran ketidakpastian perkiraan; selang 95 % kira-kira perkiraan ± 2 galat baku.")),
    ]  # fmt: skip
