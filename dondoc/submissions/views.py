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
from dondoc.directives.models import Fulfilment
from dondoc.directives.queries import active_on, status_filters, task_rows
from dondoc.directives.services import ServiceError
from dondoc.lib.calendar import parse_user_date
from dondoc.lib.files import PDF
from dondoc.lib.paging import KeyPaginator

from . import services
from .forms import ContributionForm, PlanIssueForm, ReportedCountForm, ReviewForm, SubmissionForm
from .models import Attachment, Contribution, Milestone, SubmissionState
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
          .select_related("task__document", "unit")
          .order_by("due_on", "task__document__date", "task__order", "pk"))
    if status in rules.STATUSES:
        qs = qs.filter(status_filters(today)[status])
    elif status in WORKFLOW:
        qs = qs.filter(WORKFLOW[status][1]())
    # A unit's subtree (up to ~15,000 rows for a province): keys and length in one narrow query. The whole
    # federation (no unit, or the root's): counting apart lets the database stop at the page.
    paginator = KeyPaginator if request.user.unit_id and request.user.unit.depth > 0 else Paginator
    page = paginator(qs, 50).get_page(request.GET.get("trang"))
    for a in page:
        a.status = a.status_on(today)
    statuses = [*rules.LABELS.items(), *((key, label) for key, (label, _q) in WORKFLOW.items())]
    coordinated = perms.coordinated_tasks(request.user).select_related("document").order_by("-assigned_on", "id")[:50]
    return render(request, "submissions/my_assignments.html", {
        "page": page, "today": today, "status": status, "statuses": statuses, "coordinated": coordinated})



@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit", "transferred_to__unit"), pk=pk)
    form = SubmissionForm(initial={"kind": assignment.task.fulfilment})
    return _render_assignment(request, assignment, form)


def _may_issue_plan(user, assignment) -> bool:
    return (perms.can_submit(user, assignment) and assignment.task.fulfilment == Fulfilment.PLAN_ISSUED
            and assignment.active_to is None and assignment.done_on is None
            and not assignment.submissions.filter(state=SubmissionState.PENDING).exists())


