"""Registry changes: a change set (new units, renames, merges, splits, moves, dissolutions) effective on a date.

One service for the command (`dondoc units-change`), the administrator's page and the API: `read_change`
reads and checks a file (every error with its row number, in Vietnamese), `change_plan` says what would move
(units, and through the consequences below the open assignments and the accounts), `change_apply` applies it
all or nothing and records a RegistryChange.

File columns: action, code, name, short_name, kind, parent, successors, province, note. Actions:
- new (thanh-lap): a unit from the effective date (code, name, kind, parent);
- rename (doi-ten): a new name (and short name, kind or province) from the effective date;
- move (chuyen): a new parent from the effective date;
- merge (hop-nhat, sap-nhap): the unit ends the day before; its duties pass to one successor;
- split (chia-tach): the unit ends; its duties pass to each of two or more successors;
- dissolve (giai-the): the unit ends with no successor: from then it is neither counted, listed nor urged.

Names and parents are kept per period (UnitVersion): pages and documents "as of" an earlier date show the
old ones. What happens to assignments and accounts belongs to the apps above the registry: they register a
Consequence here (directives passes assignments on, accounts moves officers), so the registry imports none of
them.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from dondoc.lib.text import fold, nfc

from .importing import CODE_RE, ImportError_, read_rows
from .models import RegistryChange, Succession, SuccessionKind, Unit, UnitKind, UnitVersion

NEW, RENAME, MOVE, MERGE, SPLIT, DISSOLVE = "new", "rename", "move", "merge", "split", "dissolve"
ACTIONS = {
    NEW: NEW, "thanh-lap": NEW, "thanh lap": NEW, "thành lập": NEW,
    RENAME: RENAME, "doi-ten": RENAME, "doi ten": RENAME, "đổi tên": RENAME,
    MOVE: MOVE, "chuyen": MOVE, "chuyển": MOVE,
    MERGE: MERGE, "hop-nhat": MERGE, "sap-nhap": MERGE, "hợp nhất": MERGE, "sáp nhập": MERGE,
    SPLIT: SPLIT, "chia-tach": SPLIT, "chia tách": SPLIT,
    DISSOLVE: DISSOLVE, "giai-the": DISSOLVE, "giải thể": DISSOLVE,
}
ENDING = (MERGE, SPLIT, DISSOLVE)
ACTION_LABELS = {NEW: "Thành lập", RENAME: "Đổi tên", MOVE: "Chuyển đơn vị cấp trên", MERGE: "Hợp nhất, sáp nhập",
                 SPLIT: "Chia tách", DISSOLVE: "Giải thể"}
MAX_ERRORS = 50


class ChangeError(ImportError_):
    """The change set cannot be applied; `errors` lists every problem with its row number."""


@dataclass
class Row:
    line: int
    action: str
    code: str
    name: str = ""
    short_name: str = ""
    kind: str = ""
    parent: str = ""
    successors: list[str] = field(default_factory=list)
    province: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return {"line": self.line, "action": self.action, "code": self.code, "name": self.name,
                "short_name": self.short_name, "kind": self.kind, "parent": self.parent,
                "successors": self.successors, "province": self.province, "note": self.note}


@dataclass
class Line:
    """One line of the preview: what happens to one unit, assignment count or account."""

    what: str
    unit: str
    detail: str = ""


@dataclass
class Plan:
    effective: dt.date
    rows: list[Row]
    created: list[Line] = field(default_factory=list)
    renamed: list[Line] = field(default_factory=list)
    moved: list[Line] = field(default_factory=list)
    ended: list[Line] = field(default_factory=list)
    consequences: list[tuple[str, list[Line]]] = field(default_factory=list)
    # Resolved while checking: the units the rows name, and what ends and passes to whom.
    units: dict[str, Unit] = field(default_factory=dict)
    endings: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # code → (action, successor codes)
    implicit_moves: dict[str, str] = field(default_factory=dict)  # child code → new parent code

    @property
    def summary(self) -> dict:
        return {"created": len(self.created), "renamed": len(self.renamed), "moved": len(self.moved),
                "ended": len(self.ended), **{title: len(lines) for title, lines in self.consequences}}


@dataclass
class Consequence:
    """What an app above the registry does when units end: `preview(plan)` lists it, `apply(plan, now)` does it
    inside the change's transaction (and returns counts for the record)."""

    title: str
    preview: Callable[[Plan], list[Line]]
    apply: Callable[[Plan, dt.datetime], dict]


