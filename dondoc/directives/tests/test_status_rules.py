import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.directives import queries, rules
from dondoc.directives.models import Assignment, Document
from dondoc.directives.queries import status_case, status_filters

D = dt.date


@pytest.mark.parametrize(("due", "done", "started", "on", "expected"), [
    (D(2021, 11, 30), None, None, D(2021, 11, 1), rules.NOT_YET_DUE),
    (D(2021, 11, 30), None, None, D(2021, 11, 25), rules.DUE_SOON),
    (D(2021, 11, 30), None, None, D(2021, 11, 30), rules.DUE_SOON),
    (D(2021, 11, 30), None, D(2021, 10, 1), D(2021, 11, 1), rules.IN_PROGRESS),
    (D(2021, 11, 30), None, D(2021, 11, 5), D(2021, 11, 1), rules.NOT_YET_DUE),
    (D(2021, 11, 30), None, None, D(2021, 12, 1), rules.OVERDUE),
    (D(2021, 11, 30), D(2021, 11, 29), None, D(2021, 12, 1), rules.DONE_ON_TIME),
    (D(2021, 11, 30), D(2021, 11, 30), None, D(2021, 12, 1), rules.DONE_ON_TIME),
    (D(2021, 11, 30), D(2021, 12, 3), None, D(2021, 12, 5), rules.DONE_LATE),
    # Done later than the date asked about: not done as of then.
    (D(2021, 11, 30), D(2021, 12, 3), None, D(2021, 12, 1), rules.OVERDUE),
    (None, None, None, D(2021, 12, 1), rules.NO_DEADLINE),
    (None, D(2021, 10, 1), None, D(2021, 12, 1), rules.DONE_ON_TIME),
])
def test_every_status(due, done, started, on, expected):
    assert rules.status_on(due_on=due, done_on=done, started_on=started, on=on, soon_days=7) == expected


dates = st.one_of(st.none(), st.dates(min_value=D(2021, 1, 1), max_value=D(2021, 3, 31)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(dates, dates, dates), min_size=1, max_size=12),
       on=st.dates(min_value=D(2021, 1, 1), max_value=D(2021, 3, 31)))
def test_database_counts_agree_with_the_rule(rows, on, registry, program):
    """The set-based filters used by dashboards give the same status as the Python rule."""
    task, units = program["dated"], list(registry.values())
    Assignment.objects.filter(task=task).delete()
    made = [Assignment.objects.create(task=task, unit=units[i % len(units)], period_index=i, due_on=due,
                                      done_on=done, started_on=started, active_from=D(2020, 1, 1))
            for i, (due, done, started) in enumerate(rows)]
    filters = status_filters(on, soon_days=7)
    for a in made:
        expected = rules.status_on(due_on=a.due_on, done_on=a.done_on, started_on=a.started_on, on=on, soon_days=7)
        matching = [s for s, q in filters.items() if Assignment.objects.filter(q, pk=a.pk).exists()]
        assert matching == [expected]


@pytest.mark.parametrize(("done", "submitted", "on", "expected"), [
    (None, D(2021, 11, 5), D(2021, 11, 9), rules.SUBMITTED),  # sent, not yet accepted
    (None, D(2021, 11, 5), D(2021, 11, 4), rules.NO_DEADLINE),  # not yet sent on that day
    (D(2021, 11, 5), D(2021, 11, 5), D(2021, 11, 9), rules.DONE_ON_TIME),  # accepted: done on the unit's date
])
def test_submitted_is_its_own_status_until_accepted(done, submitted, on, expected):
    assert rules.status_on(due_on=None, done_on=done, submitted_on=submitted, started_on=submitted, on=on,
                           soon_days=7) == expected


