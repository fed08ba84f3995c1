"""Programs' part of the home page and menu (accounts.home). The batches running today are training's
section: the people in them are training's records. Here only the first step of a new province: while
its centre holds no program, every other figure is zero, so the home says what to do first."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naikkelas.accounts.home import MenuItem, Section, SectionBuilder, home_sections, menu_items
from naikkelas.accounts.models import User
from naikkelas.programs import access


def sections(user: User) -> list[Section]:
    owners = access.program_owners_for(user)
    if not owners.exists() or access.programs_for_user(user).filter(owner__in=owners).exists():
        return []
    section = SectionBuilder("programs.first", _("Langkah pertama"), order=1)
    section.entry(
        _("Buat program pertama"),
        reverse("programs:program_create"),
        _("Program memuat jenjang, syarat seleksi dan kriteria penilaian; angkatan dibuka dari jenjangnya."),
    )
    return [section.build()]


def register() -> None:
    home_sections.register("programs", sections)
    menu_items.register(
        "programs.programs",
        MenuItem(gettext_lazy("Program"), "programs:program_list", access.can_see_programs, order=20),
    )
