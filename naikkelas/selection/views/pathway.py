"""Pages for graduations and nominations of a batch."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naikkelas.programs.access import get_batch_for_user
from naikkelas.selection.models import Application, Graduation
from naikkelas.selection.services import pathway


@login_required
def batch_pathway(request: HttpRequest, pk: int) -> HttpResponse:
    """Record graduations of a batch and nominate graduates to the province's next level."""
    user: Any = request.user
    batch = get_batch_for_user(user, pk, write=True)
    selected = list(
        Application.objects.filter(batch=batch, status=Application.Status.SELECTED)
        .select_related("enterprise", "person")
        .order_by("rank", "id")
    )
    graduated = set(
        Graduation.objects.filter(
            level=batch.level, enterprise__in=[a.enterprise for a in selected]
        ).values_list("enterprise_id", flat=True)
    )
    targets = pathway.nomination_targets(batch.organiser, batch)
    if request.method == "POST":
        chosen = [a for a in selected if str(a.pk) in request.POST.getlist("application")]
        if "nominate_all" in request.POST:
            chosen = pathway.nomination_candidates(batch)
        try:
            if not chosen:
                raise ValidationError(
                    _("Tidak ada lulusan yang dipilih atau yang masih dapat dinominasikan.")
                )
            if "nominate" in request.POST or "nominate_all" in request.POST:
                target = next((t for t in targets if str(t.pk) == request.POST.get("to_batch")), None)
                if target is None:
                    raise ValidationError(_("Pilih angkatan tujuan."))
                created = pathway.nominate(
                    actor=user,
                    organisation=batch.organiser,
                    from_batch=batch,
                    to_batch=target,
                    applications=chosen,
                )
                messages.success(
                    request,
                    _("%(count)s lulusan dinominasikan ke %(batch)s.")
                    % {"count": len(created), "batch": target.title},
                )
            return redirect("selection:batch_pathway", pk=batch.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    nominated = set(
        Application.objects.filter(
            level__program_id=batch.level.program_id,
            level__rank=batch.level.rank + 1,
            nominated_by=batch.organiser,
        )
        .exclude(status=Application.Status.WITHDRAWN)
        .values_list("enterprise_id", flat=True)
    )
    rows = [
        {
            "application": a,
            "graduated": a.enterprise_id in graduated,
            "nominated": a.enterprise_id in nominated,
        }
        for a in selected
    ]
    candidates = len(pathway.nomination_candidates(batch))
    return render(
        request,
        "selection/batch_pathway.html",
        {"batch": batch, "rows": rows, "targets": targets, "candidates": candidates},
    )
