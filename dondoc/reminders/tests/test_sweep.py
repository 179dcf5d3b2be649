import datetime as dt

import pytest

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.reminders.delivery import deliveries_process
from dondoc.reminders.models import Delivery, DeliveryState, Digest, Reminder
from dondoc.reminders.sweep import day_partition, digest_body, sweep_run
from dondoc.submissions import services as submissions
from dondoc.tests import factory
from dondoc.tests.concurrency import at_once

DAY = dt.date(2021, 11, 26)  # a Friday


def _by_recipient(result):
    return {p.recipient: sorted(i.task for i in p.items) for p in result.planned}


def test_a_days_sweep_decides_one_digest_per_person_and_a_second_run_adds_nothing(
        tasks, officer, outsider, head, monitor, leader):
    first = sweep_run(day=DAY)
    assert first.reminders == 4  # three units due soon; Hà Nội 5 working days late (to its head)
    assert _by_recipient(first) == {
        f"u{officer.pk}": ["2.3 Gửi kế hoạch tiến độ"],
        f"u{head.pk}": ["2.3 Gửi kế hoạch tiến độ", "3.1 Báo cáo sơ kết"],
        f"u{outsider.pk}": ["2.3 Gửi kế hoạch tiến độ"],
        # Quảng Nam has no account: its reminder is listed for the monitor.
        f"u{monitor.pk}": ["2.3 Gửi kế hoạch tiến độ"],
    }
    assert [i.orphan for p in first.planned if p.user == monitor for i in p.items] == [True]
    second = sweep_run(day=DAY)
    assert second.reminders == 0 and second.digests == 0
    assert Digest.objects.count() == 4 and Delivery.objects.count() == 4
    assert not Digest.objects.filter(user=leader).exists()


def test_nothing_is_sent_to_a_person_with_nothing_due(tasks, officer, registry):
    directives.task_create(document=tasks["soon"].document, ref="9", title="Không thời hạn",
                           lead_units=[registry["hanoi"]])
    assert sweep_run(day=dt.date(2021, 11, 10)).digests == 0  # nothing due within three working days
    assert sweep_run(day=dt.date(2021, 11, 27)).digests == 0  # a Saturday: no reminders on days off


def test_digests_reach_the_smtp_server_once_with_vietnamese_text_and_html(tasks, officer, outsider, head,
                                                                         monitor, smtp, settings):
    sweep_run(day=DAY)
    assert deliveries_process(worker="w1") == 4
    assert deliveries_process(worker="w1") == 0
    sweep_run(day=DAY)
    assert deliveries_process(worker="w1") == 0
    received = smtp.sink.messages
    assert sorted(m["To"] for m in received) == sorted(
        [officer.email, outsider.email, head.email, monitor.email])
    mail = next(m for m in received if m["To"] == officer.email)
    assert mail["Subject"].strip() == "[dondoc] Nhắc việc ngày 26/11/2021: 1 sắp đến hạn"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    a = tasks["soon"].assignments.get(unit=officer.unit)
    link = f"{settings.SITE_URL}/nhiem-vu/{a.pk}/"
    assert "Gửi kế hoạch tiến độ" in text and "30/11/2021" in text and link in text
    assert f'href="{link}"' in html
    assert len({m["Message-ID"] for m in received}) == 4
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_digest_is_written_once_and_every_copy_and_the_page_show_the_same_text(
        client, tasks, officer, smtp):
    sweep_run(day=DAY)
    digest = Digest.objects.get(user=officer, day=DAY)
    assert digest.lines and not digest.text  # the sweep keeps the lines; the body is written when first sent
    deliveries_process(worker="w1")
    sent = next(m for m in smtp.sink.messages if m["To"] == officer.email)
    digest.refresh_from_db()
    assert sent.get_body(("plain",)).get_content().splitlines() == digest.text.splitlines()
    # Renamed afterwards: the digest already sent keeps the words it was sent with, on the page too.
    tasks["soon"].title = "Tên mới"
    tasks["soon"].save()
    assert digest_body(Digest.objects.get(pk=digest.pk))[0] == digest.text
    client.login(username=officer.username, password=factory.PASSWORD)
    page = client.get(f"/nhac-viec/{digest.pk}/").content.decode()
    assert "Gửi kế hoạch tiến độ" in page and "Tên mới" not in page


