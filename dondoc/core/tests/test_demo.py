import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dondoc.core.demo import load_demo
from dondoc.directives.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_stats_reproduce_the_notice_32_and_30_of_83(demo, capsys):
    call_command("stats", "02/CTr-BCH", "--as-of", "09/11/2021", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["program"] == "02/CTr-BCH" and result["as_of"] == "2021-11-09"
    assert [(t["done"], t["total"]) for t in result["tasks"]] == [(32, 83), (30, 83)]
    assert set(result["tasks"][0]) == {"ref", "title", "done", "total", "overdue", "submitted", "periods"}


def test_stats_accept_iso_dates_and_number_variants(demo, capsys):
    call_command("stats", "02/Ctr-BCH", "--as-of", "2021-11-09")
    out = capsys.readouterr().out
    assert "32/83" in out and "30/83" in out


def test_stats_before_any_plan_was_issued(demo, capsys):
    call_command("stats", "02/CTr-BCH", "--as-of", "20/07/2021", "--json")
    assert [t["done"] for t in json.loads(capsys.readouterr().out)["tasks"]] == [0, 0]


@pytest.mark.parametrize(("args", "message"), [
    (["02/CTr-BCH", "--as-of", "31/02/2021"], "Ngày không hợp lệ"),
    (["99/XX-YY", "--as-of", "09/11/2021"], "Không tìm thấy văn bản"),
])
def test_stats_bad_input_gets_a_clear_message(demo, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("stats", *args)


def test_notice_tasks_are_assigned_to_the_right_departments(demo):
    def leads(ref):
        return sorted(Assignment.objects.filter(task__document__number="462/TB-TLĐ", task__ref=ref, period_index=0)
                      .values_list("unit__code", flat=True))

    assert leads("3.1") == ["vgcl-tg"]
    assert leads("3.2") == ["vgcl-toc"]
    assert leads("3.3") == ["vgcl-vien-cncd"]
    assert len(leads("2.3")) == 11
    due = set(Assignment.objects.filter(task__document__number="462/TB-TLĐ", task__ref="2.3").values_list(
        "due_on", flat=True))
    assert {d.isoformat() for d in due} == {"2021-11-30"}


def test_demo_officers_units(demo):
    danang = Assignment.objects.get(task__ref="III.1", unit__code="ldld-da-nang")
    hanoi = Assignment.objects.get(task__ref="III.1", unit__code="ldld-ha-noi")
    assert danang.done_on is None and hanoi.done_on is not None


def test_demo_command_refuses_to_overwrite_without_reset(demo):
    with pytest.raises(CommandError, match="--reset"):
        call_command("demo")
    call_command("demo", "--if-empty")  # keeps the data


@pytest.mark.django_db(transaction=True)  # `flush` truncates every table: not inside a test's transaction
def test_reset_keeps_the_reference_data_the_migrations_seeded(registry):
    """`demo --reset` empties every table and loads the demo again: the holiday calendar and the default
    reminder rules are there after it, so reminders go out and deadlines move off holidays."""
    import datetime as dt
    import io

    from dondoc.directives import services as directives
    from dondoc.directives.models import Holiday
    from dondoc.reminders.models import ReminderRule

    call_command("demo", "--reset", stdout=io.StringIO())
    assert ReminderRule.objects.filter(task__isnull=True, document__isnull=True).count() == 6  # the five stages of old and the leaders' one
    assert Holiday.objects.filter(date=dt.date(2021, 9, 2)).exists()
    out = io.StringIO()
    call_command("remind", "--dry-run", "--on", "26/11/2021", stdout=out)
    assert "Sẽ gửi 0 thư" not in out.getvalue() and "Gửi kế hoạch tiến độ" in out.getvalue()
    assert directives.work_calendar().on_or_after(dt.date(2021, 9, 2)) == dt.date(2021, 9, 6)
