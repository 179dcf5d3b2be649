"""Status of an assignment as of a date: the one rule that pages, commands and the API share.

Its set-based twin (one SQL filter per status, and one CASE) is directives.queries; a test keeps the two equal.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

NOT_YET_DUE = "not_yet_due"
DUE_SOON = "due_soon"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
NO_DEADLINE = "no_deadline"
# The unit has sent what fulfils the task; the monitor has not accepted it yet (the program counts done
# only when accepted).
SUBMITTED = "submitted"

STATUSES = (NOT_YET_DUE, DUE_SOON, IN_PROGRESS, OVERDUE, DONE_ON_TIME, DONE_LATE, NO_DEADLINE, SUBMITTED)
DONE = (DONE_ON_TIME, DONE_LATE)
# Nothing more is expected of the unit (done, or sent and waiting for the monitor): not urged.
SETTLED = (*DONE, SUBMITTED)
LABELS = {
    NOT_YET_DUE: _("Chưa đến hạn"),
    DUE_SOON: _("Sắp đến hạn"),
    IN_PROGRESS: _("Đang thực hiện trong hạn"),
    OVERDUE: _("Quá hạn chưa hoàn thành"),
    DONE_ON_TIME: _("Hoàn thành đúng hạn"),
    DONE_LATE: _("Hoàn thành quá hạn"),
    NO_DEADLINE: _("Chưa thực hiện"),  # no deadline and not done: what the unit still has to do
    SUBMITTED: _("Đã gửi, chờ xem xét"),
}


def status_on(*, due_on: dt.date | None, done_on: dt.date | None, started_on: dt.date | None,
              on: dt.date, soon_days: int, submitted_on: dt.date | None = None) -> str:
    """Evaluate at the end of day `on`: done (or sent) only counts if it happened on or before that day."""
    if done_on is not None and done_on <= on:
        return DONE_LATE if due_on is not None and done_on > due_on else DONE_ON_TIME
    if submitted_on is not None and submitted_on <= on:
        return SUBMITTED
    if due_on is None:
        return NO_DEADLINE
    if on > due_on:
        return OVERDUE
    if (due_on - on).days <= soon_days:
        return DUE_SOON
    if started_on is not None and started_on <= on:
        return IN_PROGRESS
    return NOT_YET_DUE
