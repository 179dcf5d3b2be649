import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dondoc.accounts import permissions as perms
from dondoc.directives.queries import program_stats, split_done
from dondoc.lib.calendar import parse_user_date
from dondoc.lib.text import fold

from . import editing, services
from .forms import DocumentEditForm, DocumentForm, TaskEditForm, TaskForm
from .models import DoneWhen


def as_of(request: HttpRequest) -> tuple[dt.date, str]:
    """The date a page is evaluated at (?ngay=dd/mm/yyyy), and an error message if it was not a date."""
    raw = request.GET.get("ngay", "").strip()
    if not raw:
        return timezone.localdate(), ""
    try:
        return parse_user_date(raw), ""
    except ValueError as exc:
        return timezone.localdate(), str(exc)


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    docs = perms.documents_visible(request.user).select_related("issuer")
    query = request.GET.get("q", "")[:200]
    for word in fold(query).split()[:10]:
        docs = docs.filter(search_text__contains=word)
    page = Paginator(docs.order_by("-date", "-id"), 30).get_page(request.GET.get("trang"))
    return render(request, "directives/document_list.html", {"page": page, "q": query})


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = perms.get_visible(perms.documents_visible(request.user).select_related("issuer"), pk=pk)
    day, error = as_of(request)
    tasks = perms.tasks_visible(request.user).filter(document=document).prefetch_related("lead_units")
    stats = program_stats(document, day, tasks=tasks) if perms.follows_document(request.user, document) else None
    status = 400 if error else 200
    return render(request, "directives/document_detail.html", {
        "document": document, "day": day, "date_error": error, "stats": stats, "tasks": tasks,
        "links": document.links.select_related("target"), "cited_by": document.cited_by.select_related("source"),
        "can_manage": perms.can_manage_document(request.user, document),
        "withdrawn": tasks.filter(withdrawn=True) if stats is not None else (),
    }, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = perms.get_visible(perms.tasks_visible(request.user).select_related("document"), pk=pk)
    if not perms.follows_document(request.user, task.document):
        raise Http404
    day, error = as_of(request)
    done, not_done = split_done(task, day)
    for a in done + not_done:
        a.status = a.status_on(day)
        a.days_late = (day - a.due_on).days if a.due_on and not a.done_on and day > a.due_on else 0
    return render(request, "directives/task_detail.html", {
        "task": task, "day": day, "date_error": error, "done": done, "not_done": not_done,
        "total": len(done) + len(not_done), "can_manage": perms.can_manage_document(request.user, task.document),
    }, status=400 if error else 200)


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_enter_documents(request.user):
        raise Http404
    own = None if request.user.is_monitor else perms.followed_unit(request.user)
    form = DocumentForm(request.POST or None, request.FILES or None, own_unit=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if own is not None:  # a unit's own document: issued by it, followed in its subtree
            data["issuer"], data["issuer_name"] = own, own.name
        try:
            document = services.document_create_with_links(
                number=data["number"], date=data["date"], title=data["title"], kind=data["kind"],
                issuer=data["issuer"], issuer_name=data["issuer_name"], signer=data["signer"],
                signer_title=data["signer_title"], is_program=data["is_program"], by=request.user,
                file=data["file"], implements=data["implements"],
                done_when=data["done_when"] or DoneWhen.ACCEPTED, scope=own)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo văn bản %(number)s.") % {"number": document.number})
            return redirect("directives:document", pk=document.pk)
    return render(request, "directives/document_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = perms.get_visible(perms.documents_visible(request.user), pk=pk)
    if not perms.can_manage_document(request.user, document):
        raise Http404
    # The units that existed on the document's date; for a unit's own program, those below it.
    form = TaskForm(request.POST or None, on=document.date, scope=document.scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                document=document, ref=data["ref"], title=data["title"], action=data["action"],
                lead_units=data["lead_units"], lead_group=data["lead_group"], coordinators=data["coordinators"],
                deadline_kind=data["deadline_kind"], deadline_date=data["deadline_date"],
                recurrence_months=data["recurrence_months"], fulfilment=data["fulfilment"],
                report_to_text=data["report_to_text"])
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã giao nhiệm vụ %(ref)s cho %(n)d đơn vị.") % {
                "ref": task.ref, "n": task.assignments.count()})
            return redirect("directives:document", pk=document.pk)
    return render(request, "directives/task_form.html", {"form": form, "document": document},
                  status=400 if request.method == "POST" else 200)


def _edit_failed(form, exc: services.ServiceError) -> int:
    """Show why an edit was refused on its form; 409 when someone else saved first, else 400."""
    form.add_error(None, str(exc))
    return 409 if isinstance(exc, editing.ConcurrentEdit) else 400


DOCUMENT_EDITED = ("number", "kind", "date", "issuer", "issuer_name", "title", "signer", "signer_title", "is_program",
                   "done_when")


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a document's header (number, date, issuer, summary, signer), from the version the editor saw."""
    document = perms.get_visible(perms.documents_visible(request.user), pk=pk)
    if not perms.can_manage_document(request.user, document):
        raise Http404
    initial = {name: getattr(document, name) for name in DOCUMENT_EDITED} | {"version": document.version}
    own = None if request.user.is_monitor else perms.followed_unit(request.user)
    form = DocumentEditForm(request.POST or None, initial=initial, own_unit=own)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            if "issuer" in form.changed_data and "issuer_name" not in form.changed_data:
                data["issuer_name"] = data["issuer"].name if data["issuer"] else ""  # named after the new issuer
            try:
                editing.document_update(document=document, **data)
            except services.ServiceError as exc:
                status = _edit_failed(form, exc)
            else:
                messages.success(request, _("Đã lưu văn bản %(number)s.") % {"number": data["number"]})
                return redirect("directives:document", pk=document.pk)
    return render(request, "directives/document_form.html", {"form": form, "document": document}, status=status)


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a task's wording, move its deadline for the units that have not finished, or withdraw it."""
    task = perms.get_visible(perms.tasks_visible(request.user).select_related("document"), pk=pk)
    if not perms.can_manage_document(request.user, task.document):
        raise Http404
    fields = ("ref", "title", "action", "lead_text", "report_to_text", "deadline_kind", "deadline_date",
              "deadline_text", "withdrawn")
    initial = {name: getattr(task, name) for name in fields} | {"version": task.version,
                                                                 "lead_units": list(task.lead_units.all())}
    form = TaskEditForm(request.POST or None, initial=initial, recurring=task.is_recurring, on=task.assigned_on,
                        scope=task.document.scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            moved = {"deadline_kind", "deadline_date"} & set(form.changed_data)
            if "lead_units" not in form.changed_data:
                data.pop("lead_units")
            if not moved:  # left as it was: nothing to move
                for name in ("deadline_kind", "deadline_date"):
                    data.pop(name, None)
            elif "deadline_text" not in form.changed_data:
                data["deadline_text"] = None  # the document's words no longer describe the new deadline
            try:
                saved = editing.task_update(task=task, **data)
            except services.ServiceError as exc:
                status = _edit_failed(form, exc)
            else:
                message = _("Đã lưu nhiệm vụ %(task)s.") % {"task": saved.ref or saved.title}
                if saved.assignments_moved:
                    message += " " + _("Đã chuyển hạn của %(n)d đơn vị chưa hoàn thành.") % {"n": saved.assignments_moved}
                if saved.units_added or saved.units_removed:
                    message += " " + _("Giao thêm %(added)d, bỏ %(removed)d đơn vị.") % {
                        "added": saved.units_added, "removed": saved.units_removed}
                messages.success(request, message)
                return redirect("directives:task", pk=task.pk)
    return render(request, "directives/task_form.html", {"form": form, "document": task.document, "task": task},
                  status=status)
