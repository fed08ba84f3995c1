"""The NIK is stored encrypted with a keyed hash beside it: the database never holds it readable."""

import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from naikkelas.core import crypto
from naikkelas.regions.models import Region
from naikkelas.registry.models import Person, nik_digest
from naikkelas.registry.selectors import person_list
from naikkelas.registry.services import persons
from naikkelas.testing.factories import Personas

NIK = "3374015203800009"


def _every_stored_value() -> str:
    """Every row of every table, as text."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


@pytest.fixture
def registered(personas: Personas) -> Person:
    district = Region.objects.get(code="33.74.01")
    person = persons.person_create(
        actor=personas.semarang_admin, nik=NIK, name="Ratna Dewi", sex="F",
        birth_date=date(1980, 3, 12), address_district=district,
    )  # fmt: skip
    persons.person_update(actor=personas.semarang_admin, person=person, name="Ratna Dewi Lestari")
    return person


def test_no_table_holds_the_nik_readable(registered: Person) -> None:
    stored = _every_stored_value()
    assert NIK not in stored
    assert registered.nik_digest in stored  # the keyed hash is there, and the ciphertext
    assert Person.objects.get(pk=registered.pk).nik == NIK


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite database file")
@pytest.mark.django_db(transaction=True)  # VACUUM INTO cannot run inside the test's transaction
def test_the_sqlite_database_file_does_not_contain_the_nik(registered: Person) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        data = path.read_bytes()
    assert len(data) > 100_000
    assert NIK.encode() not in data
    assert b"Ratna Dewi Lestari" in data  # the file is readable; only the NIK is not


def test_lookups_and_uniqueness_go_through_the_keyed_hash(registered: Person, personas: Personas) -> None:
    assert list(person_list(personas.semarang_admin, q="3374 0152 0380 0009")) == [registered]
    with pytest.raises(ValidationError, match="NIK ini sudah terdaftar") as error:
        persons.person_create(
            actor=personas.semarang_admin, nik=NIK, name="Orang Lain", sex="F", birth_date=date(1980, 3, 12),
            address_district=Region.objects.get(code="33.74.01"),
        )  # fmt: skip
    assert error.value.message_dict == {"nik": ["NIK ini sudah terdaftar."]}


def test_the_hash_depends_on_the_key(registered: Person) -> None:
    with override_settings(LOOKUP_HASH_KEY="another-key"):
        assert nik_digest(NIK) != registered.nik_digest


def test_keys_rotate_old_values_still_read(registered: Person) -> None:
    from django.conf import settings

    new = crypto.new_key()
    with override_settings(FIELD_ENCRYPTION_KEYS=[new, *settings.FIELD_ENCRYPTION_KEYS]):
        person = Person.objects.get(pk=registered.pk)
        assert person.nik == NIK  # read with the old key
        rotated = crypto.rotate(person.nik_encrypted)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new]):
        assert crypto.decrypt(rotated) == NIK
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(person.nik_encrypted)


@pytest.mark.django_db
def test_a_report_names_its_month_in_words() -> None:
    """Shown in lists and in a person's copy of her data: "Bandeng Presto · Juni 2021", not 2021-06."""
    from datetime import date

    from django.utils import translation

    from naikkelas.testing.factories import EnterpriseFactory, MetricReportFactory

    report = MetricReportFactory.create(
        enterprise=EnterpriseFactory.create(name="Bandeng Presto"), period=date(2021, 6, 1)
    )
    with translation.override("id"):
        assert str(report) == "Bandeng Presto · Juni 2021"
    with translation.override("en"):
        assert str(report) == "Bandeng Presto · June 2021"
