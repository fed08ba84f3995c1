"""Shared fixtures: the regions table (once per session) and the persona base every app's tests use."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from naikkelas.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load()


@pytest.fixture(autouse=True)
def _indonesian_by_default():  # type: ignore[no-untyped-def]
    """Each test starts in Indonesian; a request in English must not leak into the next test."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()
