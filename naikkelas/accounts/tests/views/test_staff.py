"""Staff pages: creating, inviting, changing and deactivating staff."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import Membership, User
from naikkelas.accounts.services import staff as services
from naikkelas.accounts.tests.services.test_staff import PASSWORD, office, path_of, set_password_by, signed_in
from naikkelas.core.models import AuditEvent
from naikkelas.testing.factories import Personas

# --- the invitation link ---------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def test_the_invitation_link_sets_the_password_signs_in_and_works_once(personas: Personas) -> None:
    user, link = services.staff_create(actor=None, organisation=office(personas, "kudus_admin"),
                                       username="Budi.Kudus", role="trainer", first_name="Budi", email="b@k.example")  # fmt: skip
    client, response = set_password_by(link)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Client().login(username="budi.kudus", password=PASSWORD)  # any case signs in
    again = Client().get(path_of(link), follow=True).content.decode()
    assert "Tautan tidak berlaku" in again
    assert AuditEvent.objects.filter(changes={"invitation": "accepted"}, object_id=str(user.pk)).count() == 1


def test_an_invited_admin_goes_on_to_enrol_the_authenticator(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TWO_FACTOR_REQUIRED = True
    _user, link = services.staff_create(actor=None, organisation=office(personas, "kudus_admin"),
                                        username="admin2", role="admin", first_name="Ani", email="a@k.example")  # fmt: skip
    client, _response = set_password_by(link)
    landing = client.get(reverse("home"))
    assert landing.status_code == 302 and landing["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_an_admin_creates_staff_on_the_page_and_sees_the_link_once(personas: Personas) -> None:
    client = signed_in(personas.semarang_admin)
    assert client.get(reverse("accounts:staff_list")).status_code == 200
    semarang = office(personas, "semarang_admin")
    response = client.post(reverse("accounts:staff_create"), {
        "organisation": semarang.pk, "role": "trainer", "username": "Eko.Pelatih", "first_name": "Eko",
        "last_name": "", "email": "eko@x.example", "phone": "",
    })  # fmt: skip
    user = User.objects.get(username="Eko.Pelatih")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:staff_detail", args=[user.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "/akun/undangan/" in detail
    assert "/akun/undangan/" not in client.get(response["Location"]).content.decode()
    listed = client.get(reverse("accounts:staff_list"), {"state": "never"}).content.decode()
    assert "Eko.Pelatih" in listed and "belum pernah masuk" in listed


def test_the_create_form_says_what_is_wrong_in_indonesian(personas: Personas) -> None:
    client = signed_in(personas.semarang_admin)
    response = client.post(reverse("accounts:staff_create"), {
        "organisation": office(personas, "semarang_admin").pk, "role": "trainer", "username": "kudus",
        "first_name": "X", "email": "x@x.example",
    })  # fmt: skip
    assert response.status_code == 200
    assert "Nama pengguna kudus sudah dipakai" in response.content.decode()


def test_an_admin_cannot_add_staff_to_another_regencys_office(personas: Personas) -> None:
    client = signed_in(personas.semarang_admin)
    response = client.post(reverse("accounts:staff_create"), {
        "organisation": office(personas, "kudus_admin").pk, "role": "trainer", "username": "penyusup",
        "first_name": "X", "email": "x@x.example",
    })  # fmt: skip
    assert response.status_code == 200  # the office is not among the choices
    assert not User.objects.filter(username="penyusup").exists()


def test_staff_of_another_office_are_absent_and_non_admins_are_refused(personas: Personas) -> None:
    kudus_person, _link = services.staff_create(actor=None, organisation=office(personas, "kudus_admin"),
                                                username="orang.kudus", role="trainer", first_name="K", email="k@x.example")  # fmt: skip
    semarang = signed_in(personas.semarang_admin)
    assert semarang.get(reverse("accounts:staff_detail", args=[kudus_person.pk])).status_code == 404
    assert semarang.post(reverse("accounts:staff_deactivate", args=[kudus_person.pk])).status_code == 404
    assert "orang.kudus" not in semarang.get(reverse("accounts:staff_list")).content.decode()
    assert (
        signed_in(personas.province_admin)
        .get(reverse("accounts:staff_detail", args=[kudus_person.pk]))
        .status_code
        == 200
    )
    for role in ("mentor", "viewer", "participant"):
        assert signed_in(getattr(personas, role)).get(reverse("accounts:staff_list")).status_code == 403
    kudus_person.refresh_from_db()
    assert kudus_person.is_active


def test_deactivation_asks_first_then_closes_the_account(personas: Personas) -> None:
    person, _link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                          username="wati", role="viewer", first_name="Wati", email="w@x.example")  # fmt: skip
    client = signed_in(personas.semarang_admin)
    url = reverse("accounts:staff_deactivate", args=[person.pk])
    confirm = client.get(url).content.decode()
    assert "Ya, nonaktifkan" in confirm
    person.refresh_from_db()
    assert person.is_active  # asking changed nothing
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    assert "wati" in client.get(reverse("accounts:staff_list"), {"state": "inactive"}).content.decode()


def test_the_account_page_links_the_staff_pages_for_admins_only(personas: Personas) -> None:
    url = reverse("accounts:staff_list")
    assert url in signed_in(personas.kudus_admin).get(reverse("accounts:account")).content.decode()
    assert url not in signed_in(personas.mentor).get(reverse("accounts:account")).content.decode()


def test_the_create_form_can_start_with_the_mentor_role_chosen(personas: Personas) -> None:
    page = signed_in(personas.semarang_admin).get(reverse("accounts:staff_create"), {"role": "mentor"})
    assert '<option value="mentor" selected>' in page.content.decode()


def _person_with_password(personas: Personas, username: str = "wati") -> User:
    person, _link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                          username=username, role="viewer", first_name="Wati", email="w@x.example")  # fmt: skip
    person.set_password(PASSWORD)
    person.save()
    return person


def test_a_password_reset_asks_first_and_acts_only_on_yes(personas: Personas) -> None:
    """Rule: a destructive staff action is confirmed on its own page (the deactivation pattern)."""
    person = _person_with_password(personas)
    client = signed_in(personas.semarang_admin)
    url = reverse("accounts:staff_action", args=[person.pk, "tautan"])
    detail = client.get(reverse("accounts:staff_detail", args=[person.pk])).content.decode()
    assert f'href="{url}"' in detail  # a link to the question, not a button that acts
    confirm = client.get(url).content.decode()
    assert "Ya, atur ulang kata sandi" in confirm and "Lanjutkan?" in confirm
    person.refresh_from_db()
    assert person.check_password(PASSWORD)  # asking changed nothing
    assert client.post(url).status_code == 302
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_the_authenticator_reset_asks_first_and_reactivation_is_post_only(personas: Personas) -> None:
    person = _person_with_password(personas)
    client = signed_in(personas.province_admin)  # the province admin resets authenticators
    confirm = client.get(reverse("accounts:staff_action", args=[person.pk, "autentikator"]))
    assert confirm.status_code == 200 and "Ya, atur ulang autentikator" in confirm.content.decode()
    assert client.get(reverse("accounts:staff_action", args=[person.pk, "aktifkan"])).status_code == 405
    regency = signed_in(personas.semarang_admin)
    assert regency.get(reverse("accounts:staff_action", args=[person.pk, "autentikator"])).status_code == 403
    kudus = signed_in(personas.kudus_admin)
    assert kudus.get(reverse("accounts:staff_action", args=[person.pk, "tautan"])).status_code == 404


def test_revoking_a_role_asks_first_then_goes_back_to_the_list_when_the_person_leaves_the_admins_scope(
    personas: Personas,
) -> None:
    """Rule: after a step that takes the person out of scope, no redirect to a page that is now absent."""
    person = _person_with_password(personas)
    services.staff_grant(actor=None, user=person, organisation=office(personas, "kudus_admin"), role="viewer")
    semarang_role = Membership.objects.get(user=person, organisation=office(personas, "semarang_admin"))
    client = signed_in(personas.semarang_admin)
    url = reverse("accounts:membership_remove", args=[semarang_role.pk])
    assert url in client.get(reverse("accounts:staff_detail", args=[person.pk])).content.decode()
    assert "Ya, cabut peran ini" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=semarang_role.pk).exists()  # asking changed nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:staff_list")
    assert not Membership.objects.filter(pk=semarang_role.pk).exists()
    listed = client.get(response["Location"]).content.decode()
    assert "wati tidak lagi bekerja di kantor yang Anda kelola" in listed
    assert Membership.objects.filter(user=person, organisation=office(personas, "kudus_admin")).exists()


def test_revoking_one_of_two_roles_in_scope_goes_back_to_the_persons_page(personas: Personas) -> None:
    person = _person_with_password(personas)
    services.staff_grant(
        actor=None, user=person, organisation=office(personas, "semarang_admin"), role="trainer"
    )
    trainer = Membership.objects.get(user=person, role="trainer")
    response = signed_in(personas.semarang_admin).post(
        reverse("accounts:membership_remove", args=[trainer.pk])
    )
    assert response["Location"] == reverse("accounts:staff_detail", args=[person.pk])
    assert list(person.memberships.values_list("role", flat=True)) == ["viewer"]


def test_a_deactivated_account_shows_no_role_changes_and_says_how_to_reactivate(personas: Personas) -> None:
    person = _person_with_password(personas)
    client = signed_in(personas.semarang_admin)
    client.post(reverse("accounts:staff_deactivate", args=[person.pk]))
    page = client.get(reverse("accounts:staff_detail", args=[person.pk])).content.decode()
    assert "Cabut peran ini" not in page and "Ubah peran" not in page
    assert "Akun ini nonaktif: perannya tidak bisa diubah. Aktifkan lagi" in page
    assert "Aktifkan lagi" in page
