"""Time the daily reminder sweep over >= 1,000,000 assignments against the floor of one raw SQL.

    .venv/bin/python bench/remind.py --db sqlite        # a fresh file database under $TMPDIR
    .venv/bin/python bench/remind.py --db pg            # database dondoc_reminders_bench on 127.0.0.1

The data set is built here with bulk inserts (a centre, 63 provincial federations, 1,200 upper-grassroots
unions, --grassroots grassroots unions; --tasks tasks on every grassroots union with deadlines spread
around the bench day, 40% done; one officer per federation and upper-grassroots union, so that grassroots
reminders go to the union above). Printed: the floor (one SELECT of the assignments the rules hit that day,
best of five), the decide step (the INSERT ... SELECT of the reminders, best of five runs into an empty log,
then an idempotent second run), and the whole sweep (decide + one digest per person + outbox rows), with
their ratios to the floor.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAY = dt.date(2021, 11, 26)
OFFSETS = [-14, -7, -3, -1, 0, 3, 4, 30]  # calendar days from DAY to each task's deadline


def configure(db: str, reuse: bool) -> str:
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / "dondoc-bench-remind.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if not reuse:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        name = "dondoc_reminders_bench"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (reuse and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {name}")
                conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def build(grassroots: int, tasks: int) -> int:
    from django.db import connection, transaction

    from dondoc.accounts.models import Role, User
    from dondoc.directives.models import Document, Task
    from dondoc.reminders.services import rules_defaults_ensure
    from dondoc.units.models import Unit, UnitKind

    rng = random.Random(5)
    rules_defaults_ensure()
    with transaction.atomic():
        centre = Unit.objects.create(code="vgcl", name="Tổng Liên đoàn", kind=UnitKind.CENTRE, path="/vgcl/")
        User.objects.create(username="theodoi", role=Role.MONITOR, email="theodoi@dondoc.local", unit=centre)
        provinces = Unit.objects.bulk_create([
            Unit(code=f"ldld-{i}", name=f"LĐLĐ tỉnh {i}", kind=UnitKind.PROVINCIAL_FEDERATION, parent=centre,
                 path=f"/vgcl/ldld-{i}/", depth=1) for i in range(63)])
        uppers = Unit.objects.bulk_create([
            Unit(code=f"ct-{i}", name=f"Công đoàn cấp trên {i}", kind=UnitKind.UPPER_GRASSROOTS,
                 parent=provinces[i % 63], path=f"{provinces[i % 63].path}ct-{i}/", depth=2) for i in range(1200)])
        Unit.objects.bulk_create([
            Unit(code=f"cs-{i}", name=f"Công đoàn cơ sở {i}", kind=UnitKind.GRASSROOTS, parent=uppers[i % 1200],
                 path=f"{uppers[i % 1200].path}cs-{i}/", depth=3) for i in range(grassroots)], batch_size=10000)
        users = [User(username=f"cb-{u.code}", role=Role.OFFICER, unit=u, email=f"cb-{u.code}@dondoc.local",
                      password="!") for u in (*provinces, *uppers)]
        User.objects.bulk_create(users, batch_size=5000)
        doc = Document.objects.create(number="1/KH-TLĐ", number_key="1/kh-tld", date=DAY, title="Kế hoạch")
        task_rows = Task.objects.bulk_create([
            Task(document=doc, ref=str(n + 1), title=f"Nhiệm vụ {n + 1}", deadline_kind="date",
                 deadline_date=DAY + dt.timedelta(days=OFFSETS[n % len(OFFSETS)]), assigned_on=DAY - dt.timedelta(days=60))
            for n in range(tasks)])
    unit_ids = list(Unit.objects.filter(kind=UnitKind.GRASSROOTS).values_list("id", flat=True))
    sql = ("INSERT INTO directives_assignment (task_id, unit_id, period_index, period_label, due_on, active_from, "
           "done_on, started_on, extensions) VALUES (%s, %s, 0, '', %s, %s, %s, %s, 0)")
    total = 0
    for task in task_rows:
        due = task.deadline_date
        while due.weekday() >= 5:
            due += dt.timedelta(days=1)
        start = task.assigned_on
        rows = []
        for unit_id in unit_ids:
            done = start + dt.timedelta(days=rng.randrange(0, 55)) if rng.random() < 0.4 else None
            rows.append((task.pk, unit_id, due, start, done, done))
        with transaction.atomic(), connection.cursor() as cursor:
            for chunk in range(0, len(rows), 50000):
                cursor.executemany(sql, rows[chunk:chunk + 50000])
        total += len(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return total


def floor_sql(day: dt.date) -> tuple[str, list]:
    """One raw SELECT of the open assignments whose deadline any active rule hits on `day`."""
    from dondoc.directives.services import work_calendar
    from dondoc.reminders import schedule
    from dondoc.reminders.models import ReminderRule

    calendar = work_calendar()
    dates = sorted({d for r in ReminderRule.objects.filter(active=True)
                    for d in schedule.due_dates(kind=r.kind, days=r.days, repeat_every=r.repeat_every,
                                                stop_after=r.stop_after, day=day, calendar=calendar)})
    marks = ", ".join(["%s"] * len(dates))
    sql = ("SELECT a.id, a.unit_id FROM directives_assignment a JOIN directives_task t ON t.id = a.task_id "
           f"WHERE a.due_on IN ({marks}) AND (a.done_on IS NULL OR a.done_on > %s) AND a.active_from <= %s "
           "AND (a.active_to IS NULL OR a.active_to > %s) AND NOT t.withdrawn")
    return sql, [*dates, day, day, day]


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--grassroots", type=int, default=130000)
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--reuse", action="store_true", help="Keep the data set of an earlier run if there is one.")
    args = parser.parse_args()
    url = configure(args.db, args.reuse)
    from dondoc.directives.models import Assignment

    print(f"database: {url.split('@')[-1]}")
    if args.reuse and Assignment.objects.exists():
        print(f"data set: {Assignment.objects.count():,} assignments (kept from an earlier run)")
    else:
        build_time, total = timed(lambda: build(args.grassroots, args.tasks))
        print(f"data set: {total:,} assignments over {args.grassroots:,} grassroots unions, "
              f"built in {build_time:.1f} s")

    from django.db import connection, transaction

    from dondoc.directives.services import work_calendar
    from dondoc.reminders.models import Delivery, Digest, Reminder, SweepRun
    from dondoc.reminders.sweep import reminders_record, sweep_run

    sql, params = floor_sql(DAY)

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return len(cursor.fetchall())

    def clear():
        # TRUNCATE on PostgreSQL: a real day inserts into fresh keys, not among the dead rows of a DELETE.
        with connection.cursor() as cursor:
            for model in (Delivery, Digest, Reminder, SweepRun):
                table = model._meta.db_table
                cursor.execute(f"TRUNCATE {table} CASCADE" if connection.vendor == "postgresql"
                               else f"DELETE FROM {table}")
            if connection.vendor == "postgresql":
                # Each timed run starts without the previous run's WAL still to be checkpointed, which would
                # otherwise land in the middle of some runs and not others.
                cursor.execute("CHECKPOINT")

    clear()
    floors = [timed(floor) for _ in range(5)]
    floor_time, selected = min(floors)
    calendar = work_calendar()

    def record():
        with transaction.atomic():
            return reminders_record(day=DAY, calendar=calendar)

    print(f"floor: one raw SELECT of the {selected:,} open assignments due for a reminder: {floor_time * 1000:.0f} ms",
          flush=True)
    decides = []
    for _ in range(5):  # the same statistic as the floor: the best of five runs, each into an empty log
        clear()
        decides.append(timed(record))
    decide_time, inserted = min(decides)
    rerun_time, again = timed(record)
    clear()
    sweep_time, result = timed(lambda: sweep_run(day=DAY))
    print(f"decide (INSERT ... SELECT, {inserted:,} reminders): {decide_time * 1000:.0f} ms "
          f"= {decide_time / floor_time:.1f}x the floor (goal <= 3x; runs: "
          + ", ".join(f"{t * 1000:.0f}" for t, _n in decides) + " ms)")
    print(f"decide again (idempotent, {again} new): {rerun_time * 1000:.0f} ms = {rerun_time / floor_time:.1f}x")
    print(f"whole sweep (decide + {result.digests:,} digests + outbox): {sweep_time:.1f} s "
          f"= {sweep_time / floor_time:.1f}x the floor")
    print("  of which: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items()))


if __name__ == "__main__":
    main()
