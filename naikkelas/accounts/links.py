"""Links the apps above accounts add to the account page, so accounts never imports them.

An app registers, in its AppConfig.ready(), a function that returns the links a user may follow
(see `core.providers`); the account page lists them after its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from naikkelas.accounts.models import User
from naikkelas.core.providers import Providers


@dataclass(frozen=True)
class AccountLink:
    text: str
    url: str


LinkSource = Callable[[User], list[AccountLink]]

account_links: Providers[LinkSource] = Providers("links on the account page")


def links_for(user: User) -> list[AccountLink]:
    return [link for source in account_links for link in source(user)]


def staff_links(user: User) -> list[AccountLink]:
    """The staff pages for admins, the installation page for the installation's administrators."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from naikkelas.accounts.access import can_manage_staff, is_installation_admin

    links = []
    if can_manage_staff(user):
        links.append(
            AccountLink(_("Staf kantor: tambah, undang, ubah peran"), reverse("accounts:staff_list"))
        )
    if is_installation_admin(user):
        links.append(
            AccountLink(_("Provinsi dan kantor (pengelola instalasi)"), reverse("accounts:installation"))
        )
    return links
