"""Deadlines and working days (pure functions, no database).

A deadline that falls on a day off moves to the next working day (Civil Code 2015, art. 148(5)).
"""

import calendar as _cal
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

# Deadline kinds, shared by tasks, the extractor and the status rules.
DATE, MONTH, QUARTER, HALF, YEAR, RECURRING, ONGOING, NONE = (
    "date", "month", "quarter", "half", "year", "recurring", "ongoing", "none",
)
DEADLINE_KINDS = (DATE, MONTH, QUARTER, HALF, YEAR, RECURRING, ONGOING, NONE)
# The kinds whose deadline is given by a date (a day, or any day of the month, quarter, half or year).
DATED_KINDS = (DATE, MONTH, QUARTER, HALF, YEAR)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter} out of range")
    return month_end(year, quarter * 3)


def half_end(year: int, half: int) -> dt.date:
    if half not in (1, 2):
        raise ValueError(f"half {half} out of range")
    return month_end(year, 6 * half)


def period_end(kind: str, day: dt.date) -> dt.date:
    """The last day of the month/quarter/half/year that contains `day` (for a date: the day)."""
    if kind == MONTH:
        return month_end(day.year, day.month)
    if kind == QUARTER:
        return quarter_end(day.year, (day.month - 1) // 3 + 1)
    if kind == HALF:
        return half_end(day.year, 1 if day.month <= 6 else 2)
    if kind == YEAR:
        return dt.date(day.year, 12, 31)
    return day


@dataclass(frozen=True)
class WorkCalendar:
    """Days off beyond weekends, and weekend days declared working (compensatory swaps)."""

    days_off: Collection[dt.date] = frozenset()
    working_weekend_days: Collection[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def on_or_after(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the next working day."""
        for _ in range(60):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day within 60 days")

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        step = dt.timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end < start)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count, day = 0, lo
        while day < hi:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return sign * count


def parse_user_date(value: str) -> dt.date:
    """A date typed by a person: dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd."""
    value = (value or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: «{value[:40]}» (dùng dạng dd/mm/yyyy, ví dụ 09/11/2021).")
