"""The account page's API tokens: one's own, and for admins their staff's."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import ApiToken
from naikkelas.accounts.services.tokens import api_token_create, hash_token
from naikkelas.accounts.tests.api.test_tokens import _fresh_cache, _superuser, signed_in, token_of  # noqa: F401 - shared helpers and fixtures
from naikkelas.testing.factories import Personas

pytestmark = pytest.mark.django_db


def test_django_admin_deactivation_ends_the_tokens(personas: Personas) -> None:
    user = personas.kudus_admin
    key = api_token_create(user=user)
    root = _superuser()
    page = root.get(f"/admin/accounts/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "date_joined_0": form["date_joined"].value().strftime("%Y-%m-%d"),
        "date_joined_1": form["date_joined"].value().strftime("%H:%M:%S"),
        # is_active left out: the box is unticked
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = root.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    assert token_of(key).revoked_reason == ApiToken.RevokeReason.DEACTIVATED


# --- the pages -------------------------------------------------------------------------------------------


def test_account_page_links_to_the_tokens(personas: Personas) -> None:
    page = signed_in(personas.participant).get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:api_tokens") in page


def test_tokens_page_lists_own_tokens_without_keys(personas: Personas) -> None:
    key = api_token_create(user=personas.participant, name="HP Android")
    api_token_create(user=personas.other_participant, name="milik orang lain")
    response = signed_in(personas.participant).get(reverse("accounts:api_tokens"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "HP Android" in body and "milik orang lain" not in body
    assert key not in body and hash_token(key) not in body
    assert "aktif" in body
    assert reverse("accounts:staff_api_tokens") not in body  # not an admin


def test_revoke_page_access_cases(personas: Personas) -> None:
    token = token_of(api_token_create(user=personas.mentor))
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    anonymous = Client().post(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    for outsider in (personas.participant, personas.kudus_admin, personas.viewer):
        assert signed_in(outsider).get(url).status_code == 404
        assert signed_in(outsider).post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    response = signed_in(personas.semarang_admin).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:staff_api_tokens")
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.RevokeReason.BY_ADMIN
    assert token.revoked_by == personas.semarang_admin


def test_staff_tokens_page_is_for_admins_and_scoped(personas: Personas) -> None:
    api_token_create(user=personas.mentor, name="tablet pendamping")
    api_token_create(user=personas.kudus_admin, name="laptop kudus")
    page = signed_in(personas.semarang_admin).get(reverse("accounts:staff_api_tokens"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "tablet pendamping" in body and "laptop kudus" not in body
    filtered = signed_in(personas.province_admin).get(reverse("accounts:staff_api_tokens"), {"q": "kudus"})
    assert "laptop kudus" in filtered.content.decode()
    assert "tablet pendamping" not in filtered.content.decode()
    for reader in (personas.mentor, personas.viewer, personas.participant):
        assert signed_in(reader).get(reverse("accounts:staff_api_tokens")).status_code == 403
    own = signed_in(personas.semarang_admin).get(reverse("accounts:api_tokens")).content.decode()
    assert reverse("accounts:staff_api_tokens") in own
