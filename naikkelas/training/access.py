"""The one door to training data.

A batch's trainers and its organiser's admins see and mark its training; staff in scope may read it;
a participant sees only their own enrolment. Outside: 404; reading but not marking: 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.models import User
from naikkelas.programs.access import batches_for_user, can_manage
from naikkelas.programs.models import Batch
from naikkelas.training.models import (
    Assignment,
    BatchTrainer,
    Certificate,
    Enrolment,
    Submission,
    SubmissionFile,
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


def enrolments_for_user(user: User) -> QuerySet[Enrolment]:
    """Enrolments the user may see: of their batches, or their own."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        Q(batch__in=training_batches_for_user(user)) | Q(application__person__user_id=user.pk)
    )


def submissions_for_user(user: User) -> QuerySet[Submission]:
    """Submissions of the batches the user trains or has in scope, and the participant's own."""
    return Submission.objects.filter(enrolment__in=enrolments_for_user(user))


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
    stored = SubmissionFile.objects.filter(pk=pk, submission__in=submissions_for_user(user)).first()
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
    return Certificate.objects.filter(enrolment__in=enrolments_for_user(user))
