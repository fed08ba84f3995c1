"""The signed-in user's home page and menu, put together from what each app registers, so that accounts
never imports the apps above it (`core.providers`).

Each app registers, in its `AppConfig.ready()`, from its own `home.py`:
- a *section source* (`home_sections.register("training", home.sections)`): a function of the user
  returning that user's sections from the app, none when no role of the user applies. Every figure is
  read through the app's access door, so it is already scoped to the user.
- its *menu items*, one line each (`menu_items.register("registry.enterprises", MenuItem(...))`): a
  link shows when its predicate allows, the same predicate the target view asks (no link answers 403).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise

from naikkelas.accounts.models import User
from naikkelas.core.providers import Providers


@dataclass(frozen=True)
class Figure:
    """A count on a section, with one tap to the list it counts."""

    label: str
    count: int
    url: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Entry:
    """One thing to open from the home: the next few of a list, most urgent first."""

    text: str
    url: str
    note: str = ""
    urgent: bool = False
    external: bool = False  # a wa.me link, opened outside the site


@dataclass(frozen=True)
class Row:
    """A row of a section's table (the ministry's overview by province), with where it drills down."""

    cells: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Section:
    """A block of the home page: a title, counts, the next few items and a "see all" link."""

    key: str  # stable and unique, "<app>.<what>" (tests and the API name sections by it)
    title: str
    figures: tuple[Figure, ...] = ()
    entries: tuple[Entry, ...] = ()
    see_all: str = ""  # the url of the whole list
    empty: str = ""  # said when there are no entries
    note: str = ""  # how to read the figures
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    order: int = 50

    @property
    def labelled_rows(self) -> list[tuple[Row, list[tuple[str, str]]]]:
        """Each row with its cells after the first under their column names (cards on a phone)."""
        return [(row, list(zip(self.columns[1:], row.cells[1:], strict=False))) for row in self.rows]


SectionSource = Callable[[User], list[Section]]

home_sections: Providers[SectionSource] = Providers("sections of the home page")


@dataclass(frozen=True)
class MenuItem:
    """A link in the menu: shown to whoever `visible` allows (the target view's own predicate)."""

    text: str | Promise  # gettext_lazy: registered at start-up, rendered in the reader's language
    url_name: str
    visible: Callable[[User], bool]
    order: int = 50


menu_items: Providers[MenuItem] = Providers("links in the menu")


@dataclass(frozen=True)
class MenuLink:
    text: str
    url: str


def sections_for(user: User) -> list[Section]:
    """The sections of every role the user holds, in the order the apps give them."""
    if not user.is_authenticated:
        return []
    found = [section for source in home_sections for section in source(user)]
    return sorted(found, key=lambda section: section.order)


def menu_for(user: User) -> list[MenuLink]:
    """The links the user may follow (each decided by its target's predicate), in menu order."""
    if not user.is_authenticated:
        return []
    items = sorted(menu_items, key=lambda item: item.order)
    return [MenuLink(str(item.text), reverse(item.url_name)) for item in items if item.visible(user)]


@dataclass
class SectionBuilder:
    """Collects a section's parts; `build()` freezes it (the home.py modules read more plainly so)."""

    key: str
    title: str
    order: int = 50
    see_all: str = ""
    empty: str = ""
    figures: list[Figure] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def figure(self, label: Promise, count: int, url: str = "", *, urgent: bool = False) -> None:
        """`label` is `npgettext_lazy("figure", singular, plural)` without a number: the count picks
        the form ("1 certificate", "2 certificates"; Indonesian has one). The context keeps a figure's
        msgid apart from the same words used without plural elsewhere ("sertifikat", "terlambat")."""
        self.figures.append(Figure(str(label % count), count, url, urgent and count > 0))

    def entry(
        self, text: str, url: str, note: str = "", *, urgent: bool = False, external: bool = False
    ) -> None:
        self.entries.append(Entry(text, url, note, urgent, external))

    def build(self) -> Section:
        return Section(
            key=self.key,
            title=self.title,
            figures=tuple(self.figures),
            entries=tuple(self.entries),
            see_all=self.see_all,
            empty=self.empty,
            order=self.order,
        )


def installation_sections(user: User) -> list[Section]:
    """The installation administrator's way forward: the page where provinces and offices come in (they
    hold no program data, so no other app gives them a section)."""
    from django.utils.translation import gettext as _

    from naikkelas.accounts.access import is_installation_admin

    if not is_installation_admin(user):
        return []
    section = SectionBuilder("accounts.installation", _("Provinsi dan kantor"), order=5)
    section.entry(
        _("Bawa masuk provinsi atau kabupaten/kota, dan admin pertamanya"), reverse("accounts:installation")
    )
    return [section.build()]
