"""Escalation reaches people: the last default stage names the leaders (the standing presidium's accounts) and
the head of the late unit; the rules page names every stage's recipients or says why there are none; the
monitor's own department is followed by the monitor, not listed as a unit without accounts."""

import datetime as dt

from django.test import Client

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.reminders.models import Reminder, ReminderRule, Stage
from dondoc.reminders.sweep import digest_body, sweep_run
from dondoc.tests import factory

# 3.1 was due 19/11/2021; fifteen working days late on 10/12/2021.
FIFTEEN_LATE = dt.date(2021, 12, 10)


def test_default_rules_end_with_the_leaders_stage(default_rules):
    last = ReminderRule.objects.filter(task__isnull=True, document__isnull=True).order_by("-days").first()
    assert last.stage == Stage.LEADERS and last.kind == "after" and last.days == 15


def test_escalation_reaches_the_leader_account_and_the_head_of_the_late_unit(tasks, officer, head, monitor, leader):
    result = sweep_run(day=FIFTEEN_LATE)
    stages = set(Reminder.objects.filter(assignment__task=tasks["late"], day=FIFTEEN_LATE)
                 .values_list("stage", flat=True))
    assert Stage.LEADERS in stages
    told = {p.user for p in result.planned}
    assert leader in told and head in told
    digest = next(p.digest for p in result.planned if p.user == leader)
    text, _html = digest_body(digest)
    assert "Báo cáo sơ kết" in text and "LĐLĐ Hà Nội" in text


def test_without_a_leader_account_the_rules_page_says_why_the_last_stage_reaches_nobody(default_rules, monitor,
                                                                                       registry):
    client = Client()
    client.force_login(monitor)
    page = client.get("/nhac-viec/quy-tac/").content.decode()
    assert "Chưa có tài khoản nào có vai trò Lãnh đạo" in page
    leader = factory.user("chutich", role="leader", unit=registry["centre"])
    leader.last_name, leader.first_name = "Nguyễn Đình", "Khang"
    leader.save()
    page = client.get("/nhac-viec/quy-tac/").content.decode()
    assert "Nguyễn Đình Khang" in page and "Chưa có tài khoản nào có vai trò Lãnh đạo" not in page
    assert client.get("/nhac-viec/quy-tac/").status_code == 200


def test_rules_page_is_for_the_monitor_and_leaders_only(default_rules, officer, leader):
    client = Client()
    client.force_login(officer)
    assert client.get("/nhac-viec/quy-tac/").status_code == 404
    client.force_login(leader)
    assert client.get("/nhac-viec/quy-tac/").status_code == 200


def test_the_monitors_own_department_is_not_labelled_a_unit_without_accounts(registry, default_rules, monitor):
    doc = factory.document("02/CTr-BCH")
    task = directives.task_create(document=doc, ref="III.2", title="Tổng hợp tình hình", deadline_kind=cal.DATE,
                                  deadline_date=dt.date(2021, 11, 19), lead_units=[registry["tg"]])
    result = sweep_run(day=dt.date(2021, 11, 22))
    plan = next(p for p in result.planned if p.user == monitor)
    assert task.assignments.get().pk in plan.lines and not plan.orphans
    text, _html = digest_body(plan.digest)
    assert "đơn vị chưa có tài khoản" not in text
