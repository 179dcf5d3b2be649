"""The demo: the situation of notice 462/TB-TLĐ (16/11/2021), reproducible from a fresh database.

- the 2021 registry (83 direct units; the 83rd is not named in any source and is marked so);
- Resolution 02-NQ/TW and Program 02/CTr-BCH with its two group duties on the 83 direct units:
  32 had issued their plan and 30 had advised their Party committee by 09/11/2021;
- notice 462/TB-TLĐ with its tasks 2.1, 2.3, 2.4, 3.1-3.3 assigned to the departments;
- accounts: an administrator, the monitor in Ban Tuyên giáo, a leader, and officers of a few units;
- the cascade: four upper-grassroots unions under LĐLĐ Đà Nẵng (and an officer of one of them), so that Đà
  Nẵng can issue its own plan for 02/CTr-BCH and follow it in its subtree. They are not direct units: the
  figures of the notice (32/83, 30/83) do not change.
"""

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dondoc.accounts.models import Role, User
from dondoc.directives import services as directives
from dondoc.directives.models import Fulfilment, GroupRule, LinkKind
from dondoc.lib import calendar as cal
from dondoc.submissions import services as submissions
from dondoc.submissions.models import SubmissionKind
from dondoc.units.importing import import_units
from dondoc.units.models import DIRECT_UNIT_KINDS, Unit, UnitKind

DATA = Path(__file__).parent / "data"
PASSWORD = "dondoc-demo-2021"
UNNAMED_83RD = "cd-don-vi-83-chua-xac-dinh"
AS_OF = dt.date(2021, 11, 9)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def d(day: int, month: int, year: int = 2021) -> dt.date:
    return dt.date(year, month, day)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def load_registry() -> None:
    import_units((DATA / "vgcl_units_2021.csv").read_bytes(), "vgcl_units_2021.csv")
    Unit.objects.filter(code="vgcl").update(name="Tổng Liên đoàn Lao động Việt Nam")
    if not Unit.objects.filter(code=UNNAMED_83RD).exists():
        unit = Unit(code=UNNAMED_83RD, name="Đơn vị trực thuộc thứ 83 (chưa xác định tên trong nguồn)",
                    short_name="Đơn vị thứ 83", kind=UnitKind.CORPORATION_UNION,
                    parent=Unit.objects.get(code="vgcl"),
                    note="Nguồn công khai chỉ nêu 82/83 đơn vị; đơn vị này thêm vào để đủ 83, không có tên thật.")
        unit.refresh_derived()
        unit.save()


# Đà Nẵng's upper-grassroots unions (a few of them: enough to follow a plan in its subtree).
DANANG_UPPER = [
    ("dn-cd-kcn", "Công đoàn các Khu công nghiệp và chế xuất Đà Nẵng", "CĐ các KCN-CX Đà Nẵng"),
    ("dn-ldld-hai-chau", "Liên đoàn Lao động quận Hải Châu", "LĐLĐ quận Hải Châu"),
    ("dn-ldld-thanh-khe", "Liên đoàn Lao động quận Thanh Khê", "LĐLĐ quận Thanh Khê"),
    ("dn-ldld-hoa-vang", "Liên đoàn Lao động huyện Hòa Vang", "LĐLĐ huyện Hòa Vang"),
]


def load_danang_subtree() -> None:
    danang = Unit.objects.get(code="ldld-da-nang")
    for code, name, short in DANANG_UPPER:
        if not Unit.objects.filter(code=code).exists():
            unit = Unit(code=code, name=name, short_name=short, kind=UnitKind.UPPER_GRASSROOTS, parent=danang,
                        province="Đà Nẵng")
            unit.refresh_derived()
            unit.save()


