from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.models import AuditEvent
from naikkelas.regions.models import Region
from naikkelas.registry.models import Person, nik_digest
from naikkelas.registry.services import persons
from naikkelas.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def person_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nik": "3374015203800001",
        "name": "Sri Wahyuni",
        "sex": "F",
        "birth_date": date(1980, 3, 12),
        "phone": "0812-3456-7890",
        "email": "sri@example.id",
        "address_district": Region.objects.get(code="33.74.02"),
    }
    data.update(overrides)
    return data


def test_person_create_normalises_phone_and_region_and_audits() -> None:
    actor = UserFactory.create()
    person = persons.person_create(actor=actor, **person_data())
    person.refresh_from_db()
    assert person.phone == "+6281234567890"
    assert (person.province_code, person.regency_code) == ("33", "33.74")
    assert person.nik_warning == ""
    event = AuditEvent.objects.get(object_type="registry.person", object_id=str(person.pk))
    assert event.action == "create" and event.actor == actor
    assert event.changes["nik_digest"] == nik_digest("3374015203800001")
    assert "3374015203800001" not in str(event.changes)  # the audit trail holds no plain NIK


def test_person_with_sex_contradicting_nik_is_refused_and_nothing_written() -> None:
    with pytest.raises(
        ValidationError, match=r"Jenis\ kelamin\ tidak\ sesuai\ dengan\ NIK\ \(tanggal"
    ) as caught:
        persons.person_create(actor=None, **person_data(sex="M"))
    assert "sex" in caught.value.message_dict
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_person_with_birth_date_contradicting_nik_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Tanggal\ lahir\ tidak\ sesuai\ dengan\ NIK\.") as caught:
        persons.person_create(actor=None, **person_data(birth_date=date(1980, 3, 13)))
    assert "birth_date" in caught.value.message_dict


def test_person_with_impossible_nik_is_refused_with_reason() -> None:
    with pytest.raises(
        ValidationError, match=r"Tanggal\ lahir\ pada\ NIK\ \(31\-02\-80\)\ bukan\ tanggal"
    ) as caught:
        persons.person_create(actor=None, **person_data(nik="3374013102800001"))
    assert "tanggal" in caught.value.message_dict["nik"][0].lower()


def test_pre_split_regency_code_is_stored_with_a_warning() -> None:
    # Kalimantan Timur's 64.06 moved to Kalimantan Utara in 2012; NIKs issued before keep it for life.
    person = persons.person_create(
        actor=None,
        **person_data(nik="6406015203800001", address_district=Region.objects.get(code="65.03.01")),
    )
    assert "64.06" in person.nik_warning


def test_reused_regency_code_is_accepted_without_refusal() -> None:
    # 64.11 now names Mahakam Ulu; an older NIK with 64.11 from before the split must still get in.
    person = persons.person_create(actor=None, **person_data(nik="6411015203800001"))
    assert person.pk is not None


def test_bad_phone_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Nomor\ telepon\ 12345\ tidak\ valid\.") as caught:
        persons.person_create(actor=None, **person_data(phone="12345"))
    assert "phone" in caught.value.message_dict


def test_person_update_records_only_what_changed() -> None:
    person = persons.person_create(actor=None, **person_data())
    actor = UserFactory.create()
    persons.person_update(actor=actor, person=person, name="Sri Wahyuni Rahayu")
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes == {"name": ["Sri Wahyuni", "Sri Wahyuni Rahayu"]}
    person.refresh_from_db()
    assert person.name == "Sri Wahyuni Rahayu"


def test_a_second_person_with_the_same_nik_is_refused_by_the_service() -> None:
    persons.person_create(actor=None, **person_data())
    with pytest.raises(ValidationError, match=r"NIK\ ini\ sudah\ terdaftar\.") as caught:
        persons.person_create(actor=None, **person_data(name="Orang Lain"))
    assert caught.value.message_dict["nik"] == ["NIK ini sudah terdaftar."]
    assert Person.objects.count() == 1
