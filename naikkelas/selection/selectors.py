"""Reads for the selection pages."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from naikkelas.programs.models import Batch
from naikkelas.selection.models import Application


def batches_open_now() -> QuerySet[Batch]:
    today = timezone.localdate()
    return (
        Batch.objects.filter(opens_on__lte=today, closes_on__gte=today, published_at__isnull=True)
        .select_related("level__program", "organiser")
        .order_by("closes_on", "title")
    )


@dataclass(frozen=True)
class BatchSummary:
    by_status: list[tuple[str, Any, int]]
    by_regency: list[tuple[str, int]]
    failed_rules: list[tuple[str, int]]
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
    return BatchSummary(by_status, by_regency, failed.most_common(), sum(counts.values()))


def batch_applications(batch: Batch, status: str = "") -> QuerySet[Application]:
    queryset = Application.objects.filter(batch=batch).select_related("enterprise", "person", "baseline")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("rank", "-score", "submitted_at", "id")


def applications_by_level(level_ids: list[int]) -> dict[int, int]:
    """How many applications (of any status, withdrawn included) each level has: programs freezes a
    level's eligibility and rubric once it has one (registered in SelectionConfig.ready)."""
    rows = Application.objects.filter(level_id__in=level_ids).values("level_id").annotate(n=Count("id"))
    return {row["level_id"]: row["n"] for row in rows}