def test_done_assignments_are_not_reminded_and_a_returned_submission_brings_the_reminder_back(
        tasks, officer, monitor):
    a = tasks["soon"].assignments.get(unit=officer.unit)
    sub = submissions.submission_create(assignment=a, kind="completion_report", by=officer, text="Xong",
                                        now=dt.datetime(2021, 11, 25, 9, tzinfo=dt.UTC))
    assert not sweep_run(day=DAY).planned or all(
        i.assignment_id != a.pk for p in sweep_run(day=DAY).planned for i in p.items)
    submissions.submission_return(submission=sub, by=monitor, comment="Thiếu tiến độ")
    result = sweep_run(day=dt.date(2021, 11, 29))
    assert any(i.assignment_id == a.pk for p in result.planned if p.user == officer for i in p.items)


def test_escalation_goes_to_the_monitor_after_two_weeks(tasks, officer, monitor):
    # 3.1 was due 19/11/2021; ten working days late on 03/12/2021.
    result = sweep_run(day=dt.date(2021, 12, 3))
    stages = set(Reminder.objects.filter(assignment__task=tasks["late"]).values_list("stage", flat=True))
    assert stages == {2, 3}  # the head (every five working days) and now the monitor
    assert any(p.user == monitor for p in result.planned)


def test_a_person_already_told_today_gets_later_reminders_the_next_day(tasks, officer, registry):
    sweep_run(day=DAY)
    extra = directives.task_create(document=tasks["soon"].document, ref="4", title="Việc giao thêm",
                                   deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 30),
                                   lead_units=[registry["hanoi"]])
    # Its own rule fires once, on 26/11 only: the reminder must be carried to Monday, not lost.
    from dondoc.reminders.models import ReminderRule

    ReminderRule.objects.create(task=extra, kind="before", days=2)
    assert sweep_run(day=DAY).digests == 0
    assert Reminder.objects.get(assignment__task=extra).deferred
    monday = sweep_run(day=dt.date(2021, 11, 29))
    mine = next(p for p in monday.planned if p.user == officer)
    assert "4 Việc giao thêm" in [i.task for i in mine.items]
    assert extra.assignments.count() == 1


