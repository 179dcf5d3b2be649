"""Progress plans per appendix task: people in charge are accounts of the unit, milestones are dated, have the
statuses of the one status rule, appear on the monitor's dashboards and in the calendar feed, and are reminded
like deadlines (once per milestone, rule and day), up to the leaders."""

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from dondoc.directives import services as directives
from dondoc.directives.models import Fulfilment
from dondoc.lib import calendar as cal
from dondoc.notifications.models import Notification
from dondoc.reminders import services as reminders
from dondoc.reminders.feed import calendar_bytes
from dondoc.reminders.models import MilestoneReminder, Stage
from dondoc.reminders.queries import feed_assignments, feed_milestones
from dondoc.reminders.sweep import sweep_run
from dondoc.submissions.models import Milestone, PlanTask, Submission
from dondoc.submissions.services import milestone_done
from dondoc.tests import factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry):
    lead = factory.user("tg_lead", role="officer", unit=registry["tg"])
    lead.last_name, lead.first_name, lead.is_unit_head = "Trần Văn", "Hùng", True
    lead.save()
    staff = factory.user("tg_staff", role="officer", unit=registry["tg"])
    staff.last_name, staff.first_name = "Lê Thị", "Mai"
    staff.save()
    return {"lead": lead, "staff": staff}


@pytest.fixture
def appendix(program, registry):
    """Task 2 asks the department for its progress plan; III.1 is an appendix task it carries."""
    task = directives.task_create(document=program["document"], ref="III.1", title="Sơ kết 5 năm thực hiện Nghị quyết",
                                  lead_units=[registry["tg"]], deadline_kind=cal.DATE,
                                  deadline_date=dt.date(2022, 6, 30))
    return {"asks": program["dated"], "task": task}


def _post_plan(client, assignment, appendix, people, milestones_31="15/11/2021 Xây dựng dự thảo đề cương\n"
               "31/12/2021 Trình Thường trực Đoàn Chủ tịch", staff=None):
    asks, task = appendix["asks"], appendix["task"]
    return client.post(f"/nhiem-vu/{assignment.pk}/ke-hoach-tien-do/", {
        f"t{asks.pk}-include": "1", f"t{asks.pk}-leader": people["lead"].pk, f"t{asks.pk}-staff": [people["staff"].pk],
        f"t{asks.pk}-milestones": "25/11/2021 Gửi kế hoạch tiến độ",
        f"t{task.pk}-include": "1", f"t{task.pk}-leader": people["lead"].pk,
        f"t{task.pk}-staff": staff or [people["staff"].pk], f"t{task.pk}-milestones": milestones_31})


def test_a_plan_names_people_per_task_with_dated_milestones_and_fulfils_the_request(appendix, people, registry):
    client = Client()
    client.force_login(people["staff"])
    assignment = appendix["asks"].assignments.get(unit=registry["tg"])
    response = _post_plan(client, assignment, appendix, people)
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get(assignment=assignment)
    assert submission.kind == Fulfilment.PROGRESS_PLAN and "Trần Văn Hùng" in submission.leader
    plans = {pt.task.ref: pt for pt in PlanTask.objects.filter(submission=submission)}
    assert set(plans) == {"2", "III.1"}
    assert plans["III.1"].leader == people["lead"] and list(plans["III.1"].staff.all()) == [people["staff"]]
    assert [(m.due_on, m.title) for m in plans["III.1"].milestones.all()] == [
        (dt.date(2021, 11, 15), "Xây dựng dự thảo đề cương"), (dt.date(2021, 12, 31), "Trình Thường trực Đoàn Chủ tịch")]
    assignment.refresh_from_db()
    assert assignment.submitted_on is not None  # the plan counts where it was asked for
    page = client.get(f"/nhiem-vu/{assignment.pk}/").content.decode()
    assert "Xây dựng dự thảo đề cương" in page and "Trần Văn Hùng" in page


def test_milestones_are_late_on_the_dashboards_and_in_the_calendar(appendix, people, registry, monitor):
    client = Client()
    client.force_login(people["staff"])
    assignment = appendix["asks"].assignments.get(unit=registry["tg"])
    _post_plan(client, assignment, appendix, people)
    late = Milestone.objects.get(title="Xây dựng dự thảo đề cương")
    assert late.status_on(dt.date(2021, 11, 16)) == "overdue"
    assert late.status_on(dt.date(2021, 11, 10)) == "due_soon"
    client.force_login(monitor)
    task = appendix["task"]
    page = client.get(f"/theo-doi/nhiem-vu/{task.pk}/?ngay=16/11/2021").content.decode()
    assert "Trần Văn Hùng" in page and "Xây dựng dự thảo đề cương" in page and "Quá hạn chưa hoàn thành" in page
    page = client.get(f"/theo-doi/chuong-trinh/{task.document_id}/?ngay=16/11/2021").content.decode()
    assert "ke-hoach-tien-do" in page and "Trần Văn Hùng" in page
    # The officer's calendar feed carries the milestones (as it would have on 16/11/2021), and the feed answers.
    client.force_login(people["staff"])
    url = client.get("/nhac-viec/lich/").context["feed_url"].split("testserver")[-1]
    assert Client().get(url).status_code == 200
    staff = people["staff"]
    body = calendar_bytes(staff, feed_assignments(staff, dt.date(2021, 11, 16)),
                          milestones=feed_milestones(staff, dt.date(2021, 11, 16)), now=dt.datetime.now(dt.UTC))
    events = Calendar.from_ical(body).walk("VEVENT")
    assert any("Mốc tiến độ: Trình Thường trực Đoàn Chủ tịch" in str(e["SUMMARY"]) for e in events)
    assert any("Xây dựng dự thảo" in str(e["SUMMARY"]) for e in events)  # a late one stays listed


