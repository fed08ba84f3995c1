"""Who a user is in the system and which regions they reach: the base of every app's access.py.

Staff reach their organisations' region subtrees; the ministry and superusers reach everything;
a participant reaches only their own records (decided in each app's access.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from naikkelas.accounts.models import ApiToken, Membership, Organisation, User
from naikkelas.regions.models import Region, subtree_q

EVERYTHING = Q(pk__isnull=False)


@dataclass(frozen=True)
class Grant:
    """One membership reduced to what access needs: a role over a region (None: all Indonesia)."""

    role: str
    region: Region | None


@dataclass(frozen=True)
class Scope:
    """The regions a staff member reaches, each with the role held there."""

    grants: tuple[Grant, ...] = ()
    superuser: bool = False

    @property
    def is_staff(self) -> bool:
        return self.superuser or bool(self.grants)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(grant.role for grant in self.grants)

    def q(self, prefix: str = "", roles: Iterable[str] | None = None) -> Q:
        """Rows inside the scope (for the given roles), as a filter; nothing when there is none.

        "Everything" is an explicit always-true condition, not an empty Q(): an empty Q() vanishes
        when OR-ed with another condition and would silently narrow the result."""
        if self.superuser:
            return EVERYTHING
        wanted = None if roles is None else set(roles)
        combined = Q(pk__in=[])
        for grant in self.grants:
            if wanted is not None and grant.role not in wanted:
                continue
            if grant.region is None:
                return EVERYTHING
            combined |= subtree_q(grant.region, prefix)
        return combined

    def reaches(self, district: Region, roles: Iterable[str] | None = None) -> bool:
        """Whether the district lies in a region where the user holds one of the roles."""
        if self.superuser:
            return True
        wanted = None if roles is None else set(roles)
        return any(
            (wanted is None or grant.role in wanted) and region_holds(grant.region, district)
            for grant in self.grants
        )


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
    memberships = Membership.objects.filter(user=user).select_related("organisation__region")
    grants = []
    for membership in memberships:
        organisation = membership.organisation
        national = organisation.kind == Organisation.Kind.MINISTRY
        grants.append(Grant(membership.role, None if national else organisation.region))
    return Scope(grants=tuple(grants))


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
