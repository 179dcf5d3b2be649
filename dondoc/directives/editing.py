"""Edits of documents and tasks with optimistic locking: nothing is silently overwritten.

Every edit names the version it started from. Inside one transaction (rows locked on PostgreSQL,
an IMMEDIATE transaction on SQLite), the row's version is compared and incremented, so of two edits
made from the same version the second is refused with a message instead of undoing the first.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.lib import calendar as cal
from dondoc.lib.text import document_number_key, fold
from dondoc.units.models import Unit

from . import history
from .models import Assignment, Document, DoneWhen, Task
from .services import (
    ServiceError,
    assignments_create,
    deadline_check,
    effective_due,
    leads_check,
    nominal_deadline,
    responsible_units,
    scope_check,
    units_existed_check,
    work_calendar,
)


class ConcurrentEdit(ServiceError):
    """Someone saved the object after the editor opened it."""


def _locked(model, pk: int, version: int, what: str):
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != version:
        raise ConcurrentEdit(f"{what} vừa được người khác sửa (phiên bản {obj.version}, bạn sửa từ phiên bản "
                             f"{version}). Hãy tải lại để xem thay đổi mới rồi sửa lại; chưa có gì được lưu.")
    return obj


# The issuer may be cleared (None), so "leave it as it is" needs its own marker.
UNCHANGED = object()


def document_update(*, document: Document, version: int, number: str | None = None, date: dt.date | None = None,
                    title: str | None = None, kind: str | None = None, issuer: Unit | None | object = UNCHANGED,
                    issuer_name: str | None = None, place: str | None = None, signer: str | None = None,
                    signer_title: str | None = None, is_program: bool | None = None, done_when: str | None = None,
                    now: dt.datetime | None = None) -> Document:
    """Change the given fields (None = unchanged; the issuer: UNCHANGED) of a document last seen at `version`.

    A new `done_when` (when units count as done: when they submit, or when the monitor accepts) applies at
    once to every assignment of the document's tasks; the done date stays the unit's own date."""
    changes = {"number": number, "date": date, "title": title, "kind": kind, "issuer_name": issuer_name,
               "place": place, "signer": signer, "signer_title": signer_title, "is_program": is_program}
    if done_when is not None and done_when not in DoneWhen.values:
        raise ServiceError("Cách tính hoàn thành không hợp lệ.")
    with transaction.atomic():
        locked = _locked(Document, document.pk, version, f"Văn bản {document.number}")
        if done_when is not None and done_when != locked.done_when:
            locked.done_when = done_when
            done_dates_apply(document=locked, now=now)
        if issuer is not UNCHANGED:
            locked.issuer = issuer
        for field, value in changes.items():
            if value is not None:
                setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if title is not None and not locked.title:
            raise ServiceError(gettext("Trích yếu không được để trống."))
        locked.number_key = document_number_key(locked.number) if locked.number else ""
        if locked.number_key and Document.objects.filter(number_key=locked.number_key, date=locked.date).exclude(
                pk=locked.pk).exists():
            raise ServiceError(f"Đã có văn bản số {locked.number} cùng ngày ban hành.")
        locked.search_text = fold(f"{locked.number} {locked.title} {locked.issuer_name}")
        locked.version += 1
        locked.save()
    return locked


def done_dates_apply(*, document: Document, now: dt.datetime | None = None) -> int:
    """Make the done date of every assignment of `document` follow its rule (sent, or accepted); returns the
    number of assignments whose done date changed."""
    source = "submitted_on" if document.done_when == DoneWhen.SUBMITTED else "accepted_on"
    differs = (Q(done_on__isnull=True, **{f"{source}__isnull": False})
               | Q(done_on__isnull=False, **{f"{source}__isnull": True})
               | (Q(done_on__isnull=False, **{f"{source}__isnull": False}) & ~Q(done_on=F(source))))
    return history.revise(Assignment.objects.filter(task__document=document).filter(differs), now=now,
                          cause="done_when", done_on=F(source))


def task_update(*, task: Task, version: int, ref: str | None = None, title: str | None = None,
                action: str | None = None, lead_text: str | None = None, report_to_text: str | None = None,
                deadline_text: str | None = None, withdrawn: bool | None = None, deadline_kind: str | None = None,
                deadline_date: dt.date | None = None, lead_units: Iterable[Unit] | None = None,
                now: dt.datetime | None = None) -> Task:
    """Change the wording, the deadline or the withdrawal of a task last seen at `version`.

    A new deadline moves the deadline of every unit that has not finished, except a unit granted an
    extension (its own deadline stands) and the finished ones (their record stays as it was). The number
    moved is left on the returned task as `assignments_moved`. A recurring task's deadlines follow its
    reporting cycle and are not changed here.

    New lead units get their assignments; a unit no longer responsible loses its assignment, unless it has
    already sent something for it (then the change is refused). The numbers are left on the task as
    `units_added` and `units_removed`."""
    changes = {"ref": ref, "title": title, "action": action, "lead_text": lead_text,
               "report_to_text": report_to_text, "deadline_text": deadline_text, "withdrawn": withdrawn}
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(Task, task.pk, version, f"Nhiệm vụ {task.ref or task.title[:40]}")
        if withdrawn is not None and withdrawn != locked.withdrawn:
            locked.withdrawn_at = now if withdrawn else None
        for field, value in changes.items():
            if value is not None:
                setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if not locked.title:
            raise ServiceError(gettext("Tên nhiệm vụ không được để trống."))
        locked.assignments_moved = locked.units_added = locked.units_removed = 0
        if deadline_kind is not None or deadline_date is not None:
            locked.assignments_moved = _deadline_move(locked, deadline_kind or locked.deadline_kind, deadline_date,
                                                      keep_text=deadline_text is not None, now=now)
        if lead_units is not None:
            locked.units_added, locked.units_removed = _lead_units_change(locked, list(lead_units), now=now)
        locked.search_text = fold(f"{locked.ref} {locked.title} {locked.action}")
        locked.version += 1
        locked.save()
    return locked


def _deadline_move(task: Task, kind: str, date: dt.date | None, *, keep_text: bool, now: dt.datetime) -> int:
    """Give `task` the deadline (kind, date) and move its open assignments to it; returns how many moved."""
    if task.is_recurring or kind == cal.RECURRING:
        raise ServiceError(gettext("Hạn của nhiệm vụ định kỳ theo kỳ báo cáo; sửa chu kỳ báo cáo thay vì sửa hạn."))
    deadline_check(kind, date)
    nominal = nominal_deadline(kind, date)
    if (kind, nominal) == (task.deadline_kind, task.deadline_date):
        return 0
    task.deadline_kind, task.deadline_date = kind, nominal
    if not keep_text:
        task.deadline_text = ""  # the words of the document no longer describe the deadline
    due = effective_due(kind, nominal, work_calendar())
    open_ = Assignment.objects.filter(task=task, done_on__isnull=True, extensions=0)
    if due is None:  # no deadline any more (ongoing, none)
        return history.revise(open_.filter(due_on__isnull=False), now=now, cause="deadline", due_on=None)
    return history.revise(open_.exclude(due_on=due), now=now, cause="deadline", due_on=due)


def _lead_units_change(task: Task, units: list[Unit], *, now: dt.datetime) -> tuple[int, int]:
    """Make `units` the task's lead units; returns (assignments created, assignments removed)."""
    leads_check(units, task.lead_group)
    scope_check(task.document, units)  # a unit's own program: only the units below it
    current = set(task.lead_units.values_list("pk", flat=True))
    units_existed_check([u for u in units if u.pk not in current], task.assigned_on)
    if {u.pk for u in units} == set(task.lead_units.values_list("pk", flat=True)):
        return 0, 0
    task.lead_units.set(units)
    responsible = responsible_units(task)
    gone = Assignment.objects.filter(task=task).exclude(unit__in=responsible)
    started = sorted(set(gone.filter(submissions__isnull=False).values_list("unit__name", flat=True)))
    if started:
        raise ServiceError("Không bỏ được đơn vị đã gửi báo cáo, văn bản cho nhiệm vụ này: " + "; ".join(started)
                           + ". Nếu giao nhầm, hãy để lại đơn vị và ghi chú trong nội dung nhiệm vụ.")
    removed = gone.count()
    history.forget(gone, now=now, cause="lead_units")  # with their reminders and extension requests
    return assignments_create(task=task, units=responsible, now=now, notify=True), removed
