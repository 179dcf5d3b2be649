"""Which deadlines a rule reminds of on a given day (pure functions over the working calendar)."""

import datetime as dt

from dondoc.lib.calendar import WorkCalendar

from .models import RuleKind


def fires(*, kind: str, days: int, repeat_every: int | None, stop_after: int | None, due: dt.date,
          day: dt.date, calendar: WorkCalendar) -> bool:
    """Whether a rule fires on `day` for an open assignment due on `due`. Reminders go out on working days."""
    if not calendar.is_working_day(day):
        return False
    if kind == RuleKind.ON:
        return due == day
    if kind == RuleKind.BEFORE:
        if due <= day:
            return False
        left = calendar.working_days_between(day, due)
        if left == days:
            return True
        return bool(repeat_every) and left < days and (days - left) % repeat_every == 0
    if due >= day:
        return False
    late = calendar.working_days_between(due, day)
    if late == days:
        return True
    return bool(repeat_every) and stop_after is not None and days < late <= stop_after and (
        (late - days) % repeat_every == 0)


def due_dates(*, kind: str, days: int, repeat_every: int | None, stop_after: int | None, day: dt.date,
              calendar: WorkCalendar) -> list[dt.date]:
    """Every deadline for which the rule fires on `day`, so that the sweep can select them with one IN."""
    if not calendar.is_working_day(day):
        return []
    if kind == RuleKind.ON:
        return [day]
    reach = days if kind == RuleKind.BEFORE else max(days, stop_after or 0)
    # Calendar days that can hold `reach` working days: generous, holidays included.
    span = reach * 2 + 30
    step = 1 if kind == RuleKind.BEFORE else -1
    candidates = (day + dt.timedelta(days=step * n) for n in range(1, span + 1))
    return [due for due in candidates
            if fires(kind=kind, days=days, repeat_every=repeat_every, stop_after=stop_after, due=due, day=day,
                     calendar=calendar)]
