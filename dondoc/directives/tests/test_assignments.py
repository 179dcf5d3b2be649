import datetime as dt

import pytest

from dondoc.directives import services
from dondoc.directives.models import Assignment, GroupRule, Holiday
from dondoc.directives.queries import program_stats
from dondoc.directives.services import ServiceError
from dondoc.lib import calendar as cal
from dondoc.submissions import services as submissions
from dondoc.tests import factory
from dondoc.units.models import Unit, UnitKind

pytestmark = pytest.mark.django_db
D = dt.date


def test_group_rule_assigns_every_direct_unit_that_existed_on_the_task_date(registry):
    factory.unit("ldld-new", "Liên đoàn Lao động tỉnh Mới", UnitKind.PROVINCIAL_FEDERATION, registry["centre"],
                 valid_from=D(2025, 7, 1))
    doc = factory.document()
    task = services.task_create(document=doc, title="Ban hành kế hoạch", lead_group=GroupRule.DIRECT_UNITS)
    assert sorted(a.unit.code for a in task.assignments.all()) == [
        "cd-giao-duc", "ldld-da-nang", "ldld-ha-noi", "ldld-quang-nam"]


def test_a_task_needs_someone_responsible(registry):
    with pytest.raises(ServiceError, match="đơn vị chủ trì"):
        services.task_create(document=factory.document(), title="Không ai làm")


def test_month_deadline_is_the_last_day_of_the_month_moved_off_days_off(registry):
    # 31/12/2022 is a Saturday: the deadline moves to Monday 02/01/2023 (the 1st is a holiday? it is a Sunday).
    doc = factory.document(number="1/KH-TLĐ", date=D(2022, 11, 1))
    task = services.task_create(document=doc, title="x", lead_units=[registry["tg"]], deadline_kind=cal.MONTH,
                                deadline_date=D(2022, 12, 5))
    assert task.deadline_date == D(2022, 12, 31)
    assert task.assignments.get().due_on == D(2023, 1, 3)  # Sun 1/1, Mon 2/1 is the observed New Year day off


def test_quarter_deadline(registry):
    doc = factory.document(number="2/KH-TLĐ", date=D(2022, 1, 5))
    task = services.task_create(document=doc, title="x", lead_units=[registry["tg"]], deadline_kind=cal.QUARTER,
                                deadline_date=D(2022, 2, 1))
    assert task.assignments.get().due_on == D(2022, 3, 31)


def test_date_deadline_on_a_public_holiday_moves_to_the_next_working_day(registry):
    assert Holiday.objects.filter(date=D(2022, 9, 2), day_off=True).exists()  # seeded from `holidays`
    doc = factory.document(number="3/KH-TLĐ", date=D(2022, 8, 1))
    task = services.task_create(document=doc, title="x", lead_units=[registry["tg"]], deadline_kind=cal.DATE,
                                deadline_date=D(2022, 9, 2))
    # 1-2/9/2022 are National Day holidays, 3-4/9 a weekend.
    assert task.assignments.get().due_on == D(2022, 9, 5)


def test_recurring_task_has_one_assignment_per_unit_per_period(registry):
    doc = factory.document(number="462/TB-TLĐ", date=D(2021, 11, 16))
    task = services.task_create(document=doc, title="Báo cáo 6 tháng", lead_units=[registry["tg"], registry["toc"]],
                                deadline_kind=cal.RECURRING, recurrence_months=6, horizon=D(2022, 7, 1))
    periods = sorted(set(task.assignments.values_list("period_index", "period_label", "period_start",
                                                      "period_end", "due_on")))
    assert periods == [
        (0, "6 tháng cuối năm 2021", D(2021, 6, 15), D(2021, 12, 14), D(2021, 12, 20)),
        (1, "6 tháng đầu năm 2022", D(2021, 12, 15), D(2022, 6, 14), D(2022, 6, 20)),
        (2, "6 tháng cuối năm 2022", D(2022, 6, 15), D(2022, 12, 14), D(2022, 12, 20)),
        # Ahead of time: the period after the one containing the horizon is already there.
        (3, "6 tháng đầu năm 2023", D(2022, 12, 15), D(2023, 6, 14), D(2023, 6, 20)),
    ]
    assert task.assignments.count() == 8
    assert services.assignments_create(task=task, horizon=D(2022, 7, 1)) == 0  # idempotent


