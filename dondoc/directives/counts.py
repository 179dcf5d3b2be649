"""The count table: status counts as of any day from a few thousand rows, whatever the number of assignments.

An assignment's status as of a day depends only on its dates (due, done, sent, started, active from/to:
rules.status_on and queries.active_on). Assignments of one task that share all these dates share their
status on every day, so `StatusCount` keeps one row per task and distinct set of dates with how many
assignments have it (and again per unit kind and province, the `grouped` rows, for the grouped
dashboards). The counts as of a day are then a GROUP BY over those rows with the status CASE of the
bucket (`bucket_status`), weighted by `n`.

Kept in the transaction of every write that changes these dates or creates or removes an assignment:
- directives.history.revise / forget (every change of a live row goes through them): `adjust` subtracts
  the rows' buckets and adds the buckets they will have, in two INSERT ... SELECT ... ON CONFLICT statements
  before the UPDATE;
- assignments created in bulk (`add_new`, from the objects in memory);
- a single Assignment.save() (signals, for code and tests that save a row) and a unit whose kind or
  province changes (the grouped rows move: `regroup`).

What it cannot answer, and the callers read the live rows for: figures "as known on" an earlier day (they
need the superseded versions), and recurring tasks (each unit's period in focus depends on its other
periods). `rebuild` recomputes it from scratch (`dondoc counts --rebuild`); `mismatches` compares it with
the live rows (`dondoc counts --check`).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from dondoc.lib.calendar import shift

from . import rules
from .models import Assignment, StatusCount

# An empty date in a bucket: later than any day a figure is asked for, so `<= day` never holds.
FAR = dt.date.max
DATES = ("due_on", "done_on", "submitted_on", "started_on", "active_from", "active_to")
KEY = ("task_id", "grouped", "kind", "province", "dated", *DATES)


def _expression(value) -> Expression:
    if hasattr(value, "resolve_expression"):
        return value
    return Value(value, output_field=DateField())


def _bucket_sql(queryset: QuerySet[Assignment], sign: int, grouped: bool, overrides: dict) -> tuple[str, tuple]:
    """SELECT the buckets of the rows of `queryset` (with `overrides` applied) and sign * their counts."""
    raw = {f"_k_{name}": _expression(overrides[name]) if name in overrides else F(name) for name in DATES}
    keys = {f"c_{name}": Coalesce(F(f"_k_{name}"), Value(FAR, output_field=DateField()), output_field=DateField())
            for name in DATES}
    keys["c_dated"] = Case(When(_k_due_on__isnull=True, then=Value(False)), default=Value(True),
                           output_field=BooleanField())
    keys["c_task"] = F("task_id")
    if grouped:
        keys["c_kind"] = _expression_text(overrides.get("kind", F("unit__kind")))
        keys["c_province"] = Coalesce(_expression_text(overrides.get("province", F("unit__province"))),
                                      Value("", output_field=CharField()), output_field=CharField())
    rows = (queryset.order_by().annotate(**raw).annotate(**keys).values(*keys)
            .annotate(c_n=Count("pk") * Value(sign)))
    return rows.query.sql_with_params()


def _expression_text(value) -> Expression:
    return value if hasattr(value, "resolve_expression") else Value(value, output_field=CharField())


def _upsert_select(sql: str, params: tuple, grouped: bool) -> None:
    table = connection.ops.quote_name(StatusCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*KEY, "n"))
    conflict = ", ".join(connection.ops.quote_name(c) for c in KEY)
    kind, province = ("c_kind", "c_province") if grouped else ("''", "''")
    select = (f"SELECT c_task, %s, {kind}, {province}, c_dated, "
              + ", ".join(f"c_{name}" for name in DATES) + f", c_n FROM ({sql}) sub WHERE true")
    with connection.cursor() as cursor:
        # WHERE true: SQLite needs it to read the ON CONFLICT after an INSERT ... SELECT.
        cursor.execute(f"INSERT INTO {table} ({columns}) {select} ON CONFLICT ({conflict}) "
                       f"DO UPDATE SET n = {table}.n + excluded.n", (grouped, *params))


def adjust(queryset: QuerySet[Assignment], sign: int, *, grouped_only: bool = False, **overrides) -> None:
    """Add (sign 1) or subtract (-1) the rows of `queryset` to the counts, with `overrides` (field values
    or expressions: what an UPDATE is about to set) applied first."""
    for grouped in ((True,) if grouped_only else (False, True)):
        sql, params = _bucket_sql(queryset, sign, grouped, overrides)
        _upsert_select(sql, params, grouped)


def changes_counts(changes: dict) -> bool:
    return any(name in changes for name in DATES)


def move(queryset: QuerySet[Assignment], changes: dict) -> None:
    """Before `queryset.update(**changes)`: take the rows out of their buckets and into their new ones."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counts must be kept in the transaction that changes the assignments")
    overrides = {name: value for name, value in changes.items() if name in DATES}
    adjust(queryset, -1)
    adjust(queryset, 1, **overrides)


