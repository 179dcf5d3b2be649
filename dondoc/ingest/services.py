"""From an uploaded file to draft tasks, and from confirmed drafts to documents, tasks and assignments.

Reading and extraction are pure (reading.py, extraction.py); this module stores drafts and writes only
through the directives' services, like hand-entered tasks.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django_tasks import task

from dondoc.directives import services as directives
from dondoc.directives.models import Document
from dondoc.lib import calendar as cal
from dondoc.units.models import Unit, UnitKind

from .extraction import extract
from .models import Draft, DraftState
from .reading import ReadError, check, read_document
from .resolve import report_parts, resolve_mentions

# Files up to this size are read during the upload request; larger ones in the background queue.
INLINE_BYTES = 300 * 1024


def draft_create(*, filename: str, data: bytes, by) -> Draft:
    checked = check(data, filename)  # refused files are not stored
    draft = Draft(filename=checked.name, size=checked.size, created_by=by)
    draft.file.save(checked.stored_name, ContentFile(data), save=False)
    draft.save()
    if len(data) <= INLINE_BYTES:
        draft_read(draft_id=draft.pk)
        draft.refresh_from_db()
    else:
        transaction.on_commit(lambda: draft_read_task.enqueue(draft.pk))
    return draft


def draft_read(*, draft_id: int) -> None:
    draft = Draft.objects.get(pk=draft_id)
    if draft.state != DraftState.QUEUED:
        return
    try:
        with draft.file.open("rb") as handle:
            text = read_document(handle.read(), draft.filename)
        draft.text = text
        draft.extraction = extract(text)
        draft.state = DraftState.READY
    except ReadError as exc:
        draft.state, draft.error = DraftState.FAILED, exc.message
    draft.save(update_fields=["text", "extraction", "state", "error"])


@task()
def draft_read_task(draft_id: int) -> None:
    draft_read(draft_id=draft_id)


def registry_directory(on: dt.date | None = None, *, reporting: bool = False) -> list[dict]:
    """The units a directive can name: everything above the grassroots that existed on the document's date
    `on` (today if unknown), with the names they had then; with `reporting`, also the leadership bodies (a duty
    is often reported to the standing presidium)."""
    from dondoc.units.history import versions_on

    units = Unit.objects.filter(Q(depth__lte=2) | Q(kind=UnitKind.LEADERSHIP_BODY) if reporting else Q(depth__lte=2))
    units = units.valid_on(on) if on is not None else units.filter(valid_to__isnull=True)
    rows = list(units.values("id", "code", "name", "short_name", "kind"))
    if on is not None:
        then = versions_on(on)
        for row in rows:
            version = then.get(row["id"])
            if version is not None:
                row.update(name=version.name, short_name=version.short_name, kind=version.kind)
    for row in rows:
        del row["id"]
    return rows


def draft_date(draft: Draft) -> dt.date | None:
    """The document's date as read from the draft (None when it was not found)."""
    value = (draft.extraction.get("document") or {}).get("date")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass
class DraftTask:
    index: int
    ref: str
    title: str
    action: str
    lead_text: str
    lead_codes: list[str]
    lead_group: str
    coordinator_codes: list[str]
    deadline_kind: str
    deadline_date: dt.date | None
    deadline_text: str
    recurrence_months: int | None
    recurrence_due_day: int | None
    starts_on: dt.date | None
    report_to_codes: list[str]
    report_to_text: str
    span: tuple[int, int] | None


def draft_tasks(draft: Draft) -> list[DraftTask]:
    """The extracted tasks with their units resolved against the registry."""
    directory = registry_directory(draft_date(draft))
    reporting = registry_directory(draft_date(draft), reporting=True)
    result = []
    for index, item in enumerate(draft.extraction.get("tasks", [])):
        leads = resolve_mentions(item.get("assignees") or [], directory)
        coords = resolve_mentions(item.get("coordinators") or [], directory)
        reports = resolve_mentions([p for r in item.get("report_to") or [] for p in report_parts(r)], reporting)
        lead_codes = [c for r in leads if r and r["kind"] == "unit" for c in r["codes"]]
        groups = [r["group"] for r in leads if r and r["kind"] == "group"]
        deadline = item.get("deadline") or {}
        kind = deadline.get("type") or cal.NONE
        date = dt.date.fromisoformat(deadline["date"]) if deadline.get("date") else None
        cycle = deadline.get("cycle") or {}
        start = dt.date.fromisoformat(deadline["start"]) if deadline.get("start") else None
        if start and kind != cal.RECURRING:
            # a period given by its start only: a standing duty from that day, not a deadline
            kind, date = cal.ONGOING, None
        action = (item.get("action") or "").strip()
        result.append(DraftTask(
            index=index, ref=item.get("ref") or "", title=action[:200], action=action,
            lead_text="; ".join(item.get("assignees") or []), lead_codes=lead_codes,
            lead_group=groups[0] if groups and not lead_codes else "",
            coordinator_codes=[c for r in coords if r and r["kind"] == "unit" for c in r["codes"]],
            deadline_kind=kind if kind in cal.DEADLINE_KINDS else cal.NONE, deadline_date=date,
            deadline_text=deadline.get("text") or "",
            recurrence_months=cycle.get("months") if kind == cal.RECURRING else None,
            recurrence_due_day=cycle.get("day") if kind == cal.RECURRING else None, starts_on=start,
            report_to_codes=[c for r in reports if r and r["kind"] == "unit" for c in r["codes"]],
            report_to_text="; ".join(item.get("report_to") or []),
            span=tuple(item["span"]) if item.get("span") else None,
        ))
    return result


@transaction.atomic
def draft_confirm(*, draft: Draft, header: dict, tasks: list[dict], by) -> Document:
    """Create the document, its references, tasks and assignments; all or nothing."""
    if draft.state != DraftState.READY:
        raise directives.ServiceError(gettext("Văn bản này đã được xác nhận hoặc chưa đọc xong."))
    if not tasks:
        raise directives.ServiceError(gettext("Chọn ít nhất một nhiệm vụ để giao."))
    document = directives.document_create(
        number=header["number"], date=header["date"], title=header["title"], kind=header.get("kind") or "",
        issuer=header.get("issuer"), issuer_name=header.get("issuer_name") or "", place=header.get("place") or "",
        signer=header.get("signer") or "", signer_title=header.get("signer_title") or "", is_program=True, by=by)
    for ref in draft.extraction.get("references", []):
        if ref.get("number"):
            date = dt.date.fromisoformat(ref["date"]) if ref.get("date") else None
            directives.document_link(source=document, number=ref["number"], date=date)
    for order, item in enumerate(tasks):
        recurring = item["deadline_kind"] == cal.RECURRING
        directives.task_create(
            document=document, ref=item["ref"], title=item["title"], action=item["action"], order=order,
            lead_units=item["lead_units"], lead_group=item["lead_group"], lead_text=item.get("lead_text", ""),
            coordinators=item["coordinators"], deadline_kind=item["deadline_kind"],
            deadline_date=item["deadline_date"], deadline_text=item["deadline_text"],
            recurrence_months=item.get("recurrence_months") if recurring else None,
            recurrence_due_day=item.get("recurrence_due_day") if recurring else None,
            assigned_on=item.get("starts_on"), report_to=item.get("report_to") or (),
            report_to_text=item["report_to_text"], fulfilment=item["fulfilment"])
    draft.state, draft.document = DraftState.CONFIRMED, document
    draft.save(update_fields=["state", "document"])
    return document
