"""Dashboards of the monitor and the leaders: program → task → group → unit, as of a chosen date."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dondoc.accounts import permissions as perms
from dondoc.directives import rules
from dondoc.directives.models import Document
from dondoc.directives.queries import implementing_plans
from dondoc.lib.calendar import parse_user_date
from dondoc.lib.files import download_name
from dondoc.submissions.queries import plans_by_task, reported_rollup
from dondoc.units.history import as_of, rows_as_of
from dondoc.units.models import UnitKind

from . import exports, queries
from .charts import trend_chart

# Exports are Vietnamese data sheets whatever the language of the page (monitoring.exports).
LABELS = [str(rules.LABELS[s]) for s in queries.COLUMNS]


def column_labels() -> list[str]:
    """The status columns' names in the language of the request."""
    return [str(rules.LABELS[s]) for s in queries.COLUMNS]
PROGRAMS_SHOWN = 200
PRINT_PAGE_ROWS = 5000


class Problem(Exception):
    """Bad input or an object out of reach: answered with a page that says why, in Vietnamese."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def answer(view):
    """Turn Problem and Http404 into a Vietnamese 4xx page; a page whose date was not a date is shown as of
    today with the error beside the date field, answered 400."""
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Problem as exc:
            return render(request, "monitoring/problem.html", {"message": str(exc), "status": exc.status},
                          status=exc.status)
        except Http404:
            return render(request, "monitoring/problem.html",
                          {"message": _("Không tìm thấy trang hoặc bạn không có quyền xem nội dung này."),
                           "status": 404}, status=404)
        if getattr(request, "date_error", "") and response.status_code == 200:
            response.status_code = 400
        return response
    wrapped.__name__ = view.__name__
    return login_required(wrapped)


def day_of(request: HttpRequest, *, export: bool = False) -> dt.date:
    """The date of the page (?ngay=); when it is not a date, today, with the error kept for the page to show
    beside the field. An export with a bad date is refused instead (no file of another day)."""
    raw = request.GET.get("ngay", "").strip()
    if not raw:
        return timezone.localdate()
    try:
        return parse_user_date(raw[:40])
    except ValueError as exc:
        if export:
            raise Problem(400, str(exc)) from None
        request.date_error, request.date_raw = str(exc), raw[:40]
        return timezone.localdate()


BY_WORDS = {"loai": "loại đơn vị", "tinh": "tỉnh, thành phố", "cap-tren": "đơn vị cấp trên"}


def _heading(request: HttpRequest, day: dt.date, subject: str) -> exports.Heading:
    return exports.Heading(subject=subject, as_of=day, by=exports.person_label(request.user))


def _named(document: Document) -> str:
    """"chương trình số 02/CTr-BCH ngày 20/07/2021: <summary>"."""
    kind = document.get_kind_display().lower() if document.kind else "văn bản"
    when = f" ngày {document.date:%d/%m/%Y}" if document.date else ""
    return f"{kind} số {document.number}{when}: {document.title}"


def _task_named(task) -> str:
    return f"{task.ref} {task.title} ({task.document.number})".strip()


def known_on_of(request: HttpRequest) -> dt.date | None:
    """?biet-den=dd/mm/yyyy: the figures as they could have been known at the end of that day."""
    raw = request.GET.get("biet-den", "").strip()
    if not raw:
        return None
    try:
        return parse_user_date(raw[:40])
    except ValueError as exc:
        raise Problem(400, f"Ngày «biết đến»: {exc}") from None


def period_of(request: HttpRequest) -> str:
    """?ky=<label>: one reporting period of the recurring tasks instead of the one due on the day."""
    return request.GET.get("ky", "").strip()[:40]


def reader_only(request: HttpRequest) -> None:
    """The dashboards: the monitor and the leaders, and the officers of units that follow their own subtree."""
    if not perms.follows_anything(request.user) and not request.user.reads_everything:
        raise Http404


def followed_task(request: HttpRequest, pk: int):
    task = perms.get_visible(perms.tasks_visible(request.user).select_related("document"), pk=pk)
    if not perms.follows_document(request.user, task.document):
        raise Http404
    return task


def page_context(request: HttpRequest, day: dt.date, **extra) -> dict:
    printing = request.GET.get("in") == "1"
    query = request.GET.copy()
    for name in ("trang", "in"):
        query.pop(name, None)
    query["ngay"] = f"{day:%d/%m/%Y}"
    keep = [(k, v) for k, v in query.items() if k not in ("ngay", "biet-den", "ky")]
    same = query.urlencode()
    query["in"] = "1"
    # The parameters that decide the figures, carried on links to other dashboards.
    carry = {"ngay": f"{day:%d/%m/%Y}"}
    for name in ("biet-den", "ky"):
        if request.GET.get(name, "").strip():
            carry[name] = request.GET[name].strip()[:40]
    return {"day": day, "base": "monitoring/print.html" if printing else "base.html", "printing": printing,
            "labels": column_labels(), "same_query": f"?{same}", "print_query": query.urlencode(), "keep": keep,
            "now": timezone.localtime(), "known_on": extra.pop("known_on", None), "period": extra.pop("period", ""),
            "carry": urlencode(carry), "date_error": getattr(request, "date_error", ""),
            "date_raw": getattr(request, "date_raw", ""), **extra}


@answer
def index(request: HttpRequest) -> HttpResponse:
    reader_only(request)
    day = day_of(request)
    number = request.GET.get("so", "").strip()[:100]
    programs = perms.followed_documents(request.user).filter(is_program=True).order_by("-date", "-id")
    context = page_context(request, day, programs=programs[:PROGRAMS_SHOWN], programs_count=programs.count(),
                           so=number)
    if not number:
        return render(request, "monitoring/index.html", context)
    matches = queries.documents_matching(perms.followed_documents(request.user), number)
    if len(matches) == 1 and not context["date_error"]:
        return redirect(f"{reverse('monitoring:program', args=[matches[0].pk])}?ngay={day:%d/%m/%Y}")
    if not matches:
        context["so_error"] = _("Không tìm thấy chương trình, văn bản nào có số hoặc trích yếu «%(q)s». Thử gõ "
                                "một phần số (ví dụ 02/CTr) hoặc vài chữ của trích yếu.") % {"q": number}
    return render(request, "monitoring/index.html", {**context, "matches": matches},
                  status=404 if not matches else 200)


@answer
def program(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    reader_only(request)
    day, known_on, period = day_of(request, export=fmt == "xlsx"), known_on_of(request), period_of(request)
    document = perms.get_visible(perms.followed_documents(request.user), pk=pk)
    stats = queries.program_stats(document, day, tasks=document.tasks.prefetch_related("lead_units"),
                                  known_on=known_on, period=period)
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=download_name("Tình hình thực hiện", document.number, f"đến {day:%d-%m-%Y}",
                                   extension="xlsx"),
            title="Chương trình", heading=_heading(request, day, f"Tình hình thực hiện {_named(document)}"),
            headers=["Mục", "Nhiệm vụ", "Thời hạn", "Số đơn vị", "Kỳ báo cáo", *LABELS, "Đã thực hiện",
                     "Tỷ lệ hoàn thành"],
            rows=([s.task.ref, s.task.title, s.task.deadline_date or s.task.deadline_text or None, s.total,
                   "; ".join(s.periods), *s.cells, s.done, s.share_done] for s in stats),
            widths=[8, 60, 12, 10, 22], percent_columns=[6 + len(LABELS)])
    periods = queries.document_periods(document) if any(s.task.is_recurring for s in stats) else []
    # The cascade: each unit's own plan implementing this program, with its figures; and the figures the
    # units reported from below, per period.
    plans = implementing_plans(document, day, documents=perms.followed_documents(request.user))
    reported = reported_rollup([s.task.pk for s in stats],
                               assignments=perms.limit_for(request.user, perms.assignments_visible))
    for s in stats:
        s.reported = reported.get(s.task.pk, [])
    # Progress plans: per appendix task, who leads it and which milestone is late.
    progress = plans_by_task([s.task for s in stats], day, perms.limit_for(request.user, perms.units_visible))
    plan_rows = [(s.task, progress[s.task.pk]) for s in stats if s.task.pk in progress]
    return render(request, "monitoring/program.html", page_context(
        request, day, document=document, stats=stats, known_on=known_on, period=period, periods=periods,
        plans=plans, reported=any(s.reported for s in stats), plan_rows=plan_rows))


def _grouping(request: HttpRequest) -> str:
    by = request.GET.get("theo", "loai")
    if by not in queries.GROUPINGS:
        raise Problem(400, _("Cách nhóm không hợp lệ: chỉ có «loai» (loại đơn vị), «tinh» (tỉnh, thành phố) hoặc "
                             "«cap-tren» (đơn vị cấp trên)."))
    return by


@answer
def task(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    reader_only(request)
    day, by = day_of(request, export=fmt == "xlsx"), _grouping(request)
    known_on, period = known_on_of(request), period_of(request)
    task = followed_task(request, pk)
    groups, trend = queries.task_overview(task, day, by, known_on=known_on, period=period)
    total = queries.sum_groups(groups)
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=download_name("Nhiệm vụ", task.document.number, task.ref, f"theo {BY_WORDS[by]}",
                                   f"đến {day:%d-%m-%Y}", extension="xlsx"),
            title="Theo nhóm",
            heading=_heading(request, day, f"Nhiệm vụ {_task_named(task)}, theo {BY_WORDS[by]}"),
            headers=[BY_WORDS[by][:1].upper() + BY_WORDS[by][1:], "Số đơn vị", *LABELS, "Đã thực hiện",
                     "Tỷ lệ hoàn thành"],
            rows=([g.label, g.total, *g.cells, g.done, g.share_done] for g in [*groups, total]),
            widths=[40, 10], percent_columns=[3 + len(LABELS)])
    chart = trend_chart(trend, day)
    plans = plans_by_task([task], day, perms.limit_for(request.user, perms.units_visible)).get(task.pk, [])
    return render(request, "monitoring/task.html", page_context(
        request, day, task=task, groups=groups, total=total, by=by, chart=chart, known_on=known_on, period=period,
        plans=plans,
        periods=queries.task_periods(task),
        reported=reported_rollup([task.pk], assignments=perms.limit_for(request.user, perms.assignments_visible)
                                 ).get(task.pk, []),
        kpis=[(label, n) for label, n in zip(column_labels(), total.cells, strict=True) if n]))


def _list_filters(request: HttpRequest) -> dict:
    kind = request.GET.get("loai", "")
    status = request.GET.get("trang-thai", "")
    if kind and kind not in UnitKind.values:
        raise Problem(400, _("Loại đơn vị không hợp lệ."))
    if status and (status not in rules.STATUSES or status in rules.DONE):
        raise Problem(400, _("Trạng thái không hợp lệ."))
    province = request.GET.get("tinh")
    # ?cap-tren=<id>: the units under that parent (the group of the task page grouped by parent); empty: the
    # units without one.
    parent = request.GET.get("cap-tren")
    if parent is not None and parent != "" and not (parent.isascii() and parent.isdigit() and len(parent) <= 18):
        raise Problem(400, _("Đơn vị cấp trên không hợp lệ."))
    return {"kind": kind, "status": status, "province": province[:100] if province is not None else None,
            "parent": int(parent or 0) if parent is not None else None}


def _parent_named(parent: int | None, day: dt.date) -> str:
    """The name on `day` of the parent the not-done list is limited to, as its group is called ("" when it is
    not limited); a unit that does not exist is bad input."""
    if parent is None:
        return ""
    key = str(parent) if parent else ""
    label = queries.group_labels("cap-tren", [key], day).get(key)
    if label is None:
        raise Problem(400, _("Đơn vị cấp trên không hợp lệ."))
    return label


@answer
def task_units(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    reader_only(request)
    day, filters = day_of(request, export=fmt in ("xlsx", "csv")), _list_filters(request)
    known_on, period = known_on_of(request), period_of(request)
    task = followed_task(request, pk)
    parent_label = _parent_named(filters["parent"], day)
    late = queries.not_done(task, day, **filters, known_on=known_on, period=period)
    if fmt == "csv":  # for very long lists: streamed, and opened by any program
        return exports.csv_response(
            filename=download_name("Đơn vị chưa thực hiện", task.document.number, task.ref,
                                   f"đến {day:%d-%m-%Y}", extension="csv"),
            heading=_heading(request, day, f"Đơn vị chưa thực hiện nhiệm vụ {_task_named(task)}"),
            headers=["Đơn vị", "Loại đơn vị", "Tỉnh, thành phố", "Hạn", "Trạng thái", "Số ngày chậm"],
            rows=queries.not_done_rows(late, day))
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=download_name("Đơn vị chưa thực hiện", task.document.number, task.ref,
                                   f"đến {day:%d-%m-%Y}", extension="xlsx"),
            title="Chưa thực hiện",
            heading=_heading(request, day, f"Đơn vị chưa thực hiện nhiệm vụ {_task_named(task)}"),
            headers=["Đơn vị", "Loại đơn vị", "Tỉnh, thành phố", "Hạn", "Trạng thái", "Số ngày chậm"],
            rows=queries.not_done_rows(late, day),
            widths=[60, 28, 20, 12, 26, 12])
    # The printout is an official paper: it lists every unit (a very long one in pages that say so).
    per_page = PRINT_PAGE_ROWS if request.GET.get("in") == "1" else 50
    page = Paginator(late, per_page).get_page(request.GET.get("trang"))
    rows_as_of(page, day)
    for a in page:
        a.status, a.days_late = a.status_on(day), queries.days_late(a, day)
    return render(request, "monitoring/task_units.html", page_context(
        request, day, task=task, page=page, filters=filters, kind_label=dict(UnitKind.choices).get(filters["kind"]),
        parent_label=parent_label, known_on=known_on, period=period, periods=queries.task_periods(task),
        statuses=[(s, rules.LABELS[s]) for s in queries.COLUMNS if s not in rules.DONE]))


@answer
def unit(request: HttpRequest, pk: int, fmt: str = "") -> HttpResponse:
    day, known_on = day_of(request, export=fmt == "xlsx"), known_on_of(request)
    unit = perms.get_visible(perms.units_visible(request.user).select_related("parent"), pk=pk)
    as_of([unit], day)  # its name and parent on that day
    card = queries.unit_scorecard(unit, day, known_on=known_on)
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=download_name("Kết quả thực hiện", unit.label, f"đến {day:%d-%m-%Y}", extension="xlsx"),
            title="Kết quả đơn vị",
            heading=_heading(request, day, f"Kết quả thực hiện nhiệm vụ: {unit.name}"),
            headers=["Văn bản", "Mục", "Nhiệm vụ", "Kỳ", "Hạn", "Ngày hoàn thành", "Trạng thái", "Số ngày chậm"],
            rows=([a.task.document.number, a.task.ref, a.task.title, a.period_label, a.due_on, a.done_on
                   if a.done_on and a.done_on <= day else None, str(rules.LABELS[a.status]), a.days_late]
                  for a in card.assignments), widths=[16, 8, 60, 14, 12, 14, 26, 12])
    return render(request, "monitoring/unit.html", page_context(request, day, unit=unit, card=card, known_on=known_on))


@answer
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    context = page_context(request, timezone.localdate(), q=raw[:200])
    if not raw.strip():
        return render(request, "monitoring/search.html", context)
    try:
        words = queries.search_words(raw)
    except queries.SearchError as exc:
        return render(request, "monitoring/search.html", {**context, "error": str(exc)}, status=400)
    user = request.user
    context.update(
        units=queries.search_filter(perms.units_visible(user), words).order_by("path")[:50],
        documents=queries.search_filter(perms.documents_visible(user), words).order_by("-date")[:50],
        tasks=queries.search_filter(perms.tasks_visible(user), words).select_related("document")[:50])
    return render(request, "monitoring/search.html", context)


search.checks_own_query = True  # the search page says what is wrong with the words typed (NUL included)
