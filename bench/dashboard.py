"""Server time of the dashboards and of officers' pages at federation scale, against floors measured in the
same run.

    DATABASE_URL=sqlite:///$PWD/var/scale.sqlite3 .venv/bin/python bench/dashboard.py \
        --small-db sqlite:///$PWD/var/scale-small.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dondoc_scale .venv/bin/python bench/dashboard.py \
        --small-db postgres://postgres@127.0.0.1:5432/dondoc_scale_small

Builds the scale data set first when the database does not have it (`dondoc demo-scale`; once per database,
then reused). Every time is the whole Django request through the test client (middleware, session, queries,
template), median and p95 of warm runs, pages and floors alternating so that both see the same load.

- The program dashboard and one task grouped by province and by parent unit, as of a past date (the data
  set's cut-off) and as of today: floor = a trivial authenticated page (the notifications of a user who has
  none) + the raw read of the count table for the same figures (one SQL statement). Goal: page <= 3 x floor.
  Before timing, the page's figures are checked against the raw read and against a full scan of the
  assignments.
- Growth (with --small-db, a data set a quarter of the size, built there when missing): the program
  dashboard at 1.04M assignments vs. at 260k, both measured in this run. Goal: <= 1.3.
- An officer's document list and "my assignments", for a grassroots union and a provincial federation:
  floor = the same officer's trivial page. Goal: page <= 3 x floor.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'scale.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from dondoc.accounts.models import User  # noqa: E402
from dondoc.directives import counts, rules  # noqa: E402
from dondoc.directives.models import Assignment, StatusCount  # noqa: E402
from dondoc.directives.services import document_find  # noqa: E402
from dondoc.monitoring import queries, scale  # noqa: E402
from dondoc.units.models import Unit, UnitKind  # noqa: E402

STATUS_ORDER = queries.COLUMNS
# One CASE a row, in the order of rules.status_on: on the assignments (a full scan, only to check the page)
# and on the count table's buckets (empty dates stored as far-off days, an empty deadline as dated false).
LIVE_STATUS = """CASE
  WHEN a.done_on <= %(d)s AND a.due_on < a.done_on THEN 'done_late'
  WHEN a.done_on <= %(d)s THEN 'done_on_time'
  WHEN a.submitted_on <= %(d)s THEN 'submitted'
  WHEN a.due_on IS NULL THEN 'no_deadline'
  WHEN a.due_on < %(d)s THEN 'overdue'
  WHEN a.due_on <= %(soon)s THEN 'due_soon'
  WHEN a.started_on <= %(d)s THEN 'in_progress'
  ELSE 'not_yet_due' END"""
BUCKET_STATUS = """CASE
  WHEN c.done_on <= %(d)s AND c.dated AND c.due_on < c.done_on THEN 'done_late'
  WHEN c.done_on <= %(d)s THEN 'done_on_time'
  WHEN c.submitted_on <= %(d)s THEN 'submitted'
  WHEN NOT c.dated THEN 'no_deadline'
  WHEN c.due_on < %(d)s THEN 'overdue'
  WHEN c.due_on <= %(soon)s THEN 'due_soon'
  WHEN c.started_on <= %(d)s THEN 'in_progress'
  ELSE 'not_yet_due' END"""


def pivot(rows) -> dict:
    result: dict = {}
    for key, status, n in rows:
        counts = result.setdefault(key or "", dict.fromkeys(rules.STATUSES, 0))
        counts[status] += int(n)
    return {key: [sum(c.values()), *[c[s] for s in STATUS_ORDER]] for key, c in result.items() if sum(c.values())}


def _fetch(sql: str, params: dict) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def rows_per_grouping() -> list[int]:
    return [StatusCount.objects.filter(grouping=g).count() for g in counts.GROUPINGS]


def table_program(task_ids: list[int], params: dict) -> dict:
    """The raw read of the count table: the program's figures as of the day."""
    return pivot(_fetch(
        f"SELECT c.task_id, {BUCKET_STATUS} AS st, SUM(c.n) FROM {StatusCount._meta.db_table} c "
        f"WHERE c.task_id IN ({', '.join(str(int(i)) for i in task_ids)}) AND c.grouping = %(whole)s "
        f"AND c.active_from <= %(d)s AND c.active_to > %(d)s GROUP BY c.task_id, st", params))


