"""The installation page, where the installation's administrators bring provinces and regency/city offices in."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import (
    require_installation_admin,
)
from naikkelas.accounts.forms import (
    OnboardForm,
)
from naikkelas.accounts.models import Membership, Organisation
from naikkelas.accounts.services.organisations import Onboarded, province_onboard, regency_onboard
from naikkelas.accounts.views.staff import SESSION_LINK
from naikkelas.core.forms import add_service_errors
from naikkelas.regions.models import Region


def onboarded_message(result: Onboarded) -> str:
    """What one "Bawa masuk" did, in words: the offices made, what happened to the admin, the link."""
    org = result.organisation.name
    if result.created:
        parts = [_("%(org)s: %(n)s organisasi baru.") % {"org": org, "n": len(result.created)}]
    else:
        parts = [_("%(org)s: tidak ada kantor baru.") % {"org": org}]
    admin = result.admin
    if admin is not None:
        what = {"user": admin.username, "org": org}
        if result.admin_created:
            parts.append(_("Akun admin %(user)s dibuat.") % what)
        elif result.admin_granted:
            parts.append(_("%(user)s kini juga admin %(org)s.") % what)
        else:
            parts.append(_("%(user)s sudah admin %(org)s.") % what)
        if result.link:
            parts.append(_("Tautan masuk baru untuk %(user)s dibuat; tampil sekali di bawah.") % what)
        else:
            parts.append(_("%(user)s sudah membuat kata sandi, jadi tidak ada tautan baru; bila lupa, atur "
                           "ulang dari halaman stafnya.") % what)  # fmt: skip
    return " ".join(parts)


# --- the installation --------------------------------------------------------------------------------


@login_required
def installation(request: HttpRequest) -> HttpResponse:
    """Provinces with their offices and admins; onboard a province or bring in one regency/city office."""
    actor: Any = request.user
    require_installation_admin(actor)
    form = OnboardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = data["code"].strip()
        onboard = province_onboard if "." not in code else regency_onboard
        kwargs = {"province_code" if "." not in code else "regency_code": code}
        try:
            result = onboard(actor=actor, admin_username=data["admin"], admin_email=data["email"],
                             admin_phone=data["phone"], **kwargs)  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, onboarded_message(result))
            if result.admin is not None and result.link:
                request.session[SESSION_LINK] = {"user": result.admin.pk, "link": result.link,
                                                 "username": result.admin.username}  # fmt: skip
            return redirect("accounts:installation")
    admins = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Membership.Role.ADMIN).select_related("user"),
        to_attr="admin_memberships",
    )
    centres = (
        Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_CENTRE)
        .select_related("region")
        .prefetch_related(admins)
        .order_by("region_id")
    )
    offices = dict(
        Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE)
        .values_list("region__province_code")
        .annotate(n=Count("pk"))
    )
    office_admins = dict(
        Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE)
        .values_list("region__province_code")
        .annotate(n=Count("memberships", filter=Q(memberships__role=Membership.Role.ADMIN)))
    )
    page = Paginator(centres, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (centre, offices.get(centre.region_id, 0), office_admins.get(centre.region_id, 0)) for centre in page
    ]
    link = request.session.pop(SESSION_LINK, None)
    return render(
        request, "accounts/installation.html", {"form": form, "page": page, "rows": rows, "link": link}
    )


@login_required
def installation_province(request: HttpRequest, code: str) -> HttpResponse:
    """One province: its centre and every regency/city office, with their admins."""
    actor: Any = request.user
    require_installation_admin(actor)
    admins = Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role=Membership.Role.ADMIN).select_related("user"),
        to_attr="admin_memberships",
    )
    organisations = (
        Organisation.objects.filter(region__province_code=code)
        .exclude(kind=Organisation.Kind.INSTALLATION)
        .select_related("region")
        .prefetch_related(admins)
        .order_by("region_id")
    )
    province = Region.objects.filter(code=code, kind=Region.Kind.PROVINCE).first()
    if province is None or not organisations.exists():
        return redirect(reverse("accounts:installation"))
    context = {"organisations": organisations, "province": province}
    return render(request, "accounts/installation_province.html", context)
