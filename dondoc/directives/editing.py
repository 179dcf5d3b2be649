"""Edits of documents and tasks with optimistic locking: nothing is silently overwritten.

Every edit names the version it started from. Inside one transaction (rows locked on PostgreSQL,
an IMMEDIATE transaction on SQLite), the row's version is compared and incremented, so of two edits
made from the same version the second is refused with a message instead of undoing the first.
"""

import datetime as dt

from django.db import transaction

from dondoc.lib.text import document_number_key, fold
from dondoc.units.models import Unit

from .models import Document, Task
from .services import ServiceError


class ConcurrentEdit(ServiceError):
    """Someone saved the object after the editor opened it."""


def _locked(model, pk: int, version: int, what: str):
    obj = model.objects.select_for_update().get(pk=pk)
    if obj.version != version:
        raise ConcurrentEdit(f"{what} vừa được người khác sửa (phiên bản {obj.version}, bạn sửa từ phiên bản "
                             f"{version}). Hãy tải lại để xem thay đổi mới rồi sửa lại; chưa có gì được lưu.")
    return obj


def document_update(*, document: Document, version: int, number: str | None = None, date: dt.date | None = None,
                    title: str | None = None, kind: str | None = None, issuer: Unit | None = None,
                    issuer_name: str | None = None, place: str | None = None, signer: str | None = None,
                    signer_title: str | None = None, is_program: bool | None = None) -> Document:
    """Change the given fields (None = unchanged) of a document last seen at `version`."""
    changes = {"number": number, "date": date, "title": title, "kind": kind, "issuer": issuer,
               "issuer_name": issuer_name, "place": place, "signer": signer, "signer_title": signer_title,
               "is_program": is_program}
    with transaction.atomic():
        locked = _locked(Document, document.pk, version, f"Văn bản {document.number}")
        for field, value in changes.items():
            if value is not None:
                setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if title is not None and not locked.title:
            raise ServiceError("Trích yếu không được để trống.")
        locked.number_key = document_number_key(locked.number) if locked.number else ""
        if locked.number_key and Document.objects.filter(number_key=locked.number_key, date=locked.date).exclude(
                pk=locked.pk).exists():
            raise ServiceError(f"Đã có văn bản số {locked.number} cùng ngày ban hành.")
        locked.search_text = fold(f"{locked.number} {locked.title} {locked.issuer_name}")
        locked.version += 1
        locked.save()
    return locked


def task_update(*, task: Task, version: int, ref: str | None = None, title: str | None = None,
                action: str | None = None, lead_text: str | None = None, report_to_text: str | None = None,
                deadline_text: str | None = None, withdrawn: bool | None = None) -> Task:
    """Change the wording (and withdrawal) of a task last seen at `version`; deadlines are not edited here."""
    changes = {"ref": ref, "title": title, "action": action, "lead_text": lead_text,
               "report_to_text": report_to_text, "deadline_text": deadline_text, "withdrawn": withdrawn}
    with transaction.atomic():
        locked = _locked(Task, task.pk, version, f"Nhiệm vụ {task.ref or task.title[:40]}")
        for field, value in changes.items():
            if value is not None:
                setattr(locked, field, value.strip() if isinstance(value, str) else value)
        if not locked.title:
            raise ServiceError("Tên nhiệm vụ không được để trống.")
        locked.search_text = fold(f"{locked.ref} {locked.title} {locked.action}")
        locked.version += 1
        locked.save()
    return locked
