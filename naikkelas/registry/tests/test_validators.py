"""One validator per entity: the rules themselves (pure), and the proof that the single-row services and
the import's dry run answer a bad value with the same message, because both ask the same validator."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.regions.models import Region
from naikkelas.registry import validators
from naikkelas.registry.import_check import COLUMN_BY_KEY, check_rows
from naikkelas.registry.models import Enterprise, MetricReport, Person
from naikkelas.registry.services import enterprises, metric_reports, persons
from naikkelas.testing.factories import EnterpriseFactory, PersonFactory
from naikkelas.testing.registry import HEADER, good_row, pure_known

TODAY = date(2026, 1, 1)
SRI: dict[str, Any] = {
    "nik": "3374015203800001", "name": "Sri Wahyuni", "sex": "F", "birth_date": date(1980, 3, 12),
    "phone": "081234567890", "email": "", "address_district": "33.74.02", "today": TODAY,
    "known_regencies": {"33.74"}, "known_districts": {"33.74.01", "33.74.02"},
}  # fmt: skip
USAHA: dict[str, Any] = {
    "name": "Bandeng Presto", "nib": "", "kbli_code": "", "kbli_version": "", "sector": "fishery",
    "district": "33.74.02", "started_on": date(2015, 6, 1), "today": TODAY, "known_districts": {"33.74.02"},
}  # fmt: skip


def test_a_good_owner_passes_with_nik_and_phone_normalised() -> None:
    found = validators.check_person(**{**SRI, "nik": "3374 0152 0380 0001", "phone": "0812-3456-7890"})
    assert found.ok
    assert (found.nik, found.phone, found.nik_warning) == ("3374015203800001", "+6281234567890", "")


def test_an_nik_issued_under_an_old_regency_code_is_a_warning_not_an_error() -> None:
    found = validators.check_person(**{**SRI, "known_regencies": {"33.75"}})
    assert found.ok
    assert "33.74 tidak ada dalam daftar wilayah" in found.nik_warning


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nik": ""}, "nik", "Wajib diisi."),
        ({"nik": "12345"}, "nik", "NIK harus terdiri dari 16 angka."),
        ({"name": "  "}, "name", "Wajib diisi."),
        ({"sex": "M"}, "sex", "Jenis kelamin tidak sesuai dengan NIK (tanggal lahir perempuan ditambah 40)."),
        ({"birth_date": date(1980, 3, 13)}, "birth_date", "Tanggal lahir tidak sesuai dengan NIK."),
        ({"birth_date": date(2026, 1, 2)}, "birth_date", "Tanggal lahir tidak boleh di masa depan."),
        ({"birth_date": None}, "birth_date", "Wajib diisi."),
        ({"phone": "12"}, "phone", "Nomor telepon 12 tidak valid."),
        ({"email": "sri@"}, "email", "Alamat email tidak valid."),
        ({"address_district": "33.74.99"}, "address_district", "Kode kecamatan 33.74.99 tidak dikenal."),
    ],
)
def test_each_owner_rule_names_its_field(changes: dict[str, Any], field: str, message: str) -> None:
    found = validators.check_person(**{**SRI, **changes})
    assert found.errors == {field: [message]}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Wajib diisi."),
        ({"nib": "123"}, "nib", "NIB harus terdiri dari 13 angka."),
        ({"kbli_code": "1021", "kbli_version": "2020"}, "kbli_code", "Kode KBLI harus terdiri dari 5 angka."),
        ({"kbli_code": "10213"}, "kbli_version", "Pilih versi KBLI (2020 atau 2025) untuk kode ini."),
        ({"sector": "tambang"}, "sector", "Sektor tidak dikenal."),
        ({"district": ""}, "district", "Wajib diisi."),
        ({"started_on": date(2026, 2, 1)}, "started_on", "Tanggal mulai usaha tidak boleh di masa depan."),
    ],
)
def test_each_enterprise_rule_names_its_field(changes: dict[str, Any], field: str, message: str) -> None:
    found = validators.check_enterprise(**{**USAHA, **changes})
    assert found.errors == {field: [message]}


def test_a_months_figures_are_stored_on_its_first_day_and_never_negative() -> None:
    found = validators.check_metric_report(period=date(2021, 2, 17), omzet=0, aset=0, workers=0, today=TODAY)
    assert found.ok and found.period == date(2021, 2, 1)
    found = validators.check_metric_report(
        period=date(2026, 2, 1), omzet=-1, aset=-1, workers=-1, today=TODAY
    )
    assert found.errors == {
        "period": ["Bulan laporan tidak boleh di masa depan."],
        "omzet": ["Omzet tidak boleh negatif."],
        "aset": ["Aset tidak boleh negatif."],
        "workers": ["Jumlah tenaga kerja tidak boleh negatif."],
    }


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_any_month_that_has_begun_is_accepted_and_stored_on_day_one(day: date) -> None:
    found = validators.check_metric_report(period=day, omzet=1, aset=1, workers=1, today=TODAY)
    assert found.period == day.replace(day=1)
    assert found.ok is (day.replace(day=1) <= TODAY)


# The same bad value through a service (pages, API, other apps) and through the import: one message.
# (field of the service, the value, the import column and its cell text)
SAME_RULE = [
    ("sex", "M", "sex", "L"),
    ("birth_date", date(1980, 3, 13), "birth_date", "1980-03-13"),
    ("phone", "12", "phone", "12"),
    ("email", "sri@", "email", "sri@"),
]
SAME_ENTERPRISE_RULE = [
    ("nib", "123", "nib", "123"),
    ("kbli_code", "10213", "kbli_version", ""),  # a code without its version
    ("started_on", date(2999, 1, 1), "started_on", "2999-01-01"),
]
SAME_REPORT_RULE = [
    ("workers", -1, "workers", "-1"),
    ("period", date(2999, 1, 1), "period", "2999-01"),
]


def import_message(column: str, text: str) -> str:
    result = check_rows([HEADER, good_row(1, **{column: text})], pure_known(), date.today())
    messages = [p.message for p in result.errors if p.column == COLUMN_BY_KEY[column].header]
    assert len(messages) == 1, result.errors
    return messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "column", "text"), SAME_RULE)
def test_the_owner_service_and_the_import_refuse_with_the_same_message(
    field: str, value: object, column: str, text: str
) -> None:
    data = {**{k: SRI[k] for k in ("nik", "name", "sex", "birth_date", "phone", "email")}, field: value}
    with pytest.raises(ValidationError) as caught:
        persons.person_create(actor=None, address_district=Region.objects.get(code="33.74.02"), **data)
    assert caught.value.message_dict[field] == [import_message(column, text)]
    assert not Person.objects.filter(name="Sri Wahyuni").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "column", "text"), SAME_ENTERPRISE_RULE)
def test_the_enterprise_service_and_the_import_refuse_with_the_same_message(
    field: str, value: object, column: str, text: str
) -> None:
    data: dict[str, Any] = {
        "owner": PersonFactory.create(), "name": "Bandeng Presto", "sector": "fishery",
        "district": Region.objects.get(code="33.74.02"), "started_on": date(2015, 6, 1), field: value,
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        enterprises.enterprise_create(actor=None, **data)
    refused = caught.value.message_dict
    assert refused[column if column in refused else field] == [import_message(column, text)]
    assert not Enterprise.objects.filter(name="Bandeng Presto").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "value", "column", "text"), SAME_REPORT_RULE)
def test_the_metric_report_service_and_the_import_refuse_with_the_same_message(
    field: str, value: object, column: str, text: str
) -> None:
    data: dict[str, Any] = {
        "period": date(2021, 2, 1),
        "omzet": 1,
        "aset": 1,
        "workers": 1,
        "source": "import",
        field: value,
    }
    with pytest.raises(ValidationError) as caught:
        metric_reports.metric_report_create(actor=None, enterprise=EnterpriseFactory.create(), **data)
    assert caught.value.message_dict[field] == [import_message(column, text)]
    assert not MetricReport.objects.exists()
