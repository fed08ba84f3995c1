"""The one add_months and first_of_month (they were in programs, mentoring and registry)."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from naikkelas.core.dates import add_months, first_of_month


def test_adding_months_keeps_the_day_or_takes_the_months_last() -> None:
    # Once mentoring's follow-up schedule's copy:
    assert add_months(date(2021, 5, 14), 3) == date(2021, 8, 14)
    assert add_months(date(2021, 11, 30), 3) == date(2022, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2021, 5, 14), 12) == date(2022, 5, 14)
    # Once programs' copy (the business-age rule):
    assert add_months(date(2020, 1, 31), 1) == date(2020, 2, 29)
    assert add_months(date(2020, 2, 29), 12) == date(2021, 2, 28)
    assert add_months(date(2020, 11, 15), 3) == date(2021, 2, 15)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 120))
def test_adding_months_lands_in_the_right_month_never_past_the_day(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day and (later.day == day.day or later.day >= 28)
    assert first_of_month(later) == later.replace(day=1) and first_of_month(later).day == 1
