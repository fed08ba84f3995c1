"""Organisations and staff through the API: the same doors and services as the staff pages.

`POST /organisations` brings a province (or one regency/city office) in, for the installation's
administrators; `POST /staff` creates an account with a role and answers with its invitation link,
once; `PATCH /staff/{id}` does what the staff member's page does (name and contact, roles, a new link,
the authenticator, deactivating)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from naikkelas.accounts.access import (
    can_change_membership,
    can_manage_account,
    can_reset_two_factor,
    get_organisation_for_user,
    get_staff_for_user,
    organisations_for_user,
    require,
    require_installation_admin,
    require_staff_manager,
    staff_for_user,
)
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.selectors import staff_rows
from naikkelas.accounts.services import staff as services
from naikkelas.accounts.services.organisations import province_onboard, regency_onboard
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Component, Id, InputSchema, omittable

router = Router(tags=["staff"])

RoleName = Literal["admin", "reviewer", "trainer", "mentor", "viewer"]
KindName = Annotated[
    Literal["province_centre", "regency_office", "ministry", "installation"], Component("OrganisationKind")
]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str = Field(..., description="province_centre, regency_office, ministry or installation")
    kind_label: str
    region_code: str | None = Field(..., description="Kemendagri code (35, 35.78); null: no region")
    region_name: str | None

    @staticmethod
    def resolve_kind_label(obj: Organisation) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj: Organisation) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Organisation) -> str | None:
        return obj.region.name if obj.region else None


class OrganisationIn(InputSchema):
    """Bring a province in (`code` of 2 digits: its centre and every regency/city office) or one
    regency/city office (`35.78`), optionally with its first admin. Running it again creates only what is
    missing."""

    code: str = Field(..., pattern=r"^\d{2}(\.\d{2})?$", description="35 (province) or 35.78 (regency/city)")
    admin_username: str = Field("", max_length=150)
    admin_email: str = Field("", max_length=254)
    admin_phone: str = Field("", max_length=30)


class OnboardOut(Schema):
    organisation: OrganisationOut
    created: list[OrganisationOut]
    admin_id: int | None
    admin_created: bool = Field(..., description="the admin's account was made now")
    admin_granted: bool = Field(..., description="an existing account of this province became admin here now")
    invitation_url: str = Field(..., description="the admin's one-time link; empty when none was made now")


class MembershipOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    role: str
    role_label: str

    @staticmethod
    def resolve_organisation_name(obj: Membership) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


class StaffOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    phone: str
    is_active: bool
    last_login: datetime | None = Field(..., description="null: has not signed in yet")
    has_authenticator: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_has_authenticator(obj: User) -> bool:
        annotated: bool | None = getattr(obj, "has_device", None)
        if annotated is not None:
            return annotated
        return obj.__class__.objects.filter(pk=obj.pk, two_factor__confirmed_at__isnull=False).exists()

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(obj.memberships.all())


class StaffCreatedOut(StaffOut):
    invitation_url: str = Field(..., description="the one-time link to set the password; shown only here")


class StaffIn(InputSchema):
    organisation_id: Id
    role: RoleName
    username: str = Field(..., min_length=1, max_length=150)
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30, description="WhatsApp; required for a mentor")


class RoleGrantIn(InputSchema):
    organisation_id: Id
    role: RoleName


class StaffPatch(InputSchema):
    """Only the fields sent change, in this order: name and contact; `membership_id` with `role` changes
    that role, with `remove_membership: true` takes it away; `grant` adds a role in an office you
    administer; `reset_password` ends the password and sends a new link; `reset_authenticator` removes
    a lost authenticator (province admins); `is_active` false closes the account (never deleted), true
    opens it again with a new link."""

    first_name: str = omittable(min_length=1, max_length=150)
    last_name: str = omittable(max_length=150)
    email: str = omittable(max_length=254)
    phone: str = omittable(max_length=30)
    membership_id: Id = omittable()
    role: RoleName = omittable()
    remove_membership: Literal[True] = omittable()
    grant: RoleGrantIn = omittable()
    reset_password: Literal[True] = omittable()
    reset_authenticator: Literal[True] = omittable()
    is_active: bool = omittable(description="false: deactivate; true: activate again (with a new link)")


class StaffChangedOut(StaffOut):
    invitation_url: str = Field(..., description="a new one-time link when this change made one, else empty")


@router.get("/organisations", response=list[OrganisationOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def organisation_list(request: HttpRequest, kind: KindName | None = None) -> Any:
    """The organisations you see: your own and those you administer (the installation's administrators:
    all)."""
    organisations = organisations_for_user(request.user)  # type: ignore[arg-type]
    return organisations.filter(kind=kind) if kind else organisations


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def organisation_detail(request: HttpRequest, organisation_id: Id) -> Any:
    return get_organisation_for_user(request.user, organisation_id)  # type: ignore[arg-type]


@router.post("/organisations", response={201: OnboardOut})
def organisation_onboard(request: HttpRequest, payload: OrganisationIn) -> Any:
    """Installation administrators only (403 for anyone else)."""
    actor: Any = request.user
    require_installation_admin(actor)
    onboard: Any = regency_onboard if "." in payload.code else province_onboard
    where = {"regency_code" if "." in payload.code else "province_code": payload.code}
    result = onboard(actor=actor, admin_username=payload.admin_username, admin_email=payload.admin_email,
                     admin_phone=payload.admin_phone, **where)  # fmt: skip
    body = {
        "organisation": result.organisation, "created": result.created,
        "admin_id": result.admin.pk if result.admin else None, "admin_created": result.admin_created,
        "admin_granted": result.admin_granted, "invitation_url": result.link,
    }  # fmt: skip
    return Status(201, body)


@router.get("/staff", response=list[StaffOut])
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def staff_list(
    request: HttpRequest,
    q: Annotated[str, Field(max_length=100)] = "",
    state: Literal["never", "no_2fa", "inactive"] | None = None,
) -> Any:
    """Staff of the offices you administer; `state`: never (not signed in yet), no_2fa (admins without an
    authenticator), inactive."""
    actor: Any = request.user
    require_staff_manager(actor)
    return staff_rows(staff_for_user(actor), q=q.strip(), state=state or "")


@router.get("/staff/{staff_id}", response=StaffOut)
def staff_detail(request: HttpRequest, staff_id: Id) -> Any:
    return get_staff_for_user(request.user, staff_id)  # type: ignore[arg-type]


@router.post("/staff", response={201: StaffCreatedOut})
def staff_create(request: HttpRequest, payload: StaffIn) -> Any:
    """A new account with a role in an office you administer; the invitation goes to its WhatsApp or
    email, and its link is in this answer, once."""
    actor: Any = request.user
    organisation = get_organisation_for_user(actor, payload.organisation_id, write=True)
    user, link = services.staff_create(
        actor=actor, organisation=organisation, username=payload.username, role=payload.role,
        first_name=payload.first_name, last_name=payload.last_name, email=payload.email, phone=payload.phone,
    )  # fmt: skip
    user = staff_rows(staff_for_user(actor)).get(pk=user.pk)
    user.invitation_url = link  # type: ignore[attr-defined]
    return Status(201, user)


@router.patch("/staff/{staff_id}", response=StaffChangedOut)
def staff_update(request: HttpRequest, staff_id: Id, payload: StaffPatch) -> Any:
    actor: Any = request.user
    person = get_staff_for_user(actor, staff_id, write=True)
    sent = payload.model_dump(exclude_unset=True)
    link = ""
    contact: dict[str, str] = {k: sent[k] for k in ("first_name", "last_name", "email", "phone") if k in sent}
    if contact:
        require(can_manage_account(actor, person))
        fields: dict[str, str] = {
            "first_name": person.first_name, "last_name": person.last_name, "email": person.email,
            "phone": person.phone,
        }  # fmt: skip
        fields.update(contact)
        services.staff_update(actor=actor, user=person, **fields)
    if ("role" in sent or "remove_membership" in sent) and "membership_id" not in sent:
        raise ValidationError({"membership_id": [_("Sebutkan membership_id: peran yang mana.")]})
    if "membership_id" in sent:
        membership = (
            person.memberships.select_related("organisation", "user").filter(pk=sent["membership_id"]).first()
        )
        if membership is None:
            raise ValidationError({"membership_id": [_("Peran ini bukan milik staf tersebut.")]})
        require(can_change_membership(actor, membership))
        if sent.get("remove_membership"):
            services.membership_remove(actor=actor, membership=membership)
        elif "role" in sent:
            services.membership_role_change(actor=actor, membership=membership, role=sent["role"])
        else:
            raise ValidationError({"role": [_("Kirim role (peran baru) atau remove_membership: true.")]})
    if "grant" in sent:
        organisation = get_organisation_for_user(actor, sent["grant"]["organisation_id"], write=True)
        services.staff_grant(actor=actor, user=person, organisation=organisation, role=sent["grant"]["role"])
    if sent.get("reset_password"):
        require(can_manage_account(actor, person))
        link = services.staff_password_reset(actor=actor, user=person)
    if sent.get("reset_authenticator"):
        require(can_reset_two_factor(actor, person))
        services.staff_two_factor_reset(actor=actor, user=person)
    if "is_active" in sent and sent["is_active"] != person.is_active:
        require(can_manage_account(actor, person))
        if sent["is_active"]:
            _user, link = services.staff_reactivate(actor=actor, user=person)
        else:
            services.staff_deactivate(actor=actor, user=person)
    changed = staff_rows(staff_for_user(actor)).get(pk=person.pk)
    changed.invitation_url = link  # type: ignore[attr-defined]
    return changed
