"""Admins manage their offices' staff: accounts with roles, one-time invitation links, role changes,
deactivation that keeps the name in history, and the doors that keep each admin to their own offices."""

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.accounts.access import can_manage_account, organisations_managed_by, staff_for_user
from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.accounts.services import staff as services
from naikkelas.core.models import AuditEvent
from naikkelas.mentoring.models import Mentor
from naikkelas.notify.models import Message
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db

PASSWORD = "Lumpia-Semarang-77"


def office(personas: Personas, username: str) -> Organisation:
    return Membership.objects.get(user=getattr(personas, username)).organisation


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def set_password_by(link: str, password: str = PASSWORD) -> tuple[Client, Any]:
    """Follow the link as the invited person would, in a fresh browser."""
    client = Client()
    form_page = client.get(path_of(link), follow=True)
    assert "Buat kata sandi" in form_page.content.decode(), form_page.content.decode()[:500]
    url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path_of(link)
    response = client.post(url, {"new_password1": password, "new_password2": password})
    return client, response


# --- services --------------------------------------------------------------------------------------


def test_a_new_reviewer_gets_an_account_without_password_a_role_and_an_invitation(personas: Personas) -> None:
    semarang = office(personas, "semarang_admin")
    user, link = services.staff_create(
        actor=personas.semarang_admin, organisation=semarang, username="Dewi.Lestari", role="reviewer",
        first_name="Dewi", last_name="Lestari", email="dewi@semarang.example",
    )  # fmt: skip
    assert user.username == "Dewi.Lestari" and not user.has_usable_password()
    assert list(user.memberships.values_list("organisation", "role")) == [(semarang.pk, "reviewer")]
    message = Message.objects.get(template="staff_invitation", recipient="dewi@semarang.example")
    assert message.context["url"] == link and message.regency_code == "33.74"
    assert AuditEvent.objects.filter(
        object_type="accounts.user", object_id=str(user.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("semarang", "Nama pengguna semarang sudah dipakai"),
        ("SEMARANG", "Nama pengguna SEMARANG sudah dipakai"),
        ("budi santoso", "tanpa spasi"),
        ("   ", "Isi nama pengguna"),
    ],
)
def test_usernames_are_unique_whatever_the_case_and_refused_in_plain_words(
    personas: Personas, username: str, message: str
) -> None:
    before = User.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.staff_create(actor=None, organisation=office(personas, "semarang_admin"), username=username,
                              role="trainer", first_name="Budi", email="b@x.example")  # fmt: skip
    assert User.objects.count() == before


def test_a_contact_is_needed_for_the_invitation_and_a_mentor_needs_whatsapp(personas: Personas) -> None:
    semarang = office(personas, "semarang_admin")
    with pytest.raises(ValidationError, match="Isi email atau nomor WhatsApp"):
        services.staff_create(
            actor=None, organisation=semarang, username="tanpa", role="trainer", first_name="T"
        )
    with pytest.raises(ValidationError, match="Pendamping perlu nomor WhatsApp"):
        services.staff_create(actor=None, organisation=semarang, username="pendamping2", role="mentor",
                              first_name="Sari", email="s@x.example")  # fmt: skip
    with pytest.raises(ValidationError, match="Pendamping terdaftar pada dinas kabupaten/kota"):
        services.staff_create(actor=None, organisation=office(personas, "province_admin"), username="p3",
                              role="mentor", first_name="Sari", phone="081299998888")  # fmt: skip
    assert not User.objects.filter(username__in=["tanpa", "pendamping2", "p3"]).exists()


def test_a_mentor_made_on_the_staff_page_has_her_profile_and_whatsapp(personas: Personas) -> None:
    user, _link = services.staff_create(
        actor=personas.semarang_admin, organisation=office(personas, "semarang_admin"), username="sari.pendamping",
        role="mentor", first_name="Sari", phone="0812-9999-8888",
    )  # fmt: skip
    assert user.phone == "+6281299998888"
    mentor = Mentor.objects.get(user=user)
    assert (mentor.regency_id, mentor.active) == ("33.74", True)
    assert Message.objects.get(template="staff_invitation").recipient == "+6281299998888"


