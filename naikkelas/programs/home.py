"""Programs' part of the menu (accounts.home). The batches running today are training's section: the
people in them are training's records."""

from django.utils.translation import gettext_lazy

from naikkelas.accounts.home import MenuItem, menu_items
from naikkelas.programs import access


def register() -> None:
    menu_items.register(
        "programs.programs",
        MenuItem(gettext_lazy("Program"), "programs:program_list", access.can_see_programs, order=20),
    )
