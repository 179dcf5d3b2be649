"""Status of an assignment as of a date: the one rule that pages, commands and the API share."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

NOT_YET_DUE = "not_yet_due"
DUE_SOON = "due_soon"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
NO_DEADLINE = "no_deadline"

STATUSES = (NOT_YET_DUE, DUE_SOON, IN_PROGRESS, OVERDUE, DONE_ON_TIME, DONE_LATE, NO_DEADLINE)
DONE = (DONE_ON_TIME, DONE_LATE)
LABELS = {
    NOT_YET_DUE: _("Chưa đến hạn"),
    DUE_SOON: _("Sắp đến hạn"),
    IN_PROGRESS: _("Đang thực hiện trong hạn"),
    OVERDUE: _("Quá hạn chưa hoàn thành"),
    DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    DONE_LATE: _("Hoàn thành quá hạn"),
    NO_DEADLINE: _("Chưa thực hiện"),  # no deadline and not done: what the unit still has to do
}


def status_on(*, due_on: dt.date | None, done_on: dt.date | None, started_on: dt.date | None,
              on: dt.date, soon_days: int) -> str:
    """Evaluate at the end of day `on`: done only counts if it happened on or before that day."""
    if done_on is not None and done_on <= on:
        return DONE_LATE if due_on is not None and done_on > due_on else DONE_ON_TIME
    if due_on is None:
        return NO_DEADLINE
    if on > due_on:
        return OVERDUE
    if (due_on - on).days <= soon_days:
        return DUE_SOON
    if started_on is not None and started_on <= on:
        return IN_PROGRESS
    return NOT_YET_DUE
