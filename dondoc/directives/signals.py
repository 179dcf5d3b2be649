"""Keep the count table (directives.counts) in step with writes that do not go through the services:
a single Assignment.save() (code and tests that save a row) and a unit whose kind or province changes."""

from django.db.models.signals import post_save, pre_save

from dondoc.units.models import Unit
from dondoc.units.signals import units_regrouping

from . import counts
from .models import Assignment


def _assignment_pre_save(sender, instance: Assignment, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    counts.adjust(Assignment.objects.filter(pk=instance.pk), -1)


def _assignment_post_save(sender, instance: Assignment, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    counts.adjust(Assignment.objects.filter(pk=instance.pk), 1)


def _regroup(units) -> None:
    units = [u for u in units if u.pk is not None]
    old = {}
    for start in range(0, len(units), 500):
        old.update({pk: (kind, province or "") for pk, kind, province in Unit.objects.filter(
            pk__in=[u.pk for u in units[start:start + 500]]).values_list("pk", "kind", "province")})
    for unit in units:
        if unit.pk in old and old[unit.pk] != (unit.kind, unit.province or ""):
            counts.regroup(unit.pk, unit.kind, unit.province or "")


def _unit_pre_save(sender, instance: Unit, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"kind", "province"} & set(update_fields):
        return
    _regroup([instance])


def _units_regrouping(sender, units, **kwargs) -> None:
    _regroup(list(units))


def connect() -> None:
    pre_save.connect(_assignment_pre_save, sender=Assignment, dispatch_uid="counts_assignment_pre_save")
    post_save.connect(_assignment_post_save, sender=Assignment, dispatch_uid="counts_assignment_post_save")
    pre_save.connect(_unit_pre_save, sender=Unit, dispatch_uid="counts_unit_pre_save")
    units_regrouping.connect(_units_regrouping, dispatch_uid="counts_units_regrouping")
