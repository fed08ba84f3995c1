"""Assignment pages: the participant submits from a phone; the trainer sees the grid and grades."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from naikkelas.core.forms import add_service_errors
from naikkelas.core.uploads import MAX_BYTES, upload_response
from naikkelas.training import access
from naikkelas.training.forms import GradeForm
from naikkelas.training.models import Enrolment, Submission
from naikkelas.training.services import assignments


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def assignment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assignment, enrolment = access.get_participant_assignment(user, pk)
    submission = (
        Submission.objects.filter(assignment=assignment, enrolment=enrolment)
        .prefetch_related("files")
        .first()
    )
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        uploads = [assignments.Upload(f.name or _("berkas"), f) for f in request.FILES.getlist("files")]
        figures = {field["key"]: request.POST.get(field["key"], "") for field in assignment.figure_fields}
        try:
            assignments.submission_save(
                actor=user,
                assignment=assignment,
                text=request.POST.get("text", ""),
                figures=figures,
                uploads=uploads,
            )
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        else:
            messages.success(request, _("Tugas terkirim."))
            return redirect("training:mine")
    return render(
        request,
        "training/assignment_submit.html",
        {
            "assignment": assignment,
            "submission": submission,
            "errors": errors,
            "values": request.POST,
            "max_mb": MAX_BYTES // 2**20,
        },
    )


@login_required
def batch_grid(request: HttpRequest, pk: int) -> HttpResponse:
    """Who submitted what: one row per participant, one column per assignment."""
    user = _user(request)
    batch = access.get_training_batch_for_user(user, pk)
    tasks = list(batch.assignments.order_by("due_on", "id"))
    enrolments = list(
        access.enrolments_for_user(user)
        .filter(batch=batch, status=Enrolment.Status.ACTIVE)
        .select_related("application__person", "application__enterprise")
        .order_by("application__person__name", "id")
    )
    cells = {
        (s.enrolment_id, s.assignment_id): s
        for s in access.submissions_for_user(user)
        .filter(assignment__batch=batch)
        .select_related("assignment")
    }
    rows = [{"enrolment": e, "cells": [cells.get((e.pk, t.pk)) for t in tasks]} for e in enrolments]
    return render(
        request,
        "training/grid.html",
        {
            "batch": batch,
            "tasks": tasks,
            "rows": rows,
            "can_grade": access.can_mark(user, batch),
            "whole_roster": access.sees_every_participant(user, batch),
        },
    )


def _next_ungraded(user: Any, submission: Submission) -> Submission | None:
    """The next submission of the same batch waiting for a grade, in the grid's order (task, then name)."""
    waiting = (
        access.submissions_for_user(user)
        .filter(assignment__batch_id=submission.assignment.batch_id, status=Submission.Status.SUBMITTED)
        .exclude(pk=submission.pk)
        .order_by("assignment__due_on", "assignment_id", "enrolment__application__person__name", "id")
    )
    return waiting.first()


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's work (text, figures under their labels, photos and PDFs inline) and the grade;
    saving goes on to the next ungraded submission."""
    user = _user(request)
    submission = access.get_submission_for_user(user, pk)
    can_grade = access.can_mark(user, submission.assignment.batch)
    form = GradeForm(
        request.POST or None,
        initial={"status": submission.status, "score": submission.score, "feedback": submission.feedback},
    )
    if request.method == "POST":
        access.get_submission_for_user(user, pk, write=True)
        if form.is_valid():
            try:
                assignments.submission_grade(actor=user, submission=submission, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                following = _next_ungraded(user, submission)
                if following is not None:
                    messages.success(
                        request, _("Nilai tersimpan. Berikut jawaban berikutnya yang belum dinilai.")
                    )
                    return redirect("training:submission", pk=following.pk)
                messages.success(request, _("Nilai tersimpan. Semua jawaban angkatan ini sudah dinilai."))
                return redirect("training:grid", pk=submission.assignment.batch_id)
    files = list(submission.files.all())
    return render(
        request,
        "training/submission.html",
        {
            "submission": submission,
            "photos": [f for f in files if f.content_type.startswith("image/")],
            "pdfs": [f for f in files if f.content_type == "application/pdf"],
            "others": [
                f
                for f in files
                if not f.content_type.startswith("image/") and f.content_type != "application/pdf"
            ],
            "next_ungraded": _next_ungraded(user, submission) if can_grade else None,
            "form": form if can_grade else None,
            # The assignment's own labels ("Biaya per unit (Rp)"), not the stored keys.
            "figures": [
                (field["label"], submission.figures.get(field["key"]))
                for field in submission.assignment.figure_fields
                if field["key"] in submission.figures
            ],
        },
    )


@xframe_options_sameorigin
@csp_override({**settings.SECURE_CSP, "frame-ancestors": ["'self'"]})
@login_required
def submission_file(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served only to people allowed to see the submission. A PDF is an attachment, except
    `?lihat=1`, which the submission page's frame (this site only) asks for to show it inline."""
    stored = access.get_submission_file_for_user(_user(request), pk)
    inline_pdf = request.GET.get("lihat") == "1"
    return upload_response(
        stored.file, stem=f"tugas-{stored.submission_id}-{stored.pk}", inline_pdf=inline_pdf
    )