CONSEQUENCES: list[Consequence] = []


def consequence_register(item: Consequence) -> None:
    if all(c.title != item.title for c in CONSEQUENCES):
        CONSEQUENCES.append(item)


def read_change(data: bytes, filename: str) -> list[Row]:
    """The rows of a change file (CSV or XLSX), checked for their own shape (the registry is checked later)."""
    try:
        raw = read_rows(data, filename, columns=("action", "code"))
    except ChangeError:
        raise
    except ImportError_ as exc:  # a damaged file, a wrong format, a missing column
        raise ChangeError(exc.errors) from None
    errors: list[str] = []
    rows: list[Row] = []
    for index, values in enumerate(raw):
        line = index + 2
        if not values:
            continue
        action = ACTIONS.get(fold(values.get("action", "")).replace("_", "-")) or ACTIONS.get(
            nfc(values.get("action", "")).strip().lower())
        code = values.get("code", "")
        if action is None:
            errors.append(f"Dòng {line}: thao tác «{values.get('action', '')[:30]}» không hợp lệ "
                          "(dùng: new, rename, move, merge, split, dissolve).")
            continue
        if not code:
            errors.append(f"Dòng {line}: thiếu mã đơn vị (cột code).")
            continue
        if not CODE_RE.match(code) or len(code) > 100:
            errors.append(f"Dòng {line}: mã «{code[:40]}» chỉ được gồm chữ không dấu, số, '-' và '_'.")
            continue
        successors = [s.strip() for s in values.get("successors", "").replace(",", ";").split(";") if s.strip()]
        row = Row(line=line, action=action, code=code, name=values.get("name", ""),
                  short_name=values.get("short_name", ""), kind=values.get("kind", ""),
                  parent=values.get("parent", ""), successors=successors, province=values.get("province", ""),
                  note=values.get("note", "")[:300])
        errors += _row_shape(row)
        rows.append(row)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ChangeError(errors[:MAX_ERRORS])
    if not rows:
        raise ChangeError(["Tệp không có dòng thay đổi nào."])
    return rows


def _row_shape(row: Row) -> list[str]:
    at = f"Dòng {row.line}"
    errors = []
    if row.kind == "apparatus":
        row.kind = UnitKind.CENTRE.value
    if row.action == NEW:
        if not row.name:
            errors.append(f"{at}: đơn vị mới cần tên (cột name).")
        if row.kind not in UnitKind.values:
            errors.append(f"{at}: loại «{row.kind[:30]}» không hợp lệ (dùng: {', '.join(UnitKind.values)}).")
    if row.action == RENAME and not (row.name or row.short_name or row.kind or row.province):
        errors.append(f"{at}: đổi tên cần tên mới (cột name).")
    if row.action == RENAME and row.kind and row.kind not in UnitKind.values:
        errors.append(f"{at}: loại «{row.kind[:30]}» không hợp lệ.")
    if row.action == MOVE and not row.parent:
        errors.append(f"{at}: chuyển đơn vị cần mã đơn vị cấp trên mới (cột parent).")
    if row.action == MERGE and len(row.successors) != 1:
        errors.append(f"{at}: hợp nhất, sáp nhập cần đúng một đơn vị kế thừa (cột successors).")
    if row.action == SPLIT and len(row.successors) < 2:
        errors.append(f"{at}: chia tách cần ít nhất hai đơn vị kế thừa (cột successors, cách nhau bởi «;»).")
    if row.action == DISSOLVE and row.successors:
        errors.append(f"{at}: giải thể không có đơn vị kế thừa; dùng merge hoặc split nếu có.")
    if row.code in row.successors:
        errors.append(f"{at}: đơn vị không thể kế thừa chính nó.")
    if len(row.name) > 300 or len(row.short_name) > 120:
        errors.append(f"{at}: tên quá dài (tối đa 300 ký tự, tên viết tắt 120).")
    return errors


