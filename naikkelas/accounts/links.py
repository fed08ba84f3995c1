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
