"""What units send, and the monitor's review. Every write keeps the assignment's done/started dates exact."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.directives import history
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, DocumentKind, DoneWhen, Fulfilment, LinkKind, Task
from dondoc.directives.services import ServiceError
from dondoc.lib.files import CheckedFile, FileRejected, check_attachment
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Kind as NotificationKind

from .models import (
    Attachment,
    Contribution,
    Milestone,
    PlanTask,
    ReportedCount,
    Submission,
    SubmissionKind,
    SubmissionState,
)

MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _earliest(*days: dt.date | None) -> dt.date | None:
    found = [d for d in days if d is not None]
    return min(found) if found else None


def assignment_refresh(assignment: Assignment, *, now: dt.datetime | None = None, cause: str = "submission") -> None:
    """Recompute the assignment's dates from its submissions (each one the unit's own date):
    submitted_on, the earliest fulfilling one not returned; accepted_on, the earliest accepted; done_on,
    one of these by the program's rule (accepted by default); started_on, the earliest of any kind.

    A carried assignment (a registry change passed it from its predecessors) also has what they had all
    done. The version replaced is kept (directives.history), and a successor carrying this assignment is
    refreshed in turn.
    """
    task = assignment.task
    live = Submission.objects.filter(assignment=assignment).exclude(state=SubmissionState.RETURNED)
    fulfilling = live.filter(Q(kind=task.fulfilment) | Q(kind=SubmissionKind.COMPLETION_REPORT))
    dates = fulfilling.aggregate(sent=Min("effective_on"),
                                 accepted=Min("effective_on", filter=Q(state=SubmissionState.ACCEPTED)))
    inherited = directives.inherited_dates(assignment)
    submitted = _earliest(dates["sent"], inherited["submitted_on"])
    accepted = _earliest(dates["accepted"], inherited["accepted_on"])
    done = submitted if task.document.done_when == DoneWhen.SUBMITTED else accepted
    started = _earliest(live.aggregate(d=Min("effective_on"))["d"], inherited["started_on"])
    changed = history.revise_one(assignment, now=now, cause=cause, submitted_on=submitted, accepted_on=accepted,
                                 done_on=done, started_on=started)
    if changed and assignment.active_to is not None:
        for carried in Assignment.objects.filter(
                task=task, period_index=assignment.period_index, carried=True, active_from=assignment.active_to,
                unit__precessions__predecessor_id=assignment.unit_id).select_related("task__document"):
            assignment_refresh(carried, now=now, cause=cause)


def _clean_uploads(files: list[Upload]) -> list[tuple[Upload, CheckedFile]]:
    if len(files) > MAX_FILES:
        raise ServiceError(f"Mỗi lần gửi tối đa {MAX_FILES} tệp.")
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_attachment(upload.data, upload.name, max_bytes=settings.MAX_UPLOAD_BYTES)))
        except FileRejected as exc:
            raise ServiceError(str(exc)) from None
    return checked


def submission_create(*, assignment: Assignment, kind: str, by, text: str = "", doc_number: str = "",
                      doc_date: dt.date | None = None, leader: str = "", staff: str = "", milestones: str = "",
                      files: list[Upload] | None = None, resubmission_of: Submission | None = None,
                      now: dt.datetime | None = None) -> Submission:
    now = now or timezone.now()
    today = timezone.localdate(now)
    if kind not in SubmissionKind.values:
        raise ServiceError(gettext("Loại báo cáo không hợp lệ."))
    if assignment.active_to is not None and assignment.active_to <= today:
        raise ServiceError(gettext("Nhiệm vụ này đã chuyển cho đơn vị kế thừa; không thể gửi thêm."))
    if assignment.task.withdrawn:
        raise ServiceError(gettext("Nhiệm vụ đã bị thu hồi."))
    if kind == SubmissionKind.PLAN_ISSUED:
        if not doc_number.strip() or doc_date is None:
            raise ServiceError(gettext("Cần ghi số và ngày văn bản kế hoạch, chương trình của đơn vị."))
        if doc_date > today:
            raise ServiceError(gettext("Ngày văn bản không thể sau ngày hôm nay."))
        issued = assignment.task.document.date
        if issued and doc_date < issued:
            raise ServiceError(gettext("Ngày văn bản của đơn vị không thể trước ngày ban hành văn bản giao nhiệm vụ."))
    if kind == SubmissionKind.PROGRESS_PLAN and not (leader.strip() and staff.strip()):
        raise ServiceError(gettext("Kế hoạch tiến độ cần ghi lãnh đạo phụ trách và cán bộ trực tiếp tham mưu."))
    if not (text.strip() or files or doc_number.strip()):
        raise ServiceError(gettext("Cần ghi nội dung hoặc đính kèm tệp."))
    checked = _clean_uploads(files or [])
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Assignment.objects.select_for_update().select_related("task__document").get(pk=assignment.pk)
            submission = Submission.objects.create(
                assignment=locked, kind=kind, text=text.strip(), doc_number=doc_number.strip(), doc_date=doc_date,
                leader=leader.strip(), staff=staff.strip(), milestones=milestones.strip(), submitted_by=by,
                submitted_at=now, resubmission_of=resubmission_of,
                effective_on=doc_date if kind == SubmissionKind.PLAN_ISSUED and doc_date else today,
            )
            for upload, info in checked:
                attachment = Attachment(submission=submission, original_name=info.name, content_type=info.content_type,
                                        size=info.size, sha256=info.sha256)
                attachment.file.save(info.stored_name, ContentFile(upload.data), save=False)
                written.append(attachment.file.name)
                attachment.save()
            assignment_refresh(locked, now=now)
            submitted_notify(submission=submission)
    except BaseException:
        # Nothing half-written: a failed submission leaves no stored file behind.
        for name in written:
            default_storage.delete(name)
        raise
    assignment.refresh_from_db()
    return submission


def submission_accept(*, submission: Submission, by, comment: str = "", now: dt.datetime | None = None) -> Submission:
    return _review(submission=submission, by=by, state=SubmissionState.ACCEPTED, comment=comment, now=now)


def submission_return(*, submission: Submission, by, comment: str, now: dt.datetime | None = None) -> Submission:
    """Return a submission with the monitor's comment: it no longer counts (not sent, not done)."""
    if not comment.strip():
        raise ServiceError(gettext("Khi trả lại cần ghi ý kiến để đơn vị sửa."))
    return _review(submission=submission, by=by, state=SubmissionState.RETURNED, comment=comment, now=now)


