"""The pathway panel on an enterprise's page: applied, selected, graduated, per level and year."""

from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.registry.models import Enterprise
from naikkelas.registry.providers import Panel
from naikkelas.selection.access import applications_for_user
from naikkelas.selection.graduations import graduations_of


def pathway_panel(user: User, enterprise: Enterprise) -> Panel | None:
    applications = list(
        applications_for_user(user)
        .filter(enterprise=enterprise)
        .select_related("batch__level__program", "nominated_by")
        .order_by("level__program__year", "level__rank", "submitted_at")
    )
    graduations = {fact.level_id: fact for fact in graduations_of(enterprise.pk)}
    if not applications and not graduations:
        return None
    steps = [
        {
            "year": a.batch.level.program.year,
            "rank": a.batch.level.rank,
            "level": a.batch.level.name,
            "batch": a.batch.title,
            "application": a,
            "graduated": graduations.get(a.level_id),
        }
        for a in applications
    ]
    return Panel(title=_("Jalur jenjang"), template="selection/_pathway_panel.html", context={"steps": steps})