def test_a_report_sent_late_waits_for_review_instead_of_showing_overdue():
    assert rules.status_on(due_on=D(2021, 12, 20), done_on=None, submitted_on=D(2021, 12, 28), started_on=None,
                           on=D(2022, 1, 3), soon_days=7) == rules.SUBMITTED
    assert rules.status_on(due_on=D(2021, 12, 20), done_on=None, submitted_on=D(2021, 12, 28), started_on=None,
                           on=D(2021, 12, 22), soon_days=7) == rules.OVERDUE


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(dates, dates, dates, dates), min_size=1, max_size=12),
       on=st.dates(min_value=D(2021, 1, 1), max_value=D(2021, 3, 31)))
def test_database_counts_agree_with_the_rule_with_the_review_state(rows, on, registry, program):
    """The same, with a date sent for review beside the done date."""
    task, units = program["dated"], list(registry.values())
    Assignment.objects.filter(task=task).delete()
    made = [Assignment.objects.create(task=task, unit=units[i % len(units)], period_index=i, due_on=due,
                                      done_on=done, submitted_on=sent, started_on=started, active_from=D(2020, 1, 1))
            for i, (due, done, sent, started) in enumerate(rows)]
    filters = status_filters(on, soon_days=7)
    case = dict(Assignment.objects.filter(task=task).annotate(s=status_case(on, soon_days=7)).values_list("pk", "s"))
    for a in made:
        expected = rules.status_on(due_on=a.due_on, done_on=a.done_on, submitted_on=a.submitted_on,
                                   started_on=a.started_on, on=on, soon_days=7)
        matching = [s for s, q in filters.items() if Assignment.objects.filter(q, pk=a.pk).exists()]
        assert matching == [expected]
        assert case[a.pk] == expected


def focus_of(periods: list[tuple], on: dt.date) -> int:
    """The reference rule for the period of a recurring task that counts as of `on`, in plain Python:
    the oldest period due by then and neither done nor sent; else the latest whose cut-off has passed;
    else the earliest. `periods`: (index, end, due, done, sent)."""
    def settled(p):
        return any(d is not None and d <= on for d in (p[3], p[4]))

    open_due = [p for p in periods if p[2] is not None and p[2] <= on and not settled(p)]
    if open_due:
        return min(open_due)[0]
    closed = [p for p in periods if p[1] < on]
    if closed:
        return max(closed, key=lambda p: p[1])[0]
    return min(periods, key=lambda p: p[1])[0]


report_dates = st.one_of(st.none(), st.dates(min_value=D(2021, 6, 1), max_value=D(2023, 3, 31)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(st.lists(st.tuples(report_dates, report_dates, st.integers(-10, 60)), min_size=1, max_size=4),
                      min_size=1, max_size=3),
       on=st.dates(min_value=D(2021, 6, 1), max_value=D(2023, 3, 31)))
def test_the_period_that_counts_agrees_with_the_rule(units, on, registry):
    """For a six-monthly report: the database's period filter picks, for each unit, the period the rule picks."""
    from dondoc.directives import periods as periods_mod
    from dondoc.directives import services
    from dondoc.tests import factory

    Document.objects.filter(number="R/KH").delete()  # the previous example's
    doc = factory.document(number="R/KH", date=D(2021, 6, 1))
    task = services.task_create(document=doc, title="Báo cáo 6 tháng", lead_units=[registry["tg"]],
                                deadline_kind="recurring", recurrence_months=6, horizon=D(2021, 6, 1))
    Assignment.objects.filter(task=task).delete()
    slots = periods_mod.periods(6, D(2021, 6, 1), D(2023, 6, 1))
    expected = {}
    for number, reports in enumerate(units):
        unit = list(registry.values())[number]
        rows = []
        for slot, (done, sent, shift) in zip(slots, reports, strict=False):
            due = slot.due + dt.timedelta(days=shift)  # some units were granted an extension
            Assignment.objects.create(task=task, unit=unit, period_index=slot.index, period_label=slot.label,
                                          period_start=slot.start, period_end=slot.end, due_on=due, done_on=done,
                                          submitted_on=sent, active_from=D(2021, 6, 1))
            rows.append((slot.index, slot.end, due, done, sent))
        expected[unit.pk] = focus_of(rows, on)
    counted = dict(queries.task_assignments(task, on).values_list("unit_id", "period_index"))
    assert counted == expected
