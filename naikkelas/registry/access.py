"""The one door to registry data.

Regional staff (admins, viewers) see persons, enterprises and reports in their organisations' region
subtrees (a person by the address region, an enterprise by where it operates). Relation roles see only
the enterprises tied to them, with their owners and reports: a mentor her mentees, a trainer his
batches' participants, a reviewer her assigned applicants (accounts.access.Scope.related). A
participant sees only their own person and enterprises. Outside the scope an object does not exist
(404); a read-only role writing gets 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from naikkelas.accounts.access import EVERYTHING, NOTHING, require, scope_for_user
from naikkelas.accounts.models import Membership, User
from naikkelas.core import access_log
from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise, ImportJob, MetricReport, Person
from naikkelas.registry.nik import mask_nik

REGISTRY_WRITE_ROLES = frozenset({Membership.Role.ADMIN})
# Mentors record figures for their own mentees (on visits), and only as a mentor visit.
MENTOR_ROLES = frozenset({Membership.Role.MENTOR})
MENTOR_SOURCES = frozenset({MetricReport.Source.MENTOR_VISIT})


def _reached_enterprise_ids(user: User) -> list[int]:
    """For a user without a region: the enterprises tied to them by a relation role, and their own.
    Evaluated as a short list so the reads stay index lookups (see Scope.related_ids)."""
    own = Enterprise.objects.filter(owner__user_id=user.pk).values_list("pk", flat=True)
    return sorted({*scope_for_user(user).related_ids(), *own})


def _enterprises_q(user: User, prefix: str = "") -> Q:
    """Enterprises (at `prefix`) in the user's regions or tied to them by a relation role; for a user
    without a region (a mentor, trainer, reviewer, participant) also their own."""
    scope = scope_for_user(user)
    if scope.superuser:
        return EVERYTHING
    if not user.is_authenticated:
        return NOTHING
    if scope.is_regional:
        return scope.q(prefix) | scope.related(prefix)
    ids = _reached_enterprise_ids(user)
    return Q(**{f"{prefix}pk__in": ids}) if ids else NOTHING


def persons_for_user(user: User) -> QuerySet[Person]:
    """Persons the user may see: living in the scope, owning an enterprise they may see, or themself."""
    scope = scope_for_user(user)
    if scope.superuser:
        return Person.objects.all()
    if not user.is_authenticated:
        return Person.objects.none()
    if scope.is_regional:
        owners = Enterprise.objects.filter(scope.q() | scope.related()).values("owner_id")
        return Person.objects.filter(scope.q() | Q(pk__in=owners))
    ids = _reached_enterprise_ids(user)
    owner_ids = list(Enterprise.objects.filter(pk__in=ids).values_list("owner_id", flat=True)) if ids else []
    return Person.objects.filter(Q(pk__in=owner_ids) | Q(user_id=user.pk))


def enterprises_for_user(user: User) -> QuerySet[Enterprise]:
    """Enterprises the user may see."""
    return Enterprise.objects.filter(_enterprises_q(user))


def metric_reports_for_user(user: User) -> QuerySet[MetricReport]:
    """Metric reports of the enterprises the user may see."""
    return MetricReport.objects.filter(_enterprises_q(user, "enterprise__"))


def districts_writable_by(user: User) -> QuerySet[Region]:
    """The districts where the user may create and change owners and enterprises (as an admin)."""
    scope = scope_for_user(user)
    return Region.objects.filter(kind=Region.Kind.DISTRICT).filter(scope.q(roles=REGISTRY_WRITE_ROLES))


def can_write_registry_in(user: User, district: Region) -> bool:
    """An admin whose scope holds the district may create or change persons and enterprises."""
    return scope_for_user(user).reaches(district, roles=REGISTRY_WRITE_ROLES)


def can_create_in_registry(user: User) -> bool:
    """An admin of some district may register owners and enterprises (in the districts of their scope)."""
    return districts_writable_by(user).exists()


def require_registry_writer(user: User) -> None:
    """403 for those who see the registry but register nobody (viewers, mentors, participants)."""
    require(can_create_in_registry(user))


def require_write_registry_in(user: User, district: Region) -> None:
    """403 for a district outside the user's admin scope (the record itself is in scope or new)."""
    require(can_write_registry_in(user, district))


def is_mentor_of(user: User, enterprise: Enterprise) -> bool:
    """Whether the enterprise is one of the user's active mentees."""
    related = scope_for_user(user).related(roles=MENTOR_ROLES)
    return Enterprise.objects.filter(related, pk=enterprise.pk).exists()


