"""The installation page: bringing provinces and regency/city offices in."""

import pytest
from django.test import Client

from naikkelas.accounts.models import Organisation
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