def test_documents_are_found_by_any_written_variant_of_their_number(registry):
    doc = factory.document(number="02/CTr-BCH")
    assert services.document_find("02/Ctr-BCH") == doc
    with pytest.raises(ServiceError, match="đã có"):
        factory.document(number="02/Ctr-BCH")
    # Numbers restart each year: the same number on another date is another document.
    assert factory.document(number="02/CTr-BCH", date=D(2022, 3, 1)).pk != doc.pk


def test_merge_passes_open_assignments_to_the_successor_and_keeps_history(registry, program, monitor):
    plan = program["plan"]
    quangnam, danang = registry["quangnam"], registry["danang"]
    sent = submissions.submission_create(assignment=plan.assignments.get(unit=danang), kind="plan_issued",
                                         by=monitor, doc_number="5/KH-LĐLĐ", doc_date=D(2021, 9, 1))
    submissions.submission_accept(submission=sent, by=monitor)  # the program counts done when accepted
    merged = factory.unit("ldld-da-nang-2025", "Liên đoàn Lao động thành phố Đà Nẵng (mới)",
                          UnitKind.PROVINCIAL_FEDERATION, registry["centre"], valid_from=D(2025, 7, 1))
    moved = services.units_merge(predecessors=[quangnam, danang], successor=merged, on=D(2025, 7, 1))
    assert moved == 1  # Quảng Nam's open duty; Đà Nẵng had done its part
    quangnam.refresh_from_db()
    assert quangnam.valid_to == D(2025, 6, 30)
    assert services.successor_on(quangnam, D(2025, 8, 1)) == merged
    assert services.successor_on(quangnam, D(2024, 1, 1)) == quangnam

    def plan_row(day):
        return next(s for s in program_stats(program["document"], day) if s.task == plan)

    before, after = plan_row(D(2025, 6, 30)), plan_row(D(2025, 7, 1))
    assert (before.done, before.total) == (1, 4)  # Hà Nội, Đà Nẵng, Quảng Nam, Giáo dục
    assert (after.done, after.total) == (0, 3)  # Hà Nội, Giáo dục and the new Đà Nẵng
    new = Assignment.objects.get(task=plan, unit=merged)
    assert new.active_from == D(2025, 7, 1)
    assert Assignment.objects.get(task=plan, unit=quangnam).transferred_to == new


def test_unit_merge_refuses_a_successor_that_did_not_exist_yet(registry):
    later = factory.unit("x-later", "Đơn vị mới", UnitKind.PROVINCIAL_FEDERATION, registry["centre"],
                         valid_from=D(2026, 1, 1))
    with pytest.raises(ServiceError):
        services.units_merge(predecessors=[registry["quangnam"]], successor=later, on=D(2025, 7, 1))
    assert Unit.objects.get(pk=registry["quangnam"].pk).valid_to is None


def test_a_new_day_off_moves_open_deadlines_and_removing_it_moves_them_back(registry):
    doc = factory.document(number="9/KH-TLĐ", date=D(2023, 1, 5))
    task = services.task_create(document=doc, title="x", lead_units=[registry["tg"], registry["toc"]],
                                deadline_kind=cal.DATE, deadline_date=D(2023, 3, 15))
    Holiday.objects.create(date=D(2023, 3, 15), name="Nghỉ bù (ví dụ)")
    assert services.due_dates_refresh() == 2
    assert set(task.assignments.values_list("due_on", flat=True)) == {D(2023, 3, 16)}
    Holiday.objects.filter(date=D(2023, 3, 15)).delete()
    services.due_dates_refresh()
    assert set(task.assignments.values_list("due_on", flat=True)) == {D(2023, 3, 15)}


def test_editing_the_calendar_in_the_admin_moves_deadlines(registry, client):
    admin = factory.user("root", role="admin", unit=registry["centre"])
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    doc = factory.document(number="10/KH-TLĐ", date=D(2023, 1, 5))
    task = services.task_create(document=doc, title="x", lead_units=[registry["tg"]], deadline_kind=cal.DATE,
                                deadline_date=D(2023, 3, 15))
    response = client.post("/quan-tri/directives/holiday/add/", {"date": "15/03/2023", "name": "Nghỉ", "day_off": "on"})
    assert response.status_code == 302
    assert task.assignments.get().due_on == D(2023, 3, 16)
