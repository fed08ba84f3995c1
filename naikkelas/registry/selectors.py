"""Reads of the registry, already scoped to the user and joined for the page that shows them."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from naikkelas.accounts.models import User
from naikkelas.core.pagination import paginate
from naikkelas.regions.models import Region, subtree_q
from naikkelas.registry.access import (
    enterprises_for_user,
    metric_reports_for_user,
    persons_for_user,
)
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person, nik_digest
from naikkelas.registry.nik import normalise_nik


@dataclass(frozen=True)
class EnterpriseFilter:
    """What a registry search asks for; empty fields do not filter."""

    q: str = ""
    region: Region | None = None
    sector: str = ""
    size_class: str = ""


def enterprise_list(user: User, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    """The enterprises a user may see, filtered, with owner and district joined."""
    filters = filters or EnterpriseFilter()
    queryset = enterprises_for_user(user)
    if filters.region is not None:
        queryset = queryset.filter(subtree_q(filters.region))
    if filters.sector:
        queryset = queryset.filter(sector=filters.sector)
    if filters.size_class:
        queryset = queryset.filter(size_class=filters.size_class)
    text = filters.q.strip()
    if text:
        digits = normalise_nik(text)
        if digits.isdigit() and len(digits) == 16:
            queryset = queryset.filter(owner__nik_digest=nik_digest(digits))
        elif digits.isdigit() and len(digits) == 13:
            queryset = queryset.filter(nib=digits)
        else:
            # Two index-friendly subqueries instead of one OR across the join (trigram indexes on
            # PostgreSQL, migration 0005): the planner can use each name's index.
            queryset = queryset.filter(
                Q(pk__in=Enterprise.objects.filter(name__icontains=text).values("pk"))
                | Q(owner_id__in=Person.objects.filter(name__icontains=text).values("pk"))
            )
    return queryset.select_related("owner", "district", "district__parent").order_by("name", "id")


def enterprise_page(user: User, filters: EnterpriseFilter | None, number: Any) -> Page:  # type: ignore[type-arg]
    """One page of `enterprise_list`. A list the planner expects to hold REGISTRY_EXACT_COUNT_BELOW
    enterprises or more is not counted (a province's COUNT(*) took half of each page's time): the page
    shows "sekitar" the estimate and reads one row ahead to know whether another page follows."""
    return paginate(
        enterprise_list(user, filters), number,
        per_page=settings.PAGE_SIZE, exact_below=settings.REGISTRY_EXACT_COUNT_BELOW,
    )  # fmt: skip


def person_list(user: User, q: str = "") -> QuerySet[Person]:
    queryset = persons_for_user(user)
    text = q.strip()
    if text:
        digits = normalise_nik(text)
        if digits.isdigit() and len(digits) == 16:
            queryset = queryset.filter(nik_digest=nik_digest(digits))
        else:
            queryset = queryset.filter(name__icontains=text)
    return queryset.select_related("address_district").order_by("name", "id")


def metric_report_list(user: User, enterprise_id: int | None = None) -> QuerySet[MetricReport]:
    queryset = metric_reports_for_user(user)
    if enterprise_id is not None:
        queryset = queryset.filter(enterprise_id=enterprise_id)
    return queryset.select_related("enterprise", "reported_by").order_by("enterprise_id", "-period", "-id")


def enterprise_history(enterprise: Enterprise) -> list[MetricReport]:
    """The enterprise's reports, oldest month first, for the chart and the table."""
    return list(enterprise.reports.select_related("reported_by").order_by("period", "id"))


def regions_in_scope(user: User) -> QuerySet[Region]:
    """The provinces and regencies/cities a user may filter by."""
    from naikkelas.accounts.access import scope_for_user

    scope = scope_for_user(user)
    return Region.objects.filter(kind__in=[Region.Kind.PROVINCE, Region.Kind.REGENCY]).filter(scope.q())


@dataclass(frozen=True)
class CurrentCodes:
    """The current region codes among those asked for, for the validators (registry/validators.py)."""

    regencies: set[str]
    districts: set[str]


def current_codes(*, nik: str = "", districts: Collection[str] = ()) -> CurrentCodes:
    """Which of the regency and district an NIK names, and of `districts`, are current regions (one
    query, none when there is nothing to ask)."""
    digits = normalise_nik(nik)
    asked = {*districts}
    if len(digits) == 16 and digits.isdigit():
        asked |= {f"{digits[:2]}.{digits[2:4]}", f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}"}
    if not asked:
        return CurrentCodes(regencies=set(), districts=set())
    found = list(Region.objects.filter(code__in=asked).values_list("code", "kind"))
    return CurrentCodes(
        regencies={code for code, kind in found if kind == Region.Kind.REGENCY},
        districts={code for code, kind in found if kind == Region.Kind.DISTRICT},
    )


def _in_language(texts: Any, fallback: str, language: str | None) -> str:
    """A stored text in the reader's language: per language since jobs store so, else as stored."""
    if isinstance(texts, dict):
        return str(texts.get(language or get_language() or settings.LANGUAGE_CODE) or fallback)
    return fallback


def import_job_message(job: ImportJob, language: str | None = None) -> str:
    """The job's message in the reader's language (the active one unless `language`)."""
    return _in_language(job.messages, job.message, language)


def import_job_behind_others(job: ImportJob) -> bool:
    """True when a waiting job has another import ahead of it in the queue: one already running (its
    worker beats) or one uploaded earlier and still waiting. Anyone's: the workers serve them all in turn;
    only that one is ahead is said, never whose."""
    busy = (ImportJob.Status.CHECKING, ImportJob.Status.WRITING)
    others = ImportJob.objects.filter(status__in=busy).exclude(pk=job.pk)
    return others.filter(Q(heartbeat_at__isnull=False) | Q(pk__lt=job.pk)).exists()


def import_job_problems(job: ImportJob, language: str | None = None) -> list[dict[str, Any]]:
    """The job's kept problems, each "message" in the reader's language; a job stored before the texts
    were kept per language shows its one text."""
    return [
        {**problem, "message": _in_language(problem.get("messages"), problem["message"], language)}
        for problem in job.problems
    ]
