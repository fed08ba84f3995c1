"""The installation page: bringing provinces and regency/city offices in."""

import pytest
from django.test import Client

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import (
    installation_admin_create,
)
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_province_admins_cannot_onboard(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.province_admin)
    assert client.get("/akun/instalasi/").status_code == 403
    assert client.post("/akun/instalasi/", {"code": "35"}).status_code == 403
    assert not Organisation.objects.filter(region__province_code="35").exists()


def test_an_installation_admin_opens_no_batch(personas: Personas) -> None:
    admin = installation_admin_create(actor=None, username="pengelola").admin
    assert admin is not None
    client = Client()
    client.force_login(admin)
    assert client.get("/program/angkatan/baru/").status_code == 403


def _installation_client() -> Client:
    admin = installation_admin_create(actor=None, username="pengelola").admin
    assert admin is not None
    client = Client()
    client.force_login(admin)
    return client


def test_the_page_refuses_an_account_of_another_province_and_names_where_it_works() -> None:
    """Rule: "Bawa masuk" never silently makes another province's admin an admin here too."""
    client = _installation_client()
    client.post("/akun/instalasi/", {"code": "35", "admin": "jatim"})
    response = client.post("/akun/instalasi/", {"code": "51", "admin": "jatim"})
    assert response.status_code == 200
    assert "Akun jatim sudah dipakai di Balatkop UKM Jawa Timur, bukan di Bali" in response.content.decode()
    jatim = User.objects.get(username="jatim")
    assert list(jatim.memberships.values_list("organisation__region_id", flat=True)) == ["35"]
    assert not Organisation.objects.filter(region__province_code="51").exists()


def test_entering_a_province_again_says_what_was_done_and_reissues_the_link_with_share_buttons() -> None:
    client = _installation_client()
    client.post("/akun/instalasi/", {"code": "35", "admin": "jatim"})
    client.get("/akun/instalasi/")  # the first link is shown once, then lost
    page = client.post("/akun/instalasi/", {"code": "35", "admin": "jatim"}, follow=True).content.decode()
    assert (
        "Balatkop UKM Jawa Timur: tidak ada kantor baru. jatim sudah admin Balatkop UKM Jawa Timur." in page
    )
    assert "Tautan masuk baru untuk jatim dibuat" in page
    assert "/akun/undangan/" in page and "https://wa.me/?text=" in page and "data-copy=" in page
    assert "0 organisasi baru" not in page
    assert 'id="reissue-hint"' in page


def test_adding_an_admin_to_an_existing_office_says_so() -> None:
    client = _installation_client()
    client.post("/akun/instalasi/", {"code": "35", "admin": "jatim"})
    page = client.post("/akun/instalasi/", {"code": "35.78", "admin": "surabaya"}, follow=True)
    text = page.content.decode()
    assert "Dinas Koperasi dan UKM Kota Surabaya: tidak ada kantor baru. Akun admin surabaya dibuat." in text
    assert Membership.objects.filter(user__username="surabaya", organisation__region_id="35.78").exists()
