import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from naikkelas.registry.demo import APPLICANTS_2021, DEMO_PASSWORD, demo_load
from naikkelas.registry.models import Enterprise, MetricReport

pytestmark = pytest.mark.django_db


def test_demo_refuses_without_debug(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        demo_load()
    assert Enterprise.objects.count() == 0


def test_demo_loads_2021_applicants_once_and_every_login_works(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    assert demo_load()["enterprises"] == APPLICANTS_2021
    assert demo_load()["enterprises"] == 0
    assert Enterprise.objects.filter(province_code="33").count() == APPLICANTS_2021
    baselines = MetricReport.objects.filter(source="application")
    assert baselines.count() == APPLICANTS_2021
    below = baselines.filter(omzet__lt=5_000_000).count()
    assert 0.1 * APPLICANTS_2021 < below < 0.5 * APPLICANTS_2021  # both sides of the threshold
    for username in ["provinsi", "semarang", "kudus", "mentor", "peserta", "kementerian"]:
        assert Client().login(username=username, password=DEMO_PASSWORD), username