def change_plan(rows: list[Row], effective: dt.date) -> Plan:
    """Check the rows against the registry on `effective` and say what would move; raises ChangeError."""
    plan = Plan(effective=effective, rows=rows)
    errors: list[str] = []
    if effective > timezone.localdate():
        errors.append(f"Ngày hiệu lực {effective:%d/%m/%Y} chưa đến: chỉ áp dụng thay đổi đã có hiệu lực.")
    codes = {r.code for r in rows} | {s for r in rows for s in r.successors} | {r.parent for r in rows if r.parent}
    existing = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    new_rows = {r.code: r for r in rows if r.action == NEW}
    # One query each for what every row needs, not one per row: a change may end thousands of units.
    later_changes: dict[int, dt.date] = {}
    for unit_id, until in (UnitVersion.objects.filter(unit__code__in=[r.code for r in rows],
                                                      valid_until__gt=effective)
                           .values_list("unit_id", "valid_until")):
        later_changes[unit_id] = max(until, later_changes.get(unit_id, until))
    seen: dict[tuple[str, str], int] = {}
    ending: dict[str, Row] = {}
    for row in rows:
        at = f"Dòng {row.line}"
        key = (row.code, "end" if row.action in ENDING else row.action)
        if key in seen:
            errors.append(f"{at}: đơn vị «{row.code}» đã có thay đổi cùng loại ở dòng {seen[key]}.")
        seen[key] = row.line
        unit = existing.get(row.code)
        if row.action == NEW:
            if unit is not None:
                errors.append(f"{at}: mã «{row.code}» đã có trong danh mục ({unit.name}).")
            continue
        if unit is None:
            errors.append(f"{at}: không có đơn vị mã «{row.code}» trong danh mục.")
            continue
        if not unit.existed_on(effective):
            when = (f"đã kết thúc ngày {unit.valid_to:%d/%m/%Y}" if unit.valid_to and unit.valid_to < effective
                    else f"chỉ có từ ngày {unit.valid_from:%d/%m/%Y}")
            errors.append(f"{at}: đơn vị «{unit.name}» {when}, không thay đổi được từ ngày {effective:%d/%m/%Y}.")
            continue
        if unit.pk in later_changes:
            errors.append(f"{at}: đơn vị «{unit.name}» đã có thay đổi hiệu lực từ {later_changes[unit.pk]:%d/%m/%Y}; "
                          "chỉ áp dụng được thay đổi hiệu lực từ ngày đó trở đi.")
        plan.units[row.code] = unit
        if row.action in ENDING:
            ending[row.code] = row
    for row in rows:
        at = f"Dòng {row.line}"
        for target in row.successors:
            if target in ending:
                errors.append(f"{at}: đơn vị kế thừa «{target}» cũng kết thúc trong thay đổi này.")
            elif target not in new_rows and not _exists_on(existing.get(target), effective):
                errors.append(f"{at}: đơn vị kế thừa «{target}» không có trong danh mục vào ngày "
                              f"{effective:%d/%m/%Y} và không được thành lập trong tệp.")
        if row.parent and row.action in (NEW, MOVE):
            if row.parent in ending:
                errors.append(f"{at}: đơn vị cấp trên «{row.parent}» kết thúc trong thay đổi này.")
            elif row.parent not in new_rows and not _exists_on(existing.get(row.parent), effective):
                errors.append(f"{at}: đơn vị cấp trên «{row.parent}» không có trong danh mục vào ngày "
                              f"{effective:%d/%m/%Y} và không được thành lập trong tệp.")
    parents = {r.code: r.parent for r in rows if r.action in (NEW, MOVE)}
    errors += _cycles(rows, parents)
    try:
        _parents_first([r for r in rows if r.action == NEW])
    except ChangeError as exc:
        errors += exc.errors
    # The children of an ending unit: a merge takes them to its successor; a split or a dissolution must say.
    moved_away = {r.code for r in rows if r.action == MOVE} | set(ending)
    children_of: dict[int, list[Unit]] = {}
    for child in Unit.objects.valid_on(effective).filter(parent__in=[plan.units[c] for c in ending]).order_by("path"):
        if child.code not in moved_away:
            children_of.setdefault(child.parent_id, []).append(child)
    for code, row in ending.items():
        children = children_of.get(plan.units[code].pk, [])
        if not children:
            continue
        if row.action == MERGE:
            for child in children:
                plan.implicit_moves[child.code] = row.successors[0]
                plan.units[child.code] = child
        else:
            names = ", ".join(c.code for c in children[:5]) + (" ..." if len(children) > 5 else "")
            errors.append(f"Dòng {row.line}: «{plan.units[code].name}» còn {len(children)} đơn vị trực thuộc "
                          f"({names}); hãy chuyển (move) hoặc kết thúc chúng trong cùng tệp.")
    if errors:
        raise ChangeError(errors[:MAX_ERRORS])
    plan.endings = {code: (row.action, row.successors) for code, row in ending.items()}
    plan.units = {**existing, **plan.units}  # the successors and parents the rows name, too
    _describe(plan, new_rows, existing)
    for item in CONSEQUENCES:
        plan.consequences.append((item.title, item.preview(plan)))
    return plan


