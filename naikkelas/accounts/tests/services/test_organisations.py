"""Bringing a province or one regency/city office in: the command and the service, run once or again."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from naikkelas.accounts.access import is_province_admin, scope_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services.organisations import (
    province_onboard,
    regency_onboard,
)
from naikkelas.core.models import AuditEvent
from naikkelas.notify.models import Message
from naikkelas.regions.models import Region
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

JATIM_REGENCIES = 38  # 29 kabupaten and 9 kota


def onboard(*args: str) -> str:
    out = StringIO()
    call_command("onboard", *args, stdout=out)
    return out.getvalue()


def link_in(text: str) -> str:
    found = re.search(r"https?://\S+/akun/undangan/\S+/", text)
    assert found, text
    return found.group(0)


def test_onboarding_a_province_makes_its_centre_every_office_and_a_first_admin_with_a_link() -> None:
    assert Region.objects.filter(kind="regency", province_code="35").count() == JATIM_REGENCIES
    out = onboard("--province", "35", "--admin", "Admin.Jatim", "--email", "admin@jatim.example")
    centre = Organisation.objects.get(kind=Organisation.Kind.PROVINCE_CENTRE, region_id="35")
    assert centre.name == "Balatkop UKM Jawa Timur"
    offices = Organisation.objects.filter(kind=Organisation.Kind.REGENCY_OFFICE, region__province_code="35")
    assert offices.count() == JATIM_REGENCIES
    assert offices.filter(name="Dinas Koperasi dan UKM Kota Surabaya", region_id="35.78").exists()
    admin = User.objects.get(username="Admin.Jatim")
    assert not admin.has_usable_password()  # only the link sets one
    assert list(admin.memberships.values_list("organisation__name", "role")) == [(centre.name, "admin")]
    assert is_province_admin(admin)
    assert f"{JATIM_REGENCIES + 1} organisation(s) created" in out
    link_in(out)
    message = Message.objects.get(template="staff_invitation")
    assert message.recipient == "admin@jatim.example" and message.province_code == "35"
    assert AuditEvent.objects.filter(object_type="accounts.organisation", action="create").count() == 39


def test_onboarding_again_creates_nothing_more_and_a_signed_in_admin_gets_no_new_link() -> None:
    onboard("--province", "35", "--admin", "jatim", "--email", "a@jatim.example")
    organisations = Organisation.objects.count()
    again = onboard("--province", "35", "--admin", "JATIM")  # any case names the same account
    assert Organisation.objects.count() == organisations
    assert "0 organisation(s) created" in again
    assert User.objects.filter(username__iexact="jatim").count() == 1
    assert Membership.objects.filter(user__username="jatim").count() == 1
    link_in(again)  # no password yet: a fresh link
    admin = User.objects.get(username="jatim")
    admin.set_password("Sudah-Diatur-99")
    admin.save()
    third = onboard("--province", "35", "--admin", "jatim")
    assert "no link" in third and "/akun/undangan/" not in third


def test_onboarding_a_province_the_demo_holds_keeps_its_offices(personas: Personas) -> None:
    existing = Organisation.objects.get(kind=Organisation.Kind.PROVINCE_CENTRE, region_id="33")
    result = province_onboard(actor=None, province_code="33")
    assert result.organisation == existing
    assert Organisation.objects.filter(kind=Organisation.Kind.PROVINCE_CENTRE, region_id="33").count() == 1
    # Semarang and Kudus had offices; the other 33 are new.
    assert len(result.created) == 33


def test_a_regency_comes_in_alone_with_its_admin() -> None:
    result = regency_onboard(
        actor=None, regency_code="35.78", admin_username="surabaya", admin_email="s@sby.id"
    )
    assert result.organisation.name == "Dinas Koperasi dan UKM Kota Surabaya"
    assert {o.kind for o in result.created} == {"province_centre", "regency_office"}
    assert Organisation.objects.filter(region__province_code="35").count() == 2
    scope = scope_for_user(User.objects.get(username="surabaya"))
    assert [(g.role, g.region.code if g.region else None) for g in scope.grants] == [("admin", "35.78")]
    assert result.link


def test_unknown_codes_are_refused_in_plain_words() -> None:
    with pytest.raises(CommandError, match="Tidak ada provinsi dengan kode 99"):
        onboard("--province", "99", "--admin", "x")
    with pytest.raises(CommandError, match=r"Tidak ada kabupaten/kota dengan kode 35\.99"):
        onboard("--regency", "35.99")
    assert not Organisation.objects.exists() and not User.objects.exists()


def test_an_account_of_another_province_is_refused_not_made_admin_here_too() -> None:
    """Rule: onboarding never silently hands an existing account a second province (walk14: jatim → Bali)."""
    province_onboard(actor=None, province_code="35", admin_username="jatim")
    with pytest.raises(
        ValidationError, match=r"Akun jatim sudah dipakai di Balatkop UKM Jawa Timur, bukan di Bali"
    ):
        province_onboard(actor=None, province_code="51", admin_username="jatim")
    with pytest.raises(CommandError, match=r"Akun jatim sudah dipakai di Balatkop UKM Jawa Timur"):
        onboard("--regency", "51.71", "--admin", "jatim")
    jatim = User.objects.get(username="jatim")
    assert list(jatim.memberships.values_list("organisation__region_id", "role")) == [("35", "admin")]
    assert not Organisation.objects.filter(region__province_code="51").exists()  # nothing half-written


def test_an_account_of_the_same_province_gains_the_office_admin_role_and_says_so() -> None:
    province_onboard(actor=None, province_code="35", admin_username="jatim")
    again = province_onboard(actor=None, province_code="35", admin_username="jatim")
    assert again.admin is not None and not again.admin_created and not again.admin_granted
    assert again.link  # no password yet: the lost link is issued again
    office = regency_onboard(actor=None, regency_code="35.78", admin_username="jatim")
    assert office.admin_granted and not office.created
    out = onboard("--regency", "35.78", "--admin", "jatim")
    assert "already admin here" in out
    assert sorted(
        User.objects.get(username="jatim").memberships.values_list("organisation__region_id", flat=True)
    ) == ["35", "35.78"]
