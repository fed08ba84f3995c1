"""Batches as services: dates, tiers, quotas, renaming, what publication fixes; which levels take batches."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.accounts.models import Organisation
from naikkelas.programs.models import Batch, Program, Tier
from naikkelas.programs.rules import end_date_for
from naikkelas.programs.services.batches import batch_quota_set, batch_update
from naikkelas.programs.services.levels import (
    level_create,
    level_version_create,
)
from naikkelas.programs.services.programs import (
    program_update,
)
from naikkelas.programs.tests.services.test_programs import province, semarang  # noqa: F401 - shared helpers and fixtures
from naikkelas.regions.models import Region
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    province = organisation("Balatkop Jateng", "33")  # noqa: F811
    semarang = organisation("Dinkop Kota Semarang", "33.74")  # noqa: F811
    program, level1, level2 = program_with_levels(province)
    return province, semarang, level1, level2


def test_batch_runs_consecutive_days_from_its_start(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    created = batch(level1, semarang, start=date(2021, 5, 10))
    assert created.end_date == date(2021, 5, 14)  # Monday to Friday
    assert (created.province_code, created.regency_code) == ("33", "33.74")


def test_organiser_of_the_wrong_tier_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    with pytest.raises(ValidationError, match=r"Jenjang\ Dasar\ diselenggarakan\ oleh") as caught:
        batch(level1, province)
    assert "organiser" in caught.value.message_dict
    with pytest.raises(ValidationError, match=r"Jenjang\ Menengah\ diselenggarakan\ oleh\ provinsi;"):
        batch(level2, semarang)


def test_training_must_start_after_the_window_closes(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    with pytest.raises(
        ValidationError, match=r"Pelatihan\ dimulai\ setelah\ pendaftaran\ ditutup\."
    ) as caught:
        batch(level1, semarang, closes=date(2021, 5, 10), start=date(2021, 5, 10))
    assert "start_date" in caught.value.message_dict


def test_levels_are_ranked_without_gaps(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    with pytest.raises(ValidationError, match=r"Jenjang\ berikutnya\ program\ ini\ adalah\ 3\."):
        level_create(actor=None, program=level1.program, rank=5, name="Lanjut", tier=Tier.PROVINCE)


def test_quota_must_be_a_regency_of_the_region_and_within_capacity(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    province_batch = batch(level2, province, capacity=10)
    batch_quota_set(actor=None, batch=province_batch, regency=Region.objects.get(code="33.19"), seats=3)
    assert province_batch.quotas.get().seats == 3
    with pytest.raises(ValidationError, match=r"Kuota\ hanya\ untuk\ kabupaten/kota\ di\ wilayah"):
        batch_quota_set(actor=None, batch=province_batch, regency=Region.objects.get(code="34.71"), seats=3)
    with pytest.raises(ValidationError, match=r"Kuota\ tidak\ boleh\ melebihi\ kapasitas\ angkatan\."):
        batch_quota_set(actor=None, batch=province_batch, regency=Region.objects.get(code="33.19"), seats=11)


def test_date_rules() -> None:
    assert end_date_for(date(2021, 5, 31), 5) == date(2021, 6, 4)


def test_a_batch_is_renamed_and_the_change_is_audited(setup) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.core.models import AuditEvent

    province, semarang, level1, level2 = setup  # noqa: F811
    created = batch(level1, semarang, title="Uji <b>")
    batch_update(actor=None, batch=created, title="  Kopi & Teh\n<Lanjutan>\x00  ", venue="Aula \x07 Dinas")
    created.refresh_from_db()
    assert (created.title, created.venue) == ("Kopi & Teh <Lanjutan>", "Aula Dinas")
    event = AuditEvent.objects.get(object_type="programs.batch", object_id=str(created.pk), action="update")
    assert event.changes == {
        "title": ["Uji <b>", "Kopi & Teh <Lanjutan>"],
        "venue": ["Semarang", "Aula Dinas"],
    }


def test_a_blank_title_or_no_seats_is_refused_and_nothing_changes(setup) -> None:  # type: ignore[no-untyped-def]
    from naikkelas.core.models import AuditEvent

    province, semarang, level1, level2 = setup  # noqa: F811
    created = batch(level1, semarang, title="Dasar Semarang")
    with pytest.raises(ValidationError, match=r"Tulis judul angkatan\."):
        batch_update(actor=None, batch=created, title=" \t\n ")
    with pytest.raises(ValidationError, match=r"Kapasitas paling sedikit 1 peserta\."):
        batch_update(actor=None, batch=created, capacity=0)
    created.refresh_from_db()
    assert (created.title, created.capacity) == ("Dasar Semarang", 20)
    assert not AuditEvent.objects.filter(object_type="programs.batch", action="update").exists()


def test_after_publication_the_title_changes_but_the_dates_do_not(setup) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from naikkelas.programs.models import Batch

    province, semarang, level1, level2 = setup  # noqa: F811
    created = batch(level1, semarang, title="Dasar Semarang", start=date(2021, 5, 10))
    Batch.objects.filter(pk=created.pk).update(published_at=timezone.now())
    created.refresh_from_db()
    batch_update(
        actor=None, batch=created, title="Dasar Kota Semarang", start_date=date(2021, 5, 10), capacity=20
    )  # the same dates and capacity, sent back by a form, are no change
    with pytest.raises(ValidationError, match="tanggal dan kapasitas tidak dapat diubah lagi") as caught:
        batch_update(actor=None, batch=created, start_date=date(2021, 5, 17), capacity=25)
    assert sorted(caught.value.message_dict) == ["capacity", "start_date"]
    created.refresh_from_db()
    assert (created.title, created.start_date, created.capacity) == (
        "Dasar Kota Semarang",
        date(2021, 5, 10),
        20,
    )


def test_before_publication_the_dates_move_and_the_end_follows(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup  # noqa: F811
    created = batch(level1, semarang, start=date(2021, 5, 10))
    batch_update(actor=None, batch=created, start_date=date(2021, 5, 17))
    created.refresh_from_db()
    assert (created.start_date, created.end_date) == (date(2021, 5, 17), date(2021, 5, 21))
    with pytest.raises(ValueError, match="batch field level cannot be changed"):
        batch_update(actor=None, batch=created, level=level2)


# --- batches: the organiser's tier, the current program ----------------------------------------------------


def test_batches_open_only_in_an_open_program(province: Organisation, semarang: Organisation) -> None:  # noqa: F811
    program, level1, _level2 = program_with_levels(province)
    program_update(actor=None, program=program, status=Program.Status.CLOSED)
    with pytest.raises(ValidationError) as caught:
        batch(level1, semarang)
    assert caught.value.message_dict == {
        "level": [
            "Program Pelatihan Berjenjang 2021 sudah ditutup; buka angkatan di program yang sedang berjalan."
        ]
    }
    assert not Batch.objects.exists()


def test_batches_open_only_of_a_program_of_the_organisers_province(semarang: Organisation) -> None:  # noqa: F811
    jatim = organisation("UPT Pelatihan Koperasi Jawa Timur", "35")
    _program, level1, _level2 = program_with_levels(jatim)
    with pytest.raises(ValidationError) as caught:
        batch(level1, semarang)
    assert caught.value.message_dict == {"level": ["Jenjang ini milik program provinsi lain."]}
    assert not Batch.objects.exists()


def test_the_levels_offered_are_the_organisers_tier_in_its_provinces_open_programs(
    province: Organisation,  # noqa: F811
    semarang: Organisation,  # noqa: F811
) -> None:
    from naikkelas.programs.access import levels_open_for_batches

    old, old1, _old2 = program_with_levels(province, year=2021)
    program_update(actor=None, program=old, status=Program.Status.CLOSED)
    _current, new1, new2 = program_with_levels(province, year=2026)
    replaced = level_version_create(actor=None, level=new1)
    _jatim, jatim1, _ = program_with_levels(organisation("UPT Jatim", "35"), year=2026)
    offices = Organisation.objects.filter(pk=semarang.pk)
    assert list(levels_open_for_batches(offices)) == [replaced]
    assert list(levels_open_for_batches(Organisation.objects.filter(pk=province.pk))) == [new2]
    assert old1 not in levels_open_for_batches(offices) and jatim1 not in levels_open_for_batches(offices)
