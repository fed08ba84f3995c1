"""The one door to mentoring data: staff see their region's mentors and assignments, a mentor sees their
own mentees, a participant their own mentor."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from naikkelas.accounts.access import EVERYTHING, Scope, require, scope_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.mentoring.models import Consultation, FollowUp, Mentor, MentorAssignment, Visit
from naikkelas.regions.models import Region
from naikkelas.registry.access import enterprises_for_user
from naikkelas.registry.models import Enterprise


def mentored_enterprises(user_id: int) -> QuerySet[Any]:
    """The enterprises a mentor reaches: her active mentees (registered with accounts.access)."""
    return MentorAssignment.objects.filter(mentor__user_id=user_id, ended_at__isnull=True).values_list(
        "enterprise_id", flat=True
    )


def mentors_for_user(user: User) -> QuerySet[Mentor]:
    """Regional staff: their region's mentors; a mentor: her own profile."""
    if not user.is_authenticated:
        return Mentor.objects.none()
    return Mentor.objects.filter(_staff_q(user) | Q(user_id=user.pk))


def assignments_for_user(user: User) -> QuerySet[MentorAssignment]:
    """Admins and viewers: their region; a mentor: their own mentees; a participant: their own."""
    if not user.is_authenticated:
        return MentorAssignment.objects.none()
    own = Q(mentor__user_id=user.pk) | Q(enterprise__owner__user_id=user.pk)
    return MentorAssignment.objects.filter(_staff_q(user) | own)


def mentor_for_user(user: User) -> Mentor | None:
    """The user's own active mentor profile, if they are a mentor."""
    if not user.is_authenticated:
        return None
    return Mentor.objects.filter(user_id=user.pk, active=True).select_related("regency").first()


def require_mentor(user: User) -> Mentor:
    """The user's own active mentor profile; 403 for anyone who is not an active mentor."""
    mentor = mentor_for_user(user)
    require(mentor is not None)
    assert mentor is not None
    return mentor


def can_see_visits(user: User, mentor: Mentor | None) -> bool:
    """Mentors (their own visits) and staff (their region's) have a visit list."""
    return mentor is not None or scope_for_user(user).is_staff


def can_match_graduates(user: User) -> bool:
    """Admins match the graduates of the regencies/cities they administer to mentors."""
    return scope_for_user(user).is_admin


def require_participant_enterprises(user: User) -> QuerySet[Enterprise]:
    """The participant's own enterprises, to open a consultation about; 403 for anyone owning none."""
    enterprises = participant_enterprises(user)
    require(enterprises.exists())
    return enterprises


def _staff_q(user: User, prefix: str = "") -> Q:
    """Rows of the user's region for the regional roles (admins, viewers); a mentor's, trainer's or
    reviewer's membership reaches no region (accounts.access)."""
    return scope_for_user(user).q(prefix)


def _may_write_region(user: User, regency_code: str) -> bool:
    scope = scope_for_user(user)
    if scope.superuser:
        return True
    return any(
        grant.role == Membership.Role.ADMIN
        and (grant.region is None or regency_code.startswith(grant.region.code))
        for grant in scope.grants
    )


def consultations_for_user(user: User) -> QuerySet[Consultation]:
    """A participant: their own; a mentor: their mentees'; staff: their region's."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    own = Q(enterprise__owner__user_id=user.pk) | Q(mentor__user_id=user.pk)
    return Consultation.objects.filter(own | _staff_q(user))


def get_consultation_for_user(user: User, pk: int, *, write: bool = False) -> Consultation:
    """Write (answer, close): the participant, their mentor, or an admin of the region; viewers get 403."""
    consultation = get_object_or_404(
        consultations_for_user(user).select_related("enterprise__owner", "mentor__user"), pk=pk
    )
    if write:
        require(can_write_consultation(user, consultation))
    return consultation


def can_write_consultation(user: User, consultation: Consultation) -> bool:
    """The participant, their mentor and the region's admins answer or close a consultation."""
    if consultation.enterprise.owner.user_id == user.pk:
        return True
    if consultation.mentor is not None and consultation.mentor.user_id == user.pk:
        return True
    return _may_write_region(user, consultation.regency_code)


