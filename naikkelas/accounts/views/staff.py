"""Staff pages: admins create, invite, change and deactivate the staff of their offices; the invitation
link."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naikkelas.accounts.access import (
    can_change_membership,
    can_manage_account,
    can_reset_two_factor,
    get_staff_for_user,
    is_installation_admin,
    organisations_managed_by,
    require,
    require_staff_manager,
    staff_for_user,
)
from naikkelas.accounts.forms import (
    RoleChangeForm,
    RoleGrantForm,
    StaffCreateForm,
    StaffEditForm,
    StaffFilterForm,
)
from naikkelas.accounts.invitations import invitation_tokens
from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.selectors import staff_rows
from naikkelas.accounts.services import staff as services
from naikkelas.accounts.services.security import has_confirmed_device, two_factor_required
from naikkelas.core.forms import add_service_errors

# The link just made for a person, shown once on the next page and then forgotten.
SESSION_LINK = "naikkelas_invitation_link"


def _remember_link(request: HttpRequest, user: User, link: str) -> None:
    request.session[SESSION_LINK] = {"user": user.pk, "link": link}


def _pop_link(request: HttpRequest, user: User) -> str:
    stored = request.session.get(SESSION_LINK) or {}
    if stored.get("user") != user.pk:
        return ""
    request.session.pop(SESSION_LINK, None)
    return str(stored.get("link", ""))


@dataclass(frozen=True)
class Confirm:
    """What the confirmation page asks before a step that cannot be taken back by the same button."""

    title: str
    text: str
    button: str


def _confirmations() -> dict[str, Confirm]:
    # Built per request so that each reads in the reader's language.
    return {
        "nonaktifkan": Confirm(
            _("Nonaktifkan akun"),
            _(
                "Ia tidak bisa masuk lagi; sesi dan token API-nya langsung berakhir. Akunnya tidak dihapus: namanya "
                "tetap tercatat pada semua data yang pernah ia isi. Akun bisa diaktifkan lagi kemudian."
            ),
            _("Ya, nonaktifkan"),
        ),
        "tautan": Confirm(
            _("Atur ulang kata sandi"),
            _(
                "Kata sandinya yang sekarang langsung tidak berlaku dan ia keluar dari semua sesi; tautan sekali "
                "pakai yang baru dikirim ke WhatsApp atau emailnya dan tampil sekali untuk Anda."
            ),
            _("Ya, atur ulang kata sandi"),
        ),
        "autentikator": Confirm(
            _("Atur ulang autentikator"),
            _(
                "Autentikatornya yang sekarang tidak berlaku lagi; ia memasang yang baru saat masuk berikutnya."
            ),
            _("Ya, atur ulang autentikator"),
        ),
        "cabut": Confirm(
            _("Cabut peran"),
            _(
                "Ia tidak lagi memegang peran ini di kantor itu; peran lain dan akunnya tetap. Data yang pernah ia "
                "isi tetap tercatat atas namanya."
            ),
            _("Ya, cabut peran ini"),
        ),
    }


def _confirm(request: HttpRequest, person: User, key: str, error: str = "", **extra: Any) -> HttpResponse:
    """The one confirmation page of the staff pages: GET asks, the same URL's POST acts."""
    context = {"person": person, "confirm": _confirmations()[key], "error": error, **extra}
    return render(request, "accounts/staff_confirm.html", context)


def _back_to(request: HttpRequest, actor: User, person: User) -> HttpResponse:
    """The person's page, or the staff list when the step took the person out of the actor's scope (their
    page would now be absent)."""
    if staff_for_user(actor).filter(pk=person.pk).exists():
        return redirect("accounts:staff_detail", pk=person.pk)
    messages.info(request, _("%(user)s tidak lagi bekerja di kantor yang Anda kelola, jadi halamannya tidak "
                             "tampil lagi untuk Anda.") % {"user": person.username})  # fmt: skip
    return redirect("accounts:staff_list")


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """The staff of the offices the admin manages; who has not signed in yet, who has no authenticator."""
    actor: Any = request.user
    require_staff_manager(actor)
    form = StaffFilterForm(request.GET or None)
    q, state = "", ""
    if form.is_valid():
        q, state = form.cleaned_data["q"].strip(), form.cleaned_data["state"]
    rows = staff_rows(staff_for_user(actor), q=q, state=state)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page, "form": form})


