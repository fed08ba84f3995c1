"""The home page's sections through the API (`GET /api/v1/me/home`)."""

import pytest
from django.test import Client
from django.urls import reverse

from naikkelas.accounts.home import sections_for
from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.accounts.tests.views.test_home import world  # noqa: F401 - shared helpers and fixtures
from naikkelas.testing.training import ProvinceBatch

pytestmark = pytest.mark.django_db


def test_the_api_returns_the_same_sections_for_the_tokens_user(world: ProvinceBatch) -> None:  # noqa: F811
    sri = world.mentee.personas.participant
    response = Client(headers={"Authorization": f"Bearer {api_token_create(user=sri)}"}).get(
        "/api/v1/me/home"
    )
    assert response.status_code == 200
    body = response.json()
    assert [s["key"] for s in body["sections"]] == [s.key for s in sections_for(sri)]
    batches = next(s for s in body["sections"] if s["key"] == "training.my_batches")
    assert {"label": "sertifikat", "count": 1, "url": reverse("training:mine"), "urgent": False} in batches[
        "figures"
    ]
    assert world.certificates["budi"].number not in response.content.decode()
    assert [link["text"] for link in body["menu"]] == ["Pelatihan saya", "Konsultasi", "Data pribadi saya"]
    assert Client().get("/api/v1/me/home").status_code == 401
