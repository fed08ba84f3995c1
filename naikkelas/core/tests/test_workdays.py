from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.core import workdays
from naikkelas.core.models import CollectiveLeaveDay

HOLIDAYS_2021 = workdays.national_holidays(range(2021, 2022))


def test_two_working_days_from_a_friday_land_on_tuesday() -> None:
    friday = date(2021, 6, 4)
    assert workdays.add_working_days(friday, 2, set()) == date(2021, 6, 8)


def test_national_holidays_are_skipped() -> None:
    # Wednesday 12 May 2021; 13 and 14 May are Idul Fitri (national holidays), then the weekend.
    assert date(2021, 5, 13) in HOLIDAYS_2021 and date(2021, 5, 14) in HOLIDAYS_2021
    assert workdays.add_working_days(date(2021, 5, 12), 1, HOLIDAYS_2021) == date(2021, 5, 17)
    assert workdays.add_working_days(date(2021, 5, 12), 2, HOLIDAYS_2021) == date(2021, 5, 18)


def test_independence_day_is_a_holiday() -> None:
    assert workdays.add_working_days(date(2021, 8, 16), 1, HOLIDAYS_2021) == date(2021, 8, 18)


@pytest.mark.django_db
def test_cuti_bersama_from_the_table_is_skipped_too() -> None:
    # 24 December 2021 (Friday) was declared cuti bersama for Christmas.
    friday_before = date(2021, 12, 23)
    assert workdays.add_working_days(
        friday_before, 1, workdays.days_off(friday_before, friday_before)
    ) == date(2021, 12, 24)
    CollectiveLeaveDay.objects.create(date=date(2021, 12, 24), name="Cuti bersama Natal")
    days_off = workdays.days_off(friday_before, friday_before)
    assert workdays.add_working_days(friday_before, 1, days_off) == date(2021, 12, 27)


def test_decreed_cuti_bersama_are_days_off_without_the_table() -> None:
    days_off = workdays.national_holidays(range(2025, 2026))
    # Tue 1 April 2025: the next working day after the Idul Fitri leave (2–4 and 7 April) is 8 April.
    assert workdays.add_working_days(date(2025, 4, 1), 1, days_off) == date(2025, 4, 8)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert workdays.working_days_between(date(2021, 6, 4), date(2021, 6, 8), set()) == 2  # Mon, Tue
    assert workdays.working_days_between(date(2021, 6, 8), date(2021, 6, 4), set()) == 0


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(1, 30))
def test_adding_working_days_lands_on_a_working_day_and_counts_back(start: date, count: int) -> None:
    end = workdays.add_working_days(start, count, HOLIDAYS_2021)
    assert workdays.is_working_day(end, HOLIDAYS_2021)
    assert workdays.working_days_between(start, end, HOLIDAYS_2021) == count
    assert end > start and end - start <= timedelta(days=count * 3 + 10)
