import pytest

from naikkelas.regions.models import Region, subtree_q
from naikkelas.regions.services import regions_load

pytestmark = pytest.mark.django_db


def test_all_current_regions_are_loaded() -> None:
    assert Region.objects.filter(kind="province").count() == 38
    assert Region.objects.filter(kind="regency").count() == 514
    assert Region.objects.filter(kind="regency", name__startswith="Kota ").count() == 98
    assert Region.objects.filter(kind="district").count() == 7285


def test_central_java_has_35_regencies_and_cities() -> None:
    jateng = Region.objects.get(code="33")
    assert jateng.name == "Jawa Tengah"
    assert Region.objects.filter(kind="regency").filter(subtree_q(jateng)).count() == 35


def test_subtree_is_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    semarang = Region.objects.get(code="33.74")
    with django_assert_num_queries(1):
        districts = list(Region.objects.filter(kind="district").filter(subtree_q(semarang)))
    assert len(districts) == 16
    assert all(d.code.startswith("33.74.") for d in districts)


def test_loading_again_writes_nothing() -> None:
    assert regions_load() == 0
