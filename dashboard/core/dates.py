"""Parse the project's date forms on purpose, one precision at a time (never guess a format)."""

import calendar
import re
from datetime import date

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)  # ASCII digits only: int() takes ٢٠٢٤
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_YEAR = re.compile(r"(\d{4})", re.ASCII)


def is_day(text: str) -> bool:
    """True when text has the form YYYY-MM-DD (ASCII digits; the calendar is not checked)."""
    return _DAY.fullmatch(text) is not None


def parse_day(text: str) -> date:
    """Parse YYYY-MM-DD into a date; raise ValueError naming what is wrong."""
    m = _DAY.fullmatch(text)
    if not m:
        raise ValueError(f"'{text}' is not a date of the form YYYY-MM-DD")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar day") from None


def parse_month(text: str) -> tuple[date, date]:
    """Parse YYYY-MM into the first and last day of that month."""
    m = _MONTH.fullmatch(text)
    if not m:
        raise ValueError(f"'{text}' is not a month of the form YYYY-MM")
    year, month = int(m[1]), int(m[2])
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month}")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_event_date(text: str, precision: str) -> tuple[date, date]:
    """Return the first and last day an event date covers, given its precision (day or month)."""
    if precision == "day":
        day = parse_day(text)
        return day, day
    if precision == "month":
        if _DAY.fullmatch(text):
            raise ValueError(f"'{text}' is a day, but date_precision is month (write YYYY-MM)")
        return parse_month(text)
    raise ValueError(f"unknown date precision '{precision}'")


def parse_partial_date(text: str) -> tuple[date, date]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD into the first and last day it covers."""
    if _DAY.fullmatch(text):
        day = parse_day(text)
        return day, day
    if _MONTH.fullmatch(text):
        return parse_month(text)
    if _YEAR.fullmatch(text):
        year = int(text)
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"'{text}' is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
