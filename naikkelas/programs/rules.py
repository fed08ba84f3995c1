"""Pure date rules of programs."""

from datetime import date, timedelta


def end_date_for(start: date, duration_days: int) -> date:
    """A batch runs on consecutive days: five days from Monday end on Friday."""
    return start + timedelta(days=duration_days - 1)
