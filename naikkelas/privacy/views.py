"""Pages: the participant's own data (copy, withdrawal, deletion); the admins' list of requests."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from naikkelas.accounts.access import require, require_province_admin
from naikkelas.core.formats import long_datetime
from naikkelas.core.forms import add_service_errors
from naikkelas.core.http import attachment
from naikkelas.core.models import AccessLog
from naikkelas.notify.models import ChannelConsent
from naikkelas.notify.services import consent
from naikkelas.privacy import access, services
from naikkelas.privacy.forms import AccessLogFilterForm, ChannelChoicesForm, ConfirmForm, RefuseForm
from naikkelas.privacy.models import DataRequest


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    sections = [(title, len(section_records)) for title, section_records in services.subject_document(person)]
    return render(
        request,
        "privacy/mine.html",
        {
            "person": person,
            "sections": sections,
            "requests": person.data_requests.order_by("-requested_at")[:20],  # type: ignore[attr-defined]
        },
    )


@login_required
def copy(request: HttpRequest) -> HttpResponse:
    """The participant's copy of her data as a document: labelled sections and fields, values in words."""
    person = access.own_person(request.user)
    return render(
        request, "privacy/copy.html", {"person": person, "document": services.subject_document(person)}
    )


@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    person = access.own_person(request.user)
    services.copy_handed_over(person=person, actor=request.user)  # type: ignore[arg-type]
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        return attachment(services.subject_xlsx(person), f"data-saya-{stamp}.xlsx")
    return attachment(services.subject_json(person), f"data-saya-{stamp}.json")


@login_required
def withdraw(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(person=person, actor=request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("Persetujuan ditarik: tindak lanjut dan penampilan kisah Anda sudah dihentikan.")
        )
        return redirect("privacy:mine")
    return render(request, "privacy/withdraw.html", {"form": form, "person": person})


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    """Which channels we may send her reminders, results and follow-up requests on: her choice, changed
    here whenever she likes (recorded with the time and the text version she was shown)."""
    person = access.own_person(request.user)
    form = ChannelChoicesForm(request.POST or None, channels=consent.person_choices(person))
    if request.method == "POST" and form.is_valid() and form.channels_answered():
        written = consent.consents_record(
            person=person, chosen=form.chosen_channels(), offered=form.offered_channels(),
            source=ChannelConsent.Source.DATA_PAGE, actor=request.user,
        )  # fmt: skip
        messages.success(
            request, _("Pilihan Anda tersimpan.") if written else _("Pilihan Anda tidak berubah.")
        )
        return redirect("privacy:mine")
    return render(request, "privacy/channels.html", {"form": form, "person": person})


@login_required
def delete_request(request: HttpRequest) -> HttpResponse:
    person = access.own_person(request.user)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data_request = services.deletion_request(person=person)
        messages.success(
            request,
            _("Permintaan penghapusan diterima; paling lambat %(due)s data Anda dihapus.")
            % {"due": long_datetime(data_request.due_at, get_language() or "id")},
        )
        return redirect("privacy:mine")
    return render(request, "privacy/delete_request.html", {"form": form, "person": person})


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require(access.can_handle_requests(user))
    status = request.GET.get("status", DataRequest.Status.OPEN)
    queryset = access.requests_for_user(user).select_related("person")
    if status in DataRequest.Status.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("due_at", "id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/request_list.html",
        {
            "page": page, "status": status, "statuses": DataRequest.Status.choices, "now": timezone.now(),
            "overdue": services.requests_overdue(access.requests_for_user(user)).count(),
        },
    )  # fmt: skip


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    data_request = access.get_request_for_user(user, pk)
    confirm = ConfirmForm(request.POST if request.POST.get("action") == "complete" else None)
    refuse = RefuseForm(request.POST if request.POST.get("action") == "refuse" else None)
    if request.method == "POST" and data_request.status == DataRequest.Status.OPEN:
        try:
            if request.POST.get("action") == "complete" and confirm.is_valid():
                services.request_complete(request=data_request, actor=user)
                messages.success(request, _("Permintaan dilaksanakan."))
                return redirect("privacy:requests")
            if request.POST.get("action") == "refuse" and refuse.is_valid():
                services.request_refuse(request=data_request, actor=user, note=refuse.cleaned_data["note"])
                messages.success(request, _("Permintaan ditolak; alasannya tercatat."))
                return redirect("privacy:requests")
        except ValidationError as error:
            add_service_errors(refuse if request.POST.get("action") == "refuse" else confirm, error)
    return render(
        request,
        "privacy/request_detail.html",
        {"item": data_request, "confirm": confirm, "refuse": refuse, "now": timezone.now()},
    )


@login_required
def access_log_list(request: HttpRequest) -> HttpResponse:
    """Province admins read the access log: who saw or exported whose data, newest first."""
    user: Any = request.user
    require_province_admin(user)
    form = AccessLogFilterForm(request.GET or None)
    logs = AccessLog.objects.all()
    if form.is_valid():
        if form.cleaned_data["username"]:
            logs = logs.filter(username=form.cleaned_data["username"])
        if form.cleaned_data["since"]:
            logs = logs.filter(at__date__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            logs = logs.filter(at__date__lte=form.cleaned_data["until"])
    page = Paginator(logs.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"page": page, "form": form})
