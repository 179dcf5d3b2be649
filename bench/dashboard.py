"""Server time of the monitoring dashboards at federation scale, against a floor measured in the same run.

    DATABASE_URL=sqlite:///$PWD/var/scale.sqlite3 .venv/bin/python bench/dashboard.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dondoc_monitoring .venv/bin/python bench/dashboard.py

Builds the scale data set first when the database does not have it (`dondoc demo-scale`). For the program
dashboard and for one task's counts grouped by province it prints the page's server time (the whole Django
request through the test client: middleware, queries, template), median and p95, and the floor: the same
figures computed by one raw SQL query on the same database. Goal: page <= 2 x floor + 30 ms.
"""

import argparse
import os
import statistics
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

from dondoc.accounts.models import User  # noqa: E402
from dondoc.directives import rules  # noqa: E402
from dondoc.directives.models import Assignment  # noqa: E402
from dondoc.directives.services import document_find  # noqa: E402
from dondoc.monitoring import queries, scale  # noqa: E402
from dondoc.units.models import Unit  # noqa: E402

# One CASE a row, in the order of rules.status_on, grouped with the key: the cheapest raw form we found
# (seven conditional SUMs over the same rows were slower on both databases).
STATUS_SQL = """CASE
  WHEN a.done_on <= %(d)s AND a.due_on < a.done_on THEN 'done_late'
  WHEN a.done_on <= %(d)s THEN 'done_on_time'
  WHEN a.submitted_on <= %(d)s THEN 'submitted'
  WHEN a.due_on IS NULL THEN 'no_deadline'
  WHEN a.due_on < %(d)s THEN 'overdue'
  WHEN a.due_on <= %(soon)s THEN 'due_soon'
  WHEN a.started_on <= %(d)s THEN 'in_progress'
  ELSE 'not_yet_due' END"""
ACTIVE_SQL = "a.active_from <= %(d)s AND (a.active_to IS NULL OR a.active_to > %(d)s)"


def pivot(rows) -> dict:
    result: dict = {}
    for key, status, n in rows:
        counts = result.setdefault(key or "", dict.fromkeys(rules.STATUSES, 0))
        counts[status] += n
    return {key: [sum(c.values()), *[c[s] for s in STATUS_ORDER]] for key, c in result.items()}


def floor_program(task_ids: list[int], params: dict) -> dict:
    # The task ids as literals, like the page (which has loaded the tasks to show their titles).
    sql = (f"SELECT a.task_id, {STATUS_SQL} AS st, COUNT(*) FROM {Assignment._meta.db_table} a "
           f"WHERE a.task_id IN ({', '.join(str(int(i)) for i in task_ids)}) "
           f"AND {ACTIVE_SQL} GROUP BY a.task_id, st")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pivot(cursor.fetchall())


def floor_groups(task_id: int, params: dict) -> dict:
    sql = (f"SELECT u.province, {STATUS_SQL} AS st, COUNT(*) FROM {Assignment._meta.db_table} a "
           f"JOIN {Unit._meta.db_table} u ON u.id = a.unit_id "
           f"WHERE a.task_id = %(task)s AND {ACTIVE_SQL} GROUP BY u.province, st")
    with connection.cursor() as cursor:
        cursor.execute(sql, {**params, "task": task_id})
        return pivot(cursor.fetchall())


def timed(page, floor, runs: int) -> tuple[list[float], list[float]]:
    """Page and floor alternate, so that both see the same load on a shared machine."""
    page(), floor()  # warm the caches: every run is measured warm
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, into in ((page, times[0]), (floor, times[1])):
            start = time.perf_counter()
            fn()
            into.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(int(round(0.95 * len(values))) - 1, 0)]


def report(name: str, page: list[float], floor: list[float]) -> None:
    med, flo = statistics.median(page), statistics.median(floor)
    goal = 2 * flo + 30
    print(f"{name:<34} page median {med:8.1f} ms  p95 {p95(page):8.1f} ms | floor median {flo:8.1f} ms "
          f"p95 {p95(floor):8.1f} ms | ratio {med / flo:5.2f} | goal <= {goal:7.1f} ms: "
          f"{'met' if med <= goal else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grassroots", type=int, default=130_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--task", default="4", help="ref of the task whose grouped counts are measured")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    document = document_find(scale.NUMBER)
    if document is None:
        start = time.perf_counter()
        call_command("demo-scale", grassroots=args.grassroots)
        print(f"scale data built in {time.perf_counter() - start:.0f} s")
        document = document_find(scale.NUMBER)
    monitor, _ = User.objects.get_or_create(username="bench-monitor", defaults={"role": "monitor"})
    client = Client()
    client.force_login(monitor)
    day = scale.AS_OF
    params = {"d": day, "soon": day + __import__("datetime").timedelta(days=settings.DUE_SOON_DAYS)}
    task = document.tasks.get(ref=args.task)
    units = Unit.objects.count()
    rows = Assignment.objects.filter(task__document=document).count()
    print(f"{connection.vendor}: {units:,} units, {rows:,} assignments in program {document.number}; "
          f"as of {day:%d/%m/%Y}; {args.runs} warm runs each")

    # The page must show the floor's figures, or the comparison means nothing.
    page_stats = {s.task.pk: [s.total, *[s.counts[k] for k in STATUS_ORDER]]
                  for s in queries.program_stats(document, day)}
    task_ids = list(document.tasks.filter(withdrawn=False).values_list("pk", flat=True))
    assert page_stats == floor_program(task_ids, params)
    groups = {g.key: [g.total, *[g.counts[k] for k in STATUS_ORDER]]
              for g in queries.task_group_stats(task, day, "tinh")}
    assert groups == floor_groups(task.pk, params)

    url = f"/theo-doi/chuong-trinh/{document.pk}/?ngay={day:%d/%m/%Y}"
    assert client.get(url).status_code == 200
    report("program dashboard", *timed(lambda: client.get(url), lambda: floor_program(task_ids, params), args.runs))
    url = f"/theo-doi/nhiem-vu/{task.pk}/?ngay={day:%d/%m/%Y}&theo=tinh"
    assert client.get(url).status_code == 200
    report(f"task {task.ref} grouped by province",
           *timed(lambda: client.get(url), lambda: floor_groups(task.pk, params), args.runs))


STATUS_ORDER = queries.COLUMNS

if __name__ == "__main__":
    main()
