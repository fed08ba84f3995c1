"""The one door to training data.

A batch's trainers and its organiser's admins see and mark its training. Who sees which participants
(enrolments, attendance, submissions, certificates), in one condition, participants_q:
- a batch's trainers: every participant of that batch;
- regional staff (admins, viewers) whose region holds the batch's organiser: every participant;
- regional staff looking at another tier's batch (a regency admin at a province batch, to nominate
  upward): only the participants from their own region, as selection shows its applications;
- a mentor: her mentees' own records, wherever they trained;
- a participant: their own.
Outside: 404; reading but not marking: 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.access import EVERYTHING, organisations_managed_by, require, scope_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.programs.access import batches_for_user, can_manage, sees_whole_batch
from naikkelas.programs.models import Batch
from naikkelas.training.models import (
    Assignment,
    Attendance,
    BatchTrainer,
    Certificate,
    Enrolment,
    Submission,
    SubmissionFile,
)


def trained_enterprises(user_id: int) -> QuerySet[Any]:
    """The enterprises a trainer reaches: the participants of the batches he trains (accounts.access)."""
    return Enrolment.objects.filter(batch__trainers__user_id=user_id).values_list(
        "application__enterprise_id", flat=True
    )


def is_trainer(user: User, batch: Batch) -> bool:
    return user.is_authenticated and BatchTrainer.objects.filter(batch=batch, user=user).exists()


def can_mark(user: User, batch: Batch) -> bool:
    """The batch's trainers and the organiser's admins mark attendance; nobody else."""
    return is_trainer(user, batch) or can_manage(user, batch.organiser)


def training_batches_for_user(user: User) -> QuerySet[Batch]:
    """Batches in the user's scope, and those they train."""
    if not user.is_authenticated:
        return Batch.objects.none()
    return Batch.objects.filter(
        Q(pk__in=batches_for_user(user).values("pk")) | Q(trainers__user=user)
    ).distinct()


def get_training_batch_for_user(user: User, pk: int, *, write: bool = False) -> Batch:
    batch = (
        training_batches_for_user(user).select_related("level__program", "organiser").filter(pk=pk).first()
    )
    if batch is None:
        raise Http404
    if write and not can_mark(user, batch):
        raise PermissionDenied
    return batch


def participants_q(user: User, prefix: str = "") -> Q:
    """Enrolments (at `prefix`) whose participant the user may see; see the module docstring."""
    scope = scope_for_user(user)
    if scope.superuser:
        return EVERYTHING
    if not user.is_authenticated:
        return Q(pk__in=[])
    trains = BatchTrainer.objects.filter(user_id=user.pk).values("batch_id")
    return (
        Q(**{f"{prefix}batch_id__in": trains})
        | scope.q(f"{prefix}batch__")
        | scope.q(f"{prefix}application__")
        | scope.related(f"{prefix}application__enterprise__", roles=[Membership.Role.MENTOR])
        | Q(**{f"{prefix}application__person__user_id": user.pk})
    )


def sees_every_participant(user: User, batch: Batch) -> bool:
    """Whether the user sees the whole roster of the batch, or only their own region's people in it."""
    return is_trainer(user, batch) or sees_whole_batch(user, batch)


def enrolments_for_user(user: User) -> QuerySet[Enrolment]:
    """Enrolments the user may see."""
    return Enrolment.objects.filter(participants_q(user))


def attendance_for_user(user: User) -> QuerySet[Attendance]:
    """Attendance marks of the enrolments the user may see."""
    return Attendance.objects.filter(participants_q(user, "enrolment__"))


def submissions_for_user(user: User) -> QuerySet[Submission]:
    """Submissions of the enrolments the user may see."""
    return Submission.objects.filter(participants_q(user, "enrolment__"))


