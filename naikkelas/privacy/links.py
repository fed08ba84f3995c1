"""Privacy's links on the account page: one's own data, and for admins the requests and the access log."""

from django.urls import reverse
from django.utils.translation import gettext as _

from naikkelas.accounts.access import is_province_admin
from naikkelas.accounts.links import AccountLink
from naikkelas.accounts.models import User
from naikkelas.privacy.access import can_handle_requests, person_of


def account_links(user: User) -> list[AccountLink]:
    links = []
    if person_of(user) is not None:
        links.append(AccountLink(_("Data pribadi saya"), reverse("privacy:mine")))
    if is_province_admin(user):
        links.append(AccountLink(_("Log akses data pribadi"), reverse("privacy:access_log")))
    if can_handle_requests(user):
        links.append(AccountLink(_("Permintaan data pribadi"), reverse("privacy:requests")))
    return links
