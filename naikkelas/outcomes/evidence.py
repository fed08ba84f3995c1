"""The evidence card: what the impact figure is, in words an office reads (page, PDF and API alike).

The primary design is the regression discontinuity at the selection cutoff when the data allow it,
else the intention-to-treat of the offer; the naive comparison of graduates with non-selected
applicants is never the headline and is never worded as an effect. Below the minimum group size there
is no estimate, only why. Technical terms live in `analyst_terms`, shown under an "untuk analis" fold."""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from naikkelas.core.formats import percent_change
from naikkelas.outcomes import designs
from naikkelas.outcomes.cohort import Applicant


def units_of(applicants: list[Applicant]) -> list[designs.Unit]:
    """Applicants as the designs see them (turnover, the primary outcome)."""
    return [
        designs.Unit(
            cluster=a.batch_id, score=a.centred, offered=a.offered, completed=a.graduated, y0=float(a.baseline[0]),
            y1=None if a.followup is None else float(a.followup[0]), went_on=a.went_on,
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


def reason_text(code: str) -> str:
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
        "too_small": _("Kelompok terlalu kecil (paling sedikit %(n)s usaha yang menjawab di tiap sisi).") % {"n": settings.OUTCOMES_MIN_GROUP},
    }.get(code, code)  # fmt: skip


GROUP_NAMES = {
    "above": lambda: _("di atas ambang"),
    "below": lambda: _("di bawah ambang"),
    "offered": lambda: _("ditawari kursi"),
    "not_offered": lambda: _("tidak ditawari"),
    "graduates": lambda: _("lulusan"),
}


def build(applicants: list[Applicant]) -> Evidence:
    units = units_of(applicants)
    options = {"min_group": settings.OUTCOMES_MIN_GROUP, "seed": settings.OUTCOMES_BOOTSTRAP_SEED}
    results = {
        "rd": designs.rd(units, **options),  # type: ignore[arg-type]
        "itt": designs.itt(units, **options),  # type: ignore[arg-type]
        "naive": designs.naive(units, **options, replicates=settings.OUTCOMES_BOOTSTRAP_REPLICATES),  # type: ignore[arg-type]
    }
    primary = next((results[d] for d in ("rd", "itt") if results[d].estimate is not None), None)
    if primary is None or primary.estimate is None:
        why = sorted({w for d in ("rd", "itt") for w in results[d].warnings})
        return Evidence(None, results, "–", ["no_estimate"],
                        _("Belum ada perkiraan dampak: data belum cukup untuk perbandingan yang adil."),
                        not_shown=not_shown_lines(), why_none=[reason_text(w) for w in why] or [reason_text("too_small")])  # fmt: skip
    grade, reasons = designs.grade(primary)
    e = primary.estimate
    headline = _(
        "Perkiraan dampak tawaran kursi terhadap omzet bulanan: %(effect)s (selang kepercayaan 95 %%: %(low)s sampai %(high)s)."
    ) % {"effect": pct(e.percent), "low": pct(e.percent_low), "high": pct(e.percent_high)}
    lines = [
        _("Cara: %(design)s.") % {"design": DESIGN_NAMES[primary.design]()},
        _("Dibandingkan: %(who)s") % {"who": compared(primary.design)},
    ]
    if primary.bounds is not None:
        lines.append(
            _("Bila yang tidak menjawab berbeda dari yang menjawab, dampaknya antara %(low)s dan %(high)s.")
            % {"low": log_pct(primary.bounds[0]), "high": log_pct(primary.bounds[1])}
        )
    lines.append(
        _(
            "Dampak terkecil yang dapat dilihat data ini: %(mde)s; dampak yang lebih kecil bisa ada tanpa terlihat."
        )
        % {"mde": log_pct(e.mde)}
    )
    lines.append(_("Yang menjawab tindak lanjut: %(groups)s.") % {"groups": response_text(primary)})
    lines.append(
        _("Tingkat kepercayaan: %(grade)s (A paling kuat, D paling lemah).") % {"grade": grade}
        + " " + " ".join(reason_text(r) for r in reasons)
    )  # fmt: skip
    return Evidence(primary, results, grade, reasons, headline, lines, not_shown_lines())


def response_text(result: designs.Result) -> str:
    parts = []
    for group, (members, answered) in result.groups.items():
        share = f" ({answered * 100 // members} %)" if members else ""
        parts.append(f"{GROUP_NAMES[group]()} {answered}/{members}{share}")
    return ", ".join(parts)


def not_shown_lines() -> list[str]:
    return [
        _("Angka ini tidak menunjukkan dampak bagi usaha yang nilainya jauh dari ambang seleksi."),
        _("Angka ini tidak memisahkan dampak jenjang lanjutan dari dampak jenjang Dasar."),
        _(
            "Usaha yang tutup dan tidak menjawab tidak terhitung; batas bawah dan atas memperhitungkan yang tidak menjawab."
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
        (_("Galat baku"), _("ukuran ketidakpastian perkiraan; selang 95 % kira-kira perkiraan ± 2 galat baku.")),
    ]  # fmt: skip