def get_submission_for_user(user: User, pk: int, *, write: bool = False) -> Submission:
    """A submission the user may see (404); write=True (grading) needs the batch's trainer or admin (403)."""
    submission = (
        submissions_for_user(user)
        .select_related(
            "assignment__batch__organiser",
            "enrolment__application__person",
            "enrolment__application__enterprise",
        )
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    if write and not can_mark(user, submission.assignment.batch):
        raise PermissionDenied
    return submission


def get_submission_file_for_user(user: User, pk: int) -> SubmissionFile:
    stored = SubmissionFile.objects.filter(participants_q(user, "submission__enrolment__"), pk=pk).first()
    if stored is None:
        raise Http404
    return stored


def get_participant_assignment(user: User, pk: int) -> tuple[Assignment, Enrolment]:
    """An assignment of the batch the user is enrolled in, with their enrolment, to submit to; staff who
    may see the batch get 403 (only its participants submit), anyone else 404."""
    enrolment = Enrolment.objects.filter(application__person__user_id=user.pk, batch__assignments=pk).first()
    if user.is_authenticated and enrolment is not None:
        return Assignment.objects.get(pk=pk), enrolment
    assignment = Assignment.objects.filter(pk=pk).only("batch_id").first()
    if assignment is None:
        raise Http404
    get_training_batch_for_user(user, assignment.batch_id)  # 404 outside the user's batches
    raise PermissionDenied


def certificates_for_user(user: User) -> QuerySet[Certificate]:
    """Certificates of the enrolments the user may see."""
    return Certificate.objects.filter(participants_q(user, "enrolment__"))


def certificate_style_offices(user: User) -> QuerySet[Any]:
    """The offices whose certificate look (logo, signatory) the user sets: those they administer."""
    from naikkelas.programs.access import organisations_managed_by

    return organisations_managed_by(user).order_by("name")


def can_style_certificates(user: User) -> bool:
    return user.is_authenticated and certificate_style_offices(user).exists()


def trained_batches_for_user(user: User) -> QuerySet[Batch]:
    """The batches the user trains (his own list, not his region's)."""
    if not user.is_authenticated:
        return Batch.objects.none()
    return Batch.objects.filter(trainers__user_id=user.pk).distinct()


def own_enrolments(user: User) -> QuerySet[Enrolment]:
    """The participant's own enrolments, every level. One's own are always among those one may see
    (`participants_q`), so the scope is not asked: the menu asks this on every page."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(application__person__user_id=user.pk)


def has_own_training(user: User) -> bool:
    """Whether "my training" has anything: batches the user trains or took part in (training:mine).
    Asked on every page (the menu): a regional staff member who trains nothing costs no query."""
    scope = scope_for_user(user)
    if Membership.Role.TRAINER in scope.roles and trained_batches_for_user(user).exists():
        return True
    return not scope.is_regional and own_enrolments(user).exists()


def can_issue_certificates(user: User, batch: Batch) -> bool:
    """The organiser's admins issue a batch's certificates; its trainers and viewers only look."""
    return can_manage(user, batch.organiser)


def require_issue_certificates(user: User, batch: Batch) -> None:
    """403 for anyone who sees the batch but may not issue its certificates."""
    if not can_issue_certificates(user, batch):
        raise PermissionDenied


HISTORY_OFFICE_KINDS = (Organisation.Kind.PROVINCE_CENTRE, Organisation.Kind.REGENCY_OFFICE)


def history_offices_for_user(user: User) -> list[Organisation]:
    """The offices whose past batches the user may import, one per region: those she manages as an admin
    (a province admin her centre and every office of the province, a regency/city admin her own office);
    where a region has two, her own, else the first."""
    administered = scope_for_user(user).administered_ids
    managed = organisations_managed_by(user).filter(kind__in=HISTORY_OFFICE_KINDS).order_by("pk")
    by_region: dict[str, Organisation] = {}
    for office in sorted(managed, key=lambda o: (o.pk not in administered, o.pk)):
        by_region.setdefault(office.region.code if office.region else "", office)
    return sorted(by_region.values(), key=lambda o: o.region.code if o.region else "")


def own_office_for_history(user: User) -> Organisation | None:
    """The office a history row without an organiser belongs to: the user's own (as its admin)."""
    administered = scope_for_user(user).administered_ids
    return next((o for o in history_offices_for_user(user) if o.pk in administered), None)


def can_import_history(user: User) -> bool:
    """Admins of an office import its past batches (a province admin also its regencies')."""
    return bool(history_offices_for_user(user))


def require_import_history(user: User) -> None:
    require(can_import_history(user))
