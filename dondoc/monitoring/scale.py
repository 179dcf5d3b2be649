"""A realistic registry and program at federation scale, for dashboards and benchmarks.

1 centre, its departments and the 83 direct units of 2021 (the demo registry), ~1,200 upper-grassroots
unions in the provinces and sectors, N grassroots unions under them, and a program whose tasks reach every
grassroots union, with submissions spread over time. Rows go in by COPY (PostgreSQL) or executemany
(SQLite): the per-row services would take hours. done_on/started_on are written from the submissions
created here by the same rule as submissions.services.assignment_refresh (done when accepted), so the data stays consistent.
"""

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.utils import timezone

from dondoc.directives import counts
from dondoc.directives.models import Assignment, DeadlineKind, Document, Fulfilment, GroupRule, Task
from dondoc.directives.services import document_create
from dondoc.lib.text import fold
from dondoc.submissions.models import Submission, SubmissionKind, SubmissionState
from dondoc.units.models import Unit, UnitKind

NUMBER = "15/KH-TLĐ"
DATE = dt.date(2024, 1, 15)
CUT_OFF = dt.date(2024, 10, 31)  # the last day on which the generated units sent anything
AS_OF = CUT_OFF
UPPER_PER_PROVINCE, UPPER_PER_SECTOR = 17, 5
BATCH = 20_000

TASKS = [  # ref, title, fulfilment, deadline, share done by the cut-off
    ("1", "Xây dựng, ban hành kế hoạch thực hiện tại công đoàn cơ sở", Fulfilment.PLAN_ISSUED, (3, 31), 0.93),
    ("2", "Tổ chức hội nghị quán triệt, phổ biến đến đoàn viên", Fulfilment.COMPLETION_REPORT, (4, 30), 0.88),
    ("3", "Rà soát, cập nhật dữ liệu đoàn viên trên phần mềm quản lý", Fulfilment.COMPLETION_REPORT, (5, 31), 0.8),
    ("4", "Tổ chức đối thoại định kỳ tại nơi làm việc", Fulfilment.COMPLETION_REPORT, (6, 30), 0.72),
    ("5", "Báo cáo sơ kết 6 tháng thực hiện kế hoạch", Fulfilment.PERIODIC_REPORT, (7, 15), 0.7),
    ("6", "Phát triển đoàn viên, thành lập tổ công đoàn mới", Fulfilment.COMPLETION_REPORT, (9, 30), 0.55),
    ("7", "Tổ chức hoạt động Tháng Công nhân, an toàn vệ sinh lao động", Fulfilment.COMPLETION_REPORT, (10, 15),
     0.5),
    ("8", "Báo cáo kết quả thực hiện năm 2024", Fulfilment.PERIODIC_REPORT, (12, 10), 0.12),
]
EMPLOYERS = ["Công ty TNHH", "Công ty Cổ phần", "Trường Tiểu học", "Trường THCS", "Trường Mầm non",
             "Bệnh viện", "Trung tâm Y tế", "Ủy ban nhân dân xã", "Chi nhánh Ngân hàng", "Hợp tác xã",
             "Công ty May", "Nhà máy", "Trường THPT", "Chi cục Thuế", "Bưu điện"]
NAMES = ["An Phát", "Bình Minh", "Đồng Tiến", "Hòa Bình", "Hưng Thịnh", "Phú Cường", "Quang Trung", "Sông Hồng",
         "Thành Công", "Thống Nhất", "Trường Sơn", "Việt Tiến", "Đại Dương", "Hồng Hà", "Lê Lợi", "Nguyễn Trãi",
         "Tân Tiến", "Hoàng Long", "Minh Khai", "Đông Á"]