def _review(*, submission: Submission, by, state: str, comment: str, now: dt.datetime | None) -> Submission:
    now = now or timezone.now()
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("assignment__task__document").get(
            pk=submission.pk)
        if locked.state != SubmissionState.PENDING:
            raise ServiceError(gettext("Báo cáo này đã được xem xét."))
        locked.state = state
        locked.reviewed_by = by
        locked.reviewed_at = now
        locked.review_comment = comment.strip()
        locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment"])
        assignment = Assignment.objects.select_for_update().select_related("task__document").get(
            pk=locked.assignment_id)
        assignment_refresh(assignment, now=now, cause="review")
        reviewed_notify(submission=locked)
    return locked


def _what(submission: Submission) -> str:
    task = submission.assignment.task
    return f"{task.ref} {task.title}".strip()


def _url(submission: Submission) -> str:
    return f"{reverse('submissions:assignment', args=[submission.assignment_id])}#bao-cao-{submission.pk}"


def submitted_notify(*, submission: Submission) -> int:
    """The reviewers hear that a unit sent something for them to review."""
    assignment = submission.assignment
    unit = assignment.unit
    title = f"{unit.label} đã gửi {submission.get_kind_display().lower()}: {_what(submission)}"
    body = f"{assignment.task.document} · chờ xem xét."
    notes = [notifications.Note(user=u, title=title, body=body, url=_url(submission))
             for u in notifications.reviewers(assignment.task.document.scope) if u.pk != submission.submitted_by_id]
    return notifications.notify(kind=NotificationKind.SUBMITTED, key=f"submitted:{submission.pk}", notes=notes)


def reviewed_notify(*, submission: Submission) -> int:
    """The unit's officers (and whoever sent it) hear that it was accepted, or returned and why."""
    unit = submission.assignment.unit
    people = list(notifications.unit_contacts([unit]).get(unit.pk, []))
    if submission.submitted_by is not None:
        people.append(submission.submitted_by)
    accepted = submission.state == SubmissionState.ACCEPTED
    kind = NotificationKind.ACCEPTED if accepted else NotificationKind.RETURNED
    title = (f"Đã chấp nhận: {_what(submission)} ({unit.label})" if accepted
             else f"Bị trả lại, cần gửi lại: {_what(submission)} ({unit.label})")
    body = f"Ý kiến: {submission.review_comment}" if submission.review_comment else ""
    notes = [notifications.Note(user=u, title=title, body=body, url=_url(submission)) for u in people
             if u.pk != submission.reviewed_by_id]
    return notifications.notify(kind=kind, key=f"reviewed:{submission.pk}", notes=notes)


