"""The account page lists the links the apps above accounts register, and only those the user may follow."""

from django.test import Client
from django.urls import reverse

from naikkelas.accounts.links import AccountLink, account_links
from naikkelas.testing.factories import Personas


def test_a_registered_link_source_adds_its_links_to_the_account_page(personas: Personas) -> None:
    account_links.register(
        "catatan",
        lambda user: [AccountLink("Catatan saya", "/catatan/")] if user.pk == personas.mentor.pk else [],
    )
    try:
        mentor, viewer = Client(), Client()
        mentor.force_login(personas.mentor)
        viewer.force_login(personas.viewer)
        assert (
            '<a href="/catatan/">Catatan saya</a>' in mentor.get(reverse("accounts:account")).content.decode()
        )
        assert "/catatan/" not in viewer.get(reverse("accounts:account")).content.decode()
    finally:
        account_links.unregister("catatan")