def build(*, grassroots: int, seed: int = 2024, log: Callable[[str], None] = print) -> Document:
    """Build the registry and the program in one transaction (nothing half-written on failure)."""
    from dondoc.core.demo import load_registry  # the 2021 registry: centre, departments, 83 direct units

    started = time.monotonic()
    rng = random.Random(seed)

    def step(message: str) -> None:
        log(f"[{time.monotonic() - started:6.1f} s] {message}")

    with transaction.atomic():
        if not Unit.objects.filter(code="vgcl").exists():
            load_registry()
            step("Đã nạp danh mục đơn vị năm 2021 (83 đơn vị trực thuộc).")
        uppers = _upper_grassroots(rng)
        step(f"Đã tạo {len(uppers):,} công đoàn cấp trên trực tiếp cơ sở.")
        grass = _grassroots(rng, uppers, grassroots, step)
        document = document_create(
            number=NUMBER, date=DATE, kind="KH", is_program=True, place="Hà Nội",
            issuer=Unit.objects.get(code="vgcl"), issuer_name="Tổng Liên đoàn Lao động Việt Nam",
            title="Kế hoạch triển khai nhiệm vụ trọng tâm năm 2024 đến công đoàn cơ sở (dữ liệu mô phỏng quy mô lớn)")
        total = 0
        for order, (ref, title, fulfilment, (month, day), share) in enumerate(TASKS):
            task = Task.objects.create(
                document=document, ref=ref, order=order, title=title, lead_group=GroupRule.GRASSROOTS,
                lead_text="Các công đoàn cơ sở", deadline_kind=DeadlineKind.DATE,
                deadline_date=dt.date(2024, month, day), fulfilment=fulfilment, assigned_on=DATE,
                search_text=fold(f"{ref} {title}"))
            total += _assign(task, grass, share, rng)
            step(f"Nhiệm vụ {ref}: {len(grass):,} đơn vị được giao (lũy kế {total:,} lượt giao).")
        # The rows went in by COPY, past the services: the count table is computed once from them.
        rows = counts.rebuild(document.tasks.values_list("pk", flat=True))
        step(f"Bảng số liệu tổng hợp: {rows:,} dòng.")
    with connection.cursor() as cursor:
        # Fresh statistics after a bulk load, or the planners guess the sizes of empty tables; on PostgreSQL a
        # VACUUM too, which marks the pages all-visible so that counts read the indexes alone (as they do on a
        # database that has been running for a while).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # (not inside a transaction)
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    step(f"Xong: {Unit.objects.count():,} đơn vị, {total:,} lượt giao nhiệm vụ.")
    return document


def _upper_grassroots(rng: random.Random) -> list[Unit]:
    parents = Unit.objects.filter(kind__in=[UnitKind.PROVINCIAL_FEDERATION, UnitKind.SECTOR_UNION,
                                            UnitKind.CORPORATION_UNION]).order_by("path")
    provinces = sorted({p.province for p in parents if p.province})
    units = []
    for parent in parents:
        provincial = parent.kind == UnitKind.PROVINCIAL_FEDERATION
        for i in range(1, (UPPER_PER_PROVINCE if provincial else UPPER_PER_SECTOR) + 1):
            area = f"huyện số {i}" if provincial and i <= 12 else f"khu công nghiệp số {i}"
            name = (f"Liên đoàn Lao động {area} ({parent.province})" if provincial
                    else f"Công đoàn cấp trên cơ sở số {i} thuộc {parent.label}")
            unit = Unit(code=f"{parent.code}-ctcs-{i}", name=name, kind=UnitKind.UPPER_GRASSROOTS, parent=parent,
                        province=parent.province or rng.choice(provinces))
            unit.refresh_derived()
            units.append(unit)
    return Unit.objects.bulk_create(units, batch_size=2000)


