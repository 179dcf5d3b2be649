import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.directives import rules
from dondoc.directives.models import Assignment
from dondoc.directives.queries import status_filters

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