def plan_issue(*, assignment: Assignment, by, number: str, date: dt.date, title: str,
               kind: str = DocumentKind.KH, signer: str = "", signer_title: str = "", text: str = "",
               files: list[Upload] | None = None, now: dt.datetime | None = None) -> tuple[Document, Submission]:
    """A unit issues its own plan implementing its parent's program: one act that both fulfils the unit's
    assignment (a submission of kind plan) and opens the unit's own program for its subtree, linked
    "implements" to the parent's program."""
    if assignment.task.fulfilment != Fulfilment.PLAN_ISSUED:
        raise ServiceError(gettext("Nhiệm vụ này không yêu cầu ban hành kế hoạch, chương trình."))
    if not title.strip():
        raise ServiceError(gettext("Cần ghi trích yếu của kế hoạch."))
    if not number.strip() or date is None:
        raise ServiceError(gettext("Cần ghi số và ngày văn bản kế hoạch, chương trình của đơn vị."))
    parent = assignment.task.document
    unit = assignment.unit
    with transaction.atomic():
        document = directives.document_create(
            number=number, date=date, title=title, kind=kind, issuer=unit, scope=unit, is_program=True, by=by,
            signer=signer, signer_title=signer_title)
        if parent.number:
            directives.document_link(source=document, number=parent.number, date=parent.date,
                                     kind=LinkKind.IMPLEMENTS)
        submission = submission_create(
            assignment=assignment, kind=SubmissionKind.PLAN_ISSUED, by=by, doc_number=number, doc_date=date,
            text=text.strip() or title.strip(), files=files, now=now)
    return document, submission


MAX_COUNT = 10_000_000


@transaction.atomic
def reported_count_create(*, assignment: Assignment, period: str, done: int, total: int, by, note: str = "",
                          now: dt.datetime | None = None) -> ReportedCount:
    """Figures reported from below for a period ("12 of 15 upper-grassroots unions issued their plan"); the
    latest report of a period replaces the earlier ones in the rollup (they stay as history)."""
    period = " ".join(period.split())
    if not period or len(period) > 40:
        raise ServiceError(gettext("Cần ghi kỳ báo cáo (tối đa 40 ký tự), ví dụ: 6 tháng cuối năm 2021."))
    if not (0 <= done <= MAX_COUNT and 0 < total <= MAX_COUNT):
        raise ServiceError(gettext("Số liệu phải là số nguyên không âm; tổng số phải lớn hơn 0."))
    if done > total:
        raise ServiceError(gettext("Số đơn vị đã thực hiện không thể lớn hơn tổng số đơn vị."))
    if assignment.task.withdrawn:
        raise ServiceError(gettext("Nhiệm vụ đã bị thu hồi."))
    return ReportedCount.objects.create(assignment=assignment, period=period, done=done, total=total,
                                        note=note.strip()[:500], reported_by=by, reported_at=now or timezone.now())


def contribution_create(*, task: Task, unit, by, text: str, upload: Upload | None = None,
                        now: dt.datetime | None = None) -> Contribution:
    """A coordinating unit's comment on a task, with its contribution attached if any."""
    if not text.strip():
        raise ServiceError(gettext("Cần ghi nội dung ý kiến, đóng góp."))
    checked = _clean_uploads([upload]) if upload is not None else []
    written: list[str] = []
    try:
        with transaction.atomic():
            contribution = Contribution(task=task, unit=unit, author=by, text=text.strip()[:20000],
                                        created_at=now or timezone.now())
            for data, info in checked:
                contribution.original_name, contribution.content_type = info.name, info.content_type
                contribution.file.save(info.stored_name, ContentFile(data.data), save=False)
                written.append(contribution.file.name)
            contribution.save()
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    return contribution


@dataclass(frozen=True)
class MilestoneEntry:
    title: str
    due_on: dt.date


@dataclass
class PlanEntry:
    """One appendix task of a progress plan: the people in charge (accounts of the unit) and the milestones."""

    task: object
    leader: object
    staff: list
    milestones: list[MilestoneEntry]


