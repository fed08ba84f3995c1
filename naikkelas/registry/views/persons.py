"""Owner (person) pages: the list, an owner's page, the form and deletion."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.core.audit import audit_for
from naikkelas.core.forms import add_service_errors
from naikkelas.registry import access, selectors
from naikkelas.registry.forms import PersonForm
from naikkelas.registry.models import Person
from naikkelas.registry.services import persons


def _page(request: HttpRequest, queryset: Any) -> Any:
    paginator = Paginator(queryset, settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    q = request.GET.get("q", "")
    page = _page(request, selectors.person_list(user, q))
    return render(
        request,
        "registry/person_list.html",
        {"page": page, "q": q, "can_create": access.districts_writable_by(user).exists()},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = access.get_person_for_user(user, pk)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "nik": access.nik_for(request, person, what="person_detail"),
            "enterprises": access.enterprises_for_user(user).filter(owner=person).select_related("district"),
            "can_write": access.can_write_registry_in(user, person.address_district),
            "audit": audit_for(person)[:50] if access.can_view_audit(user) else None,
        },
    )


def _person_form_view(request: HttpRequest, person: Person | None) -> HttpResponse:
    user: Any = request.user
    districts = access.districts_writable_by(user)
    form = PersonForm(request.POST or None, instance=person, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if person is None:
                person = persons.person_create(actor=user, **data)
            else:
                person.refresh_from_db()
                persons.person_update(actor=user, person=person, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if person.nik_warning:
                messages.warning(request, person.nik_warning)
            messages.success(request, _("Data pemilik tersimpan."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    access.require_registry_writer(request.user)  # type: ignore[arg-type]
    return _person_form_view(request, None)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)  # type: ignore[arg-type]
    return _person_form_view(request, person)


@login_required
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; deletes only on POST, and only an owner without enterprises."""
    user: Any = request.user
    person = access.get_person_for_user(user, pk, write=True)
    error = ""
    if request.method == "POST":
        try:
            persons.person_delete(actor=user, person=person)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Pemilik dihapus."))
            return redirect("registry:person_list")
    return render(
        request,
        "registry/confirm_delete.html",
        {"object": person, "cancel_url": reverse("registry:person_detail", args=[pk]), "error": error},
    )
