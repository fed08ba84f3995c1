from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from naikkelas.regions.models import Region
from naikkelas.registry.models import Enterprise
from naikkelas.registry.services import enterprises
from naikkelas.testing.factories import EnterpriseFactory, Personas, PersonFactory

pytestmark = pytest.mark.django_db


def test_enterprise_create_sets_region_codes_and_flags_same_nib() -> None:
    owner = PersonFactory.create()
    district = Region.objects.get(code="33.19.02")
    first = enterprises.enterprise_create(
        actor=None, owner=owner, name="Jenang Kudus", nib="1234567890123", sector="food",
        district=district, started_on=date(2015, 1, 1),
    )  # fmt: skip
    assert (first.province_code, first.regency_code) == ("33", "33.19")
    assert first.possible_duplicate_of is None
    second = enterprises.enterprise_create(
        actor=None, owner=PersonFactory.create(), name="Jenang Lain", nib="1234567890123", sector="food",
        district=district, started_on=date(2016, 1, 1),
    )  # fmt: skip
    assert second.possible_duplicate_of == first


def test_enterprise_with_same_owner_and_name_is_flagged() -> None:
    existing = EnterpriseFactory.create(name="Bandeng Presto Juwana")
    again = enterprises.enterprise_create(
        actor=None, owner=existing.owner, name="bandeng presto juwana", sector="fishery",
        district=existing.district, started_on=date(2019, 1, 1),
    )  # fmt: skip
    assert again.possible_duplicate_of == existing


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("nib", "12345", "NIB harus terdiri dari 13 angka"),
        ("kbli_code", "1079", "Kode KBLI harus terdiri dari 5 angka"),
        ("started_on", date(2999, 1, 1), "Tanggal mulai usaha tidak boleh di masa depan"),
    ],
)
def test_enterprise_bad_values_are_refused(field: str, value: object, rule: str) -> None:
    data: dict[str, Any] = {
        "owner": PersonFactory.create(), "name": "Usaha", "sector": "food",
        "district": Region.objects.get(code="33.74.01"), "started_on": date(2018, 1, 1),
        "kbli_version": "2020",
    }  # fmt: skip
    data[field] = value
    with pytest.raises(ValidationError, match=rule) as caught:
        enterprises.enterprise_create(actor=None, **data)
    assert caught.value.message_dict[field] == [f"{rule}."]
    assert Enterprise.objects.count() == 0


def test_an_enterprise_is_kept_when_any_registered_blocker_says_it_took_part(personas: Personas) -> None:
    """The registry asks the apps above it (registered deletion blockers), never names their tables."""
    from naikkelas.registry.providers import deletion_blockers

    assert [name for name, _blocker in deletion_blockers.items()] == ["selection", "training", "mentoring"]
    enterprise = personas.kudus_enterprise
    deletion_blockers.register("catatan", lambda candidate: candidate.pk == enterprise.pk)
    try:
        with pytest.raises(ValidationError, match="sudah ikut program"):
            enterprises.enterprise_delete(actor=personas.kudus_admin, enterprise=enterprise)
    finally:
        deletion_blockers.unregister("catatan")
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()
    enterprises.enterprise_delete(actor=personas.kudus_admin, enterprise=enterprise)
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()
