"""Late edits from the field kept for the region's admins (core.idempotency), as on the page."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from naikkelas.accounts.access import edit_conflicts_for_user, get_edit_conflict_for_user, require_staff
from naikkelas.core.idempotency import edit_conflict_resolve
from naikkelas.core.pagination import PageNumberPagination
from naikkelas.core.schemas import Id

router = Router(tags=["field conflicts"])


class EditConflictOut(Schema):
    id: int
    created_at: datetime
    object_type: str
    object_id: str
    object_repr: str
    url: str
    loaded_version: str
    server_version: str
    submitted: dict[str, list[str]]
    status: str
    resolved_at: datetime | None


@router.get("/edit-conflicts", response=list[EditConflictOut])
@paginate(PageNumberPagination)
def conflict_list(request: HttpRequest, status: str = "") -> Any:
    """Late edits in the caller's region, newest first (`status`: open or resolved)."""
    user: Any = request.user
    require_staff(user)
    conflicts = edit_conflicts_for_user(user)
    return conflicts.filter(status=status) if status else conflicts


@router.post("/edit-conflicts/{conflict_id}/resolve", response=EditConflictOut)
def conflict_resolve(request: HttpRequest, conflict_id: Id) -> Any:
    """An admin of the region marks a late edit as settled."""
    user: Any = request.user
    return edit_conflict_resolve(
        actor=user, conflict=get_edit_conflict_for_user(user, conflict_id, write=True)
    )
