import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dondoc.lib import calendar as cal

TET_2022 = {dt.date(2022, 1, 31) + dt.timedelta(days=i) for i in range(5)}


def test_deadline_on_a_saturday_moves_to_monday():
    work = cal.WorkCalendar()
    assert work.on_or_after(dt.date(2021, 12, 11)) == dt.date(2021, 12, 13)


def test_deadline_in_tet_moves_past_the_holiday_and_the_weekend():
    work = cal.WorkCalendar(days_off=TET_2022)
    # 31/01/2022 (Mon) .. 04/02/2022 (Fri) are Tết; 05-06/02 a weekend.
    assert work.on_or_after(dt.date(2022, 2, 1)) == dt.date(2022, 2, 7)


def test_weekend_day_declared_working_is_a_working_day():
    saturday = dt.date(2021, 4, 24)
    assert cal.WorkCalendar(working_weekend_days={saturday}).on_or_after(saturday) == saturday


@pytest.mark.parametrize(("kind", "day", "end"), [
    (cal.MONTH, dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
    (cal.MONTH, dt.date(2024, 2, 10), dt.date(2024, 2, 29)),
    (cal.QUARTER, dt.date(2022, 2, 1), dt.date(2022, 3, 31)),
    (cal.QUARTER, dt.date(2022, 11, 1), dt.date(2022, 12, 31)),
    (cal.HALF, dt.date(2022, 1, 1), dt.date(2022, 6, 30)),
    (cal.HALF, dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
    (cal.YEAR, dt.date(2022, 5, 5), dt.date(2022, 12, 31)),
    (cal.DATE, dt.date(2021, 11, 30), dt.date(2021, 11, 30)),
])
def test_period_deadlines_end_with_their_period(kind, day, end):
    assert cal.period_end(kind, day) == end


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 40))
def test_adding_working_days_lands_on_a_working_day(day, count):
    work = cal.WorkCalendar(days_off=TET_2022)
    result = work.add_working_days(day, count)
    assert result >= day
    if count:
        assert work.is_working_day(result)
        assert work.working_days_between(day, result) == count


@pytest.mark.parametrize("text", ["09/11/2021", "2021-11-09", "9/11/2021", " 09-11-2021 "])
def test_user_dates_in_vietnamese_and_iso_forms(text):
    assert cal.parse_user_date(text) == dt.date(2021, 11, 9)


@pytest.mark.parametrize("text", ["31/02/2021", "2021-13-01", "hôm qua", "", "9/11"])
def test_impossible_dates_are_refused_with_a_vietnamese_message(text):
    with pytest.raises(ValueError, match="Ngày không hợp lệ"):
        cal.parse_user_date(text)
