"""Cohort figures and the impact estimate, computed from plain members. Pure apart from settings.

Totals and medians are over the participants who have both a baseline and a follow-up (a balanced
panel), so before and after describe the same firms; the response rate says how many that is."""

import math
import statistics
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from naikkelas.outcomes import stats
from naikkelas.outcomes.cohort import METRICS, CohortFilter, Member

INDEX = {name: i for i, name in enumerate(METRICS)}


@dataclass(frozen=True)
class MetricSummary:
    baseline_total: int
    followup_total: int
    baseline_median: float | None
    followup_median: float | None

    @property
    def ratio(self) -> float | None:
        """After over before (2,24×)."""
        return self.followup_total / self.baseline_total if self.baseline_total else None

    @property
    def percent_change(self) -> float | None:
        """The increase in percent (+124 %): the ratio minus one, times 100 — never the ratio itself."""
        if not self.baseline_total:
            return None
        # from the totals, not from the rounded ratio: 5.37 / 2.4 is +123.75 %, exactly
        return (self.followup_total - self.baseline_total) * 100 / self.baseline_total


@dataclass(frozen=True)
class Summary:
    participants: int
    with_followup: int
    metrics: dict[str, MetricSummary]

    @property
    def response_rate(self) -> float | None:
        return self.with_followup / self.participants if self.participants else None


def summarize(members: list[Member]) -> Summary:
    answered = [m for m in members if m.followup is not None]
    metrics = {}
    for name, i in INDEX.items():
        before = [m.baseline[i] for m in answered]
        after = [m.followup[i] for m in answered if m.followup is not None]
        metrics[name] = MetricSummary(
            baseline_total=sum(before), followup_total=sum(after),
            baseline_median=statistics.median(before) if before else None,
            followup_median=statistics.median(after) if after else None,
        )  # fmt: skip
    return Summary(len(members), len(answered), metrics)


def breakdown(members: list[Member], key: str) -> list[tuple[str, Summary]]:
    """Summaries per value of a member attribute ("sector" or "regency_code")."""
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(getattr(member, key), []).append(member)
    return sorted((value, summarize(group)) for value, group in groups.items())


@dataclass
class Impact:
    metric: str
    raw: stats.Estimate | None = None
    winsorized: stats.Estimate | None = None
    ancova: tuple[float, float] | None = None  # coefficient, standard error
    balance: dict[str, tuple[float, float, float | None]] = field(
        default_factory=dict
    )  # metric → (T mean, C mean, d)
    attrition: dict[str, tuple[int, int]] = field(default_factory=dict)  # group → (members, answered)
    warnings: list[str] = field(default_factory=list)

    @property
    def concluded(self) -> bool:
        return self.raw is not None and not self.warnings


def impact(participants: list[Member], comparison: list[Member], metric: str = "omzet") -> Impact:
    """Difference in differences on log growth (raw and winsorized), ANCOVA, balance and attrition; with
    warnings (as codes the page words) when the groups are too small or too unlike to conclude."""
    i = INDEX[metric]
    result = Impact(metric)
    treated = [(m.baseline[i], m.followup[i]) for m in participants if m.followup is not None]
    control = [(m.baseline[i], m.followup[i]) for m in comparison if m.followup is not None]
    result.attrition = {
        "participant": (len(participants), len(treated)),
        "comparison": (len(comparison), len(control)),
    }
    for name, j in INDEX.items():
        t = [float(m.baseline[j]) for m in participants]
        c = [float(m.baseline[j]) for m in comparison]
        if t and c:
            result.balance[name] = (sum(t) / len(t), sum(c) / len(c), stats.standardized_difference(t, c))
    minimum = settings.OUTCOMES_MIN_GROUP
    if len(treated) < minimum or len(control) < minimum:
        result.warnings.append("too_small")
        return result  # below the minimum group size: no estimate at all, only why
    logs_t = [math.log1p(m.baseline[i]) for m in participants]
    logs_c = [math.log1p(m.baseline[i]) for m in comparison]
    difference = stats.standardized_difference(logs_t, logs_c)
    if difference is not None and abs(difference) > settings.OUTCOMES_MAX_IMBALANCE:
        result.warnings.append("unbalanced")
    growth_t = [stats.log_growth(b, a) for b, a in treated]
    growth_c = [stats.log_growth(b, a) for b, a in control]
    options = {
        "replicates": settings.OUTCOMES_BOOTSTRAP_REPLICATES,
        "seed": settings.OUTCOMES_BOOTSTRAP_SEED,
        "max_resample": settings.OUTCOMES_BOOTSTRAP_MAX_RESAMPLE,
    }
    result.raw = stats.difference_in_differences(growth_t, growth_c, **options)
    low, high = settings.OUTCOMES_WINSOR_PERCENTILES
    pooled = stats.winsorize(growth_t + growth_c, low, high)
    result.winsorized = stats.difference_in_differences(
        pooled[: len(growth_t)], pooled[len(growth_t) :], **options
    )
    try:
        result.ancova = stats.ancova(treated, control)
    except ValueError:
        result.ancova = None
    return result


def method_lines(f: CohortFilter) -> list[str]:
    """How the figures were made, in the active language: on the page, in the exports and in the API."""
    return [
        _("Peserta: usaha yang lulus jenjang sesuai saringan (dihitung sekali, pada kelulusan terakhirnya)."),
        _("Angka awal: laporan pada pendaftaran ke jenjang itu (dibekukan saat seleksi)."),
        _("Angka tindak lanjut: laporan tindak lanjut atau kunjungan pendamping terakhir pada bulan ke-%(a)s sampai ke-%(b)s setelah lulus.")
        % {"a": f.window[0], "b": f.window[1]},
        _("Jumlah dan median dihitung atas peserta yang punya angka awal dan tindak lanjut; tingkat respons menyatakan berapa."),
        _("Rasio = jumlah sesudah ÷ jumlah sebelum; persen perubahan = (rasio − 1) × 100. Misalnya, rasio 2,24× berarti naik 124 %, bukan 224 %."),
        _("Omzet adalah omzet per bulan."),
        _("Pembanding: pendaftar yang memenuhi syarat tetapi tidak terpilih dan bersedia ditindaklanjuti; dihitung dari akhir angkatan yang mereka daftar."),
        _("Bukti dampak: perbandingan di sekitar ambang seleksi tiap angkatan (regresi diskontinuitas), atau semua yang ditawari kursi dibanding yang tidak (ITT); semua diukur sejak akhir angkatan yang didaftar, bulan yang sama untuk kedua kelompok."),
        _("Perbandingan sederhana lulusan dengan yang tidak terpilih (selisih pertumbuhan log(1 + nilai), galat baku Welch, selang bootstrap 95 persen dengan benih tetap; ANCOVA dan versi winsor persentil 1–99) bukan perkiraan dampak: lulusan dipilih karena nilainya."),
    ]  # fmt: skip


def narrowing_text(names: list[str]) -> str:
    """Said when the region asked for reaches beyond the user's scope (page, API)."""
    if not names:
        return _("Wilayah yang diminta di luar wilayah Anda; laporan ini hanya mencakup wilayah Anda.")
    return _("Wilayah yang diminta lebih luas dari wilayah Anda; laporan ini hanya mencakup %(regions)s.") % {
        "regions": ", ".join(names)
    }