def create_users() -> list[DemoLogin]:
    # Names are invented for the demo.
    people = [
        ("admin", Role.ADMIN, "vgcl-vp", "Lê Văn", "Quân", "Quản trị hệ thống", True),
        ("theodoi", Role.MONITOR, "vgcl-tg", "Nguyễn Thị Thu", "Hà", "Chuyên viên Ban Tuyên giáo", False),
        ("lanhdao", Role.LEADER, "vgcl-ttdct", "Phạm Văn", "Minh", "Phó Chủ tịch Tổng Liên đoàn", False),
        ("danang", Role.OFFICER, "ldld-da-nang", "Trần Thị", "Mai", "Chuyên viên LĐLĐ thành phố Đà Nẵng", False),
        ("hanoi", Role.OFFICER, "ldld-ha-noi", "Hoàng Văn", "Nam", "Chuyên viên LĐLĐ thành phố Hà Nội", False),
        ("giaoduc", Role.OFFICER, "cd-giao-duc", "Đỗ Thị", "Lan", "Chuyên viên Công đoàn Giáo dục Việt Nam", False),
        ("bantochuc", Role.OFFICER, "vgcl-toc", "Vũ Văn", "Hùng", "Chuyên viên Ban Tổ chức", False),
        ("vienccd", Role.OFFICER, "vgcl-vien-cncd", "Bùi Thị", "Ngọc", "Chuyên viên Viện Công nhân và Công đoàn",
         False),
        ("kcndanang", Role.OFFICER, "dn-cd-kcn", "Ngô Văn", "Tài",
         "Chuyên viên Công đoàn các Khu công nghiệp và chế xuất Đà Nẵng", False),
    ]
    logins = []
    for username, role, unit_code, family, given, title, superuser in people:
        user = User(username=username, role=role, unit=Unit.objects.get(code=unit_code), title=title,
                    last_name=family, first_name=given, email=f"{username}@dondoc.local", is_staff=superuser,
                    is_superuser=superuser)
        user.set_password(PASSWORD)
        user.save()
        logins.append(DemoLogin(username, role, user.unit.name))
    return logins


def direct_units() -> list[Unit]:
    return list(Unit.objects.valid_on(AS_OF).filter(kind__in=DIRECT_UNIT_KINDS).order_by("path"))


def load_program(monitor: User) -> None:
    vgcl = Unit.objects.get(code="vgcl")
    bch = Unit.objects.get(code="vgcl-bch")
    directives.document_create(
        number="02-NQ/TW", date=d(12, 6), kind="NQ", issuer_name="Bộ Chính trị", place="Hà Nội",
        title="Về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới",
        signer="Trần Quốc Vượng", signer_title="Thường trực Ban Bí thư")
    program = directives.document_create(
        number="02/CTr-BCH", date=d(20, 7), kind="CTr", issuer=bch, place="Hà Nội", is_program=True,
        title="Chương trình hành động của Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam thực hiện Nghị quyết "
              "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết số 02-NQ/TW ngày 12/6/2021 "
              "của Bộ Chính trị về đổi mới tổ chức và hoạt động của Công đoàn Việt Nam trong tình hình mới",
        signer="Nguyễn Đình Khang", signer_title="Chủ tịch")
    directives.document_link(source=program, number="02-NQ/TW", date=d(12, 6), kind=LinkKind.IMPLEMENTS)
    given = at(d(20, 7))
    plan = directives.task_create(
        document=program, ref="III.1", now=given,
        title="Ban hành chương trình, kế hoạch triển khai Chương trình 02/CTr-BCH",
        action="Các LĐLĐ tỉnh, thành phố, công đoàn ngành Trung ương, công đoàn tổng công ty trực thuộc Tổng "
               "Liên đoàn xây dựng, ban hành chương trình, kế hoạch triển khai Chương trình ở cấp mình.",
        lead_group=GroupRule.DIRECT_UNITS, fulfilment=Fulfilment.PLAN_ISSUED, report_to=[vgcl],
        report_to_text="Tổng Liên đoàn (qua Ban Tuyên giáo)")
    party = directives.task_create(
        document=program, ref="III.2", now=given,
        title="Tham mưu cấp ủy cùng cấp ban hành chương trình, kế hoạch thực hiện Nghị quyết 02-NQ/TW",
        action="Tham mưu cho cấp ủy, tổ chức đảng cùng cấp xây dựng, ban hành chương trình, kế hoạch thực hiện "
               "Nghị quyết số 02-NQ/TW của Bộ Chính trị.",
        lead_group=GroupRule.DIRECT_UNITS, fulfilment=Fulfilment.PLAN_ISSUED, report_to=[vgcl])
    units = direct_units()
    rng = random.Random(462)
    # Hà Nội had issued its plan by 09/11/2021 and Đà Nẵng had not, so that the demo officers show both sides.
    hanoi = next(u for u in units if u.code == "ldld-ha-noi")
    others = [u for u in units if u.code not in ("ldld-ha-noi", "ldld-da-nang")]
    issued = [hanoi, *rng.sample(others, 31)]
    advised = [hanoi, *rng.sample(others, 29)]
    for task, chosen, prefix in ((plan, issued, "KH"), (party, advised, "KH/ĐU")):
        for index, unit in enumerate(chosen, start=1):
            doc_date = d(21, 7) + dt.timedelta(days=rng.randrange(0, (AS_OF - d(21, 7)).days + 1))
            received = at(min(doc_date + dt.timedelta(days=2), AS_OF))
            sent = submissions.submission_create(
                assignment=task.assignments.get(unit=unit), kind=SubmissionKind.PLAN_ISSUED, by=monitor,
                doc_number=f"{index + 10}/{prefix}-{unit.code.split('-')[0].upper()}", doc_date=doc_date,
                text="Đã ban hành kế hoạch triển khai (số liệu minh họa cho bản demo).", now=received)
            # The monitor accepted each plan the day it arrived, as the notice's 32/83 counts them.
            submissions.submission_accept(submission=sent, by=monitor, now=received + dt.timedelta(hours=4))


