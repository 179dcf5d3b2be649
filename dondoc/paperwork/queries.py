"""Reads for generated documents, on top of the shared statistics of dondoc.monitoring (same rules)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from dondoc.accounts import permissions as perms
from dondoc.directives import rules
from dondoc.directives.models import Assignment, DeadlineKind, Document, Task
from dondoc.directives.queries import (
    active_on,
    current_period_filter,
    knowledge,
    merged,
    program_stats,
    split_done,
    status_filters,
)
from dondoc.units.history import rows_as_of
from dondoc.units.models import UnitKind

from .defaults import DEFAULTS
from .models import IssuedPaper, Meeting, PaperTemplate, Register

DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.SUBORDINATE)
KIND_LABELS = dict(UnitKind.choices)


@dataclass
class TaskReport:
    stats: object                   # directives.queries.TaskStats
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


def program_report(program: Document, day: dt.date, known_on: dt.date | None = None) -> list[TaskReport]:
    result = []
    for stats in program_stats(program, day, known_on=known_on):
        if not stats.total:
            continue
        done, not_done = split_done(stats.task, day, known_on=known_on)
        totals, dones = Counter(), Counter()
        for a in done + not_done:
            totals[a.unit.kind] += 1
        for a in done:
            dones[a.unit.kind] += 1
        groups = [(str(KIND_LABELS.get(kind, kind)), dones[kind], total) for kind, total in totals.items()]
        result.append(TaskReport(stats=stats, done=done, not_done=not_done, groups=groups))
    return result


def department_overdue(program: Document, day: dt.date, known_on: dt.date | None = None) -> list[Assignment]:
    """Open assignments of the centre's departments and subordinate units past their deadline on `day`."""
    known = knowledge(known_on)
    sources = [source.filter(task__document__in=related_documents(program), unit__kind__in=DEPARTMENT_KINDS)
               .filter(known.tasks("task__")).filter(active_on(day)).filter(current_period_filter(day, known=known))
               .filter(status_filters(day)[rules.OVERDUE]).select_related("task", "task__document", "unit")
               for source in known.sources()]
    rows = merged(sources, key=lambda a: (a.task.document.date or day, a.task.order, a.unit.path))
    return rows_as_of(rows, day)


def late_by_task(program: Document, day: dt.date, refs: list[str] | None = None,
                 known_on: dt.date | None = None, within=None) -> list[tuple[Task, list[Late]]]:
    """For each task of the program, the units late on `day`: past the deadline and not done (a periodic
    report counts until it arrives), or given a task without a deadline (a standing duty such as issuing a
    plan) and not done yet. A unit that has sent and waits for the monitor's review is not late. With `within`
    (a unit), only the units below it (a following unit urges its own subtree)."""
    known = knowledge(known_on)
    tasks = program.tasks.filter(known.tasks()).order_by("order", "id")
    if refs:
        tasks = tasks.filter(ref__in=refs)
    filters = status_filters(day)
    no_deadline = Q(task__deadline_kind=DeadlineKind.NONE) & filters[rules.NO_DEADLINE] & Q(active_from__lt=day)
    sources = [source.filter(task__in=tasks).filter(active_on(day)).filter(current_period_filter(day, known=known))
               .filter(filters[rules.OVERDUE] | no_deadline).select_related("unit") for source in known.sources()]
    rows = rows_as_of(merged(sources, key=lambda a: a.unit.path), day)
    by_task: dict[int, list[Late]] = {}
    for a in rows:
        if within is not None and (a.unit_id == within.pk or not a.unit.path.startswith(within.path)):
            continue
        overdue = a.due_on is not None
        days = (day - a.due_on).days if overdue else (day - a.active_from).days
        by_task.setdefault(a.task_id, []).append(Late(assignment=a, days=days, overdue=overdue))
    return [(task, by_task[task.pk]) for task in tasks if task.pk in by_task]


def number_preview(*, purpose: str, date: dt.date | None = None, template: PaperTemplate | None = None) -> str:
    """The number the next document of `purpose` would get (the register is only advanced when issuing); with
    `template` (services.template_for), in the register of the unit it names."""
    template = template or PaperTemplate.objects.filter(purpose=purpose).first() or PaperTemplate(
        purpose=purpose, **DEFAULTS[purpose])
    unit = getattr(template, "unit", None)
    issuer = unit.code if unit is not None else template.symbol_issuer
    year = (date or timezone.localdate()).year
    last = Register.objects.filter(issuer=issuer, kind_code=template.kind_code, year=year).values_list(
        "last_number", flat=True).first() or 0
    return f"{last + 1}/{template.symbol}"


def paper_figures(program: Document, day: dt.date, known_on: dt.date | None = None) -> list[dict]:
    """The per-task figures a generated document prints, as stored with an issued paper."""
    return [{"ref": s.task.ref, "title": s.task.title, "done": s.done, "total": s.total, "overdue": s.overdue,
             "submitted": s.submitted, "periods": s.periods}
            for s in program_stats(program, day, known_on=known_on) if s.total]


def figures_compared(paper: IssuedPaper) -> list[dict]:
    """For an issued paper, each task's figures as printed beside today's for the same date (a late,
    back-dated submission, a review or a registry change entered since may have changed them):
    [{ref, title, printed, now, changed}]."""
    if paper.program_id is None or paper.as_of is None or not paper.figures:
        return []
    now = {(f["ref"], f["title"]): f for f in paper_figures(paper.program, paper.as_of)}
    keys = ("done", "total", "overdue", "submitted")
    rows = []
    for printed in paper.figures:
        today = now.pop((printed["ref"], printed["title"]), None)
        changed = today is None or any(printed.get(k) != today.get(k) for k in keys)
        rows.append({"ref": printed["ref"], "title": printed["title"], "printed": printed, "now": today,
                     "changed": changed})
    rows += [{"ref": f["ref"], "title": f["title"], "printed": None, "now": f, "changed": True} for f in now.values()]
    return rows


def papers_list():
    return IssuedPaper.objects.select_related("program", "issued_by").order_by("-issued_at", "-id")


def papers_visible(user):
    """The monitor and leaders: every paper; a following unit's officer: the papers its subtree issued."""
    if user.reads_everything:
        return papers_list()
    unit = perms.followed_unit(user)
    if unit is None:
        return IssuedPaper.objects.none()
    return papers_list().filter(issuer_id__in=perms.subtree_ids(unit))


def meetings_list():
    return Meeting.objects.select_related("program", "notice").order_by("-date", "-id")