def _key(a, grouped: bool, kind: str = "", province: str = "") -> tuple:
    dates = [getattr(a, name) for name in DATES]
    return (a.task_id, grouped, kind if grouped else "", (province or "") if grouped else "",
            a.due_on is not None, *[d if d is not None else FAR for d in dates])


def add_new(assignments: Iterable[Assignment]) -> None:
    """Count assignments just created in bulk (their units loaded or cached on the objects)."""
    counter: Counter = Counter()
    for a in assignments:
        counter[_key(a, False)] += 1
        counter[_key(a, True, a.unit.kind, a.unit.province)] += 1
    if not counter:
        return
    table = connection.ops.quote_name(StatusCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*KEY, "n"))
    conflict = ", ".join(connection.ops.quote_name(c) for c in KEY)
    marks = ", ".join(["%s"] * (len(KEY) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({conflict}) "
                           f"DO UPDATE SET n = {table}.n + excluded.n", [(*k, n) for k, n in counter.items()])


def regroup(unit_id: int, kind: str, province: str) -> None:
    """A unit's kind or province is about to change: its assignments move to the new group."""
    rows = Assignment.objects.filter(unit_id=unit_id)
    adjust(rows, -1, grouped_only=True)
    adjust(rows, 1, grouped_only=True, kind=kind, province=province or "")


def rebuild(task_ids: Iterable[int] | None = None) -> int:
    """Recompute the counts from the live rows (all tasks, or those given). Returns the rows written."""
    with transaction.atomic():
        if task_ids is None:
            StatusCount.objects.all().delete()
            rows = Assignment.objects.all()
        else:
            task_ids = list(task_ids)
            StatusCount.objects.filter(task_id__in=task_ids).delete()
            rows = Assignment.objects.filter(task_id__in=task_ids)
        adjust(rows, 1)
        StatusCount.objects.filter(n=0).delete()
        scope = StatusCount.objects.all() if task_ids is None else StatusCount.objects.filter(task_id__in=task_ids)
        return scope.count()


# --- Reading -------------------------------------------------------------------------------------------


def bucket_status(day: dt.date, soon_days: int | None = None) -> Case:
    """rules.status_on on a bucket (empty dates are FAR, an empty deadline is `dated` false)."""
    soon = shift(day, settings.DUE_SOON_DAYS if soon_days is None else soon_days)
    done = Q(done_on__lte=day)
    return Case(
        When(done & Q(dated=True, due_on__lt=F("done_on")), then=Value(rules.DONE_LATE)),
        When(done, then=Value(rules.DONE_ON_TIME)),
        When(submitted_on__lte=day, then=Value(rules.SUBMITTED)),
        When(dated=False, then=Value(rules.NO_DEADLINE)),
        When(due_on__lt=day, then=Value(rules.OVERDUE)),
        When(due_on__lte=soon, then=Value(rules.DUE_SOON)),
        When(started_on__lte=day, then=Value(rules.IN_PROGRESS)),
        default=Value(rules.NOT_YET_DUE), output_field=CharField())


# `grouped IN (x)`, not Django's `NOT grouped` / `grouped`: an equality the index (task, grouped, ...) serves on
# both databases (SQLite reads every row of the task for `NOT grouped`).
WHOLE = {"grouped__in": [False]}
GROUPED = {"grouped__in": [True]}


def active_buckets(day: dt.date) -> Q:
    return Q(active_from__lte=day, active_to__gt=day)


def task_counts(task_ids: Iterable[int], day: dt.date) -> dict[int, dict[str, int]]:
    """The status counts of each task as of `day` (every assignment of the task active on `day`)."""
    task_ids = list(task_ids)
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(rules.STATUSES, 0) for pk in task_ids}
    if not task_ids:
        return counts
    rows = (StatusCount.objects.filter(task_id__in=task_ids, **WHOLE).filter(active_buckets(day))
            .annotate(status=bucket_status(day)).values("task_id", "status").annotate(total=Sum("n")).order_by())
    for row in rows:
        counts[row["task_id"]][row["status"]] += row["total"]
    return counts


