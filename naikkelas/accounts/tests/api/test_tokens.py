"""API tokens (attacks.md V9): a new password or a closed account ends them on every path; their owners
and the admins of their offices list and revoke them on the pages and through the API."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naikkelas.accounts.access import api_tokens_for_user
from naikkelas.accounts.models import ApiToken, User
from naikkelas.accounts.selectors import api_token_state
from naikkelas.accounts.services.tokens import api_token_create, hash_token
from naikkelas.core.models import AuditEvent
from naikkelas.testing.factories import Personas, UserFactory

pytestmark = pytest.mark.django_db

PROBE = "/api/v1/enterprises"
NEW_PASSWORD = "Kopi-Temanggung-21"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def token_of(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=hash_token(key))


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- every path that sets a password or closes an account ends the tokens --------------------------------


def test_password_change_on_the_account_page_ends_the_tokens(personas: Personas) -> None:
    user = personas.semarang_admin
    key = api_token_create(user=user, name="skrip laporan")
    assert bearer(key).get(PROBE).status_code == 200
    client = signed_in(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "naikkelas", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert bearer(key).get(PROBE).status_code == 401
    token = token_of(key)
    assert token.revoked_reason == ApiToken.RevokeReason.PASSWORD_CHANGED
    assert token.revoked_by == user
    assert client.get(reverse("accounts:account")).status_code == 200  # this session stays signed in
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert (event.action, event.changes) == (
        "update",
        {"api_tokens_revoked": 1, "reason": "password_changed"},
    )


def test_password_reset_by_email_ends_the_tokens(personas: Personas) -> None:
    user = personas.viewer
    user.email = "pemantau@example.id"
    user.save()
    key = api_token_create(user=user)
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/akun/lupa/\S+/)", str(mail.outbox[0].body)).group(1)  # type: ignore[union-attr]
    url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert bearer(key).get(PROBE).status_code == 401
    assert token_of(key).revoked_reason == ApiToken.RevokeReason.PASSWORD_RESET


def test_a_password_set_anywhere_else_ends_the_tokens(personas: Personas) -> None:
    """The shell, `changepassword`, a future form: the token is bound to the password it was issued under."""
    user = personas.mentor
    key = api_token_create(user=user)
    user.set_password(NEW_PASSWORD)
    user.save()
    assert bearer(key).get(PROBE).status_code == 401
    token = token_of(key)
    assert token.revoked_at is None  # not through the service, yet dead
    assert api_token_state(token) == "password_changed"


def test_a_closed_account_has_no_working_token(personas: Personas) -> None:
    user = personas.mentor
    key = api_token_create(user=user)
    user.is_active = False
    user.save()
    assert bearer(key).get(PROBE).status_code == 401
    assert api_token_state(token_of(key)) == "inactive"


def _superuser() -> Client:
    root = UserFactory.create(username="akar", is_superuser=True, is_staff=True)
    return signed_in(root)


def test_django_admin_password_change_ends_the_tokens(personas: Personas) -> None:
    user = personas.kudus_admin
    key = api_token_create(user=user)
    response = _superuser().post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert bearer(key).get(PROBE).status_code == 401
    token = token_of(key)
    assert token.revoked_reason == ApiToken.RevokeReason.PASSWORD_CHANGED
    assert token.revoked_by is not None and token.revoked_by.username == "akar"


def test_django_admin_action_revokes_selected_tokens(personas: Personas) -> None:
    key = api_token_create(user=personas.mentor)
    response = _superuser().post(
        "/admin/accounts/apitoken/",
        {"action": "revoke", "_selected_action": [token_of(key).pk]},
    )
    assert response.status_code == 302
    assert token_of(key).revoked_reason == ApiToken.RevokeReason.BY_ADMIN
    assert bearer(key).get(PROBE).status_code == 401


# --- the API ---------------------------------------------------------------------------------------------


def test_api_lists_own_tokens_without_their_keys(personas: Personas) -> None:
    key = api_token_create(user=personas.participant, name="HP Android")
    other = api_token_create(user=personas.participant, name="laptop")
    api_token_create(user=personas.other_participant, name="milik orang lain")
    response = bearer(key).get("/api/v1/auth/tokens")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["laptop", "HP Android"]
    assert [item["current"] for item in items] == [False, True]
    assert {item["state"] for item in items} == {"active"}
    assert items[1]["last_used_at"] is not None  # this request used it
    assert items[0]["last_used_at"] is None
    body = response.content.decode()
    for secret in (key, other, hash_token(key), hash_token(other)):
        assert secret not in body
    assert set(items[0]) == {
        "id", "user_id", "username", "name", "created_at", "last_used_at", "expires_at",
        "revoked_at", "revoked_reason", "state", "current",
    }  # fmt: skip


def test_api_token_name_defaults_to_the_user_agent(personas: Personas) -> None:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": "peserta", "password": "naikkelas"},
        content_type="application/json",
        headers={"User-Agent": "NaikKelas-Android/1.4"},
    )
    assert token_of(response.json()["token"]).name == "NaikKelas-Android/1.4"
    named = Client().post(
        "/api/v1/auth/token",
        {"username": "peserta", "password": "naikkelas", "name": "skrip ekspor"},
        content_type="application/json",
    )
    assert token_of(named.json()["token"]).name == "skrip ekspor"


def test_api_revokes_own_token_at_once(personas: Personas) -> None:
    key = api_token_create(user=personas.participant)
    spare = api_token_create(user=personas.participant)
    token = token_of(key)
    response = bearer(spare).delete(f"/api/v1/auth/tokens/{token.pk}")
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert response.json()["revoked_reason"] == "by_owner"
    assert bearer(key).get(PROBE).status_code == 401
    assert bearer(spare).get("/api/v1/auth/tokens").status_code == 200
    again = bearer(spare).delete(f"/api/v1/auth/tokens/{token.pk}")  # idempotent
    assert again.status_code == 200
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.RevokeReason.BY_OWNER
    events = AuditEvent.objects.filter(object_type="accounts.apitoken", object_id=str(token.pk))
    assert list(events.values_list("changes", flat=True)) == [{"revoked_reason": ["", "by_owner"]}]


def test_api_token_can_revoke_itself(personas: Personas) -> None:
    key = api_token_create(user=personas.mentor)
    assert bearer(key).delete(f"/api/v1/auth/tokens/{token_of(key).pk}").status_code == 200
    assert bearer(key).get("/api/v1/auth/tokens").status_code == 401


def test_api_revoke_access_cases(personas: Personas) -> None:
    mentor_token = token_of(api_token_create(user=personas.mentor))
    kudus_token = token_of(api_token_create(user=personas.kudus_admin))
    province_token = token_of(api_token_create(user=personas.province_admin))
    url = "/api/v1/auth/tokens/{}"
    # Outside one's reach: absent.
    participant = bearer(api_token_create(user=personas.participant))
    assert participant.delete(url.format(mentor_token.pk)).status_code == 404
    kudus = bearer(api_token_create(user=personas.kudus_admin))
    assert kudus.delete(url.format(mentor_token.pk)).status_code == 404
    semarang = bearer(api_token_create(user=personas.semarang_admin))
    assert semarang.delete(url.format(kudus_token.pk)).status_code == 404
    assert semarang.delete(url.format(province_token.pk)).status_code == 404
    viewer = bearer(api_token_create(user=personas.viewer))
    assert viewer.delete(url.format(mentor_token.pk)).status_code == 404
    assert Client().delete(url.format(mentor_token.pk)).status_code == 401
    for token in (mentor_token, kudus_token, province_token):
        token.refresh_from_db()
        assert token.revoked_at is None
    # The admin of the office, and the province.
    response = semarang.delete(url.format(mentor_token.pk))
    assert response.status_code == 200 and response.json()["revoked_reason"] == "by_admin"
    assert (
        bearer(api_token_create(user=personas.province_admin)).delete(url.format(kudus_token.pk)).status_code
        == 200
    )
    mentor_token.refresh_from_db()
    kudus_token.refresh_from_db()
    assert mentor_token.revoked_by == personas.semarang_admin
    assert kudus_token.revoked_reason == ApiToken.RevokeReason.BY_ADMIN


def test_api_admin_lists_staff_tokens_of_their_offices(personas: Personas) -> None:
    mentor = token_of(api_token_create(user=personas.mentor, name="tablet pendamping"))
    api_token_create(user=personas.kudus_admin, name="kudus")
    semarang = bearer(api_token_create(user=personas.semarang_admin, name="semarang"))
    listed = semarang.get("/api/v1/auth/tokens").json()["items"]
    assert {(item["username"], item["name"]) for item in listed} == {
        ("semarang", "semarang"),
        ("mentor", "tablet pendamping"),
    }
    one = semarang.get(f"/api/v1/auth/tokens?user_id={personas.mentor.pk}").json()["items"]
    assert [item["id"] for item in one] == [mentor.pk]
    assert semarang.get(f"/api/v1/auth/tokens?user_id={personas.kudus_admin.pk}").json()["items"] == []


def test_api_token_endpoints_are_documented(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    assert "get" in schema["paths"]["/api/v1/auth/tokens"]
    assert "delete" in schema["paths"]["/api/v1/auth/tokens/{token_id}"]
    info = schema["components"]["schemas"]["TokenInfoOut"]["properties"]
    assert {"name", "created_at", "last_used_at", "expires_at", "state"} <= set(info)
    assert "key" not in info and "key_hash" not in info and "token" not in info


def test_expired_token_is_listed_as_expired_and_refused(personas: Personas) -> None:
    key = api_token_create(user=personas.participant)
    ApiToken.objects.filter(key_hash=hash_token(key)).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert bearer(key).get(PROBE).status_code == 401
    assert api_token_state(token_of(key)) == "expired"


def test_revoke_page_asks_first_then_revokes(personas: Personas) -> None:
    key = api_token_create(user=personas.participant, name="HP Android")
    token = token_of(key)
    client = signed_in(personas.participant)
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ya, cabut token ini" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking changes nothing
    done = client.post(url, follow=True)
    assert done.redirect_chain[-1][0] == reverse("accounts:api_tokens")
    assert "Token HP Android milik peserta dicabut" in done.content.decode()
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.RevokeReason.BY_OWNER
    assert bearer(key).get(PROBE).status_code == 401


def test_revoke_all_own_tokens_after_confirming(personas: Personas) -> None:
    keys = [api_token_create(user=personas.participant) for _ in range(3)]
    other = api_token_create(user=personas.other_participant)
    client = signed_in(personas.participant)
    url = reverse("accounts:api_tokens_revoke_all")
    assert "Ya, cabut semua" in client.get(url).content.decode()
    assert all(bearer(key).get("/api/v1/auth/tokens").status_code == 200 for key in keys)
    done = client.post(url, follow=True)
    assert "3 token dicabut." in done.content.decode()
    assert [bearer(key).get(PROBE).status_code for key in keys] == [401, 401, 401]
    assert bearer(other).get("/api/v1/auth/tokens").status_code == 200
    assert not api_tokens_for_user(personas.participant).filter(revoked_at__isnull=True).exists()
