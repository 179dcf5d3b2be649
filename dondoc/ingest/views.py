from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dondoc.accounts import permissions as perms
from dondoc.directives.models import Fulfilment
from dondoc.directives.services import ServiceError
from dondoc.units.models import Unit

from . import services
from .forms import DraftTaskFormSet, HeaderForm, UploadForm
from .models import Draft, DraftState
from .reading import ReadError


def _monitor_only(request: HttpRequest) -> None:
    if not perms.can_manage_directives(request.user):
        raise Http404


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _monitor_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.draft_create(filename=upload.name, data=upload.read(), by=request.user)
        except ReadError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("ingest:review", pk=draft.pk)
    return render(request, "ingest/upload.html", {"form": form, "drafts": Draft.objects.all()[:20]},
                  status=400 if request.method == "POST" else 200)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    _monitor_only(request)
    draft = perms.get_visible(Draft.objects.all(), pk=pk)
    if draft.state == DraftState.CONFIRMED and draft.document_id:
        return redirect("directives:document", pk=draft.document_id)
    if draft.state != DraftState.READY:
        template = "ingest/_progress.html" if request.htmx else "ingest/progress.html"
        return render(request, template, {"draft": draft}, status=422 if draft.state == "failed" else 200)
    if request.htmx:  # the progress box polled and reading is done: load the whole review page
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    proposals = services.draft_tasks(draft)
    header, formset = _forms(request, draft, proposals)
    if request.method == "POST" and header.is_valid() and formset.is_valid():
        chosen = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("include")]
        try:
            document = services.draft_confirm(draft=draft, header=header.cleaned_data, tasks=chosen, by=request.user)
        except ServiceError as exc:
            header.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo văn bản %(number)s với %(n)d nhiệm vụ.") % {"number": document.number, "n": len(chosen)})
            return redirect("directives:document", pk=document.pk)
    return render(request, "ingest/review.html", {
        "draft": draft, "header": header, "formset": formset, "rows": zip(formset.forms, proposals, strict=False),
        "marked_text": marked(draft.text, proposals)}, status=400 if request.method == "POST" else 200)


def _forms(request, draft, proposals):
    doc = draft.extraction.get("document") or {}
    header = HeaderForm(request.POST or None, prefix="doc", initial={
        "number": doc.get("number"), "kind": doc.get("kind") if doc.get("kind") in dict(HeaderForm.base_fields[
            "kind"].choices) else "", "date": doc.get("date") and _ddmmyyyy(doc["date"]),
        "issuer_name": doc.get("issuer"), "place": doc.get("place"), "title": doc.get("title"),
        "signer": doc.get("signer"), "signer_title": doc.get("signer_title")})
    by_code = dict(Unit.objects.filter(code__in={c for p in proposals
                                                 for c in p.lead_codes + p.coordinator_codes + p.report_to_codes})
                   .values_list("code", "pk"))
    initial = [{
        "include": bool(p.lead_codes or p.lead_group), "ref": p.ref, "title": p.title, "action": p.action,
        "lead_units": [by_code[c] for c in p.lead_codes if c in by_code], "lead_group": p.lead_group,
        "coordinators": [by_code[c] for c in p.coordinator_codes if c in by_code], "lead_text": p.lead_text,
        "deadline_kind": p.deadline_kind, "deadline_date": p.deadline_date and p.deadline_date.strftime("%d/%m/%Y"),
        "deadline_text": p.deadline_text, "report_to_text": p.report_to_text,
        "recurrence_months": p.recurrence_months, "recurrence_due_day": p.recurrence_due_day,
        "starts_on": p.starts_on and p.starts_on.strftime("%d/%m/%Y"),
        "report_to": [by_code[c] for c in p.report_to_codes if c in by_code],
        # a periodic duty is done period by period, by its periodic reports
        "fulfilment": Fulfilment.PERIODIC_REPORT if p.deadline_kind == "recurring" else Fulfilment.COMPLETION_REPORT}
        for p in proposals]
    formset = DraftTaskFormSet(request.POST or None, prefix="t", initial=initial,
                               form_kwargs={"on": services.draft_date(draft)})
    return header, formset


def _ddmmyyyy(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def marked(text: str, proposals) -> SafeString:
    """The document text with each proposed task's span highlighted and anchored (#task-N)."""
    pieces, cursor = [], 0
    for p in sorted((p for p in proposals if p.span), key=lambda p: p.span[0]):
        start, end = max(p.span[0], cursor), min(p.span[1], len(text))
        if start >= end:
            continue
        pieces.append(("{}", (text[cursor:start],)))
        pieces.append(('<mark id="task-{}" data-task="{}">{}</mark>', (p.index, p.index, text[start:end])))
        cursor = end
    pieces.append(("{}", (text[cursor:],)))
    return format_html_join("", "{}", ((format_html(fmt, *args),) for fmt, args in pieces))
