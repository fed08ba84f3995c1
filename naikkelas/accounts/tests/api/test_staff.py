"""`/api/v1/organisations` and `/api/v1/staff`: the staff pages' services behind the same doors."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from naikkelas.accounts.access import (
    is_installation_admin,
    is_province_admin,
    scope_for_user,
)
from naikkelas.accounts.models import ApiToken, Membership, Organisation, User
from naikkelas.accounts.services import staff as services
from naikkelas.accounts.services.organisations import (
    installation_admin_create,
)
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.accounts.tests.services.test_staff import PASSWORD, office, set_password_by
from naikkelas.core.models import AuditEvent
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def office_id(personas: Personas, username: str) -> int:
    return Membership.objects.get(user=getattr(personas, username)).organisation_id


def test_creating_staff_answers_with_the_invitation_link_once(personas: Personas) -> None:
    client = api(personas.semarang_admin)
    body = {"organisation_id": office_id(personas, "semarang_admin"), "role": "reviewer", "username": "Nur.Penilai",
            "first_name": "Nur", "email": "nur@x.example"}  # fmt: skip
    response = client.post("/api/v1/staff", body, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert re.search(r"/akun/undangan/[^/]+/[^/]+/$", created["invitation_url"])
    assert created["last_login"] is None and created["has_authenticator"] is False
    assert [(m["role"], m["role_label"]) for m in created["memberships"]] == [("reviewer", "penilai")]
    again = client.get(f"/api/v1/staff/{created['id']}").json()
    assert "invitation_url" not in again
    listed = client.get("/api/v1/staff", {"state": "never"}).json()
    assert created["id"] in [row["id"] for row in listed["items"]]


def test_a_duplicate_username_is_a_422_naming_the_field(personas: Personas) -> None:
    body = {"organisation_id": office_id(personas, "semarang_admin"), "role": "trainer", "username": "MENTOR",
            "first_name": "X", "email": "x@x.example"}  # fmt: skip
    response = api(personas.semarang_admin).post("/api/v1/staff", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "field": "username",
            "message": "Nama pengguna MENTOR sudah dipakai (huruf besar dan kecil dianggap sama).",
        }
    ]


def test_staff_of_another_regency_are_absent_and_its_office_is_not_writable(personas: Personas) -> None:
    kudus_office = office_id(personas, "kudus_admin")
    client = api(personas.semarang_admin)
    body = {"organisation_id": kudus_office, "role": "trainer", "username": "x1", "first_name": "X",
            "email": "x@x.example"}  # fmt: skip
    assert client.post("/api/v1/staff", body, content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/staff/{personas.kudus_admin.pk}").status_code == 404
    patch = client.patch(
        f"/api/v1/staff/{personas.kudus_admin.pk}", {"is_active": False}, content_type="application/json"
    )
    assert patch.status_code == 404
    personas.kudus_admin.refresh_from_db()
    assert personas.kudus_admin.is_active
    ids = [row["id"] for row in client.get("/api/v1/staff").json()["items"]]
    assert personas.kudus_admin.pk not in ids and personas.mentor.pk in ids
    assert api(personas.mentor).get("/api/v1/staff").status_code == 403
    # The mentor sees her own office through /organisations, not the others.
    names = [row["name"] for row in api(personas.mentor).get("/api/v1/organisations").json()["items"]]
    assert names == [Organisation.objects.get(pk=office_id(personas, "mentor")).name]


def test_patch_changes_a_role_and_deactivates(personas: Personas) -> None:
    client = api(personas.semarang_admin)
    membership = Membership.objects.get(user=personas.mentor)
    response = client.patch(f"/api/v1/staff/{personas.mentor.pk}", {"first_name": "Sari"},
                            content_type="application/json")  # fmt: skip
    assert response.status_code == 422  # a mentor keeps a WhatsApp number; the factory gave none
    assert response.json()["detail"][0]["field"] == "phone"
    response = client.patch(f"/api/v1/staff/{personas.mentor.pk}",
                            {"membership_id": membership.pk, "role": "trainer"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.content
    assert [m["role"] for m in response.json()["memberships"]] == ["trainer"]
    response = client.patch(
        f"/api/v1/staff/{personas.mentor.pk}", {"is_active": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    own = client.patch(f"/api/v1/staff/{personas.semarang_admin.pk}", {"is_active": False},
                       content_type="application/json")  # fmt: skip
    assert own.status_code == 403  # she sees herself among her office's staff, but never closes herself
    personas.semarang_admin.refresh_from_db()
    assert personas.semarang_admin.is_active


def test_only_installation_admins_onboard_through_the_api(personas: Personas) -> None:
    body = {"code": "35", "admin_username": "jatim", "admin_email": "j@jatim.example"}
    refused = api(personas.province_admin).post(
        "/api/v1/organisations", body, content_type="application/json"
    )
    assert refused.status_code == 403
    result = installation_admin_create(actor=None, username="pengelola")
    assert result.admin is not None
    response = api(result.admin).post("/api/v1/organisations", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["organisation"]["name"] == "Balatkop UKM Jawa Timur" and len(data["created"]) == 39
    assert "/akun/undangan/" in data["invitation_url"]
    again = api(result.admin).post("/api/v1/organisations", body, content_type="application/json").json()
    assert again["created"] == [] and again["admin_id"] == data["admin_id"]
    jatim_ids = {
        row["id"]
        for row in api(personas.province_admin).get("/api/v1/organisations?page_size=500").json()["items"]
    }
    assert not jatim_ids & set(
        Organisation.objects.filter(region__province_code="35").values_list("pk", flat=True)
    )


def test_patch_does_what_the_page_does_grant_reset_and_reactivate(personas: Personas) -> None:
    client = api(personas.province_admin)
    created = client.post("/api/v1/staff", {
        "organisation_id": office_id(personas, "semarang_admin"), "role": "trainer", "username": "gita",
        "first_name": "Gita", "email": "g@x.example",
    }, content_type="application/json").json()  # fmt: skip
    url = f"/api/v1/staff/{created['id']}"
    grant = {"grant": {"organisation_id": office_id(personas, "kudus_admin"), "role": "reviewer"}}
    body = client.patch(url, grant, content_type="application/json").json()
    assert sorted(m["role"] for m in body["memberships"]) == ["reviewer", "trainer"]
    assert body["invitation_url"] == ""
    reset = client.patch(url, {"reset_password": True}, content_type="application/json").json()
    assert (
        "/akun/undangan/" in reset["invitation_url"] and reset["invitation_url"] != created["invitation_url"]
    )
    trainer = next(m for m in body["memberships"] if m["role"] == "trainer")
    removed = client.patch(url, {"membership_id": trainer["id"], "remove_membership": True},
                           content_type="application/json").json()  # fmt: skip
    assert [m["role"] for m in removed["memberships"]] == ["reviewer"]
    closed = client.patch(url, {"is_active": False}, content_type="application/json").json()
    assert closed["is_active"] is False
    opened = client.patch(url, {"is_active": True}, content_type="application/json").json()
    assert opened["is_active"] is True and "/akun/undangan/" in opened["invitation_url"]
    # The Semarang admin sees her no longer (her only role is in Kudus now) and cannot grant her anything.
    assert api(personas.semarang_admin).patch(url, grant, content_type="application/json").status_code == 404


def test_a_deactivated_account_cannot_sign_in_loses_its_tokens_and_keeps_its_name_in_history(
    personas: Personas,
) -> None:
    user, link = services.staff_create(actor=None, organisation=office(personas, "semarang_admin"),
                                       username="Andi", role="trainer", first_name="Andi", last_name="Wijaya",
                                       email="andi@x.example")  # fmt: skip
    set_password_by(link)
    key = api_token_create(user=User.objects.get(pk=user.pk))
    services.staff_deactivate(actor=personas.semarang_admin, user=user)
    assert Client().login(username="andi", password=PASSWORD) is False
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/enterprises").status_code == 401
    assert ApiToken.objects.get(user=user).revoked_reason == "deactivated"
    assert User.objects.filter(pk=user.pk, first_name="Andi", last_name="Wijaya").exists()  # never deleted
    assert str(AuditEvent.objects.filter(actor=user).first().actor) == "Andi Wijaya"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="tidak dapat menonaktifkan akun Anda sendiri"):
        services.staff_deactivate(actor=personas.semarang_admin, user=personas.semarang_admin)


def test_an_installation_admin_reaches_no_program_data_but_the_installation_page(personas: Personas) -> None:
    result = installation_admin_create(actor=None, username="pengelola", email="it@example.org")
    admin = result.admin
    assert admin is not None and is_installation_admin(admin)
    assert scope_for_user(admin).grants == () and not is_province_admin(admin)
    admin.set_password("Pengelola-Kuat-1")
    admin.save()
    client = Client()
    client.force_login(admin)
    assert client.get("/akun/instalasi/").status_code == 200
    registry = client.get("/registri/").content.decode()
    assert (
        personas.kudus_enterprise.name not in registry and personas.semarang_enterprise.name not in registry
    )
    assert client.get("/api/v1/enterprises").json()["count"] == 0
    response = client.post("/akun/instalasi/", {"code": "35", "admin": "jatim", "email": "j@jatim.example"})
    assert response.status_code == 302
    page = client.get("/akun/instalasi/").content.decode()
    assert "Jawa Timur" in page and "jatim" in page and "/akun/undangan/" in page
    assert "Dinas Koperasi dan UKM Kota Surabaya" in client.get("/akun/instalasi/35/").content.decode()
    assert "/akun/undangan/" not in client.get("/akun/instalasi/").content.decode()  # shown once


def test_the_api_refuses_to_make_another_provinces_admin_an_admin_here_too(personas: Personas) -> None:
    """Rule: the same refusal as the page (one service): the province admin of Jawa Tengah stays there."""
    result = installation_admin_create(actor=None, username="pengelola")
    assert result.admin is not None
    body = {"code": "51", "admin_username": "provinsi"}
    response = api(result.admin).post("/api/v1/organisations", body, content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["field"] == "admin" and detail["message"].startswith(
        "Akun provinsi sudah dipakai di Organisasi provinsi, bukan di Bali."
    )
    assert list(personas.province_admin.memberships.values_list("organisation__region_id", flat=True)) == [
        "33"
    ]
    fine = api(result.admin).post("/api/v1/organisations", {"code": "33", "admin_username": "provinsi"},
                                  content_type="application/json").json()  # fmt: skip
    assert fine["admin_created"] is False and fine["admin_granted"] is False and fine["created"]