def load_notice(monitor: User) -> None:
    vgcl = Unit.objects.get(code="vgcl")
    ttdct = Unit.objects.get(code="vgcl-ttdct")
    tg = Unit.objects.get(code="vgcl-tg")
    notice = directives.document_create(
        number="462/TB-TLĐ", date=d(16, 11), kind="TB", issuer=vgcl, place="Hà Nội",
        title="Kết luận cuộc họp đôn đốc triển khai Chương trình hành động thực hiện Nghị quyết Đại hội đại "
              "biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết số 02-NQ/TW, ngày 12/6/2021 của Bộ Chính trị",
        signer="Nguyễn Xuân Hùng", signer_title="Chánh Văn phòng", is_program=True)
    directives.document_link(source=notice, number="02/Ctr-BCH", date=d(20, 7))
    directives.document_link(source=notice, number="02-NQ/TW", date=d(12, 6))
    departments = list(Unit.objects.filter(code__in=[
        "vgcl-vp", "vgcl-tg", "vgcl-toc", "vgcl-tc", "vgcl-cspl", "vgcl-qhld", "vgcl-dn", "vgcl-nc",
        "vgcl-vien-cncd", "vgcl-vien-atvsld", "vgcl-dhcd"]))
    given = at(d(16, 11))
    directives.task_create(
        document=notice, ref="2.1", now=given,
        title="Tăng cường tuyên truyền, học tập, quán triệt Nghị quyết 02-NQ/TW",
        lead_group=GroupRule.DIRECT_UNITS, lead_text="Toàn hệ thống", deadline_kind=cal.ONGOING,
        deadline_text="thường xuyên", order=0)
    progress = directives.task_create(
        document=notice, ref="2.3", now=given, title="Gửi kế hoạch tiến độ triển khai từng nhiệm vụ được giao",
        action="Phân công lãnh đạo ban chỉ đạo và cán bộ trực tiếp tham mưu xây dựng kế hoạch tiến độ triển "
               "khai từng nhiệm vụ được giao tại Phụ lục của Chương trình 02/CTr-BCH.",
        lead_units=departments, lead_text="Các ban, đơn vị được giao nhiệm vụ tại Phụ lục",
        report_to=[ttdct, tg], report_to_text="Thường trực Đoàn Chủ tịch; Ban Tuyên giáo",
        deadline_kind=cal.DATE, deadline_date=d(30, 11), deadline_text="trước ngày 30/11/2021",
        fulfilment=Fulfilment.PROGRESS_PLAN, order=1)
    periodic = directives.task_create(
        document=notice, ref="2.4", now=given, title="Báo cáo 6 tháng/lần việc triển khai nhiệm vụ",
        lead_group=GroupRule.DEPARTMENTS_AND_SUBORDINATES, report_to=[ttdct, tg],
        deadline_kind=cal.RECURRING, recurrence_months=6, deadline_text="6 tháng/lần",
        fulfilment=Fulfilment.PERIODIC_REPORT, order=2)
    directives.task_create(
        document=notice, ref="2.4", now=given, title="Theo dõi, đôn đốc việc triển khai toàn hệ thống",
        lead_units=[tg], report_to=[ttdct], deadline_kind=cal.ONGOING, deadline_text="thường xuyên", order=3)
    t31 = directives.task_create(
        document=notice, ref="3.1", now=given, lead_units=[tg], deadline_kind=cal.DATE, deadline_date=d(10, 12),
        deadline_text="trước ngày 10/12/2021", order=4,
        title="Tham mưu nội dung, thời gian làm việc của Đảng đoàn với Ban Tuyên giáo TW và Ban Dân vận TW")
    t32 = directives.task_create(
        document=notice, ref="3.2", now=given, lead_units=[Unit.objects.get(code="vgcl-toc")],
        deadline_kind=cal.MONTH,
        deadline_date=d(1, 12), deadline_text="trong tháng 12/2021", order=5,
        title="Tham mưu nội dung, thời gian làm việc của Đảng đoàn với Ban Tổ chức Trung ương")
    directives.task_create(
        document=notice, ref="3.3", now=given, lead_units=[Unit.objects.get(code="vgcl-vien-cncd")],
        deadline_kind=cal.MONTH,
        deadline_date=d(1, 12), deadline_text="hoàn thành trong tháng 12/2021", order=6,
        title="Tham mưu nội dung làm việc của Đảng đoàn với Học viện Chính trị Quốc gia Hồ Chí Minh")
    # Progress plans: two before 26/11, two more by the deadline, one late; the rest not yet sent.
    for code, day in (("vgcl-tg", d(22, 11)), ("vgcl-toc", d(24, 11)), ("vgcl-cspl", d(29, 11)),
                      ("vgcl-nc", d(30, 11)), ("vgcl-qhld", d(6, 12))):
        sent = submissions.submission_create(
            assignment=progress.assignments.get(unit__code=code), kind=SubmissionKind.PROGRESS_PLAN, by=monitor,
            leader="Phó Trưởng ban phụ trách", staff="Chuyên viên được phân công",
            milestones="Tháng 12/2021: xây dựng dự thảo; Quý I/2022: trình Thường trực Đoàn Chủ tịch.",
            text="Kế hoạch tiến độ triển khai các nhiệm vụ được giao (demo).", now=at(day))
        submissions.submission_accept(submission=sent, by=monitor, now=at(day) + dt.timedelta(hours=4))
    for task, day in ((t31, d(8, 12)), (t32, d(5, 1, 2022))):
        sent = submissions.submission_create(assignment=task.assignments.get(), kind=SubmissionKind.COMPLETION_REPORT,
                                             by=monitor, text="Đã trình Đảng đoàn nội dung làm việc (demo).",
                                             now=at(day))
        submissions.submission_accept(submission=sent, by=monitor, now=at(day) + dt.timedelta(hours=4))
    # Three reports of the second half of 2021 arrive on 17/12 and wait for the monitor's review.
    first_period = periodic.assignments.filter(period_index=0)
    for a in first_period.filter(unit__code__in=["vgcl-tg", "vgcl-toc", "vgcl-vp"]):
        submissions.submission_create(assignment=a, kind=SubmissionKind.PERIODIC_REPORT, by=monitor,
                                      text="Báo cáo 6 tháng cuối năm 2021 (demo).", now=at(d(17, 12)))


REORGANISATION_2025 = "vgcl_changes_2025.csv"
EFFECTIVE_2025 = dt.date(2025, 7, 1)


class AlreadyApplied(Exception):
    pass


def load_2025():
    """The demo's second step: the 2025 reorganisation (provinces 63 → 34, ministries' unions, the centre's
    apparatus) applied on the 2021 registry, effective 01/07/2025, as the administrator entered it that day."""
    from dondoc.units.changes import change_apply, read_change
    from dondoc.units.models import RegistryChange

    if RegistryChange.objects.filter(filename=REORGANISATION_2025, applied_at__isnull=False).exists():
        raise AlreadyApplied
    rows = read_change((DATA / REORGANISATION_2025).read_bytes(), REORGANISATION_2025)
    admin = User.objects.filter(username="admin").first()
    return change_apply(rows=rows, effective=EFFECTIVE_2025, by=admin, filename=REORGANISATION_2025,
                        source="demo", now=at(EFFECTIVE_2025))[1]


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    load_registry()
    load_danang_subtree()
    logins = create_users()
    monitor = User.objects.get(username="theodoi")
    load_program(monitor)
    load_notice(monitor)
    return logins
