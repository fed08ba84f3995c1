"""The cohort report page with its impact estimate, and its downloads (.xlsx, .csv, PDF, the DAK list),
all drawn from the same figures and the same table specs (`outcomes.tables`). The estimate is never
computed here: the page shows the last one kept (`outcomes.estimates`) with its age, and follows a new
one's progress with htmx while the background task computes it."""

from datetime import date, timedelta
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from naikkelas.core.formats import rupiah_compact
from naikkelas.core.http import attachment
from naikkelas.core.replica import reads_for_reports
from naikkelas.outcomes import (
    access,
    aggregates,
    charts,
    cohort,
    estimates,
    evidence,
    exports,
    pdf,
    prices,
    report,
    summaries,
    tables,
)
from naikkelas.outcomes.forms import CohortFilterForm
from naikkelas.programs.access import batches_for_user, programs_for_user
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector


def _filter_of(request: HttpRequest) -> tuple[CohortFilterForm, cohort.CohortFilter, list[Region] | None]:
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
    if not request.GET or list(request.GET) == ["bagian"]:
        f = cohort.CohortFilter()
    return form, f, narrowed


def _build(request: HttpRequest) -> dict[str, Any]:
    """The page's figures. Totals, medians, breakdowns, response and the growth chart are computed by the
    database (`outcomes.aggregates`), the figures in real rupiah too (the price index joined by month);
    members are read into Python only for the downloads that list firms."""
    user: Any = request.user
    form, f, narrowed = _filter_of(request)
    shown = estimates.estimate_for_user(user=user, f=f)
    kept = summaries.figures_from_summaries(user, f)
    figures, as_of = kept if kept is not None else (aggregates.figures_for_user(user, f), None)
    summary = figures.summary
    index = prices.index_table({code[:2] for code, _s in figures.by_regency})
    base = _base_month(request.GET.get("dasar", ""), index)
    # read on first use only: the PDF and the DAK list
    participants = cast(
        list[cohort.Member],
        SimpleLazyObject(lambda: cohort.cohort(user, f, with_comparison=False).participants),
    )
    real = aggregates.real_totals_for_user(user, f, base) if base else None
    # the comparison's response as the kept estimate counted it, when it was computed from today's data
    # (the same cohort: `estimates.estimate_compute`); else read now (20,000 members cost seconds)
    comparison = shown.impacts[0].attrition["comparison"] if shown.impacts and shown.fresh else None
    if comparison is None:
        compared = cohort.comparison_for_user(user, f)
        comparison = (len(compared), sum(1 for m in compared if m.followup))
    names = dict(Region.objects.filter(kind=Region.Kind.REGENCY).values_list("code", "name"))
    sectors = dict(Sector.choices)
    return {
        "form": form,
        "filter": f,
        "query": request.GET,
        "summary": summary,
        "summary_as_of": as_of,
        # "1 Desember 2026 19.40" / "1 December 2026 19:40", in Jakarta time
        "summary_as_of_text": date_format(timezone.localtime(as_of), pgettext("date format", "j F Y H.i"))
        if as_of
        else "",
        "by_sector": [(str(sectors.get(k, k)), s) for k, s in figures.by_sector],
        "by_regency": [(names.get(k, k), s) for k, s in figures.by_regency],
        "growth_counts": figures.growth_counts,
        "estimate": shown,
        "impacts": shown.impacts or [],
        "evidence": shown.evidence,
        "attrition": {
            "participant": (summary.participants, summary.with_followup),
            "comparison": comparison,
        },
        "participants": participants,
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
@reads_for_reports
def cohort_report(request: HttpRequest) -> HttpResponse:
    if request.headers.get("HX-Request") == "true" and request.GET.get("bagian") == "dampak":
        return _estimate_fragment(request)
    user: Any = request.user
    wanted = request.GET.get("format")
    context = _build(request)
    context["charts"] = _charts(context)
    context["tables"] = tables.page_tables(context)
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
    context.update(_estimate_context(context))
    return render(request, "outcomes/cohort.html", context)


def _estimate_fragment(request: HttpRequest) -> HttpResponse:
    """The impact part alone, for the page's htmx polling while a new estimate is computed: it reads the
    kept estimate and its progress, never the cohort."""
    user: Any = request.user
    _form, _f, _narrowed = _filter_of(request)
    shown = estimates.estimate_for_user(user=user, f=_f)
    context: dict[str, Any] = {
        "estimate": shown,
        "evidence": shown.evidence,
        "impacts": shown.impacts or [],
        "query": request.GET,
    }
    context["tables"] = tables.estimate_tables(context["impacts"], context["evidence"])
    context.update(_estimate_context(context))
    return render(request, "outcomes/cohort.html#impact", context)


def _estimate_context(context: dict[str, Any]) -> dict[str, Any]:
    """What the impact part of the page shows of the kept estimate (nothing of it before the first)."""
    shown: estimates.Shown = context["estimate"]
    found: evidence.Evidence | None = context["evidence"]
    impacts: list[report.Impact] = context["impacts"]
    query = context["query"].copy()
    query.pop("bagian", None)
    page_url = "?" + query.urlencode()
    query["bagian"] = "dampak"
    return {
        "estimate_poll_url": "?" + query.urlencode(),
        "page_url": page_url,
        "impact_rows": [
            {
                "impact": i,
                "label": tables.metric_label(i.metric),
                "sentence": tables.impact_sentence(i),
                "warnings": [tables.warning_text(w) for w in i.warnings],
            }
            for i in impacts
        ],
        "design_rows": tables.design_rows(found) if found is not None else [],
        "analyst_terms": evidence.analyst_terms(),
        "secondary_rows": [(tables.metric_label(m), r, p) for m, r, p in found.secondary] if found is not None else [],
        "estimate_age": timesince(shown.computed_at) if shown.computed_at else "",
        "estimate_just_now": shown.computed_at is not None and timezone.now() - shown.computed_at < timedelta(minutes=1),
    }  # fmt: skip


def _charts(context: dict[str, Any]) -> dict[str, Any]:
    def bars(groups: list[tuple[str, report.Summary]]) -> charts.PairedBars:
        rows = [
            (label, s.metrics["omzet"].baseline_total, s.metrics["omzet"].followup_total)
            for label, s in groups
        ]
        return charts.paired_bars(rows, lambda v: rupiah_compact(round(v)))

    attrition = context["attrition"]
    return {
        "by_sector": bars(context["by_sector"]),
        "by_regency": bars(context["by_regency"]),
        "growth": charts.histogram_of(context["growth_counts"]),
        "response": charts.rate_bars(
            [
                (_("Peserta"), *attrition["participant"]),
                (_("Pembanding"), *attrition["comparison"]),
            ]
        ),
    }
