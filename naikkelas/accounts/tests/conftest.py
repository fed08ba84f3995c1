"""Fixtures and helpers shared by the accounts tests."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.models import ApiToken, User
from naikkelas.accounts.services import security
from naikkelas.accounts.services.tokens import hash_token
from naikkelas.testing.factories import Personas, UserFactory
from naikkelas.testing.training import ProvinceBatch, make_province_batch


@pytest.fixture
def world(personas: Personas) -> ProvinceBatch:
    return make_province_batch(personas)


LOGIN = "/akun/masuk/"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The per-address limit of reset requests lives in the cache; each test starts without it."""
    from django.core.cache import cache

    cache.clear()


def login(client: Client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def enrol_two_factor(client: Client) -> str:
    """Walk the enrolment page and return the secret the page showed."""
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")  # type: ignore[union-attr]
    response = client.post(
        reverse("accounts:two_factor_setup"), {"code": security.totp_code(secret), "next": "/"}
    )
    assert response.status_code == 302
    return secret


def token_of(key: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=hash_token(key))


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def superuser_client() -> Client:
    root = UserFactory.create(username="akar", is_superuser=True, is_staff=True)
    return signed_in(root)