def test_a_person_holds_roles_in_several_offices(personas: Personas) -> None:
    user, _link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                        username="rina", role="trainer", first_name="Rina", email="r@x.example")  # fmt: skip
    services.staff_grant(actor=personas.province_admin, user=user, organisation=office(personas, "province_admin"),
                         role="reviewer")  # fmt: skip
    assert sorted(user.memberships.values_list("role", flat=True)) == ["reviewer", "trainer"]
    # The Semarang admin sees her, but may not close an account that also works for the province.
    assert staff_for_user(personas.semarang_admin).filter(pk=user.pk).exists()
    assert not can_manage_account(personas.semarang_admin, user)
    assert can_manage_account(personas.province_admin, user)


def test_the_last_role_is_not_removed_but_a_role_is_changed(personas: Personas) -> None:
    user, _link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                        username="tono", role="trainer", first_name="Tono", email="t@x.example")  # fmt: skip
    membership = user.memberships.get()
    with pytest.raises(ValidationError, match="Ini peran terakhir tono"):
        services.membership_remove(actor=None, membership=membership)
    services.membership_role_change(actor=personas.semarang_admin, membership=membership, role="viewer")
    membership.refresh_from_db()
    assert membership.role == "viewer"
    assert AuditEvent.objects.filter(
        object_type="accounts.membership", changes={"role": ["trainer", "viewer"]}
    ).exists()


def test_a_mentor_with_mentees_is_not_deactivated_until_they_are_moved(personas: Personas) -> None:
    from naikkelas.testing.mentoring import make_mentee

    mentee = make_mentee(personas)
    mentor_user = mentee.mentor.user
    with pytest.raises(ValidationError, match="masih mendampingi 1 usaha"):
        services.staff_deactivate(actor=personas.semarang_admin, user=mentor_user)
    mentor_user.refresh_from_db()
    assert mentor_user.is_active  # nothing half-written


def test_an_admin_resetting_a_password_ends_the_old_one_and_the_old_link(personas: Personas) -> None:
    user, first_link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                             username="lina", role="reviewer", first_name="Lina", email="l@x.example")  # fmt: skip
    set_password_by(first_link)
    new_link = services.staff_password_reset(actor=personas.semarang_admin, user=User.objects.get(pk=user.pk))
    assert Client().login(username="lina", password=PASSWORD) is False
    _client, response = set_password_by(new_link, "Baru-Sekali-2026")
    assert response.status_code == 302
    assert Client().login(username="lina", password="Baru-Sekali-2026")


def test_a_deactivated_persons_link_no_longer_works(personas: Personas) -> None:
    user, link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                       username="putri", role="viewer", first_name="Putri", email="p@x.example")  # fmt: skip
    services.staff_deactivate(actor=None, user=user)
    assert "Tautan tidak berlaku" in Client().get(path_of(link), follow=True).content.decode()


# --- pages and doors ---------------------------------------------------------------------------------


def test_the_province_admin_manages_its_regencies_offices_and_a_regency_admin_only_its_own(
    personas: Personas,
) -> None:
    province = set(
        organisations_managed_by(personas.province_admin).values_list("region__province_code", flat=True)
    )
    assert province == {"33"}
    kudus = list(organisations_managed_by(personas.kudus_admin).values_list("region_id", flat=True))
    assert kudus == ["33.19"]
    assert not organisations_managed_by(personas.mentor).exists()
    assert not organisations_managed_by(personas.viewer).exists()


def test_the_database_holds_one_username_whatever_the_case(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="SEMARANG")
    # Two admins typing the same name at once both pass the check before either saves: the second is
    # refused by the constraint, in the same plain words, and nothing of it is written.
    monkeypatch.setattr(services, "username_clean", lambda value: value.strip())
    with pytest.raises(ValidationError, match="Nama pengguna Semarang sudah dipakai"):
        services.staff_create(actor=None, organisation=office(personas, "semarang_admin"), username="Semarang",
                              role="trainer", first_name="S", email="s@x.example")  # fmt: skip
    assert not Message.objects.filter(template="staff_invitation").exists()
    assert User.objects.filter(username__iexact="semarang").count() == 1
