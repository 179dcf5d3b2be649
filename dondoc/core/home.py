"""Reads of the home pages and the menu counts: what each person has to do now, within what they may see.

Which home a person gets follows their capabilities (accounts.permissions), not their role's name: whoever
reviews submissions gets the monitor's home over what they may see, whoever reads everything without
reviewing gets the leader's, everyone else the officer's (their unit and the units below it).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dondoc.accounts import permissions as perms
from dondoc.directives import rules
from dondoc.directives.models import Assignment, Document, Task
from dondoc.directives.queries import task_status_counts
from dondoc.lib.paging import by_keys
from dondoc.monitoring.queries import active_on, current_period_filter, status_filters
from dondoc.notifications.models import Notification
from dondoc.reminders.models import Delivery, DeliveryState, Digest, ExtensionState, SweepRun
from dondoc.reminders.queries import extensions_visible
from dondoc.submissions.models import SubmissionState
from dondoc.submissions.queries import returned_filter, waiting_filter

SHOWN = 8  # rows shown per section; the section links to the whole list
OFFICER, MONITOR, LEADER = "officer", "monitor", "leader"


def home_kind(user) -> str:
    if user.is_monitor:
        return MONITOR
    if user.reads_everything:
        return LEADER
    return OFFICER


@dataclass
class Section:
    key: str
    title: str
    count: int
    rows: list = field(default_factory=list)
    more_url: str = ""
    empty: str = ""


def unit_assignments(user, day: dt.date) -> QuerySet[Assignment]:
    """The open work of the user's unit and the units below it that counts on `day` (as the officer's list)."""
    qs = perms.assignments_visible(user)
    if user.unit_id:
        qs = qs.filter(unit_id__in=perms.subtree_ids(user.unit))
    return qs.filter(active_on(day), current_period_filter(day), task__withdrawn=False)


def _rows(qs: QuerySet[Assignment], day: dt.date) -> list[Assignment]:
    # The keys first: the database sorts a province's ~15,000 narrow rows, not wide ones with their task,
    # document and unit (PostgreSQL: 31 -> 21 ms a section), then reads the few rows shown.
    keys = list(qs.order_by("due_on", "task__document__date", "task__order", "unit__path", "pk")
                .values_list("pk", flat=True)[:SHOWN])
    rows = by_keys(qs.select_related("task__document", "unit"), keys)
    for a in rows:
        a.status = a.status_on(day)
        a.days_late = max((day - a.due_on).days, 0) if a.due_on else 0
    return rows


def officer_sections(user, day: dt.date | None = None) -> list[Section]:
    """What to do now: overdue, due soon, returned, not done without a deadline, and what waits for review."""
    day = day or timezone.localdate()
    base = unit_assignments(user, day)
    filters = status_filters(day)
    mine = reverse("submissions:my_assignments")
    wanted = [
        (rules.OVERDUE, _("Quá hạn"), filters[rules.OVERDUE], f"{mine}?trang-thai={rules.OVERDUE}",
         _("Không có nhiệm vụ nào quá hạn.")),
        (rules.DUE_SOON, _("Sắp đến hạn"), filters[rules.DUE_SOON], f"{mine}?trang-thai={rules.DUE_SOON}",
         _("Không có nhiệm vụ nào sắp đến hạn.")),
        ("returned", _("Bị trả lại, cần gửi lại"), returned_filter(), f"{mine}?trang-thai=returned",
         _("Không có báo cáo nào bị trả lại.")),
        (rules.NO_DEADLINE, _("Chưa thực hiện (không thời hạn)"), filters[rules.NO_DEADLINE],
         f"{mine}?trang-thai={rules.NO_DEADLINE}", _("Không còn nhiệm vụ không thời hạn nào chưa thực hiện.")),
        ("waiting", _("Đã gửi, chờ xem xét"), waiting_filter(), f"{mine}?trang-thai=waiting",
         _("Không có báo cáo nào đang chờ xem xét.")),
    ]
    counts = base.order_by().aggregate(**{key: Count("id", filter=q) for key, _t, q, _u, _e in wanted})
    return [Section(key=key, title=title, count=counts[key], rows=_rows(base.filter(q), day) if counts[key] else [],
                    more_url=url, empty=empty) for key, title, q, url, empty in wanted]


@dataclass
class ProgramLine:
    document: Document
    total: int
    done: int
    overdue: int

    @property
    def share_done(self) -> float:
        return self.done / self.total if self.total else 0.0


def visible_task_counts(user, tasks: list[Task], day: dt.date) -> dict[int, dict[str, int]]:
    """The status counts of `tasks` as of `day` over what the user may see: every unit for whoever reads
    everything (the count table, and the recurring tasks' rows by task id), else the user's rows."""
    rows = None if user.reads_everything else perms.assignments_visible(user)
    return task_status_counts(tasks, day, rows=rows)


def programs_standing(user, day: dt.date | None = None, limit: int = 12) -> list[ProgramLine]:
    """The tracked programs the user may see, newest first: units done/total and overdue as of `day`
    (the current period of recurring tasks)."""
    day = day or timezone.localdate()
    documents = list(perms.documents_visible(user).filter(is_program=True).order_by("-date", "-id")[:limit])
    tasks = list(Task.objects.filter(document__in=documents, withdrawn=False))
    by_document = {d.pk: {"total": 0, "done": 0, "overdue": 0} for d in documents}
    document_of = {task.pk: task.document_id for task in tasks}
    for task_id, task_counts in visible_task_counts(user, tasks, day).items():
        line = by_document[document_of[task_id]]
        line["total"] += sum(task_counts.values())
        line["done"] += task_counts[rules.DONE_ON_TIME] + task_counts[rules.DONE_LATE]
        line["overdue"] += task_counts[rules.OVERDUE]
    return [ProgramLine(document=d, **by_document[d.pk]) for d in documents]


def overdue_by_program(user, day: dt.date | None = None, limit: int = 10) -> list[dict]:
    """Where the overdue work is: per document, the overdue assignments and the tasks they belong to, the
    largest first (from the count table for whoever reads everything: the live count took a second at
    1,040,000 assignments)."""
    day = day or timezone.localdate()
    tasks = list((Task.objects if user.reads_everything else perms.tasks_visible(user)).filter(withdrawn=False)
                 .only("pk", "document_id", "deadline_kind"))  # every task: what the counting needs of each
    document_of = {task.pk: task.document_id for task in tasks}
    by_document: dict[int, dict[str, int]] = {}
    for task_id, task_counts in visible_task_counts(user, tasks, day).items():
        if task_counts[rules.OVERDUE]:
            line = by_document.setdefault(document_of[task_id], {"n": 0, "tasks": 0})
            line["n"] += task_counts[rules.OVERDUE]
            line["tasks"] += 1
    top = sorted(by_document.items(), key=lambda item: (-item[1]["n"], item[0]))[:limit]
    documents = Document.objects.in_bulk([document_id for document_id, _line in top])
    return [{"task__document_id": document_id, "task__document__number": documents[document_id].number,
             "task__document__title": documents[document_id].title,
             "task__document__is_program": documents[document_id].is_program, **line}
            for document_id, line in top]


@dataclass
class ReminderDay:
    day: dt.date
    run: SweepRun | None
    waiting: int
    failed: int


def reminders_today(day: dt.date | None = None) -> ReminderDay:
    day = day or timezone.localdate()
    run = SweepRun.objects.filter(day=day, finished_at__isnull=False).order_by("-id").first()
    counts = Delivery.objects.aggregate(
        waiting=Count("id", filter=Q(state__in=(DeliveryState.PENDING, DeliveryState.SENDING))),
        failed=Count("id", filter=Q(state__in=(DeliveryState.FAILED, DeliveryState.DEAD))))
    return ReminderDay(day=day, run=run, **counts)


def monitor_sections(user) -> dict:
    pending = perms.submissions_visible(user).filter(state=SubmissionState.PENDING)
    extensions = extensions_visible(user).filter(state=ExtensionState.PENDING)
    return {
        "review_count": pending.count(),
        "review": list(pending.select_related("assignment__task__document", "assignment__unit", "submitted_by")
                       .order_by("submitted_at")[:SHOWN]),
        "extension_count": extensions.count(),
        "extensions": list(extensions.order_by("requested_at")[:SHOWN]),
        "overdue": overdue_by_program(user),
        "reminders": reminders_today(),
    }


MENU_CAP = 99  # a menu badge shows at most "99+": beyond that the number tells nobody anything more


def capped_count(qs: QuerySet, cap: int | None = None) -> int:
    """The number of rows, or cap + 1 when there are more: reads at most cap + 1 rows, so the menu of every
    page costs the same whether 30 reports wait for review or 26,000 (a count under LIMIT)."""
    cap = MENU_CAP if cap is None else cap
    return qs.order_by()[: cap + 1].count()


class MenuCounts:
    """The numbers the menu shows, computed when a page first asks for them (one query each), each capped
    at MENU_CAP + 1 (shown as "99+" by the `badge` filter): the menu is on every page, and a full count of
    the federation's pending reports or of a province's overdue work would grow with the federation."""

    def __init__(self, user):
        self.user = user
        self._cache: dict[str, int] = {}

    def _get(self, name: str, compute) -> int:
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    @property
    def unread(self) -> int:
        return self._get("unread", lambda: min(
            capped_count(Notification.objects.filter(user=self.user, read_at__isnull=True))
            + capped_count(Digest.objects.filter(user=self.user, read_at__isnull=True)), MENU_CAP + 1))

    @property
    def review(self) -> int:
        return self._get("review", lambda: capped_count(perms.reviewable_submissions(self.user)
                                                         .filter(state=SubmissionState.PENDING))
                         if perms.can_review(self.user) else 0)

    @property
    def extensions(self) -> int:
        return self._get("extensions", lambda: capped_count(extensions_visible(self.user)
                                                             .filter(state=ExtensionState.PENDING))
                         if self.user.is_monitor else 0)

    @property
    def overdue(self) -> int:
        """The officer's overdue work today (their unit and below)."""
        def compute() -> int:
            day = timezone.localdate()
            return capped_count(unit_assignments(self.user, day).filter(status_filters(day)[rules.OVERDUE]))
        return self._get("overdue", compute)
