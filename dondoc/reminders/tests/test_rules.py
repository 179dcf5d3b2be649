import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dondoc.lib.calendar import WorkCalendar
from dondoc.reminders import schedule
from dondoc.reminders.forms import ReminderRuleForm
from dondoc.reminders.models import ReminderRule

CAL = WorkCalendar(days_off=frozenset({dt.date(2021, 9, 2), dt.date(2021, 9, 3)}))


def test_before_rule_fires_n_working_days_before_and_repeats_up_to_the_deadline():
    due = dt.date(2021, 11, 30)  # a Tuesday
    days = [d for d in (dt.date(2021, 11, 20) + dt.timedelta(n) for n in range(12))
            if schedule.fires(kind="before", days=3, repeat_every=1, stop_after=None, due=due, day=d, calendar=CAL)]
    assert days == [dt.date(2021, 11, 25), dt.date(2021, 11, 26), dt.date(2021, 11, 29)]


def test_working_days_skip_weekends_and_holidays():
    # Due Monday 06/09/2021 after the National Day holiday (2-3/9): one working day before is Wednesday 1/9.
    assert schedule.due_dates(kind="before", days=1, repeat_every=None, stop_after=None, day=dt.date(2021, 9, 1),
                              calendar=CAL) == [dt.date(2021, 9, 6)]
    assert schedule.due_dates(kind="on", days=0, repeat_every=None, stop_after=None, day=dt.date(2021, 9, 2),
                              calendar=CAL) == []  # no reminders on a day off


def test_after_rule_repeats_until_its_end():
    due = dt.date(2021, 11, 1)
    late = [CAL.working_days_between(due, d) for d in (due + dt.timedelta(n) for n in range(1, 60))
            if schedule.fires(kind="after", days=1, repeat_every=5, stop_after=20, due=due, day=d, calendar=CAL)]
    assert late == [1, 6, 11, 16]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"kind": "before", "days": -2}, "days", "Số ngày không được âm."),
    ({"kind": "after", "days": 1, "repeat_every": 5}, "stop_after",
     "Nhắc lại khi quá hạn phải có ngày kết thúc (không được nhắc mãi)."),
    ({"kind": "after", "days": 1, "repeat_every": 0, "stop_after": 10}, "repeat_every",
     "Chu kỳ nhắc lại phải từ 1 ngày làm việc trở lên."),
    ({"kind": "before", "days": 3, "extra_emails": "theodoi@dondoc.local, không-phải-địa-chỉ"}, "extra_emails",
     "«không-phải-địa-chỉ» không phải là địa chỉ thư điện tử hợp lệ."),
    ({"kind": "on", "days": 2}, "days", "Nhắc đúng ngày đến hạn thì số ngày phải là 0."),
])
def test_bad_rule_settings_are_refused_with_a_vietnamese_message(db, fields, field, message):
    rule = ReminderRule(**fields)
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    assert message in exc.value.message_dict[field]


def test_the_admin_form_refuses_a_rule_that_never_ends(db):
    form = ReminderRuleForm(data={"kind": "after", "days": "2", "repeat_every": "3", "stage": "1", "active": "on"})
    assert not form.is_valid()
    assert form.errors["stop_after"] == ["Nhắc lại khi quá hạn phải có ngày kết thúc (không được nhắc mãi)."]
    form = ReminderRuleForm(data={"kind": "after", "days": "2", "repeat_every": "3", "stop_after": "15",
                                  "stage": "2", "active": "on", "extra_emails": "a@dondoc.local; b@dondoc.local"})
    assert form.is_valid(), form.errors
