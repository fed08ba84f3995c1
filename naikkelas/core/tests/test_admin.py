"""The Django admin holds every model of the project, and each of its lists opens for a superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from naikkelas.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _project_models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("naikkelas.")]


def test_every_model_of_the_project_is_in_the_admin() -> None:
    missing = [m._meta.label for m in _project_models() if m not in admin.site._registry]
    assert missing == []


def test_every_admin_list_opens(personas) -> None:  # type: ignore[no-untyped-def]
    root = UserFactory.create(username="akar", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    failed = []
    for model in _project_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        status = client.get(url).status_code
        if status != 200:
            failed.append((model._meta.label, status))
    assert failed == []
