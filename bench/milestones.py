"""Time the milestone step of the daily sweep against the floor of one raw SELECT.

    .venv/bin/python bench/milestones.py --db sqlite     # a fresh file database under $TMPDIR
    .venv/bin/python bench/milestones.py --db pg         # database dondoc_milestones_bench on 127.0.0.1

Built here: --units departments, each with a leader and a staff account and one progress plan covering
--tasks tasks of one document, each task with --milestones milestones spread around the bench day (a third
reached). Printed: the floor (one SELECT of the open milestones the rules hit that day, best of five), the
milestone step (record each (day, rule, milestone) once and notify the people in charge, best of five runs
rolled back), the idempotent second run, and their ratios to the floor.
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
OFFSETS = [-21, -14, -7, -3, -1, 0, 1, 3, 10, 40]


def configure(db: str) -> None:
    if db == "sqlite":
        path = Path(tempfile.gettempdir()) / "dondoc-bench-milestones.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        name = "dondoc_milestones_bench"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(units: int, tasks: int, milestones: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from dondoc.accounts.models import Role, User
    from dondoc.directives.models import Assignment, Document, Task
    from dondoc.reminders.services import rules_defaults_ensure
    from dondoc.submissions.models import Milestone, PlanTask, Submission
    from dondoc.units.models import Unit, UnitKind

    rng = random.Random(7)
    rules_defaults_ensure()
    with transaction.atomic():
        centre = Unit.objects.create(code="vgcl", name="Tổng Liên đoàn", kind=UnitKind.CENTRE, path="/vgcl/")
        User.objects.create(username="theodoi", role=Role.MONITOR, unit=centre, email="theodoi@dondoc.local")
        User.objects.create(username="lanhdao", role=Role.LEADER, unit=centre, email="lanhdao@dondoc.local")
        depts = Unit.objects.bulk_create([Unit(code=f"ban-{i}", name=f"Ban {i}", kind=UnitKind.DEPARTMENT,
                                               parent=centre, path=f"/vgcl/ban-{i}/", depth=1) for i in range(units)])
        people = {}
        for d in depts:
            lead = User.objects.create(username=f"ld-{d.code}", role=Role.OFFICER, unit=d, is_unit_head=True,
                                       email=f"ld-{d.code}@dondoc.local")
            staff = User.objects.create(username=f"cb-{d.code}", role=Role.OFFICER, unit=d,
                                        email=f"cb-{d.code}@dondoc.local")
            people[d.pk] = (lead, staff)
        doc = Document.objects.create(number="02/CTr-BCH", number_key="02/ctr-bch", date=DAY - dt.timedelta(days=120),
                                      title="Chương trình")
        task_rows = Task.objects.bulk_create([Task(document=doc, ref=f"III.{n + 1}", title=f"Nhiệm vụ {n + 1}",
                                                   assigned_on=doc.date) for n in range(tasks)])
        assignments = Assignment.objects.bulk_create([Assignment(task=t, unit=d, active_from=doc.date)
                                                      for d in depts for t in task_rows])
        first = {a.unit_id: a for a in assignments if a.task_id == task_rows[0].pk}
        now = timezone.now()
        subs = Submission.objects.bulk_create([Submission(assignment=first[d.pk], kind="progress_plan", text="KH",
                                                          submitted_at=now, effective_on=DAY - dt.timedelta(days=60))
                                               for d in depts])
        plan_tasks = PlanTask.objects.bulk_create([PlanTask(submission=s, task=t, leader=people[s.assignment.unit_id][0])
                                                   for s in subs for t in task_rows])
        for pt in plan_tasks:
            pt.staff.add(people[pt.submission.assignment.unit_id][1])
        rows = []
        for pt in plan_tasks:
            for m in range(milestones):
                due = DAY + dt.timedelta(days=rng.choice(OFFSETS) + 7 * m)
                done = due - dt.timedelta(days=1) if rng.random() < 0.33 and due < DAY else None
                rows.append(Milestone(plan_task=pt, title=f"Mốc {m + 1}", due_on=due, done_on=done))
        Milestone.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def best(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=25)
    parser.add_argument("--milestones", type=int, default=4)
    args = parser.parse_args()
    configure(args.db)
    total = build(args.units, args.tasks, args.milestones)

    from django.db import transaction

    from dondoc.directives.services import work_calendar
    from dondoc.reminders import schedule
    from dondoc.reminders.models import MilestoneReminder, ReminderRule
    from dondoc.reminders.sweep import milestone_reminders_record
    from dondoc.submissions.models import Milestone

    calendar = work_calendar()
    dates = sorted({d for r in ReminderRule.objects.filter(active=True)
                    for d in schedule.due_dates(kind=r.kind, days=r.days, repeat_every=r.repeat_every,
                                                stop_after=r.stop_after, day=DAY, calendar=calendar)})

    def floor():
        return list(Milestone.objects.filter(due_on__in=dates, done_on__isnull=True).values_list("id", "due_on"))

    class Rollback(Exception):
        pass

    recorded = []

    def step():
        try:
            with transaction.atomic():
                recorded.append(milestone_reminders_record(day=DAY, calendar=calendar))
                raise Rollback
        except Rollback:
            pass

    floor_s = best(floor)
    step_s = best(step)
    with transaction.atomic():
        milestone_reminders_record(day=DAY, calendar=calendar)
        again_s = best(lambda: milestone_reminders_record(day=DAY, calendar=calendar))
        kept = MilestoneReminder.objects.count()
    print(f"{total} milestones, {recorded[-1]} reminders on {DAY:%d/%m/%Y} ({kept} kept after the second run)")
    print(f"floor (one SELECT)      {floor_s * 1000:8.1f} ms")
    print(f"milestone step          {step_s * 1000:8.1f} ms   x{step_s / floor_s:.0f} the floor")
    print(f"second run (nothing new){again_s * 1000:8.1f} ms   x{again_s / floor_s:.0f} the floor")


if __name__ == "__main__":
    main()
