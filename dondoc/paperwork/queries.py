"""Reads for generated documents, on top of the shared statistics of dondoc.monitoring (same rules)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from dondoc.directives import rules
from dondoc.directives.models import Assignment, DeadlineKind, Document, Task
from dondoc.monitoring.queries import (
    active_on,
    current_period_filter,
    program_stats,
    split_done,
    status_filters,
)
from dondoc.units.models import UnitKind

from .defaults import DEFAULTS
from .models import IssuedPaper, Meeting, PaperTemplate, Register

DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.SUBORDINATE)
KIND_LABELS = dict(UnitKind.choices)


@dataclass
class TaskReport:
    stats: object                   # monitoring.queries.TaskStats
    done: list[Assignment]
    not_done: list[Assignment]
    groups: list[tuple[str, int, int]]   # (unit group label, done, total)


@dataclass
class Late:
    assignment: Assignment
    days: int
    overdue: bool                   # past a deadline (else: no deadline, not done since it was given)


def related_documents(program: Document) -> list[Document]:
    """The program and the documents that implement or cite it (e.g. the conclusion notices on it)."""
    sources = Document.objects.filter(links__target=program).exclude(pk=program.pk).order_by("date", "id")
    return [program, *sources]


def program_report(program: Document, day: dt.date) -> list[TaskReport]:
    result = []
    for stats in program_stats(program, day):
        if not stats.total:
            continue
        done, not_done = split_done(stats.task, day)
        totals, dones = Counter(), Counter()
        for a in done + not_done:
            totals[a.unit.kind] += 1
        for a in done:
            dones[a.unit.kind] += 1
        groups = [(str(KIND_LABELS.get(kind, kind)), dones[kind], total) for kind, total in totals.items()]
        result.append(TaskReport(stats=stats, done=done, not_done=not_done, groups=groups))
    return result


def department_overdue(program: Document, day: dt.date) -> list[Assignment]:
    """Open assignments of the centre's departments and subordinate units past their deadline on `day`."""
    return list(
        Assignment.objects.filter(task__document__in=related_documents(program), task__withdrawn=False,
                                  unit__kind__in=DEPARTMENT_KINDS)
        .filter(active_on(day)).filter(current_period_filter(day)).filter(status_filters(day)[rules.OVERDUE])
        .select_related("task", "task__document", "unit").order_by("task__document__date", "task__order", "unit__path"))


def late_by_task(program: Document, day: dt.date, refs: list[str] | None = None) -> list[tuple[Task, list[Late]]]:
    """For each task of the program, the units late on `day`: past the deadline and not done, or given a task
    without a deadline (a standing duty such as issuing a plan) and not done yet."""
    tasks = program.tasks.filter(withdrawn=False).order_by("order", "id")
    if refs:
        tasks = tasks.filter(ref__in=refs)
    filters = status_filters(day)
    no_deadline = Q(task__deadline_kind=DeadlineKind.NONE) & filters[rules.NO_DEADLINE] & Q(active_from__lt=day)
    rows = (Assignment.objects.filter(task__in=tasks).filter(active_on(day)).filter(current_period_filter(day))
            .filter(filters[rules.OVERDUE] | no_deadline).select_related("unit").order_by("unit__path"))
    by_task: dict[int, list[Late]] = {}
    for a in rows:
        overdue = a.due_on is not None
        days = (day - a.due_on).days if overdue else (day - a.active_from).days
        by_task.setdefault(a.task_id, []).append(Late(assignment=a, days=days, overdue=overdue))
    return [(task, by_task[task.pk]) for task in tasks if task.pk in by_task]


def number_preview(*, purpose: str, date: dt.date | None = None) -> str:
    """The number the next document of `purpose` would get (the register is only advanced when issuing)."""
    template = PaperTemplate.objects.filter(purpose=purpose).first() or PaperTemplate(purpose=purpose,
                                                                                     **DEFAULTS[purpose])
    year = (date or timezone.localdate()).year
    last = Register.objects.filter(issuer=template.symbol_issuer, kind_code=template.kind_code, year=year).values_list(
        "last_number", flat=True).first() or 0
    return f"{last + 1}/{template.symbol}"


def papers_list():
    return IssuedPaper.objects.select_related("program", "issued_by").order_by("-issued_at", "-id")


def meetings_list():
    return Meeting.objects.select_related("program", "notice").order_by("-date", "-id")