def _render_assignment(request, assignment, form, status=200, count_form=None):
    today = timezone.localdate()
    history = assignment.submissions.select_related("submitted_by", "reviewed_by").prefetch_related(
        "attachments", "plan_tasks__task", "plan_tasks__leader", "plan_tasks__staff", "plan_tasks__milestones")
    # Through the reverse relation: the reminders app (extensions) sits above this one.
    extensions = list(assignment.extension_requests.select_related("requested_by", "decided_by")
                      .order_by("-requested_at"))
    return render(request, "submissions/assignment_detail.html", {
        "a": assignment, "status": assignment.status_on(today), "today": today, "form": form,
        "submissions": history, "can_submit": perms.can_submit(request.user, assignment),
        "can_review": perms.can_review_assignment(request.user, assignment), "review_form": ReviewForm(),
        "can_issue_plan": _may_issue_plan(request.user, assignment),
        "can_report_count": perms.can_report_count(request.user, assignment),
        "count_form": count_form or ReportedCountForm(),
        "counts": assignment.reported_counts.select_related("reported_by")[:20],
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
    submission = perms.get_visible(perms.submissions_visible(request.user).select_related(
        "assignment__task__document"), pk=pk)
    if not perms.can_review(request.user, submission):
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
    pending = (perms.reviewable_submissions(request.user).filter(state=SubmissionState.PENDING)
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


@login_required
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit issues its own plan for its parent's program: one act that fulfils its assignment and opens its
    own program, which it then gives to the units below it."""
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit"), pk=pk)
    if not _may_issue_plan(request.user, assignment):
        raise Http404
    parent = assignment.task.document
    initial = {"title": _("Kế hoạch triển khai %(document)s") % {"document": f"{parent.get_kind_display()} "
                                                                          f"số {parent.number}".strip()}}
    form = PlanIssueForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document, _submission = services.plan_issue(
                assignment=assignment, by=request.user, number=data["number"], date=data["date"],
                title=data["title"], signer=data["signer"],
                files=[services.Upload(f.name, f.read()) for f in data["files"]])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ban hành kế hoạch %(number)s: nhiệm vụ được giao đã ghi nhận, và "
                                        "chương trình của đơn vị đã mở để giao cho các đơn vị trực thuộc.")
                             % {"number": document.number})
            return redirect("directives:document", pk=document.pk)
    return render(request, "submissions/plan_issue.html", {"a": assignment, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def reported_count(request: HttpRequest, pk: int) -> HttpResponse:
    """Figures reported from below for a period ("12 of 15 done")."""
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit", "transferred_to__unit"), pk=pk)
    if not perms.can_report_count(request.user, assignment):
        raise Http404
    form = ReportedCountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.reported_count_create(assignment=assignment, by=request.user, period=data["period"],
                                           done=data["done"], total=data["total"], note=data["note"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi số liệu %(done)d/%(total)d cho kỳ %(period)s.") % data)
            return redirect("submissions:assignment", pk=assignment.pk)
    return _render_assignment(request, assignment, SubmissionForm(initial={"kind": assignment.task.fulfilment}),
                              status=400, count_form=form)


def _coordinated(request: HttpRequest, pk: int):
    task = perms.get_visible(perms.tasks_visible(request.user).select_related("document"), pk=pk)
    if not (perms.can_coordinate(request.user, task) or perms.follows_document(request.user, task.document)):
        raise Http404
    return task


def _render_coordinated(request, task, form, status=200):
    today = timezone.localdate()
    rows = list(task_rows(task, today))
    for a in rows:
        a.status = a.status_on(today)
    return render(request, "submissions/coordinated_task.html", {
        "task": task, "today": today, "rows": rows, "form": form,
        "can_contribute": perms.can_coordinate(request.user, task),
        "coordinators": task.coordinators.all(),
        "contributions": task.contributions.select_related("unit", "author"),
    }, status=status)


@login_required
def coordinated_task(request: HttpRequest, pk: int) -> HttpResponse:
    """A task as its coordinating units see it: who is responsible and where they stand, and what the
    coordinators contributed (they are not counted among the responsible units)."""
    return _render_coordinated(request, _coordinated(request, pk), ContributionForm())


def parse_milestones(text: str) -> list[services.MilestoneEntry]:
    """One milestone a line: "dd/mm/yyyy what is done by then" (a dash or colon after the date is fine)."""
    found = []
    for line in (text or "").splitlines()[:50]:
        line = line.strip()
        if not line:
            continue
        head, _sep, rest = line.partition(" ")
        day = parse_user_date(head)  # ValueError: a clear Vietnamese message
        title = rest.strip(" -–:")
        if not title:
            raise ValueError(_("Mốc ngày %(day)s chưa ghi nội dung.") % {"day": head[:10]})
        found.append(services.MilestoneEntry(title=title[:300], due_on=day))
    return found


def _plan_choices(assignment):
    """The tasks of the same document the unit carries, and the unit's accounts."""
    from dondoc.accounts.models import User
    from dondoc.directives.models import Task

    tasks = list(Task.objects.filter(document_id=assignment.task.document_id, withdrawn=False,
                                     assignments__unit_id=assignment.unit_id).distinct().order_by("order", "id"))
    people = list(User.objects.filter(unit_id=assignment.unit_id, is_active=True).order_by("last_name", "first_name"))
    return tasks, people


@login_required
def progress_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """A department's progress plan: per appendix task it covers, the leader and staff in charge (accounts of
    the unit) and dated milestones."""
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit"), pk=pk)
    if not perms.can_submit(request.user, assignment):
        raise Http404
    tasks, people = _plan_choices(assignment)
    by_pk = {str(u.pk): u for u in people}
    error, status = "", 200
    if request.method == "POST":
        entries = []
        try:
            for task in tasks:
                prefix = f"t{task.pk}-"
                if not request.POST.get(prefix + "include"):
                    continue
                chosen = [v for v in [request.POST.get(prefix + "leader", ""), *request.POST.getlist(prefix + "staff")]
                          if v]
                if any(v not in by_pk for v in chosen):
                    raise ServiceError(_("Lãnh đạo và cán bộ phụ trách phải là tài khoản của đơn vị %(unit)s.")
                                       % {"unit": assignment.unit.label})
                leader = by_pk.get(request.POST.get(prefix + "leader", ""))
                staff = [by_pk[v] for v in request.POST.getlist(prefix + "staff")]
                entries.append(services.PlanEntry(task=task, leader=leader, staff=staff,
                                                  milestones=parse_milestones(request.POST.get(prefix + "milestones",
                                                                                               "")[:10000])))
            services.progress_plan_submit(assignment=assignment, by=request.user, entries=entries,
                                          text=request.POST.get("text", "")[:20000])
        except (ValueError, ServiceError) as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, _("Đã gửi kế hoạch tiến độ. Các mốc sẽ được theo dõi và nhắc như thời hạn."))
            return redirect("submissions:assignment", pk=assignment.pk)
    return render(request, "submissions/progress_plan.html", {
        "a": assignment, "tasks": tasks, "people": people, "error": error, "posted": request.POST}, status=status)


@login_required
@require_POST
def contribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = _coordinated(request, pk)
    if not perms.can_coordinate(request.user, task):
        raise Http404
    form = ContributionForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.contribution_create(task=task, unit=request.user.unit, by=request.user,
                                         text=form.cleaned_data["text"],
                                         upload=services.Upload(upload.name, upload.read()) if upload else None)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã gửi ý kiến, đóng góp."))
            return redirect("submissions:coordinated_task", pk=task.pk)
    return _render_coordinated(request, task, form, status=400)


@login_required
def contribution_download(request: HttpRequest, pk: int) -> FileResponse:
    contribution = perms.get_visible(Contribution.objects.select_related("task__document"), pk=pk)
    _coordinated(request, contribution.task_id)
    if not contribution.file:
        raise Http404
    try:
        handle = contribution.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=contribution.original_name,
                        content_type=contribution.content_type or "application/octet-stream")


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    visible = perms.assignments_visible(request.user)
    milestone = perms.get_visible(Milestone.objects.filter(plan_task__submission__assignment__in=visible)
                                  .select_related("plan_task__submission"), pk=pk)
    try:
        services.milestone_done(milestone=milestone, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã ghi mốc tiến độ hoàn thành."))
    return redirect("submissions:assignment", pk=milestone.plan_task.submission.assignment_id)
