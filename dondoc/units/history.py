"""Names and parents as they were on a date: pages, exports and documents "as of" a day show those.

The Unit row holds the current name and parent; UnitVersion keeps the ones a registry change replaced.
Only units that changed have versions, so the lookup is one small query however large the registry.
"""

import datetime as dt
from collections.abc import Iterable

from .models import Unit, UnitVersion


def versions_on(day: dt.date, unit_ids: Iterable[int] | None = None) -> dict[int, UnitVersion]:
    """The superseded versions in force on `day`, by unit id (units absent: their current row applies)."""
    qs = UnitVersion.objects.filter(valid_until__gt=day).exclude(valid_from__gt=day)
    if unit_ids is not None:
        ids = list(set(unit_ids))
        if len(ids) <= 900:
            qs = qs.filter(unit_id__in=ids)
    return {v.unit_id: v for v in qs.order_by("unit_id", "-valid_until")}


def name_on(unit: Unit, day: dt.date) -> str:
    version = versions_on(day, [unit.pk]).get(unit.pk)
    return version.name if version else unit.name


def as_of(units: Iterable[Unit | None], day: dt.date) -> None:
    """Give the in-memory `units` (display copies: never saved) the name, short name and parent they had on
    `day`. Parents loaded with select_related are renamed too."""
    units = [u for u in units if u is not None]
    parents = [u.parent for u in units if u.parent_id and "parent" in u._state.fields_cache]
    everyone = units + [p for p in parents if p is not None]
    versions = versions_on(day, [u.pk for u in everyone])
    if not versions:
        return
    for unit in everyone:
        version = versions.get(unit.pk)
        if version is None:
            continue
        unit.name, unit.short_name, unit.kind, unit.province = (version.name, version.short_name, version.kind,
                                                                version.province)
        if version.parent_id != unit.parent_id:
            unit.parent_id = version.parent_id
            unit._state.fields_cache.pop("parent", None)
        unit.historical = True


def rows_as_of(rows: Iterable, day: dt.date, attribute: str = "unit") -> list:
    """`as_of` for the units of objects (assignments, ...) that carry one as `attribute`; returns the rows."""
    rows = list(rows)
    as_of([getattr(r, attribute) for r in rows], day)
    return rows


def names_by_id(day: dt.date) -> dict[int, str]:
    """unit id → name on `day`, for the units whose name then differs from now (exports read ids and names)."""
    return {unit_id: v.name for unit_id, v in versions_on(day).items()}
