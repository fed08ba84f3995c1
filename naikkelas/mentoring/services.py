"""Writes of the mentoring step: mentors and matching graduates to them.

Capacity is guarded by locking the mentor's row (SELECT … FOR UPDATE) before counting their active
mentees, so two matchings at the same moment can never give a mentor more than their capacity.
"""

import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import membership_grant
from naikkelas.core.audit import audit_record, audit_record_many, diff, snapshot
from naikkelas.mentoring import matching
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise
from naikkelas.selection.models import Graduation


def mentor_create(
    *, actor: User | None, user: User, regency: Region, sectors: list[str], capacity: int
) -> Mentor:
    """Register a mentor based in a regency/city."""
    if regency.kind != Region.Kind.REGENCY:
        raise ValidationError({"regency": [_("Pilih kabupaten/kota.")]})
    mentor = Mentor(user=user, regency=regency, sectors=sectors, capacity=capacity,
                    province_code=regency.province_code, regency_code=regency.code)  # fmt: skip
    mentor.full_clean()
    with transaction.atomic():
        mentor.save()
        audit_record(actor=actor, action="create", instance=mentor, changes=snapshot(mentor))
    return mentor


def mentor_account_create(
    *,
    actor: User | None,
    office: Organisation,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    sectors: list[str],
    capacity: int,
) -> tuple[Mentor, str]:
    """A new mentor of a regency/city office: an account (with a one-time password to hand over), the
    mentor role in the office, and the profile. Returns the mentor and the temporary password."""
    region = office.region
    if region is None or office.kind != Organisation.Kind.REGENCY_OFFICE:
        raise ValidationError(_("Pendamping terdaftar pada dinas kabupaten/kota."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("Nama pengguna %(name)s sudah dipakai.") % {"name": username}]})
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        membership_grant(user=user, organisation=office, role=Membership.Role.MENTOR)
        mentor = mentor_create(actor=actor, user=user, regency=region, sectors=sectors, capacity=capacity)
    return mentor, password


def mentor_update(
    *, actor: User | None, mentor: Mentor, sectors: list[str], capacity: int, active: bool
) -> Mentor:
    """Change a mentor's sectors, capacity or active flag; never below their active mentees."""
    load = MentorAssignment.objects.filter(mentor=mentor, ended_at__isnull=True).count()
    if capacity < load:
        raise ValidationError(
            {"capacity": [_("Kapasitas tidak boleh di bawah jumlah dampingan aktif (%(n)s).") % {"n": load}]}
        )
    if not active and load:
        raise ValidationError(
            {"active": [_("Pindahkan dulu %(n)s dampingan ke pendamping lain.") % {"n": load}]}
        )
    before = snapshot(mentor)
    mentor.sectors, mentor.capacity, mentor.active = sectors, capacity, active
    mentor.full_clean()
    changes = diff(before, snapshot(mentor))
    if changes:
        with transaction.atomic():
            mentor.save(update_fields=["sectors", "capacity", "active"])
            audit_record(actor=actor, action="update", instance=mentor, changes=changes)
    return mentor


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
            candidates = [
                matching.Candidate(m.pk, frozenset(m.sectors), loads[m.pk], m.capacity) for m in mentors
            ]
            chosen = matching.choose(candidates, enterprise.sector)
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
