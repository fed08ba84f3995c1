"""The demo's second province: Jawa Timur with its offices and `jatim`, once, beside Central Java."""

import pytest
from django.test import Client

from naikkelas.accounts.access import is_installation_admin, scope_for_user
from naikkelas.accounts.models import Organisation, User
from naikkelas.demo.people import people_demo_load
from naikkelas.programs.models import Program

pytestmark = pytest.mark.django_db


def test_jatim_is_onboarded_once_and_its_admin_signs_in_with_the_demo_password() -> None:
    assert people_demo_load(password="naikkelas") == {"organisations": 39}
    assert people_demo_load(password="naikkelas") == {"organisations": 0}
    assert Organisation.objects.filter(region__province_code="35").count() == 39
    jatim = User.objects.get(username="jatim")
    assert [(g.role, g.region.code if g.region else None) for g in scope_for_user(jatim).grants] == [
        ("admin", "35")
    ]
    assert Client().login(username="jatim", password="naikkelas")
    assert Client().login(username="pengelola", password="naikkelas")
    assert is_installation_admin(User.objects.get(username="pengelola"))
    assert not Program.objects.filter(owner__region__province_code="35").exists()
