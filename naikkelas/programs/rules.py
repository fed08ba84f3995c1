"""Pure date rules of programs."""

import calendar
from datetime import date, timedelta


def end_date_for(start: date, duration_days: int) -> date:
    """A batch runs on consecutive days: five days from Monday end on Friday."""
    return start + timedelta(days=duration_days - 1)


def add_months(value: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day where it has none."""
    month_index = value.month - 1 + months
    year = value.year + month_index // 12
    month = month_index % 12 + 1
    day = min(value.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)