def metric_sources_for(user: User, enterprise: Enterprise) -> frozenset[str]:
    """The sources of figures the user may record or correct for the enterprise: every source for an
    admin of its district, a mentor visit for its mentor, none for anyone else."""
    if can_write_registry_in(user, enterprise.district):
        return frozenset(MetricReport.Source.values)
    if is_mentor_of(user, enterprise):
        return MENTOR_SOURCES
    return frozenset()


def can_write_metrics_for(user: User, enterprise: Enterprise) -> bool:
    """Admins of the enterprise's district and its mentor may record figures for it."""
    return bool(metric_sources_for(user, enterprise))


def require_metric_writer(user: User, enterprise: Enterprise) -> frozenset[str]:
    """The sources the user may record for the enterprise; 403 for someone who records none."""
    sources = metric_sources_for(user, enterprise)
    require(bool(sources))
    return sources


def require_metric_source(user: User, enterprise: Enterprise, source: str) -> None:
    """403 for someone who records no figures for the enterprise; a field error for a source they may
    not use (a mentor records mentor visits only)."""
    allowed = metric_sources_for(user, enterprise)
    if not allowed:
        raise PermissionDenied
    if source not in allowed:
        labels = ", ".join(str(label) for value, label in MetricReport.Source.choices if value in allowed)
        raise ValidationError(
            {
                "source": [
                    _("Anda hanya boleh mencatat angka dengan sumber: %(sources)s.") % {"sources": labels}
                ]
            }
        )


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> Person:
    """A person the user may see (404 otherwise); with write=True, one they may change (403)."""
    person = persons_for_user(user).select_related("address_district", "user").filter(pk=pk).first()
    if person is None:
        raise Http404
    if write and not can_write_registry_in(user, person.address_district):
        raise PermissionDenied
    return person


def get_enterprise_for_user(user: User, pk: int, *, write: bool = False) -> Enterprise:
    """An enterprise the user may see (404 otherwise); with write=True, one they may change."""
    enterprise = (
        enterprises_for_user(user)
        .select_related("owner", "district", "district__parent", "possible_duplicate_of")
        .filter(pk=pk)
        .first()
    )
    if enterprise is None:
        raise Http404
    if write and not can_write_registry_in(user, enterprise.district):
        raise PermissionDenied
    return enterprise


def get_metric_report_for_user(user: User, pk: int, *, write: bool = False) -> MetricReport:
    """A metric report the user may see (404 otherwise); with write=True, one they may change."""
    report = (
        metric_reports_for_user(user)
        .select_related("enterprise", "enterprise__district")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if write and report.source not in metric_sources_for(user, report.enterprise):
        raise PermissionDenied
    return report


def can_view_audit(user: User) -> bool:
    """Admins see the audit trail of the records in their scope."""
    scope = scope_for_user(user)
    return scope.superuser or Membership.Role.ADMIN in scope.roles


def can_see_full_nik(user: User, person: Person) -> bool:
    """The person themself and admins see the whole NIK; everyone else sees it masked."""
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return scope_for_user(user).reaches(person.address_district, roles=REGISTRY_WRITE_ROLES)


def nik_for(request: HttpRequest, person: Person, *, what: str) -> str:
    """The NIK as this request may show it: in full to those who may see it (written to the access log
    unless it is the person's own), masked to everyone else."""
    user: Any = request.user
    if not can_see_full_nik(user, person):
        return mask_nik(person.nik)
    if person.user_id is None or person.user_id != user.pk:
        access_log.note(request, [person.pk], purpose="view", what=what)
    return person.nik


def can_import(user: User) -> bool:
    """Admins import into the districts of their scope."""
    return Membership.Role.ADMIN in scope_for_user(user).roles or scope_for_user(user).superuser


def require_import(user: User) -> None:
    require(can_import(user))


def import_jobs_for_user(user: User) -> QuerySet[ImportJob]:
    """An import is seen by the person who uploaded it."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by_id=user.pk)


def get_import_job_for_user(user: User, pk: int) -> ImportJob:
    job = import_jobs_for_user(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def can_browse_registry(user: User) -> bool:
    """Regional staff (admins, viewers) browse the registry of their region; relation roles and
    participants reach single enterprises through their own pages instead."""
    return scope_for_user(user).is_regional
