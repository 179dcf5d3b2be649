import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.directives.services import ServiceError

from . import delivery as outbox
from . import queries, services
from .feed import calendar_bytes
from .forms import ExtensionDecisionForm, ExtensionRequestForm
from .models import CalendarFeed, Delivery, DeliveryState, ExtensionRequest, ExtensionState
from .sweep import digest_body


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.digests_of(request.user), 30).get_page(request.GET.get("trang"))
    return render(request, "reminders/inbox.html", {"page": page})


@login_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = perms.get_visible(queries.digests_of(request.user), pk=pk)
    if digest.read_at is None:
        digest.read_at = timezone.now()
        digest.save(update_fields=["read_at"])
    text, _html = digest_body(digest)
    return render(request, "reminders/digest_detail.html", {"digest": digest, "text": text})


@login_required
def deliveries(request: HttpRequest) -> HttpResponse:
    if not request.user.is_monitor:
        raise Http404
    state = request.GET.get("trang-thai", "")
    page = Paginator(queries.deliveries_for_monitor(state), 50).get_page(request.GET.get("trang"))
    return render(request, "reminders/deliveries.html", {
        "page": page, "state": state, "counts": queries.delivery_counts(), "states": DeliveryState.choices})


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_monitor:
        raise Http404
    try:
        outbox.delivery_retry(delivery=perms.get_visible(Delivery.objects.all(), pk=pk), by=request.user)
        messages.success(request, _("Đã đưa thư vào hàng đợi gửi lại."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("reminders:deliveries")


@login_required
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = perms.get_visible(perms.assignments_visible(request.user).select_related(
        "task__document", "unit"), pk=pk)
    if not perms.can_submit(request.user, assignment) or request.user.is_monitor:
        raise Http404
    form = ExtensionRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.extension_request_create(assignment=assignment, by=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã gửi đề nghị gia hạn. Bộ phận theo dõi sẽ quyết định."))
                return redirect("submissions:assignment", pk=assignment.pk)
        status = 400
    history = ExtensionRequest.objects.filter(assignment=assignment).select_related("requested_by", "decided_by")
    return render(request, "reminders/extension_request.html", {
        "a": assignment, "form": form, "history": history}, status=status)


@login_required
def extension_queue(request: HttpRequest) -> HttpResponse:
    qs = queries.extensions_visible(request.user)
    pending = qs.filter(state=ExtensionState.PENDING).order_by("requested_at")
    decided = qs.exclude(state=ExtensionState.PENDING)[:50]
    return render(request, "reminders/extension_queue.html", {
        "pending": pending, "decided": decided, "form": ExtensionDecisionForm(),
        "can_decide": perms.can_decide_extensions(request.user)})


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    ext = perms.get_visible(queries.extensions_visible(request.user), pk=pk)
    if not perms.can_decide_extensions(request.user):
        raise Http404
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reminders:extension_queue")
    try:
        services.extension_decide(request=ext, by=request.user, grant=form.cleaned_data["decision"] == "grant",
                                  comment=form.cleaned_data["comment"])
        messages.success(request, _("Đã ghi quyết định."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("reminders:extension_queue")


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.calendar_feed_revoke(user=request.user)
        messages.success(request, _("Đã đổi địa chỉ lịch; địa chỉ cũ không còn dùng được."))
        return redirect("reminders:calendar")
    feed = services.calendar_feed_get(user=request.user)
    url = request.build_absolute_uri(f"/nhac-viec/lich/{feed.token}.ics")
    return render(request, "reminders/calendar.html", {"feed_url": url})


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: calendar programs fetch it with the secret address only."""
    feed = perms.get_visible(CalendarFeed.objects.select_related("user__unit"), token=token)
    if not feed.user.is_active:
        raise Http404
    body = calendar_bytes(feed.user, queries.feed_assignments(feed.user), now=dt.datetime.now(dt.UTC),
                          milestones=queries.feed_milestones(feed.user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dondoc.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The reminder rules in force and, for each stage of escalation, whom it reaches or why nobody."""
    if not request.user.reads_everything:
        raise Http404
    return render(request, "reminders/rules.html", {"rows": queries.rules_with_recipients(),
                                                    "stages": queries.stage_recipients().values()})