# The task page's groupings: ?theo=, the count table's column and set of rows, the unit's column.
GROUPINGS = {"tinh": ("province", counts.BY_KIND_PROVINCE, "province"),
             "cap-tren": ("parent", counts.BY_PARENT, "parent_id")}


def _text_keys(groups: dict) -> dict:
    """Group keys as the page has them: text, "" for none (a parent's id; 0 or NULL for none)."""
    return {str(key) if key else "": cells for key, cells in groups.items()}


def table_groups(task_id: int, params: dict, by: str) -> dict:
    column, grouping, _ = GROUPINGS[by]
    return _text_keys(pivot(_fetch(
        f"SELECT c.{column}, {BUCKET_STATUS} AS st, SUM(c.n) FROM {StatusCount._meta.db_table} c "
        f"WHERE c.task_id = %(task)s AND c.grouping = %(grouping)s AND c.active_from <= %(d)s "
        f"AND c.active_to > %(d)s GROUP BY c.{column}, st", {**params, "task": task_id, "grouping": grouping})))


ACTIVE = "a.active_from <= %(d)s AND (a.active_to IS NULL OR a.active_to > %(d)s)"


def scan_program(task_ids: list[int], params: dict) -> dict:
    return pivot(_fetch(
        f"SELECT a.task_id, {LIVE_STATUS} AS st, COUNT(*) FROM {Assignment._meta.db_table} a "
        f"WHERE a.task_id IN ({', '.join(str(int(i)) for i in task_ids)}) AND {ACTIVE} GROUP BY a.task_id, st",
        params))


def scan_groups(task_id: int, params: dict, by: str) -> dict:
    column = GROUPINGS[by][2]
    return _text_keys(pivot(_fetch(
        f"SELECT u.{column}, {LIVE_STATUS} AS st, COUNT(*) FROM {Assignment._meta.db_table} a "
        f"JOIN {Unit._meta.db_table} u ON u.id = a.unit_id WHERE a.task_id = %(task)s AND {ACTIVE} "
        f"GROUP BY u.{column}, st", {**params, "task": task_id})))


