"""The cohort report page with its impact estimate, and its downloads (.xlsx, .csv, PDF, the DAK list),
all drawn from the same figures and the same table specs (`outcomes.tables`)."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from naikkelas.core.formats import rupiah_compact
from naikkelas.core.http import attachment
from naikkelas.outcomes import access, charts, cohort, evidence, exports, pdf, prices, report, tables
from naikkelas.outcomes.forms import CohortFilterForm
from naikkelas.programs.access import batches_for_user, programs_for_user
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector


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
    user: Any = request.user
    context = _build(request)
    context["charts"] = _charts(context)
    context["tables"] = tables.page_tables(context)
    wanted = request.GET.get("format")
    if wanted == "xlsx":
        return attachment(exports.workbook(user, context), "laporan-kohort.xlsx")
    if wanted == "csv":
        found = exports.table_csv(context, request.GET.get("tabel", "groups"))
        if found is None:
            raise Http404
        return attachment(*found)
    if wanted == "pdf":
        return attachment(pdf.render(user, context), "laporan-program.pdf")
    if wanted == "peserta":
        return attachment(
            exports.participant_list(request, context["participants"]), "daftar-peserta-dak.xlsx"
        )
    context["impact_rows"] = [
        {
            "impact": i,
            "label": tables.metric_label(i.metric),
            "sentence": tables.impact_sentence(i),
            "warnings": [tables.warning_text(w) for w in i.warnings],
        }
        for i in context["impacts"]
    ]
    context["design_rows"] = tables.design_rows(context["evidence"])
    context["analyst_terms"] = evidence.analyst_terms()
    context["secondary_rows"] = [(tables.metric_label(m), r, p) for m, r, p in context["evidence"].secondary]
    return render(request, "outcomes/cohort.html", context)


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
