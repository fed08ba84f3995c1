from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.programs import services
from naikkelas.programs.models import Tier
from naikkelas.programs.rules import end_date_for
from naikkelas.regions.models import Region
from naikkelas.testing.programs import batch, organisation, program_with_levels

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    province = organisation("Balatkop Jateng", "33")
    semarang = organisation("Dinkop Kota Semarang", "33.74")
    program, level1, level2 = program_with_levels(province)
    return province, semarang, level1, level2


def test_batch_runs_consecutive_days_from_its_start(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup
    created = batch(level1, semarang, start=date(2021, 5, 10))
    assert created.end_date == date(2021, 5, 14)  # Monday to Friday
    assert (created.province_code, created.regency_code) == ("33", "33.74")


def test_organiser_of_the_wrong_tier_is_refused(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup
    with pytest.raises(ValidationError) as caught:
        batch(level1, province)
    assert "organiser" in caught.value.message_dict
    with pytest.raises(ValidationError):
        batch(level2, semarang)


def test_training_must_start_after_the_window_closes(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup
    with pytest.raises(ValidationError) as caught:
        batch(level1, semarang, closes=date(2021, 5, 10), start=date(2021, 5, 10))
    assert "start_date" in caught.value.message_dict


def test_levels_are_ranked_without_gaps(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup
    with pytest.raises(ValidationError):
        services.level_create(actor=None, program=level1.program, rank=5, name="Lanjut", tier=Tier.PROVINCE)


def test_quota_must_be_a_regency_of_the_region_and_within_capacity(setup) -> None:  # type: ignore[no-untyped-def]
    province, semarang, level1, level2 = setup
    province_batch = batch(level2, province, capacity=10)
    services.batch_quota_set(
        actor=None, batch=province_batch, regency=Region.objects.get(code="33.19"), seats=3
    )
    assert province_batch.quotas.get().seats == 3
    with pytest.raises(ValidationError):
        services.batch_quota_set(
            actor=None, batch=province_batch, regency=Region.objects.get(code="34.71"), seats=3
        )
    with pytest.raises(ValidationError):
        services.batch_quota_set(
            actor=None, batch=province_batch, regency=Region.objects.get(code="33.19"), seats=11
        )


def test_date_rules() -> None:
    assert end_date_for(date(2021, 5, 31), 5) == date(2021, 6, 4)