def can_hand_over(user: User, consultation: Consultation) -> bool:
    """Its mentor hands an open consultation to a colleague; an admin of its region reassigns it."""
    if consultation.status == Consultation.Status.CLOSED:
        return False
    if consultation.mentor is not None and consultation.mentor.user_id == user.pk:
        return True
    return _may_write_region(user, consultation.regency_code)


def require_hand_over(user: User, consultation: Consultation) -> None:
    """403 for anyone who sees the consultation but may not give it to another mentor."""
    require(can_hand_over(user, consultation))


def handover_mentors(user: User, consultation: Consultation) -> list[Mentor]:
    """Whom the consultation may go to: a mentor picks a colleague of the same regency/city; an admin any
    active mentor of the province within her region (the consultation's own regency first)."""
    candidates = (
        Mentor.objects.filter(active=True, province_code=consultation.province_code)
        .exclude(pk=consultation.mentor_id or 0)
        .select_related("user", "regency")
        .order_by("regency_code", "user__first_name", "id")
    )
    if not _may_write_region(user, consultation.regency_code):
        return list(candidates.filter(regency_code=consultation.regency_code))
    mentors = [m for m in candidates if _may_write_region(user, m.regency_code)]
    return sorted(mentors, key=lambda m: m.regency_code != consultation.regency_code)


def can_remind_followups(user: User, regency_code: str) -> bool:
    """An admin of the region reminds its overdue follow-ups in bulk; mentors and viewers do not."""
    return bool(regency_code) and _may_write_region(user, regency_code)


def require_remind_followups(user: User, regency_code: str) -> None:
    require(can_remind_followups(user, regency_code))


def can_correct_followup(user: User, followup: FollowUp) -> bool:
    """The owner (or whoever sent the figures) corrects a typo herself; the time limit is the service's."""
    if not user.is_authenticated:
        return False
    return followup.enterprise.owner.user_id == user.pk or followup.reported_by_id == user.pk


def require_correct_followup(user: User, followup: FollowUp) -> None:
    require(can_correct_followup(user, followup))


def visits_for_user(user: User) -> QuerySet[Visit]:
    if not user.is_authenticated:
        return Visit.objects.none()
    own = Q(mentor__user_id=user.pk) | Q(enterprise__owner__user_id=user.pk)
    return Visit.objects.filter(own | _staff_q(user))


def get_visit_for_user(user: User, pk: int) -> Visit:
    """A visit its mentor, its enterprise's owner or the region's staff may see; 404 for anyone else."""
    return get_object_or_404(visits_for_user(user), pk=pk)


def followups_for_user(user: User) -> QuerySet[FollowUp]:
    """A participant: their own; a mentor: their active mentees'; staff: their region's."""
    if not user.is_authenticated:
        return FollowUp.objects.none()
    mentees = MentorAssignment.objects.filter(mentor__user_id=user.pk, ended_at__isnull=True)
    own = Q(enterprise__owner__user_id=user.pk) | Q(enterprise_id__in=mentees.values("enterprise_id"))
    return FollowUp.objects.filter(own | _staff_q(user))


def get_followup_for_user(user: User, pk: int, *, write: bool = False) -> FollowUp:
    """Write (enter figures, revoke the link): the mentor of the enterprise or an admin of the region."""
    followup = get_object_or_404(
        followups_for_user(user).select_related("enterprise__owner", "program"), pk=pk
    )
    if not write:
        return followup
    if MentorAssignment.objects.filter(
        mentor__user_id=user.pk, enterprise_id=followup.enterprise_id, ended_at__isnull=True
    ).exists():
        return followup
    if _may_write_region(user, followup.regency_code):
        return followup
    raise PermissionDenied


def mentee_for_mentor(mentor: Mentor, enterprise_id: int) -> Enterprise:
    """One of the mentor's active mentees, or 404."""
    return get_object_or_404(
        Enterprise.objects.filter(
            mentor_assignments__mentor=mentor, mentor_assignments__ended_at__isnull=True
        ).select_related("owner"),
        pk=enterprise_id,
    )