def _person(user) -> str:
    return user.get_full_name() or user.username


def progress_plan_submit(*, assignment: Assignment, by, entries: list[PlanEntry], text: str = "",
                         files: list[Upload] | None = None, now: dt.datetime | None = None) -> Submission:
    """A department's progress plan covering one or several appendix tasks of the same document (each one a
    task the unit carries), each with its leader, its staff and its dated milestones. It is a progress-plan
    submission of `assignment` (the task asking for the plan), so that the plan counts where it is asked for;
    the milestones are then tracked, shown and reminded like deadlines. All is checked before anything is
    written."""
    now = now or timezone.now()
    unit = assignment.unit
    if not entries:
        raise ServiceError(gettext("Kế hoạch tiến độ cần ít nhất một nhiệm vụ với lãnh đạo, cán bộ và các mốc."))
    carried = set(Assignment.objects.filter(unit=unit, task__document_id=assignment.task.document_id)
                  .values_list("task_id", flat=True))
    seen = set()
    for entry in entries:
        task = entry.task
        if task is None or task.pk not in carried:
            raise ServiceError(gettext("Kế hoạch chỉ gồm các nhiệm vụ của cùng văn bản mà đơn vị được giao."))
        if task.pk in seen:
            raise ServiceError(gettext("Mỗi nhiệm vụ chỉ ghi một lần trong kế hoạch."))
        seen.add(task.pk)
        people = [entry.leader, *entry.staff]
        if entry.leader is None or not entry.staff:
            raise ServiceError(gettext("Mỗi nhiệm vụ cần một lãnh đạo phụ trách và ít nhất một cán bộ trực tiếp "
                                       "tham mưu."))
        if any(p is None or not p.is_active or p.unit_id != unit.pk for p in people):
            raise ServiceError(gettext("Lãnh đạo và cán bộ phụ trách phải là tài khoản của đơn vị %(unit)s.")
                               % {"unit": unit.label})
        if not entry.milestones:
            raise ServiceError(gettext("Mỗi nhiệm vụ cần ít nhất một mốc tiến độ có ngày."))
        for m in entry.milestones:
            if not m.title.strip() or m.due_on is None:
                raise ServiceError(gettext("Mỗi mốc tiến độ cần nội dung và ngày."))
            if task.assigned_on and m.due_on < task.assigned_on:
                raise ServiceError(gettext("Mốc tiến độ không thể trước ngày giao nhiệm vụ."))
    leader = "; ".join(dict.fromkeys(_person(e.leader) for e in entries))
    staff = "; ".join(dict.fromkeys(_person(p) for e in entries for p in e.staff))
    lines = "\n".join(f"{e.task.ref} {m.title.strip()} — {m.due_on:%d/%m/%Y}".strip()
                      for e in entries for m in e.milestones)
    with transaction.atomic():
        submission = submission_create(
            assignment=assignment, kind=SubmissionKind.PROGRESS_PLAN, by=by,
            text=text.strip() or gettext("Kế hoạch tiến độ triển khai %(n)s nhiệm vụ.") % {"n": len(entries)},
            leader=leader[:200], staff=staff[:300], milestones=lines, files=files, now=now)
        for entry in entries:
            plan_task = PlanTask.objects.create(submission=submission, task=entry.task, leader=entry.leader)
            plan_task.staff.set(entry.staff)
            Milestone.objects.bulk_create([Milestone(plan_task=plan_task, title=m.title.strip()[:300], due_on=m.due_on)
                                           for m in entry.milestones])
    return submission


@transaction.atomic
def milestone_done(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    """The unit records a milestone reached (its own date, not after today)."""
    milestone = Milestone.objects.select_for_update().select_related("plan_task__submission__assignment__unit").get(
        pk=milestone.pk)
    assignment = milestone.plan_task.submission.assignment
    from dondoc.accounts import permissions as perms

    if not perms.can_submit(by, assignment):
        raise ServiceError(gettext("Chỉ đơn vị lập kế hoạch ghi được mốc tiến độ hoàn thành."))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ServiceError(gettext("Ngày hoàn thành không thể sau ngày hôm nay."))
    if milestone.done_on is not None:
        raise ServiceError(gettext("Mốc tiến độ này đã ghi hoàn thành."))
    milestone.done_on, milestone.done_by = on, by
    milestone.save(update_fields=["done_on", "done_by"])
    return milestone