def timed(*fns, runs: int) -> list[list[float]]:
    """Each function in turn, `runs` times, after one warm-up each."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, into in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            into.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(int(round(0.95 * len(values))) - 1, 0)]


def ok(response) -> None:
    assert response.status_code == 200, response.status_code


def report(name: str, page: list[float], floor: list[float], goal: float, floor_name: str) -> float:
    med, flo = statistics.median(page), statistics.median(floor)
    ratio = med / flo
    print(f"{name:<44} page {med:7.1f} ms (p95 {p95(page):7.1f}) | {floor_name} {flo:6.1f} ms | "
          f"ratio {ratio:5.2f} (goal <= {goal}): {'met' if ratio <= goal else 'NOT met'}", flush=True)
    return med


def officer(username: str, unit: Unit) -> Client:
    user, _ = User.objects.get_or_create(username=username, defaults={"role": "officer", "unit": unit})
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grassroots", type=int, default=130_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--task", default="4", help="ref of the task whose grouped counts are measured")
    parser.add_argument("--small-db", default="", help="DATABASE_URL of the data set a quarter of the size (growth)")
    parser.add_argument("--json", action="store_true", help="only the program dashboard's medians, as JSON")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    document = document_find(scale.NUMBER)
    if document is None:
        start = time.perf_counter()
        call_command("demo-scale", grassroots=args.grassroots, stdout=sys.stderr)
        print(f"scale data built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
        document = document_find(scale.NUMBER)
    monitor, _ = User.objects.get_or_create(username="bench-monitor", defaults={"role": "monitor"})
    client = Client()
    client.force_login(monitor)
    trivial = "/thong-bao/"
    task = document.tasks.get(ref=args.task)
    task_ids = list(document.tasks.filter(withdrawn=False).values_list("pk", flat=True))
    days = {"past": scale.AS_OF, "today": timezone.localdate()}
    medians = {}
    if not args.json:
        units = Unit.objects.count()
        rows = Assignment.objects.filter(task__document=document).count()
        print(f"{connection.vendor}: {units:,} units, {rows:,} assignments in program {document.number}, "
              f"{StatusCount.objects.count():,} rows in the count table (whole, by kind and province, by parent: "
              f"{', '.join(f'{n:,}' for n in rows_per_grouping())}); {args.runs} warm runs each; "
              f"load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}", flush=True)
    for label, day in days.items():
        params = {"d": day, "soon": day + dt.timedelta(days=settings.DUE_SOON_DAYS), "whole": counts.WHOLE_TASK}
        # The page must show the figures of the raw read and of a full scan, or the comparison means nothing.
        page_stats = {s.task.pk: [s.total, *[s.counts[k] for k in STATUS_ORDER]]
                      for s in queries.program_stats(document, day) if s.total}
        assert page_stats == table_program(task_ids, params) == scan_program(task_ids, params), label
        for by in GROUPINGS:
            groups = {g.key: [g.total, *[g.counts[k] for k in STATUS_ORDER]]
                      for g in queries.task_group_stats(task, day, by) if g.total}
            assert groups == table_groups(task.pk, params, by) == scan_groups(task.pk, params, by), (label, by)

        url = f"/theo-doi/chuong-trinh/{document.pk}/?ngay={day:%d/%m/%Y}"
        page, light, raw = timed(lambda u=url: ok(client.get(u)), lambda: ok(client.get(trivial)),
                                 lambda p=params: table_program(task_ids, p), runs=args.runs)
        floor = [a + b for a, b in zip(light, raw, strict=True)]
        if args.json:
            medians[label] = statistics.median(page)
            continue
        medians[label] = report(f"program dashboard, {label} ({day:%d/%m/%Y})", page, floor, 3, "floor")
        print(f"{'':<44} (trivial page {statistics.median(light):.1f} ms + count table read "
              f"{statistics.median(raw):.2f} ms)")
        for by, words in (("tinh", "province"), ("cap-tren", "parent unit")):
            url = f"/theo-doi/nhiem-vu/{task.pk}/?ngay={day:%d/%m/%Y}&theo={by}"
            page, light, raw = timed(lambda u=url: ok(client.get(u)), lambda: ok(client.get(trivial)),
                                     lambda p=params, b=by: table_groups(task.pk, p, b), runs=args.runs)
            report(f"task {task.ref} by {words}, {label}", page, [a + b for a, b in zip(light, raw, strict=True)],
                   3, "floor")
            print(f"{'':<44} (trivial page {statistics.median(light):.1f} ms + count table read "
                  f"{statistics.median(raw):.2f} ms)")
    if args.json:
        print(json.dumps(medians))
        return

    if args.small_db:
        env = {**os.environ, "DATABASE_URL": args.small_db}
        out = subprocess.run([sys.executable, __file__, "--json", "--runs", str(args.runs),
                              "--grassroots", str(args.grassroots // 4), "--task", args.task],
                             env=env, check=True, capture_output=True, text=True).stdout
        small = json.loads(out.strip().splitlines()[-1])
        for label in days:
            ratio = medians[label] / small[label]
            print(f"growth 1/4 size -> full size, {label:<24} {small[label]:7.1f} ms -> {medians[label]:7.1f} ms | "
                  f"ratio {ratio:5.2f} (goal <= 1.3): {'met' if ratio <= 1.3 else 'NOT met'}")

    grassroots = Unit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("path").first()
    province = Unit.objects.filter(kind=UnitKind.PROVINCIAL_FEDERATION).order_by("path").first()
    for who, unit in (("grassroots", grassroots), ("provincial", province)):
        visible = Assignment.objects.filter(unit__path__startswith=unit.path).count()
        officer_client = officer(f"bench-officer-{who}", unit)
        for name, url in (("document list", "/van-ban/"), ("my assignments", "/nhiem-vu/")):
            page, light = timed(lambda u=url, c=officer_client: ok(c.get(u)),
                                lambda c=officer_client: ok(c.get(trivial)), runs=args.runs)
            report(f"{who} officer ({visible:,} assignments): {name}", page, light, 3, "trivial page")


if __name__ == "__main__":
    main()
