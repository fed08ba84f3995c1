import io

import pytest
from django.core.management import call_command

from naikkelas.registry.models import Enterprise, MetricReport, Person
from naikkelas.registry.nik import parse_nik

pytestmark = pytest.mark.django_db


def test_generate_writes_valid_people_across_sectors_and_both_sides_of_the_threshold() -> None:
    call_command("generate", "--enterprises", "600", "--seed", "3", stdout=io.StringIO())
    assert Enterprise.objects.count() == 600
    assert MetricReport.objects.filter(source="application").count() == 600
    for person in Person.objects.all()[:200]:
        info = parse_nik(person.nik)
        assert info.sex == person.sex and info.matches_birth_date(person.birth_date)
    assert Enterprise.objects.values("sector").distinct().count() == 9
    below = MetricReport.objects.filter(omzet__lt=5_000_000).count()
    assert 60 < below < 300
    # Weighted by population: Java's big provinces hold far more than Kalimantan Utara.
    assert (
        Enterprise.objects.filter(province_code="32").count()
        > 5 * Enterprise.objects.filter(province_code="65").count()
    )


def test_generate_is_reproducible_for_a_seed() -> None:
    call_command("generate", "--enterprises", "50", "--seed", "9", "--province", "33", stdout=io.StringIO())
    first = list(Enterprise.objects.order_by("id").values_list("name", "district_id"))
    Enterprise.objects.all().delete()
    Person.objects.all().delete()
    call_command("generate", "--enterprises", "50", "--seed", "9", "--province", "33", stdout=io.StringIO())
    assert list(Enterprise.objects.order_by("id").values_list("name", "district_id")) == first
    assert set(Enterprise.objects.values_list("province_code", flat=True)) == {"33"}
