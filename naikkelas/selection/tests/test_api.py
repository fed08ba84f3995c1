from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services.tokens import api_token_create, hash_token
from naikkelas.selection.models import Application
from naikkelas.selection.tests.views.test_applications import form_data
from naikkelas.testing.factories import Personas
from naikkelas.testing.graduations import graduate
from naikkelas.testing.programs import batch, organisation, program_with_levels
from naikkelas.testing.selection import apply

pytestmark = pytest.mark.django_db


def api(user: object) -> Client:
    return Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})  # type: ignore[arg-type]


@pytest.fixture
def semarang_batch(personas: Personas):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    province = organisation("Balatkop Jateng", "33")
    _program, level1, _level2 = program_with_levels(province)
    office = personas.semarang_admin.memberships.get().organisation
    created = batch(level1, office, opens=today - timedelta(days=1), closes=today + timedelta(days=5),
                    start=today + timedelta(days=10), capacity=1)  # fmt: skip
    client = Client()
    for n, omzet in enumerate(["12000000", "3000000"]):
        apply(
            client,
            created,
            {"nik": f"33740152038000{n + 11}", "name": f"Sri {n}", "phone": "081234567890", "email": "",
             "enterprise_name": f"Usaha API {n}", "nib": "", "sector": "food", "district": "33.74.02",
             "started_on": "2015-06-01", "period": (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"),
             "omzet": omzet, "aset": "40000000", "workers": "3", "consent": "on", "answer_0": "Tumbuh"},
        )  # fmt: skip
    return created


def test_applications_are_scoped_and_filterable(semarang_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    body = api(personas.semarang_admin).get("/api/v1/applications").json()
    assert body["count"] == 2
    eligible = (
        api(personas.semarang_admin).get("/api/v1/applications", {"status": "eligible", "level": "1"}).json()
    )
    assert eligible["count"] == 1
    assert all(rule["passed"] for rule in eligible["items"][0]["rules"])
    ineligible = api(personas.semarang_admin).get("/api/v1/applications", {"status": "ineligible"}).json()
    failed = [rule for rule in ineligible["items"][0]["rules"] if not rule["passed"]]
    assert failed[0]["rule"] == "turnover" and "Rp3.000.000" in failed[0]["reason_id"]
    assert api(personas.kudus_admin).get("/api/v1/applications").json()["count"] == 0
    other = ineligible["items"][0]["id"]
    assert api(personas.kudus_admin).get(f"/api/v1/applications/{other}").status_code == 404


def test_applications_filter_by_district_through_the_enterprise(semarang_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    """What the fuzzing found: a district filter on applications reached for a district column they do
    not have (500). An application's district is its enterprise's."""
    client = api(personas.semarang_admin)
    assert client.get("/api/v1/applications", {"region": "33.74.02"}).json()["count"] == 2
    assert client.get("/api/v1/applications", {"region": "33.74.01"}).json()["count"] == 0
    assert client.get("/api/v1/applications", {"region": "33.74"}).json()["count"] == 2
    unknown = client.get("/api/v1/applications", {"region": "99.99.99"})
    assert unknown.status_code == 422 and "wilayah" in unknown.content.decode()


def test_selection_actions_need_the_organiser(semarang_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/v1/batches/{semarang_batch.pk}/selection/run"
    assert api(personas.viewer).post(url).status_code == 403
    assert api(personas.kudus_admin).post(url).status_code == 404
    response = api(personas.semarang_admin).post(url)
    assert response.status_code == 422  # not scored yet
    assert "belum dinilai" in response.json()["detail"][0]["message"]


def test_batches_and_programs_are_listed(semarang_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    client = api(personas.semarang_admin)
    assert client.get("/api/v1/programs").json()["count"] == 1
    assert client.get("/api/v1/levels").json()["count"] == 2
    batches = client.get("/api/v1/batches", {"level": 1}).json()
    assert [b["id"] for b in batches["items"]] == [semarang_batch.pk]


def test_batch_create_refuses_the_wrong_tier(semarang_batch, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    level2 = semarang_batch.level.program.levels.get(rank=2)
    office = semarang_batch.organiser
    response = api(personas.semarang_admin).post(
        "/api/v1/batches",
        {"level_id": level2.pk, "organiser_id": office.pk, "title": "Menengah Semarang", "start_date": "2031-05-01",
         "capacity": 10, "opens_on": "2031-03-01", "closes_on": "2031-03-31"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "organiser"


def test_nominations_through_the_api(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    first, second, apps = graduated_semarang
    apps[0].refresh_from_db()
    graduate(batch=first, applications=[apps[0]])
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    response = client.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "applications": [apps[0].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert client.get("/api/v1/nominations").json()["count"] == 1
    kudus = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.kudus_admin)}"})
    refused = kudus.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "applications": [apps[1].pk]},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 404


def test_the_api_nominates_all_eligible(graduated_semarang, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.accounts.services.tokens import api_token_create

    first, second, apps = graduated_semarang
    for a in apps[:2]:
        a.refresh_from_db()
    graduate(batch=first, applications=apps[:2])
    client = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.semarang_admin)}"})
    response = client.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "all_eligible": True},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and len(response.json()) == 2
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=personas.viewer)}"})
    refused = viewer.post(
        "/api/v1/nominations", {"from_batch": first.pk, "to_batch": second.pk, "all_eligible": True},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403


def test_setting_a_password_through_the_status_link_ends_the_accounts_api_tokens(open_batch) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    token = apply(client, open_batch, form_data()).context["token"]
    account = Application.objects.get().person.user
    assert account is not None
    key = api_token_create(user=account)
    client.post(
        reverse("selection:status", args=[token]),
        {"new_password1": "bandeng-presto-2021", "new_password2": "bandeng-presto-2021"},
    )
    assert Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/me/data").status_code == 401
    revoked = ApiToken.objects.get(key_hash=hash_token(key))
    assert revoked.revoked_reason == ApiToken.RevokeReason.PASSWORD_CHANGED
