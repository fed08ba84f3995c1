"""The mentor scorecard page and its .xlsx export."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require
from naikkelas.core.formats import long_date
from naikkelas.core.tabular import write_workbook
from naikkelas.mentoring import access
from naikkelas.mentoring.services import scorecard


def _period(request: HttpRequest) -> tuple[date, date, list[str]]:
    start, end = scorecard.default_period()
    problems = []
    for name in ("dari", "sampai"):
        raw = request.GET.get(name, "")
        if not raw:
            continue
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            problems.append(_("Tanggal %(value)s tidak dikenal; pakai YYYY-MM-DD.") % {"value": raw})
            continue
        if name == "dari":
            start = value
        else:
            end = value
    if end < start:
        problems.append(_("Tanggal akhir sebelum tanggal awal; periode bawaan dipakai."))
        start, end = scorecard.default_period()
    return start, end, problems


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _columns() -> list[str]:
    return [
        _("Nama"), _("Kabupaten/kota"), _("Dampingan aktif"), _("Kunjungan terlaksana"),
        _("Kunjungan direncanakan"), _("Rencana terlaksana (%)"), _("Tindak lanjut jatuh tempo"),
        _("Dilaporkan tepat waktu (%)"), _("Konsultasi"), _("Dijawab tepat waktu (%)"),
        _("Median perubahan omzet dampingan (%)"),
    ]  # fmt: skip


def _cells(score: scorecard.Score) -> list[Any]:
    def pct(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 1)

    return [
        score.name, score.regency, score.mentees, score.visits_done, score.visits_planned,
        pct(score.planned_rate), score.followups_due, pct(score.followup_rate), score.consultations,
        pct(score.answer_rate), pct(score.median_omzet_change),
    ]  # fmt: skip


@login_required
def scorecard_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_see_scorecard(user))
    start, end, problems = _period(request)
    rows = scorecard.scorecard_rows(user, start=start, end=end)
    regencies = scorecard.by_regency(rows)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, regencies, start, end)
    return render(
        request,
        "mentoring/scorecard.html",
        {
            "rows": rows,
            "regencies": regencies,
            "start": start,
            "end": end,
            "problems": problems,
            "pct": _percent,
        },
    )


def _xlsx(
    rows: list[scorecard.Score], regencies: list[scorecard.Score], start: date, end: date
) -> HttpResponse:
    lang = get_language() or "id"
    method = [
        _("Kunjungan terlaksana: kunjungan berstatus terlaksana dengan tanggal dalam periode."),
        _(
            "Rencana terlaksana: dari kunjungan yang direncanakan untuk tanggal dalam periode, berapa yang terlaksana."
        ),
        _("Tepat waktu (tindak lanjut): dilaporkan paling lambat 7 hari setelah jatuh tempo."),
        _("Tepat waktu (konsultasi): jawaban pertama paling lambat pada batas hari kerja."),
        _("Perubahan omzet: laporan terakhir dibanding angka awal pendaftaran, median per pendamping."),
    ]
    content = write_workbook([
        (_("Pendamping"), _columns(), [_cells(score) for score in rows]),
        (_("Kabupaten-kota"), _columns(), [_cells(score) for score in regencies]),
        (_("Cara hitung"), [_("Periode"), f"{long_date(start, lang)} – {long_date(end, lang)}"], [[line] for line in method]),
    ])  # fmt: skip
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="rapor-pendamping-{start}-{end}.xlsx"'
    return response
