"""Matching graduates to mentors: the pure choice, and the writes that assign and reassign.

Choosing a mentor is pure: a mentor of the graduate's own regency/city with free capacity, preferring
one whose sectors include the enterprise's, then the lightest load, then the lowest id.

Capacity is guarded by locking the mentor's row (SELECT … FOR UPDATE) before counting their active
mentees, so two matchings at the same moment can never give a mentor more than their capacity.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record, audit_record_many
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.registry.models import Enterprise
from naikkelas.selection.models import Graduation


@dataclass(frozen=True)
class Candidate:
    id: int
    sectors: frozenset[str]
    load: int
    capacity: int


def choose(candidates: Iterable[Candidate], sector: str) -> Candidate | None:
    free = [c for c in candidates if c.load < c.capacity]
    if not free:
        return None
    return min(free, key=lambda c: (sector not in c.sectors, c.load, c.id))


def _load(mentor_ids: list[int]) -> Counter[int]:
    return Counter(
        MentorAssignment.objects.filter(mentor_id__in=mentor_ids, ended_at__isnull=True).values_list(
            "mentor_id", flat=True
        )
    )


def assign(*, actor: User | None, enterprise: Enterprise, mentor: Mentor) -> MentorAssignment:
    """Give an enterprise this mentor; refused when the mentor is full (checked under a row lock)."""
    with transaction.atomic():
        locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
        active = MentorAssignment.objects.filter(mentor=locked, ended_at__isnull=True).count()
        if not locked.active or active >= locked.capacity:
            raise ValidationError(_("Pendamping %(name)s sudah penuh.") % {"name": locked})
        if MentorAssignment.objects.filter(enterprise=enterprise, ended_at__isnull=True).exists():
            raise ValidationError(_("%(name)s sudah memiliki pendamping.") % {"name": enterprise.name})
        assignment = MentorAssignment.objects.create(
            mentor=locked, enterprise=enterprise, province_code=enterprise.province_code,
            regency_code=enterprise.regency_code,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="create",
            instance=assignment,
            changes={"mentor": locked.pk, "enterprise": enterprise.pk},
        )
    return assignment


@dataclass
class MatchReport:
    assigned: int = 0
    gaps: Counter[str] = field(default_factory=Counter)  # regency code → graduates left without a mentor


def graduates_match(*, actor: User | None, regency_codes: list[str] | None = None) -> MatchReport:
    """Match every graduate without a mentor to a mentor of their own regency/city with free capacity;
    a regency without a free mentor is reported as a gap, never silently skipped.

    One transaction per regency/city: its mentors' rows are locked (in id order, so two matchings
    cannot deadlock), loads counted under the lock, the choices made in memory and written at once —
    the same guarantee as `assign`, at one commit per regency instead of one per graduate."""
    report = MatchReport()
    graduates = (
        Enterprise.objects.filter(pk__in=Graduation.objects.values("enterprise_id"))
        # (not `exclude(mentor_assignments__ended_at__isnull=True)`: with no assignment at all that
        # condition is true through the outer join and would drop exactly the unmatched graduates)
        .exclude(pk__in=MentorAssignment.objects.filter(ended_at__isnull=True).values("enterprise_id"))
        .order_by("regency_code", "id")
        .only("id", "name", "sector", "province_code", "regency_code")
    )
    if regency_codes is not None:
        graduates = graduates.filter(regency_code__in=regency_codes)
    by_regency: dict[str, list[Enterprise]] = {}
    for enterprise in graduates.distinct():
        by_regency.setdefault(enterprise.regency_code, []).append(enterprise)
    for code, enterprises in by_regency.items():
        assigned = _match_regency(actor, code, enterprises, report)
        report.assigned += assigned
    return report


def _match_regency(actor: User | None, code: str, enterprises: list[Enterprise], report: MatchReport) -> int:
    with transaction.atomic():
        mentors = list(
            Mentor.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(active=True, regency_code=code)
            .order_by("id")
        )
        loads = _load([m.pk for m in mentors])
        taken = set(
            MentorAssignment.objects.filter(
                enterprise_id__in=[e.pk for e in enterprises], ended_at__isnull=True
            ).values_list("enterprise_id", flat=True)
        )
        by_id = {m.pk: m for m in mentors}
        new: list[MentorAssignment] = []
        for enterprise in enterprises:
            if enterprise.pk in taken:
                continue
            candidates = [Candidate(m.pk, frozenset(m.sectors), loads[m.pk], m.capacity) for m in mentors]
            chosen = choose(candidates, enterprise.sector)
            if chosen is None:
                report.gaps[code] += 1
                continue
            loads[chosen.id] += 1
            new.append(
                MentorAssignment(
                    mentor=by_id[chosen.id], enterprise=enterprise, province_code=enterprise.province_code,
                    regency_code=enterprise.regency_code,
                )
            )  # fmt: skip
        MentorAssignment.objects.bulk_create(new, batch_size=1000)
        audit_record_many(
            actor=actor, action="create",
            changes_by_instance=[(a, {"mentor": a.mentor_id, "enterprise": a.enterprise_id}) for a in new],
        )  # fmt: skip
    return len(new)


def reassign(
    *, actor: User | None, assignment: MentorAssignment, mentor: Mentor, reason: str
) -> MentorAssignment:
    """Move an enterprise to another mentor, with a reason; the old assignment ends."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Tuliskan alasan pemindahan.")]})
    if mentor.pk == assignment.mentor_id:
        raise ValidationError({"mentor": [_("Pilih pendamping lain.")]})
    if mentor.regency_code != assignment.regency_code:
        raise ValidationError({"mentor": [_("Pendamping harus dari kabupaten/kota yang sama.")]})
    with transaction.atomic():
        assignment.ended_at = timezone.now()
        assignment.ended_reason = reason.strip()
        assignment.save(update_fields=["ended_at", "ended_reason"])
        audit_record(
            actor=actor, action="update", instance=assignment, changes={"ended_reason": reason.strip()}
        )
        return assign(actor=actor, enterprise=assignment.enterprise, mentor=mentor)
