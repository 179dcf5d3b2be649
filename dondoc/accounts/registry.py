"""What a registry change does to accounts (registered with units.changes when the app is ready): the
officers of a merged or split unit move to its (first) successor; those of a dissolved unit are locked,
since they no longer have a unit to act for (an administrator can give them another)."""

import datetime as dt

from dondoc.units.changes import DISSOLVE, Consequence, Line, Plan, consequence_register

from .models import User

TITLE = "Tài khoản của đơn vị kết thúc"


def preview(plan: Plan) -> list[Line]:
    lines = []
    for code, (action, successors) in plan.endings.items():
        for user in User.objects.filter(unit=plan.units[code], is_active=True).order_by("username"):
            target = plan.units.get(successors[0]) if successors else None
            detail = ("khóa tài khoản (đơn vị giải thể)" if action == DISSOLVE or not successors
                      else f"chuyển sang {target.name if target else successors[0]}")
            lines.append(Line("Tài khoản", f"{user.username} ({plan.units[code].name})", detail))
    return lines


def apply(plan: Plan, now: dt.datetime) -> dict:
    moved = locked = 0
    for code, (action, successors) in plan.endings.items():
        users = User.objects.filter(unit=plan.units[code], is_active=True)
        for user in users:  # one save each: the audit log records every account that changed
            if action == DISSOLVE or not successors:
                user.is_active = False
                user.save(update_fields=["is_active"])
                locked += 1
            else:
                user.unit = plan.units[successors[0]]
                user.save(update_fields=["unit"])
                moved += 1
    return {"accounts_moved": moved, "accounts_locked": locked}


def register() -> None:
    consequence_register(Consequence(title=TITLE, preview=preview, apply=apply))
