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
            if self.is_working_day(day) or day == dt.date.max:
                return day
            day = shift(day, 1)
        raise ValueError("no working day within 60 days")

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        step = 1 if count >= 0 else -1
        remaining, end = abs(count), dt.date.max if count >= 0 else dt.date.min
        while remaining and day != end:  # held at the end of the calendar rather than overflowing
            day = shift(day, step)
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


# The dates the system works with: a date typed outside this range is refused (a Vietnamese 400), so that
# no page, export or report meets a year it cannot count in (date arithmetic near year 9999 overflows).
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
USER_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class DateOutOfRange(ValueError):
    """A real date, but outside FIRST_DAY..LAST_DAY."""


def parse_user_date(value: str) -> dt.date:
    """A date typed by a person: dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd, within the supported range.

    The one place where user text becomes a date: forms, query strings, the API and the commands all call it.
    """
    value = str(value or "").strip()[:40]
    for fmt in USER_FORMATS:
        try:
            day = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return in_range(day)
    raise ValueError(f"Ngày không hợp lệ: «{value}» (dùng dạng dd/mm/yyyy, ví dụ 09/11/2021).")


def in_range(day: dt.date) -> dt.date:
    """`day` itself when the system supports it, else DateOutOfRange with the range in the message."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateOutOfRange(f"Ngày {vn_date(day)} nằm ngoài khoảng hệ thống hỗ trợ "
                             f"({vn_date(FIRST_DAY)} – {vn_date(LAST_DAY)}).")
    return day


def vn_date(day: dt.date) -> str:
    """dd/mm/yyyy with four digits of year for any year (strftime drops the zeros of year 1)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held at the first or last date Python knows instead of overflowing."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