def _day_table_exists(day) -> bool:
    """PostgreSQL keeps each sweep day's reminders in a partition of its own; other databases in the table."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return Reminder.objects.filter(day=day).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [day_partition(day)])
        return cursor.fetchone()[0] is not None


def test_dry_run_writes_nothing(tasks, officer):
    result = sweep_run(day=DAY, dry_run=True)
    assert result.digests >= 1
    assert not Reminder.objects.exists() and not Digest.objects.exists()
    assert not _day_table_exists(DAY)
    sweep_run(day=DAY)
    assert _day_table_exists(DAY) and Reminder.objects.filter(day=DAY).count() == 4


def test_recurring_task_gets_its_next_period_ahead_of_time(registry):
    doc = factory.document("1/KH-TLĐ", dt.date(2021, 1, 5))
    task = directives.task_create(document=doc, title="Báo cáo 6 tháng", lead_units=[registry["hanoi"]],
                                  deadline_kind=cal.RECURRING, recurrence_months=6,
                                  horizon=dt.date(2021, 1, 5))
    before = set(task.assignments.values_list("period_label", flat=True))
    sweep_run(day=dt.date(2022, 5, 2))
    after = set(task.assignments.values_list("period_label", flat=True))
    assert "6 tháng đầu năm 2022" in after - before


def test_a_tasks_reporting_cycle_sets_cut_off_and_due_dates_of_coming_periods(registry):
    from dondoc.reminders.models import ReportingCycle

    doc = factory.document("2/KH-TLĐ", dt.date(2021, 1, 5))
    task = directives.task_create(document=doc, title="Báo cáo quý", lead_units=[registry["hanoi"]],
                                  deadline_kind=cal.RECURRING, recurrence_months=3, horizon=dt.date(2021, 1, 5))
    cycle = ReportingCycle(task=task, cutoff_day=10, due_day=5, due_next_month=True, ahead_days=60)
    cycle.full_clean()
    cycle.save()
    sweep_run(day=dt.date(2021, 5, 4))
    q2 = task.assignments.get(period_label="Quý II/2021")
    assert (q2.period_start, q2.period_end, q2.due_on) == (
        dt.date(2021, 3, 11), dt.date(2021, 6, 10), dt.date(2021, 7, 5))
    assert task.assignments.filter(period_label="Quý III/2021").exists()  # created 60 days ahead


def test_a_reporting_cycle_due_before_its_cut_off_is_refused(registry):
    from django.core.exceptions import ValidationError

    from dondoc.reminders.models import ReportingCycle

    doc = factory.document("3/KH-TLĐ", dt.date(2021, 1, 5))
    task = directives.task_create(document=doc, title="Báo cáo năm", lead_units=[registry["hanoi"]],
                                  deadline_kind=cal.RECURRING, recurrence_months=12, horizon=dt.date(2021, 1, 5))
    with pytest.raises(ValidationError) as exc:
        ReportingCycle(task=task, cutoff_day=20, due_day=15).full_clean()
    assert exc.value.message_dict["due_day"] == ["Hạn gửi báo cáo phải sau ngày chốt số liệu."]


def test_addresses_listed_on_a_rule_get_their_own_digest(tasks, officer, smtp):
    from dondoc.reminders.models import ReminderRule

    ReminderRule.objects.create(task=tasks["soon"], kind="before", days=2, stage=3,
                                extra_emails="vanphong@dondoc.local")
    result = sweep_run(day=DAY)
    listed = next(p for p in result.planned if p.address == "vanphong@dondoc.local" and p.user is None)
    assert {i.unit for i in listed.items} == {"LĐLĐ Hà Nội", "LĐLĐ Đà Nẵng", "Liên đoàn Lao động tỉnh Quảng Nam"}
    deliveries_process(worker="w")
    assert "vanphong@dondoc.local" in [m["To"] for m in smtp.sink.messages]


def test_a_digest_shows_the_most_urgent_lines_and_counts_the_rest(tasks, officer, head, monitor, monkeypatch):
    from dondoc.reminders import sweep

    monkeypatch.setattr(sweep, "MAX_LINES", 1)
    result = sweep_run(day=DAY)
    plan = next(p for p in result.planned if p.user == head)
    assert [i.task for i in plan.items] == ["3.1 Báo cáo sơ kết"]  # late before due soon
    digest = Digest.objects.get(user=head, day=DAY)
    assert digest.items == 2
    assert digest.subject.endswith("1 quá hạn, 1 sắp đến hạn")
    text, _html = digest_body(digest)
    assert "... và 1 nhiệm vụ khác" in text and "Gửi kế hoạch tiến độ" not in text


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_of_a_day_at_once_record_each_reminder_once(tasks, officer, head, monitor):
    results, errors = at_once(lambda: sweep_run(day=DAY), 3)
    assert not errors
    assert sorted(r.reminders for r in results) == [0, 0, 4]
    keys = list(Reminder.objects.values_list("day", "rule_id", "assignment_id"))
    assert len(keys) == len(set(keys)) == 4
    # Officer, head and monitor (for Quảng Nam, which has no account): one digest each, all from one run.
    assert Digest.objects.count() == 3 and Delivery.objects.count() == 3
    assert sum(r.digests for r in results) == 3
