"""Calendar arithmetic every app shares. Pure functions."""

import calendar
from datetime import date


def add_months(value: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day where it has none
    (31 Jan + 1 month = 28 or 29 Feb)."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def first_of_month(value: date) -> date:
    """The month a day falls in, as its first day (how monthly figures are stored)."""
    return value.replace(day=1)


def whole_months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when end is before start): 1 Mar 2014 → 31 Aug 2021 is 89."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if add_months(start, months) <= end else months - 1
