"""Working days: Monday to Friday, minus Indonesia's national holidays, the cuti bersama the government
decreed, and the extra days off an admin keeps in the CollectiveLeaveDay table. The arithmetic is pure;
`days_off` reads the table.

The `holidays` package knows both the public holidays and, in its "government" category, the cuti
bersama of each year's joint decree (SKB; 2019–2026 in the pinned version): admins add only what it does
not list yet (a new year's decree before the package has it, a change by a later decree)."""

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


HOLIDAY_CATEGORIES = ("public", "government")


def national_holiday_names(years: range) -> list[tuple[date, str]]:
    """Public holidays and decreed cuti bersama, by date, with their names (in Indonesian)."""
    known = holidays.country_holidays("ID", years=list(years), categories=HOLIDAY_CATEGORIES)
    return sorted(known.items())


def national_holidays(years: range) -> set[date]:
    return {day for day, _name in national_holiday_names(years)}


def days_off(first: date, last: date) -> set[date]:
    """National holidays and cuti bersama between two dates (whole years), for deadline arithmetic."""
    from naikkelas.core.models import CollectiveLeaveDay

    years = range(first.year, last.year + 1)
    leave = CollectiveLeaveDay.objects.filter(date__year__gte=first.year, date__year__lte=last.year)
    return national_holidays(years) | set(leave.values_list("date", flat=True))
