"""Registry's part of the home page (accounts.home): the admin's imports still running; its menu items."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy, pgettext_lazy

from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import User
from naikkelas.core.formats import long_date
from naikkelas.registry import access
from naikkelas.registry.models import ImportJob

NEXT = 5
RUNNING = (ImportJob.Status.CHECKING, ImportJob.Status.CHECKED, ImportJob.Status.WRITING)


def sections(user: User) -> list[Section]:
    if not access.can_import(user):
        return []
    jobs = access.import_jobs_for_user(user).filter(status__in=RUNNING).order_by("created_at", "id")
    count = jobs.count()
    if not count:
        return []
    section = SectionBuilder("registry.imports", _("Impor yang belum selesai"), order=80)
    section.figure(
        npgettext_lazy(
            "figure", "impor berjalan atau menunggu disimpan", "impor berjalan atau menunggu disimpan"
        ),
        count,
        reverse("registry:import_start"),
    )
    for job in jobs[:NEXT]:
        section.entry(
            job.original_name or _("Impor"),
            reverse("registry:import_detail", args=[job.pk]),
            f"{job.get_status_display()} · {long_date(timezone.localtime(job.created_at).date())}",
        )
    return [section.build()]


def register() -> None:
    home_sections.register("registry", sections)
    menu_items.register(
        "registry.enterprises",
        MenuItem(
            pgettext_lazy("menu", "Usaha"), "registry:enterprise_list", access.can_browse_registry, order=10
        ),
    )
    menu_items.register(
        "registry.persons",
        MenuItem(
            pgettext_lazy("menu", "Pemilik"), "registry:person_list", access.can_browse_registry, order=11
        ),
    )
