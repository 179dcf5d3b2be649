"""The scale data generator keeps done/started dates exactly as the submission services would."""

from dondoc.directives.models import Assignment
from dondoc.monitoring import scale
from dondoc.submissions.services import assignment_refresh
from dondoc.units.models import Unit, UnitKind


def test_scale_build_is_consistent_with_submission_rules(db):
    document = scale.build(grassroots=400, log=lambda _: None)
    assert Unit.objects.filter(kind=UnitKind.GRASSROOTS).count() == 400
    assert not Unit.objects.filter(kind=UnitKind.GRASSROOTS, province="").exists()
    assignments = Assignment.objects.filter(task__document=document).select_related("task")
    assert assignments.count() == 400 * len(scale.TASKS)
    checked = 0
    for a in assignments.filter(pk__in=list(assignments.values_list("pk", flat=True)[::37])):
        stored = (a.done_on, a.started_on)
        assignment_refresh(a)
        assert (a.done_on, a.started_on) == stored
        checked += 1
    assert checked > 80
    assert assignments.filter(done_on__isnull=False).exists() and assignments.filter(done_on__isnull=True).exists()


def test_scale_build_fills_the_count_table(db):
    import datetime as dt

    from dondoc.directives import counts

    scale.build(grassroots=300, log=lambda _: None)
    assert counts.mismatches([scale.AS_OF, dt.date(2024, 3, 1), dt.date(2024, 12, 31)]) == []
