from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dondoc.accounts import permissions as perms
from dondoc.lib.forms import VnDateField
from dondoc.lib.text import fold

from . import changes, services
from .importing import ImportError_
from .models import RegistryChange, UnitImport, UnitKind


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = perms.units_visible(request.user).select_related("parent")
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("loai", "")
    for word in fold(query).split()[:10]:
        units = units.filter(search_text__contains=word)
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    page = Paginator(units.order_by("path"), 100).get_page(request.GET.get("trang"))
    return render(request, "units/unit_list.html", {"page": page, "q": query, "kind": kind,
                                                     "kinds": UnitKind.choices})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = perms.get_visible(perms.units_visible(request.user).select_related("parent"), pk=pk)
    today = timezone.localdate()
    assignments = list(perms.assignments_visible(request.user).filter(unit=unit, task__withdrawn=False)
                       .exclude(period_start__gt=today).select_related("task__document")
                       .order_by("-task__document__date", "task__order", "period_index")[:200])
    for a in assignments:
        a.status = a.status_on(today)
    return render(request, "units/unit_detail.html", {
        "unit": unit, "today": today, "assignments": assignments,
        "children": unit.children.valid_on(today).order_by("path")[:200],
        "successors": unit.successions.select_related("successor"),
        "predecessors": unit.precessions.select_related("predecessor"),
        "versions": unit.versions.select_related("parent").order_by("-valid_until"),
    })


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh mục (.csv hoặc .xlsx; cột code, name, short_name, kind, parent)"))


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_directives(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.unit_import_start(filename=upload.name, data=upload.read(), by=request.user)
        except ImportError_ as exc:
            form.add_error("file", " ".join(exc.errors))
        else:
            return redirect("units:import_status", pk=job.pk)
    return render(request, "units/import.html", {"form": form, "jobs": UnitImport.objects.all()[:10]},
                  status=400 if request.method == "POST" else 200)


@login_required
def unit_import_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not perms.can_manage_directives(request.user):
        raise Http404
    job = perms.get_visible(UnitImport.objects.all(), pk=pk)
    template = "units/_import_progress.html" if request.htmx else "units/import_status.html"
    return render(request, template, {"job": job})


class ChangeForm(forms.Form):
    file = forms.FileField(label="Tệp thay đổi (.csv hoặc .xlsx; cột action, code, name, short_name, kind, parent, "
                                 "successors, province, note)")
    effective = VnDateField(label="Hiệu lực từ ngày (dd/mm/yyyy)")


def _registry_admin(request: HttpRequest) -> None:
    if not perms.can_manage_registry(request.user):
        raise Http404


@login_required
def change_upload(request: HttpRequest) -> HttpResponse:
    """Upload a change set: it is checked and kept as a draft whose preview the administrator confirms."""
    _registry_admin(request)
    form = ChangeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:  # the file passes the upload check every file passes (read_rows), size included
            rows = changes.read_change(upload.read(), upload.name)
            draft, _plan = changes.change_draft(rows=rows, effective=form.cleaned_data["effective"],
                                                by=request.user, filename=upload.name, source="page")
        except changes.ChangeError as exc:
            form.add_error(None, " ".join(exc.errors[:1]))
            return render(request, "units/changes.html", {
                "form": form, "errors": exc.errors, "recent": RegistryChange.objects.all()[:20]}, status=400)
        return redirect("units:change", pk=draft.pk)
    return render(request, "units/changes.html", {"form": form, "recent": RegistryChange.objects.all()[:20]},
                  status=400 if request.method == "POST" else 200)


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview of a draft (what moves: units, open assignments, accounts), confirmed by POST; or the record
    of a change already applied."""
    _registry_admin(request)
    change = perms.get_visible(RegistryChange.objects.select_related("applied_by", "created_by"), pk=pk)
    rows = changes.rows_of(change)
    errors: list[str] = []
    plan = None
    if request.method == "POST" and change.applied_at is None:
        try:
            changes.change_apply(rows=rows, effective=change.effective_on, by=request.user, draft=change)
        except changes.ChangeError as exc:
            errors = exc.errors
        else:
            messages.success(request, f"Đã áp dụng thay đổi danh mục hiệu lực từ {change.effective_on:%d/%m/%Y}.")
            return redirect("units:change", pk=change.pk)
    if change.applied_at is None and not errors:
        try:
            plan = changes.change_plan(rows, change.effective_on)
        except changes.ChangeError as exc:  # the registry changed since the draft was made
            errors = exc.errors
    return render(request, "units/change_detail.html", {"change": change, "plan": plan, "errors": errors,
                                                        "rows": rows}, status=400 if errors else 200)
