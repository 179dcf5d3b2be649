"""Reads shared by the pages and commands of the reminders app."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dondoc.accounts import permissions as perms
from dondoc.directives.models import Assignment

from .models import Delivery, DeliveryState, Digest, ExtensionRequest


def digests_of(user) -> QuerySet[Digest]:
    return Digest.objects.filter(user=user).select_related("delivery").order_by("-day")


def delivery_counts() -> dict[str, int]:
    rows = Delivery.objects.values("state").annotate(n=Count("id"))
    counts = {state: 0 for state in DeliveryState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def deliveries_for_monitor(state: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("digest", "digest__user", "notification").order_by("-created_at", "-id")
    if state in DeliveryState.values:
        qs = qs.filter(state=state)
    return qs


def extensions_visible(user) -> QuerySet[ExtensionRequest]:
    qs = ExtensionRequest.objects.select_related("assignment__task__document", "assignment__unit", "requested_by",
                                                 "decided_by")
    if user.reads_everything:
        return qs
    return qs.filter(assignment__in=perms.assignments_visible(user))


def feed_assignments(user, today: dt.date | None = None, limit: int = 2000) -> list[Assignment]:
    """Open deadlines of the user's unit and the units below it, from three months back to a year ahead."""
    today = today or timezone.localdate()
    if not user.unit_id:
        return []
    qs = (perms.assignments_visible(user).filter(unit_id__in=perms.subtree_ids(user.unit))
          .filter(due_on__gte=today - dt.timedelta(days=92), due_on__lte=today + dt.timedelta(days=400),
                  task__withdrawn=False, active_to__isnull=True)
          .filter(Q(done_on__isnull=True) | Q(done_on__gt=today))
          .exclude(submitted_on__lte=today)  # sent, waiting for the monitor: nothing due from the unit
          .select_related("task__document", "unit").order_by("due_on", "id"))
    return list(qs[:limit])


@dataclass
class StageRecipients:
    """Who a stage of escalation reaches, by name, or why it reaches nobody."""

    stage: int
    label: str
    people: list[str] = field(default_factory=list)
    note: str = ""
    missing: str = ""  # set when the stage has no real recipient: the reason, shown on the rules page


def stage_recipients() -> dict[int, StageRecipients]:
    """Per stage: the accounts it reaches (the unit's own people are counted, the leaders and monitors named)."""
    from django.utils.translation import gettext as _

    from dondoc.accounts.models import Role, User

    from .models import Stage
    from .sweep import leaders

    active = User.objects.filter(is_active=True)
    officers = active.filter(role__in=(Role.OFFICER, Role.MONITOR), unit__isnull=False)
    heads = active.filter(is_unit_head=True, unit__isnull=False)
    monitors = list(active.filter(role=Role.MONITOR).order_by("last_name", "first_name", "pk"))
    names = [u.get_full_name() or u.username for u in leaders()]
    out = {s: StageRecipients(s, str(label)) for s, label in Stage.choices}
    n_officers, n_units = officers.count(), officers.values("unit").distinct().count()
    out[Stage.OFFICERS].note = _("%(n)s cán bộ của %(u)s đơn vị có tài khoản; đơn vị chưa có tài khoản được nhắc qua "
                                 "đơn vị cấp trên gần nhất có tài khoản.") % {"n": n_officers, "u": n_units}
    if not n_officers:
        out[Stage.OFFICERS].missing = _("Chưa đơn vị nào có tài khoản cán bộ: lượt nhắc được chuyển cho bộ phận "
                                        "theo dõi.")
    n_heads = heads.count()
    out[Stage.HEAD].note = _("%(n)s lãnh đạo đơn vị có tài khoản; đơn vị chưa có lãnh đạo có tài khoản được nhắc qua "
                             "cán bộ của đơn vị.") % {"n": n_heads}
    out[Stage.MONITOR].people = [u.get_full_name() or u.username for u in monitors]
    if not monitors:
        out[Stage.MONITOR].missing = _("Chưa có tài khoản nào có vai trò Theo dõi, đôn đốc: lượt nhắc chuyển cho "
                                       "quản trị hệ thống.")
    out[Stage.LEADERS].people = names
    out[Stage.LEADERS].note = _("Kèm lãnh đạo của đơn vị chậm (%(n)s lãnh đạo đơn vị có tài khoản).") % {"n": n_heads}
    if not names:
        out[Stage.LEADERS].missing = _("Chưa có tài khoản nào có vai trò Lãnh đạo (Thường trực Đoàn Chủ tịch): "
                                       "hãy tạo tài khoản lãnh đạo; đến khi đó lượt nhắc chỉ đến lãnh đạo đơn vị "
                                       "chậm, hoặc bộ phận theo dõi.")
    return out


def rules_with_recipients() -> list[tuple]:
    """The active rules, global ones first, each with whom its stage reaches and its extra addresses."""
    from .models import ReminderRule, split_addresses

    stages = stage_recipients()
    rules = (ReminderRule.objects.filter(active=True).select_related("task__document", "document")
             .order_by("task_id", "document_id", "kind", "days"))
    rows = [(r, stages[r.stage], split_addresses(r.extra_emails)) for r in rules]
    rows.sort(key=lambda row: (row[0].task_id is not None, row[0].document_id is not None))
    return rows


def feed_milestones(user, today: dt.date | None = None, limit: int = 500) -> list:
    """Open milestones of the progress plans of the user's unit and the units below it (same window)."""
    from dondoc.submissions.queries import milestones_open

    today = today or timezone.localdate()
    if not user.unit_id:
        return []
    units = perms.assignments_visible(user).filter(unit__path__startswith=user.unit.path)
    return list(milestones_open(units, today, today + dt.timedelta(days=400))
                .filter(due_on__gte=today - dt.timedelta(days=92))[:limit])
