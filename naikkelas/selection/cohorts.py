"""Who belongs to a program's measured groups: one definition, read by the follow-up schedule (mentoring)
and by the cohort reports and impact designs (outcomes), so the people asked for figures are the people
counted.

- A **participant** was offered a seat at a level of the program: selected (whether they then graduated,
  dropped out or are still in training), or withdrew after their score had reached the batch's cutoff
  (the last selected score). A graduation recorded by hand, without an application, also makes one.
- A **comparison member** is a ranked, eligible applicant who was not offered a seat (rejected or
  waitlisted), agreed to be asked for figures later, and was never selected anywhere in that program.
- Each enterprise counts once, at its **entry**: the lowest level it was measured at (then the earliest
  batch). Its clock starts at the end of that batch, for both groups alike, so the k-month figures of a
  participant and of a comparison member describe the same calendar months.
- Withdrawing consent stops all contact at once (`contactable`); figures given before stay in the
  reports, as they were lawfully given, until a deletion request anonymises the person."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from naikkelas.registry.models import Enterprise
from naikkelas.selection.graduations import graduations_in_program
from naikkelas.selection.models import Application

PARTICIPANT, COMPARISON = "participant", "comparison"
COMPARISON_STATUSES = (Application.Status.REJECTED, Application.Status.WAITLISTED)
OFFER_STATUSES = (Application.Status.SELECTED, Application.Status.WITHDRAWN)
RANKED_STATUSES = (*OFFER_STATUSES, *COMPARISON_STATUSES)


@dataclass(frozen=True)
class Measured:
    """One enterprise of a program's measured groups, at its entry application (None: a graduation
    recorded by hand), with the batch's cutoff and the extra values the caller asked for."""

    enterprise_id: int
    group: str  # PARTICIPANT or COMPARISON
    anchor: date  # the end of the entry batch (the graduation date without an application)
    province_code: str
    regency_code: str
    application_id: int | None = None
    batch_id: int | None = None
    rank: int = 0  # the entry level's rank
    program_id: int = 0
    consent: bool = False
    score: float | None = None
    cutoff: float | None = None
    extra: tuple[Any, ...] = ()

    @property
    def offered(self) -> bool:
        return self.group == PARTICIPANT


def _selected_in_program() -> Exists:
    return Exists(
        Application.objects.filter(
            enterprise_id=OuterRef("enterprise_id"),
            level__program_id=OuterRef("level__program_id"),
            status=Application.Status.SELECTED,
        )
    )


def comparison_applications(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Narrow applications to those of comparison members (before the entry is chosen)."""
    # NOT EXISTS (an anti-join), never NOT IN (…): PostgreSQL ran NOT IN for 27 minutes at 1,000,000.
    return applications.filter(followup_consent=True, status__in=COMPARISON_STATUSES).filter(
        ~_selected_in_program()
    )


def batch_cutoffs(batch_ids: set[int]) -> dict[int, float]:
    """Each batch's cutoff: its last (lowest) selected score, over the whole batch whoever asks."""
    cutoffs: dict[int, float] = {}
    for batch_id, score in Application.objects.filter(
        batch_id__in=batch_ids, status=Application.Status.SELECTED, score__isnull=False
    ).values_list("batch_id", "score"):
        cutoffs[batch_id] = min(cutoffs.get(batch_id, float("inf")), float(score or 0))
    return cutoffs


def measured_applicants(
    applications: QuerySet[Application], *, extra: tuple[str, ...] = ()
) -> list[Measured]:
    """The participants and comparison members among the given applications, once per enterprise at its
    entry; `extra` names further values of each entry application to carry along (`Measured.extra`)."""
    fields = (
        "id", "enterprise_id", "batch_id", "level__rank", "level__program_id", "status", "followup_consent",
        "batch__end_date", "score", "enterprise__province_code", "enterprise__regency_code", "selected_in_program",
    )  # fmt: skip
    rows = list(
        applications.filter(status__in=RANKED_STATUSES)
        .annotate(selected_in_program=_selected_in_program())
        .values_list(*fields, *extra)
    )
    cutoffs = batch_cutoffs({row[2] for row in rows})
    entries: dict[int, Measured] = {}
    for (pk, enterprise_id, batch_id, rank, program_id, status, consent, end, score, province, regency,
         selected_in_program, *values) in rows:  # fmt: skip
        value = None if score is None else float(score)
        cutoff = cutoffs.get(batch_id)
        withdrew_after_offer = (
            status == Application.Status.WITHDRAWN
            and value is not None
            and cutoff is not None
            and value >= cutoff
        )
        if status == Application.Status.SELECTED or withdrew_after_offer:
            group = PARTICIPANT
        elif status in COMPARISON_STATUSES and consent and not selected_in_program:
            group = COMPARISON
        else:
            continue  # withdrew before any offer, did not consent, or was selected elsewhere in the program
        current = entries.get(enterprise_id)
        if current is not None and (current.rank, current.anchor, current.batch_id or 0) <= (
            rank,
            end,
            batch_id,
        ):
            continue
        entries[enterprise_id] = Measured(
            enterprise_id, group, end, province, regency, application_id=pk, batch_id=batch_id, rank=rank,
            program_id=program_id, consent=consent, score=value, cutoff=cutoff, extra=tuple(values),
        )  # fmt: skip
    return list(entries.values())


def program_members(program_id: int) -> list[Measured]:
    """Everyone owed follow-ups in a program: its measured applicants, and the graduates recorded by hand
    without an application (participants from their latest graduation)."""
    members = {
        m.enterprise_id: m
        for m in measured_applicants(Application.objects.filter(level__program_id=program_id))
    }
    offered = set(
        Application.objects.filter(level__program_id=program_id, status__in=OFFER_STATUSES).values_list(
            "enterprise_id", flat=True
        )
    )
    facts = [fact for fact in graduations_in_program(program_id) if fact.enterprise_id not in offered]
    regions = {
        pk: (province, regency)
        for pk, province, regency in Enterprise.objects.filter(
            pk__in={fact.enterprise_id for fact in facts}
        ).values_list("pk", "province_code", "regency_code")
    }
    for fact in facts:
        enterprise_id, graduated_on, rank = fact.enterprise_id, fact.graduated_on, fact.rank
        province, regency = regions[enterprise_id]
        current = members.get(enterprise_id)
        if (
            current is None
            or (current.group == COMPARISON)
            or (current.application_id is None and graduated_on > current.anchor)
        ):
            members[enterprise_id] = Measured(
                enterprise_id, PARTICIPANT, graduated_on, province, regency, rank=rank, program_id=program_id
            )
    return list(members.values())


def contactable(queryset: QuerySet, enterprise_prefix: str = "enterprise__") -> QuerySet:  # type: ignore[type-arg]
    """Rows whose enterprise's owner has not withdrawn consent: the only ones we may ask for anything."""
    return queryset.filter(**{f"{enterprise_prefix}owner__consent_withdrawn_at__isnull": True})


def withdrawn_enterprises() -> set[int]:
    """The enterprises whose owner withdrew consent (few: read once, not per row)."""
    return set(
        Enterprise.objects.filter(owner__consent_withdrawn_at__isnull=False).values_list("pk", flat=True)
    )
