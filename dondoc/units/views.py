from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dondoc.accounts import permissions as perms
from dondoc.lib.text import fold

from . import services
from .importing import ImportError_
from .models import UnitImport, UnitKind


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
        "children": unit.children.order_by("path")[:200],
        "successors": unit.successions.select_related("successor"),
        "predecessors": unit.precessions.select_related("predecessor"),
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