def group_counts(task_id: int, day: dt.date, field_name: str) -> list[tuple[str, str, int]]:
    """(group, status, count) of one task as of `day`, the group being the unit's "kind" or "province"."""
    rows = (StatusCount.objects.filter(task_id=task_id, **GROUPED).filter(active_buckets(day))
            .annotate(status=bucket_status(day)).values(field_name, "status").annotate(total=Sum("n")).order_by())
    return [(row[field_name], row["status"], row["total"]) for row in rows if row["total"]]


def completions(task_id: int, day: dt.date) -> list[tuple[dt.date, int]]:
    """How many of the task's units (active on `day`) completed it on each day up to `day` (the trend)."""
    rows = (StatusCount.objects.filter(task_id=task_id, done_on__lte=day, **WHOLE).filter(active_buckets(day))
            .values("done_on").annotate(total=Sum("n")).order_by())
    return [(row["done_on"], row["total"]) for row in rows if row["total"]]


def mismatches(days: Iterable[dt.date]) -> list[str]:
    """Where the counts differ from the live rows (non-recurring tasks) on any of `days`: one line each."""
    from .models import Task
    from .queries import status_case

    problems = []
    tasks = list(Task.objects.exclude(deadline_kind="recurring").values_list("pk", flat=True))
    for day in days:
        table = task_counts(tasks, day)
        live: dict[int, dict[str, int]] = {pk: dict.fromkeys(rules.STATUSES, 0) for pk in tasks}
        rows = (Assignment.objects.filter(task_id__in=tasks).filter(active_from__lte=day)
                .filter(Q(active_to__isnull=True) | Q(active_to__gt=day)).order_by()
                .annotate(status=status_case(day)).values("task_id", "status").annotate(n=Count("pk")))
        for row in rows:
            live[row["task_id"]][row["status"]] += row["n"]
        for pk in tasks:
            if table[pk] != live[pk]:
                problems.append(f"{day:%d/%m/%Y} task {pk}: table {table[pk]} != live {live[pk]}")
        grouped = Counter()
        for row in StatusCount.objects.filter(task_id__in=tasks, **GROUPED).filter(active_buckets(day)).annotate(
                status=bucket_status(day)).values("task_id", "kind", "province", "status").annotate(t=Sum("n")):
            grouped[(row["task_id"], row["kind"], row["province"] or "", row["status"])] += row["t"]
        expected = Counter()
        for row in (Assignment.objects.filter(task_id__in=tasks).filter(active_from__lte=day)
                    .filter(Q(active_to__isnull=True) | Q(active_to__gt=day)).order_by()
                    .annotate(status=status_case(day))
                    .values("task_id", "unit__kind", "unit__province", "status").annotate(n=Count("pk"))):
            expected[(row["task_id"], row["unit__kind"], row["unit__province"] or "", row["status"])] += row["n"]
        if +grouped != +expected:
            diff = {k: (grouped.get(k, 0), expected.get(k, 0)) for k in set(grouped) | set(expected)
                    if grouped.get(k, 0) != expected.get(k, 0)}
            problems.append(f"{day:%d/%m/%Y} grouped: {len(diff)} groups differ, e.g. {sorted(diff.items())[:3]}")
    return problems
