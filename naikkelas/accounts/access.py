"""Who a user is in the system and what they reach: the base of every app's access.py.

Two kinds of staff role (DESIGN.md §2):
- *regional* roles (admin, viewer) reach their organisations' region subtrees; the ministry and
  superusers reach everything;
- *relation* roles (mentor, trainer, reviewer) reach no region at all, only the enterprises tied to them:
  a mentor her active mentees, a trainer the participants of the batches he trains, a reviewer the
  applicants assigned to her. The apps that hold those ties (mentoring, training, selection) are higher
  than the apps that ask (registry, training), so each registers its reach here at start-up.
A participant reaches only their own records (decided in each app's access.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.models import ApiToken, Membership, Organisation, User
from naikkelas.core.models import EditConflict
from naikkelas.regions.models import Region, subtree_q

EVERYTHING = Q(pk__isnull=False)
NOTHING = Q(pk__in=[])

REGIONAL_ROLES = frozenset({Membership.Role.ADMIN, Membership.Role.VIEWER})
RELATION_ROLES = frozenset({Membership.Role.MENTOR, Membership.Role.TRAINER, Membership.Role.REVIEWER})

# role -> function(user id) giving the ids of the enterprises that role reaches (values_list(flat=True)).
EnterpriseReach = Callable[[int], QuerySet[Any]]
_REACHES: dict[str, EnterpriseReach] = {}


def register_reach(role: str, reach: EnterpriseReach) -> None:
    """A higher app declares which enterprises a relation role reaches (called from AppConfig.ready())."""
    if role not in RELATION_ROLES:
        raise ValueError(f"{role} is not a relation role")
    _REACHES[role] = reach


@dataclass(frozen=True)
class Grant:
    """One membership reduced to what access needs: a role over a region (None: all Indonesia)."""

    role: str
    region: Region | None
    organisation_id: int | None = None


@dataclass(frozen=True)
class Scope:
    """What a staff member reaches: regions through regional roles, enterprises through relation roles."""

    grants: tuple[Grant, ...] = ()
    superuser: bool = False
    user_id: int | None = None

    @property
    def is_staff(self) -> bool:
        """Any staff membership at all (regional or relation role)."""
        return self.superuser or bool(self.grants)

    @property
    def is_regional(self) -> bool:
        """Whether the user reaches a region (an admin or a viewer somewhere, or a superuser)."""
        return self.superuser or bool(self.regional_grants)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)

    @property
    def is_admin(self) -> bool:
        """An admin of some office (or a superuser): the role that changes things."""
        return self.superuser or Membership.Role.ADMIN in self.roles

    @property
    def administered_ids(self) -> frozenset[int]:
        """The organisations the user is an admin of (their own offices, not the offices below them)."""
        return frozenset(
            grant.organisation_id
            for grant in self.grants
            if grant.role == Membership.Role.ADMIN and grant.organisation_id is not None
        )

    def administers(self, organisation_id: int | None) -> bool:
        """Whether the user runs this organisation (its admins and superusers change what it owns)."""
        return self.superuser or (organisation_id is not None and organisation_id in self.administered_ids)

    @property
    def regional_grants(self) -> tuple[Grant, ...]:
        """The grants that reach a region; a mentor's, trainer's or reviewer's membership never does."""
        return tuple(grant for grant in self.grants if grant.role in REGIONAL_ROLES)

    def _wanted(self, roles: Iterable[str] | None) -> tuple[Grant, ...]:
        wanted = REGIONAL_ROLES if roles is None else REGIONAL_ROLES & set(roles)
        return tuple(grant for grant in self.grants if grant.role in wanted)

    def q(self, prefix: str = "", roles: Iterable[str] | None = None) -> Q:
        """Rows inside the regions of the user's regional roles (narrowed to the given roles), as a
        filter; nothing when there is none. Relation roles never count here: see related().

        "Everything" is an explicit always-true condition, not an empty Q(): an empty Q() vanishes
        when OR-ed with another condition and would silently narrow the result."""
        if self.superuser:
            return EVERYTHING
        combined = NOTHING
        for grant in self._wanted(roles):
            if grant.region is None:
                return EVERYTHING
            combined |= subtree_q(grant.region, prefix)
        return combined

    def reaches(self, district: Region, roles: Iterable[str] | None = None) -> bool:
        """Whether the district lies in a region where the user holds one of the (regional) roles."""
        if self.superuser:
            return True
        return any(region_holds(grant.region, district) for grant in self._wanted(roles))

    def related_ids(self, roles: Iterable[str] | None = None) -> list[int]:
        """Ids of the enterprises the user reaches through the relation roles they hold (all of them, or
        the given ones): a mentor's mentees, a trainer's participants, a reviewer's applicants.

        Evaluated now, in one query: the list is short, and a list keeps every scoped read an index
        lookup on a large registry, where an OR with a subquery makes PostgreSQL scan the whole table
        (100 ms for a mentor's two mentees among 50,000 enterprises, bench/scope_scale.py)."""
        if self.user_id is None:
            return []
        wanted = RELATION_ROLES if roles is None else RELATION_ROLES & set(roles)
        reaches = [_REACHES[role](self.user_id) for role in sorted(self.roles & wanted) if role in _REACHES]
        if not reaches:
            return []
        combined = reaches[0].union(*reaches[1:]) if len(reaches) > 1 else reaches[0]
        return sorted(set(combined))

    def related(self, prefix: str = "", roles: Iterable[str] | None = None) -> Q:
        """Rows whose `{prefix}` enterprise the user reaches through a relation role (related_ids)."""
        ids = self.related_ids(roles)
        return Q(**{f"{prefix}pk__in": ids}) if ids else NOTHING