def test_milestones_are_reminded_once_per_rule_and_day_up_to_the_leaders(appendix, people, registry, leader):
    reminders.rules_defaults_ensure()
    client = Client()
    client.force_login(people["staff"])
    _post_plan(client, appendix["asks"].assignments.get(unit=registry["tg"]), appendix, people)
    late = Milestone.objects.get(title="Xây dựng dự thảo đề cương")
    day = dt.date(2021, 11, 16)  # one working day late
    first = sweep_run(day=day)
    assert first.milestone_reminders >= 1
    recorded = MilestoneReminder.objects.filter(milestone=late, day=day)
    assert recorded.count() == 1 and recorded.get().stage == Stage.OFFICERS
    told = Notification.objects.filter(kind="milestone", key__startswith=f"milestone:{late.pk}:")
    assert {n.user for n in told} == {people["lead"], people["staff"]}
    assert "Xây dựng dự thảo đề cương" in told.first().title and "quá hạn" in told.first().title
    again = sweep_run(day=day)
    assert again.milestone_reminders == 0 and told.count() == 2
    # Fifteen working days late (16/11 + 14 working days): the leaders hear of it too.
    sweep_run(day=dt.date(2021, 12, 6))
    stages = set(MilestoneReminder.objects.filter(milestone=late).values_list("stage", flat=True))
    assert Stage.LEADERS in stages
    assert Notification.objects.filter(kind="milestone", user=leader, key__startswith=f"milestone:{late.pk}:").exists()
    # Reached (recorded on its own date): no more reminders from then on.
    milestone_done(milestone=late, by=people["staff"], on=dt.date(2021, 12, 7))
    sweep_run(day=dt.date(2021, 12, 13))
    assert not MilestoneReminder.objects.filter(milestone=late, day=dt.date(2021, 12, 13)).exists()
    late.refresh_from_db()
    assert late.status_on(dt.date(2021, 12, 13)) == "done_late"
    # The page's button records today's date.
    other = Milestone.objects.get(title="Trình Thường trực Đoàn Chủ tịch")
    assert client.post(f"/nhiem-vu/moc/{other.pk}/hoan-thanh/").status_code == 302
    other.refresh_from_db()
    assert other.done_on is not None and other.done_by == people["staff"]


def test_people_of_another_unit_or_a_bad_date_are_refused_and_nothing_is_written(appendix, people, registry,
                                                                                  outsider):
    client = Client()
    client.force_login(people["staff"])
    assignment = appendix["asks"].assignments.get(unit=registry["tg"])
    response = _post_plan(client, assignment, appendix, people, staff=[outsider.pk])
    assert response.status_code == 400 and "phải là tài khoản của đơn vị" in response.content.decode()
    response = _post_plan(client, assignment, appendix, people, milestones_31="31/02/2021 Ngày không có")
    assert response.status_code == 400 and "Ngày không hợp lệ" in response.content.decode()
    response = _post_plan(client, assignment, appendix, people, milestones_31="Không có ngày")
    assert response.status_code == 400
    assert not Submission.objects.exists() and not Milestone.objects.exists()
    # Another unit's officer cannot open the page at all.
    client.force_login(outsider)
    assert client.get(f"/nhiem-vu/{assignment.pk}/ke-hoach-tien-do/").status_code == 404


def test_a_progress_plan_sent_before_plans_per_task_stays_readable(appendix, people, registry):
    from dondoc.submissions.services import submission_create

    assignment = appendix["asks"].assignments.get(unit=registry["tg"])
    submission_create(assignment=assignment, kind="progress_plan", by=people["staff"], text="Kế hoạch cũ",
                      leader="Đ/c Phó Trưởng ban", staff="Chuyên viên A", milestones="Tháng 12: dự thảo")
    client = Client()
    client.force_login(people["staff"])
    page = client.get(f"/nhiem-vu/{assignment.pk}/").content.decode()
    assert "Đ/c Phó Trưởng ban" in page and "Tháng 12: dự thảo" in page
