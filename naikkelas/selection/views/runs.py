"""Pages of the selection run: reviews, re-evaluation, preview, run, publication and decisions by hand."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.programs.access import get_batch_for_user
from naikkelas.selection import access, selectors
from naikkelas.selection.forms import OverrideForm, ReviewForm, WithdrawForm
from naikkelas.selection.models import Application
from naikkelas.selection.services import runs


def _user(request: HttpRequest) -> Any:
    return request.user


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = (
        access.reviews_for_user(_user(request))
        .select_related("application__enterprise", "application__batch")
        .order_by("submitted_at", "assigned_at", "id")
    )
    return render(
        request,
        "selection/review_list.html",
        {"page": Paginator(reviews, 25).get_page(request.GET.get("page"))},
    )


@login_required
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The rubric with what each score means; a locked review (results published) is shown read-only and
    says so at the top, before anyone types."""
    review = access.get_review_for_user(_user(request), pk, write=True)
    application = review.application
    criteria = list(application.batch.level.criteria.all())
    locked = runs.review_is_locked(review)
    if locked:
        if request.method == "POST":
            messages.error(request, _("Hasil seleksi sudah diumumkan; penilaian tidak dapat diubah."))
            return redirect("selection:review_form", pk=review.pk)
        given = [
            {
                "label": criterion.label,
                "score": review.scores.get(criterion.key),
                "meaning": dict(criterion.scores).get(review.scores.get(criterion.key, 0), ""),
            }
            for criterion in criteria
        ]
        return render(
            request,
            "selection/review_form.html",
            {"review": review, "application": application, "form": None, "locked": True, "given": given},
        )
    initial = {f"score_{k}": v for k, v in review.scores.items()} | {"comment": review.comment}
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            runs.review_submit(
                reviewer=_user(request),
                review=review,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Penilaian tersimpan."))
            return redirect("selection:review_list")
    return render(
        request, "selection/review_form.html", {"review": review, "application": application, "form": form}
    )


def _action(request: HttpRequest, pk: int, call: Any, success: str) -> HttpResponse:
    batch = get_batch_for_user(_user(request), pk, write=True)  # type: ignore[arg-type]
    try:
        call(batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("selection:batch_detail", pk=batch.pk)


@require_POST
@login_required
def batch_assign_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    count: list[int] = []
    response = _action(
        request,
        pk,
        lambda batch: count.append(runs.reviews_assign(actor=_user(request), batch=batch)),
        _("Penilai ditugaskan."),
    )
    return response


@require_POST
@login_required
def batch_reevaluate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, lambda batch: runs.applications_reevaluate(actor=_user(request), batch=batch),
        _("Syarat semua pendaftar dinilai ulang; jalankan seleksi lagi."),
    )  # fmt: skip


@require_POST
@login_required
def batch_run(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda batch: runs.selection_run(actor=_user(request), batch=batch),
        _("Seleksi dijalankan; periksa hasilnya sebelum diumumkan."),
    )  # type: ignore[arg-type]


@login_required
def batch_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_batch_for_user(_user(request), pk, write=True)  # type: ignore[arg-type]
    try:
        outcome = runs.selection_preview(batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("selection:batch_detail", pk=batch.pk)
    applications = {
        a.pk: a for a in Application.objects.filter(pk__in=outcome.rank).select_related("enterprise")
    }
    label = {
        **dict.fromkeys(outcome.selected, _("terpilih")),
        **dict.fromkeys(outcome.waitlisted, _("daftar tunggu")),
        **dict.fromkeys(outcome.rejected, _("tidak terpilih")),
    }
    ordered = sorted(outcome.rank.items(), key=lambda item: item[1])
    duplicates = selectors.possible_duplicates(batch)
    rows = [
        {"rank": r, "application": applications[i], "outcome": label[i], "quota": i in outcome.quota_blocked,
         "duplicate": duplicates.get(i, "")}
        for i, r in ordered
    ]  # fmt: skip
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "selection/batch_preview.html",
        {"batch": batch, "page": page, "tie_break": runs.scoring.TIE_BREAK_ID},
    )


@login_required
def batch_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; publishing freezes the results and messages every applicant."""
    batch = get_batch_for_user(_user(request), pk, write=True)  # type: ignore[arg-type]
    if request.method == "POST":
        return _action(
            request,
            pk,
            lambda b: runs.selection_publish(actor=_user(request), batch=b),
            _("Hasil seleksi diumumkan; pesan untuk setiap pendaftar sudah diantrekan."),
        )  # type: ignore[arg-type]
    by_status = runs.summary_counts(batch)
    counts = {label: by_status[value] for value, label in Application.Status.choices if value in by_status}
    return render(request, "selection/batch_publish.html", {"batch": batch, "counts": counts})


@login_required
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Manual override (before publishing) or withdrawal (any time), by the organiser's admin."""
    user = _user(request)
    application = access.get_application_for_user(user, pk, write=True)
    override = OverrideForm(request.POST if "override" in request.POST else None)
    withdraw = WithdrawForm(request.POST if "withdraw" in request.POST else None)
    if request.method == "POST":
        try:
            if "override" in request.POST and override.is_valid():
                runs.application_override(actor=user, application=application, **override.cleaned_data)
                messages.success(request, _("Keputusan diubah dan dicatat."))
                return redirect("selection:application_detail", pk=pk)
            if "withdraw" in request.POST and withdraw.is_valid():
                promoted = runs.application_withdraw(
                    actor=user, application=application, reason=withdraw.cleaned_data["reason"]
                )
                messages.success(request, _("Pendaftaran ditarik."))
                if promoted is not None:
                    messages.info(
                        request, _("%(name)s naik dari daftar tunggu.") % {"name": promoted.enterprise.name}
                    )
                return redirect("selection:application_detail", pk=pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "selection/application_decide.html",
        {"application": application, "override": override, "withdraw": withdraw},
    )
