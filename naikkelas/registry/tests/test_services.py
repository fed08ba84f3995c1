from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.models import AuditEvent
from naikkelas.regions.models import Region
from naikkelas.registry import services
from naikkelas.registry.models import Enterprise, MetricReport, Person, nik_digest
from naikkelas.testing.factories import EnterpriseFactory, Personas, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def person_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
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
    person = services.person_create(actor=actor, **person_data())
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
        services.person_create(actor=None, **person_data(sex="M"))
    assert "sex" in caught.value.message_dict
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_person_with_birth_date_contradicting_nik_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Tanggal\ lahir\ tidak\ sesuai\ dengan\ NIK\.") as caught:
        services.person_create(actor=None, **person_data(birth_date=date(1980, 3, 13)))
    assert "birth_date" in caught.value.message_dict


def test_person_with_impossible_nik_is_refused_with_reason() -> None:
    with pytest.raises(
        ValidationError, match=r"Tanggal\ lahir\ pada\ NIK\ \(31\-02\-80\)\ bukan\ tanggal"
    ) as caught:
        services.person_create(actor=None, **person_data(nik="3374013102800001"))
    assert "tanggal" in caught.value.message_dict["nik"][0].lower()


def test_pre_split_regency_code_is_stored_with_a_warning() -> None:
    # Kalimantan Timur's 64.06 moved to Kalimantan Utara in 2012; NIKs issued before keep it for life.
    person = services.person_create(
        actor=None,
        **person_data(nik="6406015203800001", address_district=Region.objects.get(code="65.03.01")),
    )
    assert "64.06" in person.nik_warning


def test_reused_regency_code_is_accepted_without_refusal() -> None:
    # 64.11 now names Mahakam Ulu; an older NIK with 64.11 from before the split must still get in.
    person = services.person_create(actor=None, **person_data(nik="6411015203800001"))
    assert person.pk is not None


def test_bad_phone_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Nomor\ telepon\ 12345\ tidak\ valid\.") as caught:
        services.person_create(actor=None, **person_data(phone="12345"))
    assert "phone" in caught.value.message_dict


def test_person_update_records_only_what_changed() -> None:
    person = services.person_create(actor=None, **person_data())
    actor = UserFactory.create()
    services.person_update(actor=actor, person=person, name="Sri Wahyuni Rahayu")
    event = AuditEvent.objects.filter(action="update").get()
    assert event.changes == {"name": ["Sri Wahyuni", "Sri Wahyuni Rahayu"]}
    person.refresh_from_db()
    assert person.name == "Sri Wahyuni Rahayu"


def test_enterprise_create_sets_region_codes_and_flags_same_nib() -> None:
    owner = PersonFactory.create()
    district = Region.objects.get(code="33.19.02")
    first = services.enterprise_create(
        actor=None, owner=owner, name="Jenang Kudus", nib="1234567890123", sector="food",
        district=district, started_on=date(2015, 1, 1),
    )  # fmt: skip
    assert (first.province_code, first.regency_code) == ("33", "33.19")
    assert first.possible_duplicate_of is None
    second = services.enterprise_create(
        actor=None, owner=PersonFactory.create(), name="Jenang Lain", nib="1234567890123", sector="food",
        district=district, started_on=date(2016, 1, 1),
    )  # fmt: skip
    assert second.possible_duplicate_of == first


def test_enterprise_with_same_owner_and_name_is_flagged() -> None:
    existing = EnterpriseFactory.create(name="Bandeng Presto Juwana")
    again = services.enterprise_create(
        actor=None, owner=existing.owner, name="bandeng presto juwana", sector="fishery",
        district=existing.district, started_on=date(2019, 1, 1),
    )  # fmt: skip
    assert again.possible_duplicate_of == existing


@pytest.mark.parametrize(
    ("field", "value"),
    [("nib", "12345"), ("kbli_code", "1079"), ("started_on", date(2999, 1, 1))],
)
def test_enterprise_bad_values_are_refused(field: str, value: object) -> None:
    data = {
        "owner": PersonFactory.create(), "name": "Usaha", "sector": "food",
        "district": Region.objects.get(code="33.74.01"), "started_on": date(2018, 1, 1),
        "kbli_version": "2020",
    }  # fmt: skip
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(actor=None, **data)
    assert field in caught.value.message_dict
    assert Enterprise.objects.count() == 0


def test_metric_report_sets_size_class_from_latest_month() -> None:
    enterprise = EnterpriseFactory.create()
    services.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=100_000_000,
        aset=500_000_000, workers=8, source="import",
    )  # fmt: skip
    enterprise.refresh_from_db()
    assert enterprise.size_class == "micro"  # Rp 1.2 bn a year
    report = services.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 2, 17), omzet=200_000_000,
        aset=500_000_000, workers=8, source="import",
    )  # fmt: skip
    assert report.period == date(2021, 2, 1)
    enterprise.refresh_from_db()
    assert enterprise.size_class == "small"  # Rp 2.4 bn a year
    services.metric_report_delete(actor=None, report=report)
    enterprise.refresh_from_db()
    assert enterprise.size_class == "micro"
    actions = list(
        AuditEvent.objects.filter(object_type="registry.metricreport").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "create", "delete"]


def test_negative_money_is_refused() -> None:
    enterprise = EnterpriseFactory.create()
    with pytest.raises(ValidationError, match=r"Omzet\ tidak\ boleh\ negatif\.") as caught:
        services.metric_report_create(
            actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=-1, aset=0,
            workers=1, source="import",
        )  # fmt: skip
    assert "omzet" in caught.value.message_dict
    assert MetricReport.objects.count() == 0


def test_metric_update_is_audited_with_old_and_new_figures() -> None:
    enterprise = EnterpriseFactory.create()
    report = services.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=9_000_000,
        aset=20_000_000, workers=2, source="import",
    )  # fmt: skip
    services.metric_report_update(actor=None, report=report, omzet=9_500_000)
    event = AuditEvent.objects.get(object_type="registry.metricreport", action="update")
    assert event.changes == {"omzet": [9_000_000, 9_500_000]}


def test_a_second_person_with_the_same_nik_is_refused_by_the_service() -> None:
    services.person_create(actor=None, **person_data())
    with pytest.raises(ValidationError, match=r"NIK\ ini\ sudah\ terdaftar\.") as caught:
        services.person_create(actor=None, **person_data(name="Orang Lain"))
    assert caught.value.message_dict["nik"] == ["NIK ini sudah terdaftar."]
    assert Person.objects.count() == 1


def test_an_enterprise_is_kept_when_any_registered_blocker_says_it_took_part(personas: Personas) -> None:
    """The registry asks the apps above it (registered deletion blockers), never names their tables."""
    from naikkelas.registry.panels import deletion_blockers

    assert [name for name, _blocker in deletion_blockers.items()] == ["selection", "training", "mentoring"]
    enterprise = personas.kudus_enterprise
    deletion_blockers.register("catatan", lambda candidate: candidate.pk == enterprise.pk)
    try:
        with pytest.raises(ValidationError, match="sudah ikut program"):
            services.enterprise_delete(actor=personas.kudus_admin, enterprise=enterprise)
    finally:
        deletion_blockers.unregister("catatan")
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()
    services.enterprise_delete(actor=personas.kudus_admin, enterprise=enterprise)
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()