def participant_enterprises(user: User) -> QuerySet[Enterprise]:
    """The enterprises a participant owns."""
    if not user.is_authenticated:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(owner__user_id=user.pk)


def get_enterprise_to_consult(user: User, pk: int) -> Enterprise:
    """An enterprise the participant owns, to ask their mentor about. Staff who may see it get 403 (only
    its owner opens a consultation); anyone else 404."""
    enterprise = participant_enterprises(user).filter(pk=pk).first()
    if enterprise is not None:
        return enterprise
    if enterprises_for_user(user).filter(pk=pk).exists():
        raise PermissionDenied
    raise Http404


def get_office_for_mentors(user: User, pk: int) -> Organisation:
    """A regency/city office to register a mentor with: its admins only. Staff whose region holds the
    office get 403; anyone else 404."""
    office = offices_managing_mentors(user).filter(pk=pk).first()
    if office is not None:
        return office
    scope = scope_for_user(user)
    offices = Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE, pk=pk)
    if scope.is_staff and offices.filter(_organisation_region_q(scope)).exists():
        raise PermissionDenied
    raise Http404


def _organisation_region_q(scope: Scope) -> Q:
    """Organisations whose region lies in the scope (any role)."""
    if scope.superuser:
        return EVERYTHING
    combined = Q(pk__in=[])
    for grant in scope.grants:
        if grant.region is None:
            return EVERYTHING
        if grant.region.kind == Region.Kind.PROVINCE:
            combined |= Q(region__province_code=grant.region.code)
        else:
            combined |= Q(region_id=grant.region.regency_code or grant.region.code)
    return combined


def offices_managing_mentors(user: User) -> QuerySet[Organisation]:
    """The regency/city offices whose mentors the user manages (as their admin)."""
    offices = Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE, region__isnull=False)
    if user.is_superuser:
        return offices
    return offices.filter(memberships__user_id=user.pk, memberships__role=Membership.Role.ADMIN).distinct()


def get_mentor_for_user(user: User, pk: int, *, write: bool = False) -> Mentor:
    """Read: staff of the region (the province sees every regency's); write: the regency office's admin."""
    mentor = get_object_or_404(mentors_for_user(user).select_related("user", "regency"), pk=pk)
    if not write:
        return mentor
    if offices_managing_mentors(user).filter(region_id=mentor.regency_code).exists():
        return mentor
    raise PermissionDenied


def followup_entry_via(user: User) -> str:
    """How figures a staff member enters are recorded: by the mentor, or by other staff."""
    return FollowUp.Via.MENTOR if mentor_for_user(user) else FollowUp.Via.STAFF


def regencies_administered_by(user: User) -> list[str]:
    """Codes of the regencies/cities where the user is an admin (for matching)."""
    scope = scope_for_user(user)
    return list(
        Region.objects.filter(kind=Region.Kind.REGENCY)
        .filter(scope.q(roles=[Membership.Role.ADMIN]))
        .values_list("code", flat=True)
    )


def can_see_scorecard(user: User) -> bool:
    """Admins and viewers of a region; a mentor (or a trainer, a reviewer) reaches no region's mentors."""
    return scope_for_user(user).is_regional


def _is_mentor(user: User) -> bool:
    return Membership.Role.MENTOR in scope_for_user(user).roles


def can_see_overview(user: User) -> bool:
    """The mentoring overview, visits and follow-ups: regional staff over their region, a mentor over
    her mentees; a trainer's or reviewer's membership reaches no mentoring."""
    return scope_for_user(user).is_regional or _is_mentor(user)


def can_see_consultations(user: User) -> bool:
    """The consultation list has something for a participant with a business, a mentor, regional staff."""
    if can_see_overview(user):
        return True
    return not scope_for_user(user).is_staff and participant_enterprises(user).exists()


def can_see_mentees(user: User) -> bool:
    """My mentees: a mentor's page."""
    return _is_mentor(user) and mentor_for_user(user) is not None
