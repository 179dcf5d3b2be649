from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.accounts.models import User
from dondoc.lib.ids import parse_id
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Notification
from dondoc.reminders.models import Digest

from . import home as homes
from .audit import ACTION_LABELS, change_rows


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each person's home: what to do now, over what they may see (see core.home)."""
    today = timezone.localdate()
    kind = homes.home_kind(request.user)
    context = {"today": today, "kind": kind}
    if kind == homes.OFFICER:
        context["sections"] = homes.officer_sections(request.user, today)
    else:
        context["programs"] = homes.programs_standing(request.user, today)
        if kind == homes.MONITOR:
            context.update(homes.monitor_sections(request.user))
        else:
            context["overdue"] = homes.overdue_by_program(request.user, today)
    return render(request, f"core/home_{kind}.html", context)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The bell: the person's notifications and daily reminder digests, newest first, unread marked."""
    notes = list(Notification.objects.filter(user=request.user).order_by("-created_at", "-id")[:200])
    digests = list(Digest.objects.filter(user=request.user).order_by("-day", "-id")[:60])
    items = sorted([("note", n.created_at, n) for n in notes] + [("digest", d.created_at, d) for d in digests],
                   key=lambda item: item[1], reverse=True)
    page = Paginator(items, 30).get_page(request.GET.get("trang"))
    return render(request, "core/notifications.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points (only inside this site)."""
    note = perms.get_visible(Notification.objects.filter(user=request.user), pk=pk)
    notifications.mark_read(user=request.user, notification=note)
    if note.url.startswith("/") and not note.url.startswith("//"):
        return redirect(note.url)
    return redirect("core:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications.mark_read(user=request.user)
    Digest.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("core:notifications")


def _label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else content_type.model


def _changes(entry: LogEntry) -> list[tuple[str, str | None, str]]:
    """(field, before, after) of a log entry in Vietnamese words; see core.audit.change_rows."""
    return change_rows(entry)


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
        entry.action_label = ACTION_LABELS.get(entry.action, entry.get_action_display())
        entry.rows = _changes(entry)
    return render(request, "core/audit_log.html", {
        "page": page, "model": model, "actor": actor, "subject": subject,
        "subject_repr": entries.values_list("object_repr", flat=True).first() if subject else "",
        "types": sorted(labels.items(), key=lambda kv: kv[1]),
        "actors": User.objects.filter(id__in=LogEntry.objects.values("actor_id").distinct()).order_by("username"),
    })
