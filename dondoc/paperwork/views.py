"""Pages for the monitor (generate, issue, templates, meetings); leaders read; the officer of a unit with units
below it (the cascade) generates and issues its own reports and urging letters on its own programs and sees
its own papers; other officers get 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.directives.services import ServiceError
from dondoc.lib.files import download_name

from . import queries, services
from .forms import GenerateForm, RegisterForm, TemplateForm
from .models import Meeting, PaperTemplate, PdfState, Purpose, Register
from .templating import PURPOSE_LABELS

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _read(request: HttpRequest) -> None:
    if not request.user.reads_everything:
        raise Http404


def _write(request: HttpRequest) -> None:
    if not perms.can_manage_directives(request.user):
        raise Http404


def _issuer(request: HttpRequest):
    """Who issues from this request: None for the monitor (the centre), the followed unit for its officer;
    anyone else gets 404."""
    if perms.can_manage_directives(request.user):
        return None
    unit = None if request.user.reads_everything else perms.followed_unit(request.user)
    if unit is None:
        raise Http404
    return unit


def _see_papers(request: HttpRequest) -> None:
    if not (request.user.reads_everything or perms.followed_unit(request.user) is not None):
        raise Http404


def _docx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def paper_list(request: HttpRequest) -> HttpResponse:
    _see_papers(request)
    page = Paginator(queries.papers_visible(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "paperwork/paper_list.html", {"page": page})


@login_required
def paper_generate(request: HttpRequest) -> HttpResponse:
    unit = _issuer(request)
    form = GenerateForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        args = {"program": data["program"], "as_of": data["as_of"], "known_on": data.get("known_on"), "unit": unit}
        extra = {"new_deadline": data["new_deadline"]} if data["purpose"] == Purpose.URGE else {}
        try:
            if "issue" not in request.POST:
                docx = services.draft_docx(purpose=data["purpose"], **args, **extra)
                name = download_name("Dự thảo", PURPOSE_LABELS[data["purpose"]].lower(), data["program"].number,
                                     f"tính đến {data['as_of']:%d-%m-%Y}", extension="docx")
                return _docx_response(docx, name)
            if request.POST.get("confirm") != "1":  # a numbered document cannot be taken back: ask first
                # A paper that could not be made says so now, not after the confirmation.
                services.draft_docx(purpose=data["purpose"], **args, **extra)
                return render(request, "paperwork/confirm_issue.html", {
                    "form": form, "purpose_label": PURPOSE_LABELS[data["purpose"]],
                    "number": queries.number_preview(purpose=data["purpose"], date=data["date"],
                                                     template=services.template_for(data["purpose"], unit))})
            issue = services.report_issue if data["purpose"] == Purpose.REPORT else services.urge_issue
            paper = issue(**args, **extra, date=data["date"], by=request.user)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã phát hành văn bản số %(number)s. Bản PDF đang được tạo.") % {"number": paper.number})
            return redirect("paperwork:paper", pk=paper.pk)
    return render(request, "paperwork/generate.html", {"form": form, "unit": unit},
                  status=400 if form.errors else 200)


@login_required
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _see_papers(request)
    paper = perms.get_visible(queries.papers_visible(request.user), pk=pk)
    figures = queries.figures_compared(paper)
    return render(request, "paperwork/paper_detail.html", {
        "paper": paper, "can_write": perms.can_manage_directives(request.user) or paper.issuer_id is not None
        and not request.user.reads_everything,
        "meeting": Meeting.objects.filter(notice=paper).first(), "figures": figures,
        "changed": any(f["changed"] for f in figures)})


@login_required
def paper_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    _see_papers(request)
    paper = perms.get_visible(queries.papers_visible(request.user), pk=pk)
    stored = paper.docx if fmt == "docx" else paper.pdf
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=paper.download_name(fmt),
                        content_type=DOCX_TYPE if fmt == "docx" else "application/pdf")


@login_required
@require_POST
def paper_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _issuer(request)
    paper = perms.get_visible(queries.papers_visible(request.user), pk=pk)
    if paper.pdf_state in (PdfState.READY, PdfState.PENDING):
        messages.info(request, _("Bản PDF đã có hoặc đang được tạo."))
    else:
        services.pdf_request(paper=paper)
        messages.success(request, _("Đã yêu cầu tạo lại bản PDF."))
    return redirect("paperwork:paper", pk=paper.pk)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _read(request)
    templates = [services.template_get(p) for p in Purpose.values]
    return render(request, "paperwork/template_list.html", {"templates": templates,
                                                            "can_write": perms.can_manage_directives(request.user)})


@login_required
def template_edit(request: HttpRequest, purpose: str) -> HttpResponse:
    _write(request)
    if purpose not in Purpose.values:
        raise Http404
    template = services.template_get(purpose)
    form = TemplateForm(request.POST or None, instance=PaperTemplate.objects.get(pk=template.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, values=form.cleaned_data, by=request.user)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu mẫu văn bản."))
            return redirect("paperwork:templates")
    return render(request, "paperwork/template_form.html", {"form": form, "template": template},
                  status=400 if form.errors else 200)


@login_required
def registers(request: HttpRequest) -> HttpResponse:
    """The numbering registers; the monitor sets one to continue from a given number. A following unit's officer
    sees and sets its own unit's registers (its reports and urging letters)."""
    _see_papers(request)
    unit = None if request.user.reads_everything else perms.followed_unit(request.user)
    can_write = perms.can_manage_directives(request.user) or unit is not None
    form = RegisterForm(request.POST or None, initial={"year": timezone.localdate().year}, unit=unit)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                template = services.template_for(form.cleaned_data["purpose"], unit)
                register = services.register_continue(issuer=services.register_key(template),
                                                      kind_code=template.kind_code, year=form.cleaned_data["year"],
                                                      last_number=form.cleaned_data["last_number"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Sổ %(kind)s-%(issuer)s năm %(year)s: văn bản tiếp theo nhận số %(next)s.")
                                 % {"kind": register.kind_code, "issuer": register.issuer, "year": register.year,
                                    "next": register.last_number + 1})
                return redirect("paperwork:registers")
    shown = Register.objects.all() if unit is None else Register.objects.filter(issuer=unit.code)
    return render(request, "paperwork/registers.html", {
        "registers": shown, "form": form if can_write else None},
        status=400 if form.errors else 200)