def _grassroots(rng: random.Random, uppers: list[Unit], count: int, step) -> list[tuple[int, int]]:
    """Grassroots unions spread over the upper-grassroots unions; returns (unit id, diligence %)."""
    made: list[tuple[int, int]] = []
    batch: list[Unit] = []
    for n in range(count):
        parent = uppers[n % len(uppers)]
        name = f"Công đoàn cơ sở {rng.choice(EMPLOYERS)} {rng.choice(NAMES)} {n + 1}"
        unit = Unit(code=f"cdcs-{n + 1}", name=name, kind=UnitKind.GRASSROOTS, parent=parent,
                    province=parent.province, path=f"{parent.path}cdcs-{n + 1}/", depth=parent.depth + 1,
                    search_text=fold(f"{name} cdcs-{n + 1}"))
        batch.append(unit)
        if len(batch) == BATCH or n == count - 1:
            made += [(u.pk, rng.randint(20, 100)) for u in Unit.objects.bulk_create(batch)]
            batch = []
            step(f"Công đoàn cơ sở: {len(made):,}/{count:,}")
    return made


def _assign(task: Task, units: list[tuple[int, int]], share: float, rng: random.Random) -> int:
    """Assignments of one task with their submissions; done/started dates follow the submissions."""
    deadline = task.deadline_date
    plans, progress_kind = [], SubmissionKind.PROGRESS_PLAN
    for unit_id, diligence in units:
        subs: list[tuple[str, dt.date, str]] = []  # kind, effective_on, state
        if rng.random() < share * diligence / 60:
            # Diligent units finish early; others around the deadline or after it.
            offset = int(rng.gauss(-20 + (60 - diligence), 25))
            done = min(max(deadline + dt.timedelta(days=offset), DATE + dt.timedelta(days=3)), CUT_OFF)
            if rng.random() < 0.3:
                subs.append((progress_kind, max(DATE + dt.timedelta(days=1), done - dt.timedelta(days=30)),
                             SubmissionState.ACCEPTED))
            if rng.random() < 0.05:
                subs.append((task.fulfilment, done - dt.timedelta(days=7), SubmissionState.RETURNED))
            subs.append((task.fulfilment, done, SubmissionState.ACCEPTED if done < CUT_OFF - dt.timedelta(days=10)
                         else SubmissionState.PENDING))
        elif rng.random() < 0.25:
            subs.append((progress_kind, min(deadline - dt.timedelta(days=rng.randint(5, 60)), CUT_OFF),
                         SubmissionState.ACCEPTED))
        live = [s for s in subs if s[2] != SubmissionState.RETURNED]
        fulfilling = [s for s in live if s[0] in (task.fulfilment, SubmissionKind.COMPLETION_REPORT)]
        submitted_on = min((s[1] for s in fulfilling), default=None)
        # The program counts done when the monitor accepts (the default): pending ones await review.
        accepted_on = min((s[1] for s in fulfilling if s[2] == SubmissionState.ACCEPTED), default=None)
        started_on = min((s[1] for s in live), default=None)
        plans.append((unit_id, submitted_on, accepted_on, started_on, subs))
    recorded = dt.datetime.combine(DATE, dt.time(9, 0), timezone.get_current_timezone())
    rows = ((task.pk, unit_id, 0, "", deadline, DATE, submitted_on, accepted_on, accepted_on, started_on, 0, False,
             recorded) for unit_id, submitted_on, accepted_on, started_on, _ in plans)
    _insert(Assignment._meta.db_table, ["task_id", "unit_id", "period_index", "period_label", "due_on",
                                        "active_from", "submitted_on", "accepted_on", "done_on", "started_on",
                                        "extensions", "carried", "recorded_at"], rows)
    ids = dict(Assignment.objects.filter(task=task).values_list("unit_id", "id"))
    tz = timezone.get_current_timezone()
    sub_rows = (
        (ids[unit_id], kind, f"Báo cáo của đơn vị về nhiệm vụ {task.ref}.", "", None, "", "", "",
         dt.datetime.combine(on, dt.time(9, 30), tz), on, state, "")
        for unit_id, _, _, _, subs in plans for kind, on, state in subs)
    _insert(Submission._meta.db_table, ["assignment_id", "kind", "text", "doc_number", "doc_date", "leader",
                                        "staff", "milestones", "submitted_at", "effective_on", "state",
                                        "review_comment"], sub_rows)
    return len(plans)


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk: list[Sequence] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == BATCH:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
