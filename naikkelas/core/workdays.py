"""Working days: Monday to Friday, minus Indonesia's national holidays and the cuti bersama days an
admin keeps in the CollectiveLeaveDay table. The arithmetic is pure; `days_off` reads the table."""

from collections.abc import Collection
from datetime import date, timedelta

import holidays


def is_working_day(day: date, days_off: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in days_off


def add_working_days(start: date, count: int, days_off: Collection[date]) -> date:
    """The working day `count` working days after `start` (start itself is not counted).

    With count 0 it is the first working day from `start` on."""
    day = start
    if count == 0:
        while not is_working_day(day, days_off):
            day += timedelta(days=1)
        return day
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, days_off: Collection[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    total = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, days_off):
            total += 1
    return total


def national_holidays(years: range) -> set[date]:
    return set(holidays.country_holidays("ID", years=list(years)).keys())


def days_off(first: date, last: date) -> set[date]:
    """National holidays and cuti bersama between two dates (whole years), for deadline arithmetic."""
    from naikkelas.core.models import CollectiveLeaveDay

    years = range(first.year, last.year + 1)
    leave = CollectiveLeaveDay.objects.filter(date__year__gte=first.year, date__year__lte=last.year)
    return national_holidays(years) | set(leave.values_list("date", flat=True))
