"""Every change to a domain object is recorded (who, when, before/after) by django-auditlog."""

from auditlog.registry import auditlog


def _reverse_relations(model) -> list[str]:
    """Relations seen from the other side: django-auditlog records them on deletion as "app.Model.None",
    which says nothing and which it cannot display when the other model's key is composite."""
    return [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]


def register_models() -> None:
    from dondoc.accounts.models import User
    from dondoc.directives.models import Assignment, Document, DocumentLink, Holiday, Task
    from dondoc.paperwork.models import Conclusion, IssuedPaper, Meeting, PaperTemplate, Register
    from dondoc.reminders.models import ExtensionRequest, ReminderRule
    from dondoc.submissions.models import (
        Attachment,
        Contribution,
        Milestone,
        PlanTask,
        ReportedCount,
        Submission,
    )
    from dondoc.units.models import RegistryChange, Succession, Unit, UnitVersion

    if not auditlog.contains(Task):  # who the task is given to is part of its history
        auditlog.register(Task, m2m_fields={"lead_units", "coordinators", "report_to"},
                          exclude_fields=_reverse_relations(Task))
    if not auditlog.contains(PlanTask):  # who is in charge of a task of a progress plan
        auditlog.register(PlanTask, m2m_fields={"staff"}, exclude_fields=_reverse_relations(PlanTask))
    for model in (Unit, Succession, RegistryChange, UnitVersion, Document, DocumentLink, Assignment, Holiday,
                  Submission, Attachment, ReportedCount, Contribution, Milestone,
                  PaperTemplate, Register, Meeting, Conclusion, IssuedPaper, ReminderRule, ExtensionRequest):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=_reverse_relations(model))
    from dondoc.accounts.models import ApiToken

    if not auditlog.contains(ApiToken):
        auditlog.register(ApiToken, exclude_fields=["digest", *_reverse_relations(ApiToken)])
    if not auditlog.contains(User):
        auditlog.register(User, exclude_fields=["password", "last_login", *_reverse_relations(User)])


# What the change log shows, in Vietnamese: the action, each field's label, and its values as people write
# them (dates dd/mm/yyyy, "có"/"không", "—" for nothing), without the derived technical fields.
ACTION_LABELS = {0: "Tạo mới", 1: "Sửa", 2: "Xóa", 3: "Xem"}
HIDDEN_FIELDS = {"search_text", "number_key", "path", "depth", "version", "sha256", "docx_sha256", "pdf_sha256",
                 "digest", "prefix", "password", "last_login"}
_WORDS = {"None": "", "True": "có", "False": "không", "": ""}


def _value(field, value) -> str:
    """One recorded value (auditlog keeps them as strings) as a person reads it."""
    from django.core.exceptions import ValidationError
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.timezone import localtime

    if value is None or str(value) in _WORDS:
        return _WORDS.get(str(value), "")
    value = str(value)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices:
        for key, label in choices.items():
            if str(key) == value:
                return str(label)
        return value
    internal = field.get_internal_type() if hasattr(field, "get_internal_type") else ""
    if internal == "DateField":
        day = parse_date(value[:10]) if len(value) >= 10 else None
        return f"{day:%d/%m/%Y}" if day else value
    if internal == "DateTimeField":
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None:
            return value
        return f"{localtime(moment) if moment.tzinfo else moment:%d/%m/%Y %H:%M}"
    if internal in ("ForeignKey", "OneToOneField"):
        try:
            related = field.related_model._default_manager.filter(pk=field.related_model._meta.pk.to_python(value))
        except (ValidationError, ValueError, TypeError):
            return value
        found = related.first()
        return str(found) if found is not None else f"(đã xóa, mã {value})"
    return value


def _shown(field, value) -> str:
    """A value as people read it; one that cannot be turned into words is shown as it was stored (an entry
    must always read, whatever it holds)."""
    if field is not None:
        try:
            return _value(field, value)
        except Exception:  # noqa: BLE001 - e.g. a relation to a row whose key is composite
            pass
    return _WORDS.get(str(value), str(value))


def change_rows(entry) -> list[tuple[str, str | None, str]]:
    """(field label, before, after) of a log entry; a many-to-many change has no before and reads
    "thêm: …" or "bỏ: …". Derived technical fields (folded search text, hashes, versions) are left out."""
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    model = entry.content_type.model_class()
    rows, lists = [], []
    for name, change in (entry.changes_dict or {}).items():
        if name in HIDDEN_FIELDS:
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and field.auto_created and not field.concrete:
            continue  # a reverse relation (the attachments of a submission): not a value of this object
        label = capfirst(str(getattr(field, "verbose_name", name)))
        if isinstance(change, dict) and change.get("type") == "m2m":
            word = "thêm" if change.get("operation") == "add" else "bỏ"
            lists.append((label, None, f"{word}: {', '.join(str(o) for o in change.get('objects', []))}"))
            continue
        values = list(change) if isinstance(change, list | tuple) else [change]
        before, after = (values + [None, None])[:2]
        rows.append((label, _shown(field, before), _shown(field, after)))
    return rows + lists
