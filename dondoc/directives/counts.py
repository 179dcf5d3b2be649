"""The count table: status counts as of any day from the buckets of the assignments' dates, not the assignments.

An assignment's status as of a day depends only on its dates (due, done, sent, started, active from/to:
rules.status_on and queries.active_on). Assignments of one task that share all these dates share their
status on every day, so `StatusCount` keeps one row per task and distinct set of dates with how many
assignments have it. The counts as of a day are then a GROUP BY over those rows with the status CASE of the
bucket (`bucket_status`), weighted by `n`.

Three sets of rows (`grouping`), each the whole count again, for the dashboards grouped by the unit's field:
WHOLE_TASK (the program dashboard, the homes), BY_KIND_PROVINCE (the task page by kind of unit or by
province), BY_PARENT (the task page by parent unit, đơn vị cấp trên). Measured at federation scale
(`dondoc demo-scale --grassroots 130000`: 8 tasks, 1,040,000 assignments, 1,171 parents), the rows are
3,322 whole, 145,940 by kind and province, 601,220 by parent: a parent groups ~110 grassroots unions, too few
to share their dates much. The parent is therefore a set of rows of its own, not a column of the kind and
province key: in that key it makes those rows 601,220 as well, and the task page by province reads 4 times
as many (SQLite: 22 -> 77 ms for the raw read), while as its own set the program dashboard and the province
grouping read exactly the rows they read before (the index starts with (task, grouping)). The page by
parent reads 86,204 rows for a task of 130,000 assignments: 86 ms on SQLite (PostgreSQL 84 ms) against 172 ms
for the same groups from the assignments; the whole page takes ~2.5 times that read plus a trivial page
(bench/dashboard.py), most of it rendering 1,171 groups.

Kept in the transaction of every write that changes these dates, creates or removes an assignment, or moves a
unit to another group:
- directives.history.revise / forget (every change of a live row goes through them): `adjust` subtracts
  the rows' buckets and adds the buckets they will have, in INSERT ... SELECT ... ON CONFLICT statements (two
  per set of rows) before the UPDATE, and deletes the buckets it empties (the rows by parent would otherwise
  double with every change of a large task's deadline). The rows by parent double the cost of a bulk change:
  a new deadline for 130,000 assignments took 1.9 s on SQLite before them, 4.0 s with them (PostgreSQL 4.1 ->
  8.6 s, the copy into the history included); one assignment's change 6 -> 10 ms;
- assignments created in bulk (`add_new`, from the objects in memory);
- a single Assignment.save() (signals, for code and tests that save a row) and units whose kind, province or
  parent changes (a unit saved, a registry change, an import of the registry in bulk: `regroup` moves their
  assignments in the sets of rows concerned).

What it cannot answer, and the callers read the live rows for: figures "as known on" an earlier day (they
need the superseded versions), and recurring tasks (each unit's period in focus depends on its other
periods). `rebuild` recomputes it from scratch (`dondoc counts --rebuild`); `mismatches` compares it with
the live rows (`dondoc counts --check`), every set of rows.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
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
KEY = ("task_id", "grouping", "kind", "province", "parent", "dated", *DATES)

# The three sets of rows (StatusCount.grouping), each the whole count again: every read names one of them.
WHOLE_TASK, BY_KIND_PROVINCE, BY_PARENT = 0, 1, 2
GROUPINGS = (WHOLE_TASK, BY_KIND_PROVINCE, BY_PARENT)
# The set of rows whose groups are a unit's kind, province or parent: what a dashboard grouped by it reads, and
# what a change of it moves.
GROUPING_OF = {"kind": BY_KIND_PROVINCE, "province": BY_KIND_PROVINCE, "parent": BY_PARENT}
# Those groups on the assignments (the live rows).
UNIT_FIELDS = {"kind": "unit__kind", "province": "unit__province", "parent": "unit__parent_id"}
# A unit without a province or a parent: "" and 0 in the table, NULL possible on the unit.
_NONE = {"kind": "", "province": "", "parent": 0}


def _expression(value) -> Expression:
    if hasattr(value, "resolve_expression"):
        return value
    return Value(value, output_field=DateField())


def _bucket_sql(queryset: QuerySet[Assignment], sign: int, grouping: int, overrides: dict) -> tuple[str, tuple]:
    """SELECT the buckets of the rows of `queryset` in the set of rows `grouping` (with `overrides` applied: dates,
    or the unit's kind, province or parent id) and sign * their counts."""
    raw = {f"_k_{name}": _expression(overrides[name]) if name in overrides else F(name) for name in DATES}
    keys = {f"c_{name}": Coalesce(F(f"_k_{name}"), Value(FAR, output_field=DateField()), output_field=DateField())
            for name in DATES}
    keys["c_dated"] = Case(When(_k_due_on__isnull=True, then=Value(False)), default=Value(True),
                           output_field=BooleanField())
    keys["c_task"] = F("task_id")
    if grouping == BY_KIND_PROVINCE:
        keys["c_kind"] = _expression_text(overrides.get("kind", F("unit__kind")))
        keys["c_province"] = Coalesce(_expression_text(overrides.get("province", F("unit__province"))),
                                      Value("", output_field=CharField()), output_field=CharField())
    elif grouping == BY_PARENT:
        parent = overrides.get("parent", F("unit__parent_id"))
        if not hasattr(parent, "resolve_expression"):
            parent = Value(parent, output_field=BigIntegerField())
        keys["c_parent"] = Coalesce(parent, Value(0, output_field=BigIntegerField()),
                                    output_field=BigIntegerField())
    rows = (queryset.order_by().annotate(**raw).annotate(**keys).values(*keys)
            .annotate(c_n=Count("pk") * Value(sign)))
    return rows.query.sql_with_params()


def _expression_text(value) -> Expression:
    return value if hasattr(value, "resolve_expression") else Value(value, output_field=CharField())


def _upsert_select(sql: str, params: tuple, grouping: int, *, prune: bool = False) -> None:
    """Add the counts the SELECT `sql` gives to their rows; with `prune`, delete the rows it leaves at 0."""
    table = connection.ops.quote_name(StatusCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*KEY, "n"))
    conflict = ", ".join(connection.ops.quote_name(c) for c in KEY)
    kind, province = ("c_kind", "c_province") if grouping == BY_KIND_PROVINCE else ("''", "''")
    parent = "c_parent" if grouping == BY_PARENT else "0"
    select = (f"SELECT c_task, %s, {kind}, {province}, {parent}, c_dated, "
              + ", ".join(f"c_{name}" for name in DATES) + f", c_n FROM ({sql}) sub WHERE true")
    # RETURNING: PostgreSQL, SQLite from 3.35; on an older SQLite the emptied rows stay (n 0, counted as nothing)
    # until `dondoc counts --rebuild`.
    prune = prune and connection.features.can_return_columns_from_insert
    returning = " RETURNING id, n" if prune else ""
    with connection.cursor() as cursor:
        # WHERE true: SQLite needs it to read the ON CONFLICT after an INSERT ... SELECT.
        cursor.execute(f"INSERT INTO {table} ({columns}) {select} ON CONFLICT ({conflict}) "
                       f"DO UPDATE SET n = {table}.n + excluded.n{returning}", (grouping, *params))
        if prune:
            _delete_empty([pk for pk, n in cursor.fetchall() if n == 0])


