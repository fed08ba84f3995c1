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


@pytest.fixture(autouse=True)
def _regions_present(request, django_db_blocker):  # type: ignore[no-untyped-def]
    """Regions are reference data every database test expects; a transactional test's flush removes
    them, so they are loaded again before the next test that needs them."""
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "personas"} & set(
        request.fixturenames
    )
    if not uses_db:
        return
    from naikkelas.regions.models import Region
    from naikkelas.regions.services import regions_load

    with django_db_blocker.unblock():
        if not Region.objects.exists():
            regions_load()


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """Report how many generated API requests schemathesis tried (when its test ran)."""
    import sys

    fuzz = sys.modules.get("naikkelas.core.tests.test_api_fuzz")
    if fuzz is not None and fuzz.CASES["count"]:
        terminalreporter.write_line(
            f"schemathesis: {fuzz.CASES['count']} cases tried across {len(fuzz.CASES['operations'])} API "
            f"operations (at most {fuzz.MAX_EXAMPLES} generated per operation), seed {fuzz.CASES['seed']} "
            f"(NK_FUZZ_SEED={fuzz.CASES['seed']} replays this run)"
        )
