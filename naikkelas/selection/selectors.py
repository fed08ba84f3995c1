"""Reads for the selection pages."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from naikkelas.core.formats import rupiah
from naikkelas.programs.models import Batch, Level
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise
from naikkelas.selection.eligibility import rule_label
from naikkelas.selection.models import Application


def batches_open_now() -> QuerySet[Batch]:
    today = timezone.localdate()
    return (
        Batch.objects.filter(opens_on__lte=today, closes_on__gte=today, published_at__isnull=True)
        .select_related("level__program", "organiser")
        .order_by("closes_on", "title")
    )


def level_requirements(level: Level) -> list[str]:
    """The level's own entry requirements in words, from its settings (what the eligibility check reads)."""
    months = level.min_business_months
    if months and months % 12 == 0:
        age = ngettext(
            "usaha sudah berjalan minimal %(count)s tahun",
            "usaha sudah berjalan minimal %(count)s tahun",
            months // 12,
        ) % {"count": months // 12}
    else:
        age = ngettext(
            "usaha sudah berjalan minimal %(count)s bulan",
            "usaha sudah berjalan minimal %(count)s bulan",
            months,
        ) % {"count": months}
    requirements = [age, _("omzet minimal %(amount)s per bulan") % {"amount": rupiah(level.min_omzet)}]
    if level.requires_nib:
        requirements.append(_("sudah punya NIB (Nomor Induk Berusaha dari OSS)"))
    return requirements


@dataclass(frozen=True)
class OpenCall:
    """One open batch on the public list, with its level's requirements in words."""

    batch: Batch
    requirements: list[str]


def open_calls_by_province() -> list[tuple[str, list[OpenCall]]]:
    """The batches open today grouped by province (by name), each with its own requirements; within a
    province, the province's own batches first, then by regency/city and closing date."""
    batches = list(batches_open_now())
    names = dict(
        Region.objects.filter(
            kind=Region.Kind.PROVINCE, code__in={batch.province_code for batch in batches}
        ).values_list("code", "name")
    )
    grouped: dict[str, list[OpenCall]] = {}
    for batch in sorted(batches, key=lambda b: (names.get(b.province_code, ""), b.regency_code, b.closes_on)):
        grouped.setdefault(names.get(batch.province_code, batch.province_code), []).append(
            OpenCall(batch=batch, requirements=level_requirements(batch.level))
        )
    return list(grouped.items())


@dataclass(frozen=True)
class BatchSummary:
    by_status: list[tuple[str, Any, int]]
    by_regency: list[tuple[str, int]]
    failed_rules: list[tuple[str, int]]  # (the rule in words, how many failed it)
    total: int


def batch_summary(batch: Batch, visible: QuerySet[Application] | None = None) -> BatchSummary:
    """Applications (those visible to the user) by status and regency, and how often each rule failed."""
    applications = (visible if visible is not None else Application.objects).filter(batch=batch)
    counts = dict(applications.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    by_status = [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices]
    by_regency = list(
        applications.values_list("regency_code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("regency_code", "n")
    )
    failed: Counter[str] = Counter()
    for results in (
        applications.filter(status=Application.Status.INELIGIBLE)
        .values_list("eligibility", flat=True)
        .iterator(chunk_size=2000)
    ):
        for result in results:
            if not result["passed"]:
                failed[result["rule"]] += 1
    failed_rules = [(rule_label(rule), n) for rule, n in failed.most_common()]
    return BatchSummary(by_status, by_regency, failed_rules, sum(counts.values()))


def batch_applications(batch: Batch, status: str = "") -> QuerySet[Application]:
    queryset = Application.objects.filter(batch=batch).select_related(
        "enterprise", "person", "baseline", "entered_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("rank", "-score", "submitted_at", "id")


def enterprise_took_part(enterprise: Enterprise) -> bool:
    """Applied: the enterprise is in selection's records (a deletion blocker; training answers for its
    graduations)."""
    return Application.objects.filter(enterprise=enterprise).exists()


def _plain_name(name: str) -> str:
    """A name as people misspell it the same way: lower case, letters only, titles dropped."""
    words = "".join(ch if ch.isalpha() or ch.isspace() else " " for ch in name.lower()).split()
    titles = {"h", "hj", "ir", "dr", "drs", "bu", "ibu", "pak", "bapak", "sh", "se", "st", "spd"}
    return " ".join(word for word in words if word not in titles)


def possible_duplicates(batch: Batch, visible: QuerySet[Application] | None = None) -> dict[int, str]:
    """Applications of a batch that may be one person applying twice under two NIKs: the same WhatsApp
    number, or the same owner name (titles and punctuation aside) in the same district. Maps each
    flagged application to the reason, for staff to look at; nothing is refused on this alone."""
    applications = (visible if visible is not None else Application.objects).filter(batch=batch)
    rows = applications.exclude(status=Application.Status.WITHDRAWN).values_list(
        "pk", "person_id", "person__phone", "person__name", "person__address_district_id"
    )
    by_phone: dict[str, set[tuple[int, int]]] = {}
    by_name: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for pk, person_id, phone, name, district in rows.iterator(chunk_size=2000):
        if phone:
            by_phone.setdefault(phone, set()).add((pk, person_id))
        plain = _plain_name(name)
        if plain:
            by_name.setdefault((plain, district or ""), set()).add((pk, person_id))
    flagged: dict[int, str] = {}
    for group, reason in [
        *((g, str(_("nomor WhatsApp sama dengan pendaftar lain"))) for g in by_phone.values()),
        *((g, str(_("nama dan kecamatan pemilik sama dengan pendaftar lain"))) for g in by_name.values()),
    ]:
        if len({person for _pk, person in group}) > 1:
            for pk, _person in group:
                flagged.setdefault(pk, reason)
    return flagged


def applications_by_level(level_ids: list[int]) -> dict[int, int]:
    """How many applications (of any status, withdrawn included) each level has: programs freezes a
    level's eligibility and rubric once it has one (registered in SelectionConfig.ready)."""
    rows = Application.objects.filter(level_id__in=level_ids).values("level_id").annotate(n=Count("id"))
    return {row["level_id"]: row["n"] for row in rows}
