"""Keep the count table (directives.counts) in step with writes that do not go through the services:
a single Assignment.save() (code and tests that save a row) and a unit whose kind, province or parent changes
(a registry change, an import of the registry, a unit saved)."""

from collections.abc import Iterable

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


# The unit's fields the count table groups by, with the name directives.counts.regroup gives each.
GROUPS = {"kind": "kind", "province": "province", "parent_id": "parent"}


def _value(unit_field: str, value):
    return (value or "") if unit_field == "province" else value


def _regroup(units, fields: Iterable[str] = GROUPS) -> None:
    """Move the assignments of the `units` (carrying their new values, not yet written) whose kind, province or
    parent (of `fields`: those being written) changes. Units that change the same way (a bulk move: the
    children of one unit to another) move together, in a few statements whatever their number."""
    units = [u for u in units if u.pk is not None]
    fields = [f for f in GROUPS if f in fields]
    old = {}
    for start in range(0, len(units), 500):
        old.update({pk: values for pk, *values in Unit.objects.filter(
            pk__in=[u.pk for u in units[start:start + 500]]).values_list("pk", *fields)})
    moves: dict[tuple, list[int]] = {}
    for unit in units:
        if unit.pk not in old:
            continue
        changes = tuple((GROUPS[f], _value(f, getattr(unit, f))) for f, before in zip(fields, old[unit.pk], strict=True)
                        if _value(f, before) != _value(f, getattr(unit, f)))
        if changes:
            moves.setdefault(changes, []).append(unit.pk)
    for changes, unit_ids in moves.items():
        counts.regroup(unit_ids, **dict(changes))


def _unit_pre_save(sender, instance: Unit, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is None:
        _regroup([instance])
        return
    # save(update_fields=...) writes only those: the others' values in memory are not the unit's.
    written = {"parent_id" if name == "parent" else name for name in update_fields}
    if written & set(GROUPS):
        _regroup([instance], written)


def _units_regrouping(sender, units, **kwargs) -> None:
    _regroup(list(units))


def connect() -> None:
    pre_save.connect(_assignment_pre_save, sender=Assignment, dispatch_uid="counts_assignment_pre_save")
    post_save.connect(_assignment_post_save, sender=Assignment, dispatch_uid="counts_assignment_post_save")
    pre_save.connect(_unit_pre_save, sender=Unit, dispatch_uid="counts_unit_pre_save")
    units_regrouping.connect(_units_regrouping, dispatch_uid="counts_units_regrouping")