def _exists_on(unit: Unit | None, day: dt.date) -> bool:
    return unit is not None and unit.existed_on(day)


def _cycles(rows: list[Row], parents: dict[str, str]) -> list[str]:
    """A unit moved under itself or one of its own units."""
    errors = []
    paths = dict(Unit.objects.filter(code__in=[p for p in parents.values() if p]).values_list("code", "path"))
    for row in rows:
        if row.action != MOVE:
            continue
        chain, current = [], row.parent
        while current and current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if row.code in chain or f"/{row.code}/" in paths.get(current or "", ""):
            errors.append(f"Dòng {row.line}: không thể chuyển «{row.code}» vào dưới chính đơn vị trực thuộc nó.")
    return errors


def _name(code: str, plan: Plan, new_rows: dict[str, Row], existing: dict[str, Unit]) -> str:
    if code in new_rows:
        return new_rows[code].name
    unit = plan.units.get(code) or existing.get(code)
    return unit.name if unit else code


def _describe(plan: Plan, new_rows: dict[str, Row], existing: dict[str, Unit]) -> None:
    name = lambda code: _name(code, plan, new_rows, existing)  # noqa: E731
    for row in plan.rows:
        unit = plan.units.get(row.code)
        if row.action == NEW:
            plan.created.append(Line(ACTION_LABELS[NEW], row.name, f"thuộc {name(row.parent)}" if row.parent else ""))
        elif row.action == RENAME:
            plan.renamed.append(Line(ACTION_LABELS[RENAME], unit.name, f"thành «{row.name or unit.name}»"))
        elif row.action == MOVE:
            old = unit.parent.name if unit.parent_id else "(không có)"
            plan.moved.append(Line(ACTION_LABELS[MOVE], unit.name, f"từ {old} sang {name(row.parent)}"))
        elif row.action in ENDING:
            detail = ("không có đơn vị kế thừa" if row.action == DISSOLVE
                      else "kế thừa: " + "; ".join(name(s) for s in row.successors))
            plan.ended.append(Line(ACTION_LABELS[row.action], unit.name, detail))
    for code, target in plan.implicit_moves.items():
        plan.moved.append(Line("Chuyển theo đơn vị hợp nhất", plan.units[code].name, f"sang {name(target)}"))


def _version(unit: Unit, effective: dt.date, change: RegistryChange, now: dt.datetime) -> None:
    """Keep the unit's current name, parent and kind as valid until `effective`."""
    last = UnitVersion.objects.filter(unit=unit).order_by("-valid_until").first()
    since = last.valid_until if last is not None else unit.valid_from
    if since is not None and since >= effective:
        return  # changed twice on the same day: the first version already ends here
    UnitVersion.objects.create(unit=unit, name=unit.name, short_name=unit.short_name, kind=unit.kind,
                               parent_id=unit.parent_id, province=unit.province, valid_from=since,
                               valid_until=effective, change=change, recorded_at=now)


def _move(unit: Unit, parent: Unit) -> None:
    """Give `unit` a new parent; its whole subtree's materialised paths follow (one UPDATE)."""
    old_path, old_depth = unit.path, unit.depth
    unit.parent = parent
    unit.refresh_derived()
    unit.save(update_fields=["parent", "path", "depth", "search_text"])
    Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
        path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)), depth=F("depth") + (unit.depth - old_depth))


