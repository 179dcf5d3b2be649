from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst

from dondoc.accounts.models import User
from dondoc.lib.ids import parse_id


def _label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else content_type.model


def _is_reverse(model, name: str) -> bool:
    """A relation seen from the other side (a deleted row's "reminders.Reminder.None"): nothing to show."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.auto_created and not field.concrete


def _changes(entry: LogEntry) -> list[tuple[str, str | None, str]]:
    """(field, before, after) of a log entry; a change of a many-to-many field has no before and reads
    "thêm: …" or "bỏ: …".

    Every entry reads, whatever it holds: relations seen from the other side are left out, and a value
    django-auditlog cannot turn into a display (a row whose key is composite) is shown as it was stored.
    """
    model = entry.content_type.model_class()
    lists, plain = {}, {}
    for name, value in (entry.changes_dict or {}).items():
        if model is not None and _is_reverse(model, name):
            continue
        if isinstance(value, dict) and value.get("type") == "m2m":
            field = model._meta.get_field(name) if model else None
            word = "thêm" if value.get("operation") == "add" else "bỏ"
            lists[str(getattr(field, "verbose_name", name))] = f"{word}: {', '.join(map(str, value.get('objects', [])))}"
        else:
            plain[name] = value
    try:
        entry.changes = plain
        shown = entry.changes_display_dict if model is not None else plain
    except Exception:  # noqa: BLE001 - a log entry must always read; show the stored values instead
        shown = plain
    rows = []
    for name, change in shown.items():
        values = [str(v) for v in change] if isinstance(change, list | tuple) else [str(change)]
        rows.append((str(name), *(values + ["", ""])[:2]))
    return rows + [(name, None, change) for name, change in lists.items()]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who changed what and when, before → after; for administrators and the monitor only."""
    if not request.user.is_monitor:
        raise Http404
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    model, actor = parse_id(request.GET.get("loai", "")), parse_id(request.GET.get("nguoi", ""))
    subject = parse_id(request.GET.get("doi-tuong", "")) if model else None  # one object's history
    if model:
        entries = entries.filter(content_type_id=model)
    if subject:
        entries = entries.filter(object_id=subject)
    if actor:
        entries = entries.filter(actor_id=actor)
    page = Paginator(entries, 50).get_page(request.GET.get("trang"))
    used_types = ContentType.objects.filter(id__in=LogEntry.objects.values("content_type_id").distinct())
    labels = {ct.id: _label(ct) for ct in used_types}
    for entry in page:
        entry.type_label = labels.get(entry.content_type_id, "")
        entry.rows = _changes(entry)
    return render(request, "core/audit_log.html", {
        "page": page, "model": model, "actor": actor, "subject": subject,
        "subject_repr": entries.values_list("object_repr", flat=True).first() if subject else "",
        "types": sorted(labels.items(), key=lambda kv: kv[1]),
        "actors": User.objects.filter(id__in=LogEntry.objects.values("actor_id").distinct()).order_by("username"),
    })