@login_required
def staff_create(request: HttpRequest) -> HttpResponse:
    actor: Any = request.user
    require_staff_manager(actor)
    organisations = organisations_managed_by(actor).order_by("region_id", "name")
    # `?role=mentor&organisation=<id>` starts the form filled in (the mentoring page links here so).
    initial = {
        key: request.GET[key] for key in ("role", "organisation") if request.GET.get(key, "").isalnum()
    }
    form = StaffCreateForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, link = services.staff_create(
                actor=actor, organisation=data["organisation"], username=data["username"], role=data["role"],
                first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
                phone=data["phone"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _remember_link(request, user, link)
            messages.success(
                request, _("Akun %(user)s dibuat dan undangan dikirim.") % {"user": user.username}
            )
            return redirect("accounts:staff_detail", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form})


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Any = request.user
    person = get_staff_for_user(actor, pk)
    memberships = [
        (
            membership,
            person.is_active and can_change_membership(actor, membership),
            RoleChangeForm(initial={"role": membership.role}),
        )
        for membership in person.memberships.select_related("organisation__region").order_by(
            "organisation__name"
        )
    ]
    context = {
        "person": person,
        "memberships": memberships,
        "grant_form": RoleGrantForm(
            organisations=organisations_managed_by(actor).order_by("region_id", "name")
        ),
        "link": _pop_link(request, person),
        "needs_two_factor": two_factor_required(person),
        "has_device": has_confirmed_device(person),
        "can_manage_account": can_manage_account(actor, person),
        "can_reset_two_factor": can_reset_two_factor(actor, person),
    }
    return render(request, "accounts/staff_detail.html", context)


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Any = request.user
    person = get_staff_for_user(actor, pk, write=True)
    require(can_manage_account(actor, person))
    initial = {"first_name": person.first_name, "last_name": person.last_name, "email": person.email,
               "phone": person.phone}  # fmt: skip
    form = StaffEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(actor=actor, user=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Data %(user)s disimpan.") % {"user": person.username})
            return redirect("accounts:staff_detail", pk=person.pk)
    return render(request, "accounts/staff_edit.html", {"form": form, "person": person})


@login_required
@require_POST
def staff_grant(request: HttpRequest, pk: int) -> HttpResponse:
    actor: Any = request.user
    person = get_staff_for_user(actor, pk, write=True)
    form = RoleGrantForm(request.POST, organisations=organisations_managed_by(actor))
    if not form.is_valid():
        messages.error(request, _("Pilih kantor dan peran."))
    else:
        try:
            services.staff_grant(actor=actor, user=person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Peran ditambahkan."))
    return redirect("accounts:staff_detail", pk=person.pk)


def _membership_to_change(actor: Any, pk: int) -> Membership:
    """One role of a staff member the actor sees (404 otherwise) and may change (403 otherwise)."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        pk=pk, user__in=staff_for_user(actor).values("pk"),
    )  # fmt: skip
    require(can_change_membership(actor, membership))
    return membership


@login_required
@require_POST
def membership_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one role of a staff member in one office."""
    actor: Any = request.user
    membership = _membership_to_change(actor, pk)
    person = membership.user
    try:
        form = RoleChangeForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Pilih peran."))
        services.membership_role_change(actor=actor, membership=membership, role=form.cleaned_data["role"])
        messages.success(request, _("Peran diubah."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(request, actor, person)


@login_required
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then take one role away; back to the list when that was the last role the admin sees."""
    actor: Any = request.user
    membership = _membership_to_change(actor, pk)
    person = membership.user
    if request.method != "POST":
        return _confirm(request, person, "cabut", membership=membership)
    try:
        services.membership_remove(actor=actor, membership=membership)
    except ValidationError as error:
        return _confirm(request, person, "cabut", " ".join(error.messages), membership=membership)
    messages.success(request, _("Peran %(role)s di %(org)s dicabut dari %(user)s.") % {
        "role": membership.get_role_display(), "org": membership.organisation.name, "user": person.username,
    })  # fmt: skip
    return _back_to(request, actor, person)


@login_required
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then close the account (it stays, with its name, in every record it touched)."""
    actor: Any = request.user
    person = get_staff_for_user(actor, pk, write=request.method == "POST")
    require(can_manage_account(actor, person))
    error = ""
    if request.method == "POST":
        try:
            services.staff_deactivate(actor=actor, user=person)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Akun %(user)s dinonaktifkan.") % {"user": person.username})
            return redirect("accounts:staff_detail", pk=person.pk)
    return _confirm(request, person, "nonaktifkan", error)


@login_required
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A new one-time link (the old password stops), a reset authenticator, or a closed account reopened.
    The first two are asked first (GET shows the confirmation, POST acts)."""
    actor: Any = request.user
    person = get_staff_for_user(actor, pk, write=request.method == "POST")
    if request.method != "POST":
        if action == "tautan":
            require(can_manage_account(actor, person))
        elif action == "autentikator":
            require(can_reset_two_factor(actor, person))
        else:
            return HttpResponseNotAllowed(["POST"])
        return _confirm(request, person, action)
    try:
        if action == "tautan":
            require(can_manage_account(actor, person))
            _remember_link(request, person, services.staff_password_reset(actor=actor, user=person))
            messages.success(request, _("Kata sandi lama %(user)s tidak berlaku lagi; tautan baru dikirim.")
                             % {"user": person.username})  # fmt: skip
        elif action == "autentikator":
            require(can_reset_two_factor(actor, person))
            services.staff_two_factor_reset(actor=actor, user=person)
            messages.success(request, _("Autentikator %(user)s diatur ulang; ia memasang lagi saat masuk berikutnya.")
                             % {"user": person.username})  # fmt: skip
        elif action == "aktifkan":
            require(can_manage_account(actor, person))
            _user, link = services.staff_reactivate(actor=actor, user=person)
            _remember_link(request, person, link)
            messages.success(request, _("Akun %(user)s aktif lagi; tautan untuk kata sandi baru dikirim.")
                             % {"user": person.username})  # fmt: skip
        else:
            require(False)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:staff_detail", pk=person.pk)


class InvitationView(auth_views.PasswordResetConfirmView):
    """The one-time link: set a password, and be signed in (an admin goes on to enrol the authenticator,
    which the security middleware asks for before anything else)."""

    template_name = "accounts/invitation.html"
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "naikkelas.accounts.backends.LockoutBackend"
    success_url = reverse_lazy("home")

    def get_user(self, uidb64: str) -> Any:
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form: Any) -> HttpResponse:
        super().form_valid(form)
        services.invitation_accepted(user=form.user)
        messages.success(self.request, _("Kata sandi dibuat. Selamat datang, %(name)s.")
                         % {"name": form.user.get_full_name() or form.user.get_username()})  # fmt: skip
        if is_installation_admin(form.user):
            return redirect("accounts:installation")
        return redirect("home")
