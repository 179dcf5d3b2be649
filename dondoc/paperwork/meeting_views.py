"""Review meetings (giao ban): record, add conclusions, preview and issue the conclusion notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.directives.services import ServiceError
from dondoc.lib.calendar import parse_user_date
from dondoc.lib.files import download_name

from . import compose, queries, services
from .forms import ConclusionForm, MeetingForm
from .models import Meeting, Purpose
from .views import _docx_response, _read, _write


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    _read(request)
    page = Paginator(queries.meetings_list(), 30).get_page(request.GET.get("trang"))
    return render(request, "paperwork/meeting_list.html", {"page": page,
                                                           "can_write": perms.can_manage_directives(request.user)})


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    _write(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(**data, by=request.user)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi cuộc họp giao ban. Thêm các kết luận rồi ban hành thông báo."))
            return redirect("paperwork:meeting", pk=meeting.pk)
    return render(request, "paperwork/meeting_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _read(request)
    meeting = perms.get_visible(queries.meetings_list(), pk=pk)
    can_write = perms.can_manage_directives(request.user)
    form = ConclusionForm(request.POST or None) if can_write and not meeting.notice_id else None
    if request.method == "POST":
        _write(request)
        if form is not None and form.is_valid():
            try:
                services.conclusion_add(meeting=meeting, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã thêm kết luận."))
                return redirect("paperwork:meeting", pk=meeting.pk)
    conclusions = meeting.conclusions.prefetch_related("lead_units")
    return render(request, "paperwork/meeting_detail.html", {
        "meeting": meeting, "conclusions": [(c, compose.conclusion_text(c)) for c in conclusions],
        "form": form, "can_write": can_write}, status=400 if form is not None and form.errors else 200)


@login_required
def meeting_draft(request: HttpRequest, pk: int) -> HttpResponse:
    _write(request)
    meeting = perms.get_visible(Meeting.objects.select_related("program"), pk=pk)
    return _docx_response(services.draft_docx(purpose=Purpose.NOTICE, meeting=meeting),
                          download_name("Dự thảo thông báo kết luận giao ban", f"ngày {meeting.date:%d-%m-%Y}",
                                        extension="docx"))


@login_required
@require_POST
def meeting_issue(request: HttpRequest, pk: int) -> HttpResponse:
    _write(request)
    meeting = perms.get_visible(Meeting.objects.select_related("program", "notice"), pk=pk)
    try:
        date = parse_user_date(request.POST["date"]) if request.POST.get("date", "").strip() else None
        if request.POST.get("confirm") != "1" and not meeting.notice_id:  # numbered and assigned: ask first
            return render(request, "paperwork/confirm_notice.html", {
                "meeting": meeting, "date": date, "date_raw": request.POST.get("date", "").strip()[:10],
                "number": queries.number_preview(purpose=Purpose.NOTICE, date=date),
                "tasks": meeting.conclusions.filter(Q(lead_units__isnull=False) | ~Q(lead_group="")).distinct().count()})
        paper = services.notice_issue(meeting=meeting, date=date, by=request.user)
    except (ValueError, ServiceError) as exc:
        messages.error(request, str(exc))
        return redirect("paperwork:meeting", pk=meeting.pk)
    messages.success(request, _("Đã ban hành Thông báo số %(number)s; các nhiệm vụ đã được giao.") % {"number": paper.number})
    return redirect("paperwork:paper", pk=paper.pk)