def region_holds(region: Region | None, district: Region) -> bool:
    if region is None:
        return True
    if region.kind == Region.Kind.PROVINCE:
        return district.province_code == region.code
    if region.kind == Region.Kind.REGENCY:
        return district.regency_code == region.code
    return district.code == region.code


def scope_for_user(user: User) -> Scope:
    """The user's scope, cached on the user object for the request."""
    cached: Scope | None = getattr(user, "_naikkelas_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    user._naikkelas_scope = scope  # type: ignore[attr-defined]
    return scope


def _compute_scope(user: User) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(superuser=True)
    # The installation's own administrators bring provinces in; they reach no program data.
    memberships = (
        Membership.objects.filter(user=user)
        .exclude(organisation__kind=Organisation.Kind.INSTALLATION)
        .select_related("organisation__region")
    )
    grants = []
    for membership in memberships:
        organisation = membership.organisation
        national = organisation.kind == Organisation.Kind.MINISTRY
        grants.append(Grant(membership.role, None if national else organisation.region, organisation.pk))
    return Scope(grants=tuple(grants), user_id=user.pk)


def is_province_admin(user: User) -> bool:
    """An admin over a whole province (or nationally): keeps shared settings such as message wording
    and collective leave days."""
    scope = scope_for_user(user)
    if scope.superuser:
        return True
    return any(
        grant.role == Membership.Role.ADMIN
        and (grant.region is None or grant.region.kind == Region.Kind.PROVINCE)
        for grant in scope.grants
    )


def users_whose_two_factor_can_be_reset_by(actor: User) -> QuerySet[User]:
    """A province admin resets the authenticator of staff in their province (never their own); a national
    admin or a superuser, of anyone."""
    if not is_province_admin(actor):
        return User.objects.none()
    scope = scope_for_user(actor)
    users = User.objects.exclude(pk=actor.pk)
    if scope.superuser or any(g.role == Membership.Role.ADMIN and g.region is None for g in scope.grants):
        return users
    provinces = [
        grant.region.code
        for grant in scope.grants
        if grant.role == Membership.Role.ADMIN
        and grant.region is not None
        and grant.region.kind == Region.Kind.PROVINCE
    ]
    return users.filter(memberships__organisation__region__province_code__in=provinces).distinct()


def _organisations_in(region: Region) -> Q:
    """Users with a membership in an organisation inside the region (organisations sit on a province or
    a regency/city)."""
    if region.kind == Region.Kind.PROVINCE:
        return Q(memberships__organisation__region__province_code=region.code)
    if region.kind == Region.Kind.REGENCY:
        return Q(memberships__organisation__region__regency_code=region.code)
    return Q(memberships__organisation__region_id=region.code)


def users_managed_by(actor: User) -> QuerySet[User]:
    """Staff whose API tokens an admin may see and revoke: a province admin, everyone in the province's
    organisations (the centre and every regency/city office); a regency/city admin, everyone in the
    offices of that regency/city; a national admin or a superuser, all staff. Superusers are managed by
    superusers only; participants have no office and are managed by nobody but themselves."""
    scope = scope_for_user(actor)
    staff = User.objects.filter(memberships__isnull=False)
    if scope.superuser:
        return staff.distinct()
    condition = Q(pk__in=[])
    for grant in scope.grants:
        if grant.role != Membership.Role.ADMIN:
            continue
        if grant.region is None:
            condition = EVERYTHING
            break
        condition |= _organisations_in(grant.region)
    return staff.filter(condition).exclude(is_superuser=True).distinct()


def api_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    """The user's own tokens and those of the staff they manage, newest first, with their owners."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    mine = Q(user=user)
    managed = Q(user__in=users_managed_by(user).values("pk"))
    return (
        ApiToken.objects.filter(mine | managed)
        .select_related("user", "revoked_by")
        .order_by("-created_at", "-pk")
    )


def get_api_token_for_user(user: User, pk: int, *, write: bool = False) -> ApiToken:
    """A token the user may see (404 otherwise). Whoever sees a token may revoke it: it is their own or
    that of staff they manage, so `write` adds no condition."""
    token = api_tokens_for_user(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def require(allowed: bool) -> None:
    """The door's answer to a user who may look but not do this (or not come here at all): 403."""
    if not allowed:
        raise PermissionDenied


def require_staff(user: User) -> None:
    """Staff pages: any membership of an office (participants and outsiders get 403)."""
    require(scope_for_user(user).is_staff)


def require_province_admin(user: User) -> None:
    require(is_province_admin(user))


# --- the installation and its organisations -----------------------------------------------------------


def is_installation_admin(user: User) -> bool:
    """An administrator of the installation (or a superuser): brings provinces and offices in."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, organisation__kind=Organisation.Kind.INSTALLATION
    ).exists()


def require_installation_admin(user: User) -> None:
    require(is_installation_admin(user))


def _admin_organisations_q(user: User) -> Q:
    """Organisations whose staff the user's admin roles manage: a province admin the centre and every
    office of the province, a regency/city admin the offices of that regency/city, a national admin all
    offices; the installation's own organisation only a superuser."""
    scope = scope_for_user(user)
    if scope.superuser:
        return EVERYTHING
    offices = ~Q(kind=Organisation.Kind.INSTALLATION)
    condition = NOTHING
    for grant in scope.grants:
        if grant.role != Membership.Role.ADMIN:
            continue
        if grant.region is None:
            return offices
        if grant.region.kind == Region.Kind.PROVINCE:
            condition |= Q(region__province_code=grant.region.code)
        else:
            condition |= Q(region__regency_code=grant.region.code)
    return condition & offices


def organisations_managed_by(user: User) -> QuerySet[Organisation]:
    """The organisations in which the user may create staff, change roles and deactivate accounts."""
    return Organisation.objects.filter(_admin_organisations_q(user)).select_related("region")


def can_manage_staff(user: User) -> bool:
    """Whether the staff pages are for the user at all (an admin of some office)."""
    return organisations_managed_by(user).exists()


def require_staff_manager(user: User) -> None:
    require(can_manage_staff(user))


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    """What the user sees of organisations: the installation admin every one; an admin those they manage;
    anyone with a membership their own."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if is_installation_admin(user):
        return Organisation.objects.select_related("region").order_by("region_id", "name")
    condition = _admin_organisations_q(user) | Q(memberships__user=user)
    ids = Organisation.objects.filter(condition).values("pk")
    return Organisation.objects.filter(pk__in=ids).select_related("region").order_by("region_id", "name")


def get_organisation_for_user(user: User, pk: int, *, write: bool = False) -> Organisation:
    """An organisation the user sees (404 otherwise); writing (adding staff) needs an admin of it (403)."""
    organisation = organisations_for_user(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    if write:
        require(organisations_managed_by(user).filter(pk=pk).exists())
    return organisation


def staff_for_user(user: User) -> QuerySet[User]:
    """Staff the user manages (see `users_managed_by`), with their memberships."""
    return users_managed_by(user).prefetch_related("memberships__organisation__region").order_by("username")


def get_staff_for_user(user: User, pk: int, *, write: bool = False) -> User:
    """A staff member the user manages (404 otherwise). Whoever sees one manages them, so `write` adds no
    condition; what each change may touch is decided by the predicates below."""
    found = staff_for_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_change_membership(user: User, membership: Membership) -> bool:
    """A role in an office the user manages, and never one's own (no admin locks themself out)."""
    if membership.user_id == user.pk:
        return False
    return organisations_managed_by(user).filter(pk=membership.organisation_id).exists()


def can_manage_account(user: User, target: User) -> bool:
    """Deactivating an account or resetting its password touches every office it works in, so each must
    be one the user manages; nobody does it to themself, nor to a superuser (the Django admin's job)."""
    if target.pk == user.pk or target.is_superuser:
        return False
    managed = organisations_managed_by(user).values("pk")
    if not Membership.objects.filter(user=target).exists():
        return False
    return not Membership.objects.filter(user=target).exclude(organisation__in=managed).exists()


def can_reset_two_factor(user: User, target: User) -> bool:
    """The same rule as the reset page: a province (or national) admin, for staff of the province."""
    return users_whose_two_factor_can_be_reset_by(user).filter(pk=target.pk).exists()


def _conflict_region_q(region: Region | None) -> Q:
    if region is None:
        return EVERYTHING
    if region.kind == Region.Kind.PROVINCE:
        return Q(province_code=region.code)
    if region.kind == Region.Kind.REGENCY:
        return Q(regency_code=region.code)
    return Q(district_code=region.code)


def edit_conflicts_for_user(user: User) -> QuerySet[EditConflict]:
    """Late edits kept from the field (core.idempotency): for the admins and viewers of their region."""
    scope = scope_for_user(user)
    if scope.superuser:
        return EditConflict.objects.all()
    combined = NOTHING
    for grant in scope.regional_grants:
        combined |= _conflict_region_q(grant.region)
    return EditConflict.objects.filter(combined)


def get_edit_conflict_for_user(user: User, pk: int, *, write: bool = False) -> EditConflict:
    """One late edit; settling it is for an admin of its region (a viewer gets 403)."""
    conflict = edit_conflicts_for_user(user).filter(pk=pk).first()
    if conflict is None:
        raise Http404
    if write:
        scope = scope_for_user(user)
        admin_q = NOTHING if not scope.superuser else EVERYTHING
        for grant in scope.regional_grants:
            if grant.role == Membership.Role.ADMIN:
                admin_q |= _conflict_region_q(grant.region)
        require(EditConflict.objects.filter(admin_q, pk=conflict.pk).exists())
    return conflict
