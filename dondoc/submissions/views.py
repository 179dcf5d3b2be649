import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.directives import rules
from dondoc.directives.queries import active_on, status_filters
from dondoc.directives.services import ServiceError
from dondoc.lib.files import PDF

from . import services
from .forms import ReviewForm, SubmissionForm
from .models import Attachment, Submission, SubmissionState
from .queries import WORKFLOW


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """What the user's unit (and the units below it) must do, with the status of each as of today."""
    today = timezone.localdate()
    status = request.GET.get("trang-thai", "")
    qs = perms.assignments_visible(request.user)
    if request.user.unit_id:
        qs = qs.filter(unit_id__in=perms.subtree_ids(request.user.unit))
    qs = (qs.filter(active_on(today), task__withdrawn=False)
          .exclude(period_start__gt=today + dt.timedelta(days=62))
          .select_related("task__document", "unit").order_by("due_on", "task__document__date", "task__order"))
    if status in rules.STATUSES:
        qs = qs.filter(status_filters(today)[status])
    elif status in WORKFLOW:
        qs = qs.filter(WORKFLOW[status][1]())
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    for a in page:
        a.status = a.status_on(today)
    statuses = [*rules.LABELS.items(), *((key, label) for key, (label, _q) in WORKFLOW.items())]
    return render(request, "submissions/my_assignments.html", {
        "page": page, "today": today, "status": status, "statuses": statuses})



@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit", "transferred_to__unit"), pk=pk)
    form = SubmissionForm(initial={"kind": assignment.task.fulfilment})
    return _render_assignment(request, assignment, form)


def _render_assignment(request, assignment, form, status=200):
    today = timezone.localdate()
    history = assignment.submissions.select_related("submitted_by", "reviewed_by").prefetch_related("attachments")
    # Through the reverse relation: the reminders app (extensions) sits above this one.
    extensions = list(assignment.extension_requests.select_related("requested_by", "decided_by")
                      .order_by("-requested_at"))
    return render(request, "submissions/assignment_detail.html", {
        "a": assignment, "status": assignment.status_on(today), "today": today, "form": form,
        "submissions": history, "can_submit": perms.can_submit(request.user, assignment),
        "can_review": perms.can_review(request.user), "review_form": ReviewForm(),
        "extensions": extensions, "pending_extension": next(
            (e for e in extensions if e.state == "pending"), None),
    }, status=status)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit"), pk=pk)
    if not perms.can_submit(request.user, assignment):
        raise Http404
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        uploads = [services.Upload(f.name, f.read()) for f in data["files"]]
        resubmission_of = assignment.submissions.filter(state=SubmissionState.RETURNED).first()
        try:
            services.submission_create(
                assignment=assignment, kind=data["kind"], by=request.user, text=data["text"],
                doc_number=data["doc_number"], doc_date=data["doc_date"], leader=data["leader"],
                staff=data["staff"], milestones=data["milestones"], files=uploads, resubmission_of=resubmission_of)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi. Bộ phận theo dõi sẽ xem xét."))
            return redirect("submissions:assignment", pk=assignment.pk)
    return _render_assignment(request, assignment, form, status=400)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    submission = perms.get_visible(perms.submissions_visible(request.user).select_related("assignment"), pk=pk)
    if not perms.can_review(request.user):
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect("submissions:assignment", pk=submission.assignment_id)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.submission_accept(submission=submission, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Đã chấp nhận."))
        else:
            services.submission_return(submission=submission, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Đã trả lại cho đơn vị."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("submissions:assignment", pk=submission.assignment_id)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not perms.can_review(request.user):
        raise Http404
    pending = (Submission.objects.filter(state=SubmissionState.PENDING)
               .select_related("assignment__task__document", "assignment__unit", "submitted_by")
               .prefetch_related("attachments").order_by("submitted_at"))
    page = Paginator(pending, 50).get_page(request.GET.get("trang"))
    return render(request, "submissions/review_queue.html", {"page": page, "review_form": ReviewForm()})


@login_required
def attachment_download(request: HttpRequest, pk: int, preview: bool = False) -> FileResponse:
    """The file sent with a submission, after the permission check; a PDF can be opened in the browser
    (`preview`) instead of downloaded. Other types always download: a browser would not show them."""
    attachment = perms.get_visible(Attachment.objects.select_related("submission__assignment__unit"), pk=pk)
    if not perms.can_view_attachment(request.user, attachment):
        raise Http404
    inline = preview and attachment.content_type == PDF
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=attachment.original_name,
                            content_type=attachment.content_type)
    if inline:
        # The browser's own PDF viewer runs inside the document: it needs a policy that lets it embed.
        response["Content-Security-Policy"] = "default-src 'none'; object-src 'self'; style-src 'unsafe-inline'"
        response["Cache-Control"] = "private, no-store"
    return response
