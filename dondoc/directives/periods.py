"""Reporting periods of recurring tasks (defaults after Decree 09/2019; editable per task).

Data cut-off: a half-year runs 15/12 of the previous year to 14/6 and 15/6 to 14/12; a quarter from the
15th of the month before it to the 14th of its last month; a year 15/12 to 14/12. The report is due on
REPORT_DUE_DAY of the period's last month (unverified default: the 20th), or on the day a directive names
("trước ngày 25 hằng tháng"): in the period's last month when that day is after the cut-off, else in the
month after it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

REPORT_DUE_DAY = 20
CUTOFF_DAY = 14


@dataclass(frozen=True)
class Period:
    index: int
    label: str
    start: dt.date
    end: dt.date
    due: dt.date


def _label(months: int, year: int, number: int) -> str:
    if months == 12:
        return f"Năm {year}"
    if months == 6:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if months == 3:
        return f"Quý {['I', 'II', 'III', 'IV'][number - 1]}/{year}"
    return f"Tháng {number}/{year}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def due_of(period_end: dt.date, due_day: int | None = None) -> dt.date:
    """The report's due date for a period ending (cut-off) on `period_end`."""
    day = due_day or REPORT_DUE_DAY
    year, month = period_end.year, period_end.month
    if day <= CUTOFF_DAY:
        year, month = _shift_month(year, month, 1)
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periods(months: int, first_day: dt.date, until: dt.date, due_day: int | None = None) -> list[Period]:
    """The periods of length `months` (1, 3, 6 or 12) from the one whose cut-off contains `first_day`
    through the one containing `until`; reports due on `due_day` (see due_of)."""
    if months not in (1, 3, 6, 12):
        raise ValueError("chu kỳ báo cáo phải là 1, 3, 6 hoặc 12 tháng")
    result: list[Period] = []
    # Periods are aligned to the calendar: the n-th period of a year ends in month n*months.
    year, number = first_day.year, 1
    while True:
        end_month = number * months
        end = dt.date(year, end_month, CUTOFF_DAY)
        start_year, start_month = _shift_month(year, end_month, -months)
        start = dt.date(start_year, start_month, CUTOFF_DAY + 1)
        if end >= first_day:
            if start > until:
                break
            due = due_of(end, due_day)
            result.append(Period(len(result), _label(months, year, number), start, end, due))
        number += 1
        if number * months > 12:
            year, number = year + 1, 1
        if year > until.year + 2:
            break
    return result