def rows_of(change: RegistryChange) -> list[Row]:
    """The rows of a stored change set (a draft previewed on the page, or one applied)."""
    return [Row(**row) for row in change.rows]


def change_draft(*, rows: list[Row], effective: dt.date, by=None, filename: str = "",
                 source: str = "") -> tuple[RegistryChange, Plan]:
    """Check a change set and keep it unapplied, for an administrator to preview and confirm."""
    plan = change_plan(rows, effective)
    draft = RegistryChange.objects.create(effective_on=effective, filename=filename[:255], source=source,
                                          rows=[r.as_dict() for r in rows], summary=plan.summary, created_by=by)
    return draft, plan


@transaction.atomic
def change_apply(*, rows: list[Row], effective: dt.date, by=None, filename: str = "", source: str = "",
                 now: dt.datetime | None = None, draft: RegistryChange | None = None) -> tuple[RegistryChange, Plan]:
    """Apply the change set, all or nothing (checked again against the registry as it is now); returns its
    record and what moved. A previewed draft becomes the record."""
    now = now or timezone.now()
    if draft is not None:
        draft = RegistryChange.objects.select_for_update().get(pk=draft.pk)
        if draft.applied_at is not None:
            when = timezone.localtime(draft.applied_at)
            raise ChangeError([f"Thay đổi này đã được áp dụng lúc {when:%H:%M %d/%m/%Y}."])
    plan = change_plan(rows, effective)
    change = draft or RegistryChange(effective_on=effective, filename=filename[:255], source=source,
                                     rows=[r.as_dict() for r in rows], created_by=by)
    change.applied_by, change.applied_at = by, now
    change.save()
    units = dict(plan.units)
    for row in _parents_first([r for r in rows if r.action == NEW]):
        unit = Unit(code=row.code, name=row.name, short_name=row.short_name, kind=row.kind, valid_from=effective,
                    parent=units.get(row.parent) if row.parent else None, note=row.note)
        unit.province = row.province or (unit.parent.province if unit.parent else "")
        unit.refresh_derived()
        unit.save()
        units[row.code] = unit
    for row in rows:
        unit = units[row.code]
        if row.action == RENAME:
            _version(unit, effective, change, now)
            unit.name = row.name or unit.name
            unit.short_name = row.short_name
            unit.kind = row.kind or unit.kind
            unit.province = row.province or unit.province
            unit.refresh_derived()
            unit.save(update_fields=["name", "short_name", "kind", "province", "search_text"])
    moves = {r.code: r.parent for r in rows if r.action == MOVE} | plan.implicit_moves
    for code, parent in moves.items():
        unit = Unit.objects.get(pk=units[code].pk)
        _version(unit, effective, change, now)
        _move(unit, units[parent])
    for code, (action, successors) in plan.endings.items():
        unit = units[code]
        kind = SuccessionKind.SPLIT if action == SPLIT else SuccessionKind.MERGE
        for target in successors:
            Succession.objects.update_or_create(predecessor=unit, successor=units[target],
                                                defaults={"on": effective, "kind": kind, "note": f"{change}"[:300]})
        unit.valid_to = effective - dt.timedelta(days=1)
        unit.save(update_fields=["valid_to"])
    plan.units = units
    summary = dict(plan.summary)
    for item in CONSEQUENCES:
        summary.update(item.apply(plan, now))
    change.summary = summary
    change.save(update_fields=["summary"])
    return change, plan


def _parents_first(rows: list[Row]) -> list[Row]:
    """New units ordered so that a new parent comes before its new children."""
    codes = {r.code for r in rows}
    ordered, placed = [], set()
    while len(ordered) < len(rows):
        progress = False
        for row in rows:
            if row.code not in placed and (row.parent not in codes or row.parent in placed):
                ordered.append(row)
                placed.add(row.code)
                progress = True
        if not progress:  # a cycle among new units: _cycles reports moves only, so refuse here
            raise ChangeError([f"Dòng {r.line}: vòng lặp cấp trên giữa các đơn vị mới." for r in rows
                               if r.code not in placed][:MAX_ERRORS])
    return ordered
