"""What a registry change does to assignments (registered with units.changes when the app is ready).

An ending unit's assignments stop counting for it on the effective date; with successors they pass on
(directives.services.assignments_pass_on): open work is carried, finished work stays finished. A dissolved
unit's assignments simply end: from that date it is neither counted, listed nor urged.
"""

import datetime as dt

from django.db.models import Q

from dondoc.units.changes import DISSOLVE, Consequence, Line, Plan, consequence_register

from . import history
from .models import Assignment
from .services import assignments_pass_on

TITLE = "Nhiệm vụ của đơn vị kết thúc"


def _carried(plan: Plan, code: str):
    unit = plan.units[code]
    return Assignment.objects.filter(unit=unit, active_to__isnull=True, active_from__lt=plan.effective)


def preview(plan: Plan) -> list[Line]:
    lines = []
    day = plan.effective
    for code, (action, successors) in plan.endings.items():
        rows = _carried(plan, code)
        done = Q(done_on__isnull=False, done_on__lt=day)
        open_, finished = rows.exclude(done).count(), rows.filter(done).count()
        if not open_ + finished:
            continue
        unit = plan.units[code].name
        if action == DISSOLVE:
            detail = (f"{open_} nhiệm vụ chưa hoàn thành thôi tính và thôi nhắc từ {day:%d/%m/%Y}; "
                      f"{finished} đã hoàn thành vẫn tính đến trước ngày đó")
        else:
            names = "; ".join(plan.units[s].name if s in plan.units else s for s in successors)
            detail = (f"{open_} nhiệm vụ chưa hoàn thành chuyển cho {names}; {finished} đã hoàn thành giữ nguyên "
                      "kết quả (đơn vị kế thừa chưa có nhiệm vụ đó được tính là đã hoàn thành)")
        lines.append(Line("Nhiệm vụ", unit, detail))
    return lines


def apply(plan: Plan, now: dt.datetime) -> dict:
    ended = sum(_carried(plan, code).count() for code in plan.endings)
    # Dissolutions may end thousands of units at once: their assignments end in a few set-based updates.
    dissolved = [plan.units[code].pk for code, (action, _s) in plan.endings.items() if action == DISSOLVE]
    for start in range(0, len(dissolved), 500):
        history.revise(Assignment.objects.filter(unit_id__in=dissolved[start:start + 500], active_to__isnull=True,
                                                 active_from__lt=plan.effective),
                       now=now, cause="registry", active_to=plan.effective)
    carried = sum(assignments_pass_on(unit=plan.units[code], on=plan.effective, now=now)
                  for code, (action, _s) in plan.endings.items() if action != DISSOLVE)
    return {"assignments_ended": ended, "assignments_carried": carried}


def register() -> None:
    consequence_register(Consequence(title=TITLE, preview=preview, apply=apply))