def _delete_empty(pks: list[int]) -> None:
    """Delete the rows that count nobody any more (the ids an upsert returned with n 0, still locked by this
    transaction). Left in place, a bucket emptied by every change of a deadline stays to be read by every
    dashboard: the rows by parent of a task of 130,000 assignments went from 86,204 to 172,408 after one."""
    for start in range(0, len(pks), 5000):
        StatusCount.objects.filter(pk__in=pks[start:start + 5000], n=0).delete()


def adjust(queryset: QuerySet[Assignment], sign: int, *, groupings: Iterable[int] = GROUPINGS,
           **overrides) -> None:
    """Add (sign 1) or subtract (-1) the rows of `queryset` to the counts (of the sets of rows `groupings`),
    with `overrides` (field values or expressions: what an UPDATE is about to set) applied first. Subtracting
    deletes the rows left counting nobody."""
    for grouping in groupings:
        sql, params = _bucket_sql(queryset, sign, grouping, overrides)
        _upsert_select(sql, params, grouping, prune=sign < 0)


def changes_counts(changes: dict) -> bool:
    return any(name in changes for name in DATES)


def move(queryset: QuerySet[Assignment], changes: dict) -> None:
    """Before `queryset.update(**changes)`: take the rows out of their buckets and into their new ones."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counts must be kept in the transaction that changes the assignments")
    overrides = {name: value for name, value in changes.items() if name in DATES}
    adjust(queryset, -1)
    adjust(queryset, 1, **overrides)


def _key(a, grouping: int) -> tuple:
    dates = [getattr(a, name) for name in DATES]
    kind = a.unit.kind if grouping == BY_KIND_PROVINCE else ""
    province = (a.unit.province or "") if grouping == BY_KIND_PROVINCE else ""
    parent = (a.unit.parent_id or 0) if grouping == BY_PARENT else 0
    return (a.task_id, grouping, kind, province, parent, a.due_on is not None,
            *[d if d is not None else FAR for d in dates])


def add_new(assignments: Iterable[Assignment]) -> None:
    """Count assignments just created in bulk (their units loaded or cached on the objects)."""
    counter: Counter = Counter()
    for a in assignments:
        for grouping in GROUPINGS:
            counter[_key(a, grouping)] += 1
    if not counter:
        return
    table = connection.ops.quote_name(StatusCount._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*KEY, "n"))
    conflict = ", ".join(connection.ops.quote_name(c) for c in KEY)
    marks = ", ".join(["%s"] * (len(KEY) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({conflict}) "
                           f"DO UPDATE SET n = {table}.n + excluded.n", [(*k, n) for k, n in counter.items()])


def regroup(unit_ids: Iterable[int], **changes) -> None:
    """Units' kind, province or parent (its id, None for none) are about to change, to the same new values for
    all of them (`changes`): their assignments move to the new groups, in the sets of rows that have them."""
    groupings = sorted({GROUPING_OF[name] for name in changes})
    overrides = {name: ((value or "") if name == "province" else value) for name, value in changes.items()}
    unit_ids = list(unit_ids)
    for start in range(0, len(unit_ids), 500):
        rows = Assignment.objects.filter(unit_id__in=unit_ids[start:start + 500])
        adjust(rows, -1, groupings=groupings)
        adjust(rows, 1, groupings=groupings, **overrides)


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


# An equality on the set of rows, which the index (task, grouping, ...) serves on both databases: a read of one
# set never reads the rows of the others (SQLite read every row of the task for the boolean `NOT grouped`).
WHOLE = {"grouping": WHOLE_TASK}


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


def group_counts(task_id: int, day: dt.date, field_name: str) -> list[tuple[str | int, str, int]]:
    """(group, status, count) of one task as of `day`, the group being the unit's "kind", "province" or "parent"
    (the parent's id, 0 for a unit without one)."""
    rows = (StatusCount.objects.filter(task_id=task_id, grouping=GROUPING_OF[field_name]).filter(active_buckets(day))
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
        for fields in (("kind", "province"), ("parent",)):
            problems += _group_mismatches(tasks, day, fields)
    return problems


def _group_mismatches(tasks: list[int], day: dt.date, fields: tuple[str, ...]) -> list[str]:
    """The groups (`fields` of the unit) whose counts in their set of rows differ from the live rows on `day`."""
    from .queries import status_case

    table: Counter = Counter()
    for row in (StatusCount.objects.filter(task_id__in=tasks, grouping=GROUPING_OF[fields[0]])
                .filter(active_buckets(day)).annotate(status=bucket_status(day))
                .values("task_id", *fields, "status").annotate(t=Sum("n")).order_by()):
        table[(row["task_id"], *[row[f] or _NONE[f] for f in fields], row["status"])] += row["t"]
    live: Counter = Counter()
    unit_fields = [UNIT_FIELDS[f] for f in fields]
    for row in (Assignment.objects.filter(task_id__in=tasks).filter(active_from__lte=day)
                .filter(Q(active_to__isnull=True) | Q(active_to__gt=day)).order_by()
                .annotate(status=status_case(day)).values("task_id", *unit_fields, "status").annotate(n=Count("pk"))):
        live[(row["task_id"], *[row[u] or _NONE[f] for f, u in zip(fields, unit_fields, strict=True)],
              row["status"])] += row["n"]
    if +table == +live:
        return []
    diff = {k: (table.get(k, 0), live.get(k, 0)) for k in set(table) | set(live) if table.get(k, 0) != live.get(k, 0)}
    return [f"{day:%d/%m/%Y} grouped by {', '.join(fields)}: {len(diff)} groups differ, "
            f"e.g. {sorted(diff.items())[:3]}"]

