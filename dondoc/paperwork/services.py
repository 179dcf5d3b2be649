"""Writes of the paperwork app: templates, numbering registers, issuing documents, meetings and notices."""

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.directives import services as directives
from dondoc.directives.models import Document, DocumentKind, Fulfilment, GroupRule, LinkKind
from dondoc.directives.services import ServiceError
from dondoc.lib import calendar as cal
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Kind as NotificationKind
from dondoc.units.models import Unit

from . import compose, docx_form, queries, templating
from .defaults import DEFAULTS, UNIT_TEXTS
from .models import Conclusion, IssuedPaper, Meeting, PaperTemplate, PdfState, Purpose, Register
from .pdf import PdfError, docx_to_pdf

TEMPLATE_FIELDS = tuple(DEFAULTS["report"].keys())


def template_get(purpose: str) -> PaperTemplate:
    """The template of a purpose; a fresh installation gets the default one on first use."""
    if purpose not in DEFAULTS:
        raise ServiceError(gettext("Loại mẫu văn bản không hợp lệ."))
    template, _ = PaperTemplate.objects.get_or_create(purpose=purpose, defaults=DEFAULTS[purpose])
    return template


def unit_symbol(unit: Unit) -> str:
    """The symbol a unit's papers carry after their number: the leading abbreviation of its short name
    ("LĐLĐ Đà Nẵng": LĐLĐ), else the initials of its name."""
    words = (unit.short_name or "").split()
    if words and words[0].isupper() and len(words[0]) > 1:
        return words[0][:20]
    return "".join(w[0].upper() for w in unit.name.split() if w[0].isalpha())[:20] or unit.code[:20].upper()


def template_for(purpose: str, unit: Unit | None = None) -> PaperTemplate:
    """The template a paper is made with: the centre's; for a following unit's own paper (the cascade), one
    built from it that names the unit (letterhead under its parent, its province as the place, its symbol
    and a register keyed by its code), with texts naming no body of the centre. Never saved."""
    template = template_get(purpose)
    if unit is None:
        template.unit = None
        return template
    if purpose not in UNIT_TEXTS:
        raise ServiceError(gettext("Đơn vị chỉ phát hành được báo cáo và công văn đôn đốc."))
    values = {name: getattr(template, name) for name in TEMPLATE_FIELDS}
    values.update(UNIT_TEXTS[purpose])
    parent = unit.parent
    values.update(parent_body=parent.name.upper() if parent else "", issuing_body=unit.name.upper(),
                  symbol_issuer=unit_symbol(unit), symbol_dept="", place=unit.province or template.place)
    own = PaperTemplate(purpose=purpose, **values)
    own.unit = unit
    return own


def register_key(template: PaperTemplate) -> str:
    """The register a paper is numbered in: the centre's symbol, or the issuing unit's code (a unit's numbering
    is its own, apart from the centre's and from another unit's with the same symbol)."""
    unit = getattr(template, "unit", None)
    return unit.code[:100] if unit is not None else template.symbol_issuer


@transaction.atomic
def template_update(*, template: PaperTemplate, values: dict[str, str], by=None) -> PaperTemplate:
    """Save the edited texts, or refuse them all with every reason (nothing is saved)."""
    merged = {name: (values.get(name, getattr(template, name)) or "").strip() for name in TEMPLATE_FIELDS}
    errors = templating.check(template.purpose, merged)
    if errors:
        raise ServiceError(" ".join(errors))
    for name, value in merged.items():
        setattr(template, name, value)
    template.updated_by = by
    template.save()
    return template


def number_next(*, issuer: str, kind_code: str, year: int) -> tuple[Register, int]:
    """Take the next number of the register (locks the register row until the transaction ends)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next must run inside the transaction that issues the document")
    Register.objects.get_or_create(issuer=issuer, kind_code=kind_code, year=year)
    register = Register.objects.select_for_update().get(issuer=issuer, kind_code=kind_code, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register, register.last_number


@transaction.atomic
def register_continue(*, issuer: str, kind_code: str, year: int, last_number: int) -> Register:
    """Set the register to continue after `last_number` (an office that already issued 461 notices on paper
    this year continues at 462). A number already given by dondoc is never given again: the register cannot be
    set below the highest one."""
    issuer, kind_code = (issuer or "").strip(), (kind_code or "").strip()
    if not issuer or not kind_code:
        raise ServiceError(gettext("Cần ký hiệu cơ quan ban hành và loại văn bản của sổ."))
    if not 2000 <= year <= 2100:
        raise ServiceError(gettext("Năm của sổ không hợp lệ."))
    if not 0 <= last_number <= 999_999:
        raise ServiceError(gettext("Số cuối đã cấp phải từ 0 đến 999999."))
    Register.objects.get_or_create(issuer=issuer[:20], kind_code=kind_code[:5], year=year)
    register = Register.objects.select_for_update().get(issuer=issuer[:20], kind_code=kind_code[:5], year=year)
    highest = register.papers.order_by("-serial").values_list("serial", flat=True).first() or 0
    if last_number < highest:
        raise ServiceError(gettext("Sổ đã cấp đến số %(n)s; không thể đặt lùi về %(m)s (số đã cấp không cấp lại).")
                           % {"n": highest, "m": last_number})
    register.last_number = last_number
    register.save(update_fields=["last_number"])
    return register


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _issue(*, template: PaperTemplate, date: dt.date, by, build: Callable[[str], docx_form.Form],
           program: Document | None, as_of: dt.date | None, known_on: dt.date | None = None,
           after: Callable[[IssuedPaper], None] | None = None) -> IssuedPaper:
    """Number, render and store in one transaction: if anything fails, no number is consumed and no file kept."""
    written: list[IssuedPaper] = []
    try:
        with transaction.atomic():
            register, serial = number_next(issuer=register_key(template), kind_code=template.kind_code,
                                           year=date.year)
            number = f"{serial}/{template.symbol}"
            form = build(number)
            data = docx_form.render(form)
            figures = queries.paper_figures(program, as_of, known_on) if program and as_of else []
            paper = IssuedPaper(purpose=template.purpose, number=number, serial=serial, register=register,
                                date=date, summary=form.summary, program=program, as_of=as_of, known_on=known_on,
                                figures=figures, issuer=getattr(template, "unit", None), issued_by=by,
                                docx_sha256=_sha256(data))
            paper.docx.save(f"{paper.file_stem}.docx", ContentFile(data), save=False)
            written.append(paper)
            paper.save()
            if after is not None:
                after(paper)
            transaction.on_commit(lambda: pdf_request(paper=paper))
    except Exception:
        for paper in written:
            paper.docx.delete(save=False)
        raise
    return paper


def report_issue(*, program: Document, as_of: dt.date, date: dt.date | None = None, by=None,
                 known_on: dt.date | None = None, unit: Unit | None = None) -> IssuedPaper:
    """Issue a numbered progress report: the centre's, or with `unit` a following unit's on its own program."""
    _program_check(program, unit)
    template = template_for(Purpose.REPORT, unit)
    date = date or timezone.localdate()
    return _issue(template=template, date=date, by=by, program=program, as_of=as_of, known_on=known_on,
                  build=lambda number: compose.report_form(template, program, as_of, number=number, date=date,
                                                           known_on=known_on))


def urge_issue(*, program: Document, as_of: dt.date, new_deadline: dt.date | None = None,
               refs: list[str] | None = None, date: dt.date | None = None, by=None,
               known_on: dt.date | None = None, unit: Unit | None = None) -> IssuedPaper:
    """Issue a numbered urging letter: the centre's, or with `unit` a following unit's on its own program
    (naming only the late units of its subtree)."""
    _program_check(program, unit)
    template = template_for(Purpose.URGE, unit)
    date = date or timezone.localdate()
    deadline = new_deadline or default_new_deadline(date)
    return _issue(template=template, date=date, by=by, program=program, as_of=as_of, known_on=known_on,
                  build=lambda number: compose.urge_form(template, program, as_of, deadline, refs=refs,
                                                         number=number, date=date, known_on=known_on),
                  after=lambda paper: urged_notify(paper=paper, refs=refs, new_deadline=deadline))


def _program_check(program: Document, unit: Unit | None) -> None:
    """A unit issues papers only on the programs of its own subtree (scope or issuer within it)."""
    if unit is None:
        return
    if not any(u is not None and u.path.startswith(unit.path) for u in (program.scope, program.issuer)):
        raise ServiceError(gettext("Đơn vị chỉ phát hành văn bản về chương trình, kế hoạch của đơn vị mình."))


def urged_notify(*, paper: IssuedPaper, refs: list[str] | None, new_deadline: dt.date) -> int:
    """The officers of each unit the letter urges (or of the nearest unit above it) hear of the letter, with
    the tasks it names for their units and the new deadline; in the transaction that issues the letter."""
    late = queries.late_by_task(paper.program, paper.as_of, refs, within=paper.issuer)
    units = {x.assignment.unit_id: x.assignment.unit for _task, rows in late for x in rows}
    contacts = notifications.unit_contacts(units.values())
    tasks_of: dict[int, dict[int, object]] = {}
    people = {}
    for task, rows in late:
        for x in rows:
            for person in contacts.get(x.assignment.unit_id, []):
                people[person.pk] = person
                tasks_of.setdefault(person.pk, {})[task.pk] = task
    title = f"Công văn đôn đốc số {paper.number} ngày {paper.date:%d/%m/%Y}: {paper.program.number}"
    notes = []
    for pk, tasks in tasks_of.items():
        named = "; ".join(f"{t.ref} {t.title}".strip() for t in tasks.values())
        notes.append(notifications.Note(
            user=people[pk], title=title,
            body=f"Đơn vị chưa hoàn thành: {named}. Hạn mới: {new_deadline:%d/%m/%Y}.",
            url=reverse("submissions:my_assignments")))
    return notifications.notify(kind=NotificationKind.URGED, key=f"urged:{paper.pk}", notes=notes)


def default_new_deadline(day: dt.date) -> dt.date:
    """Ten working days after the letter's date."""
    return directives.work_calendar().add_working_days(day, 10)


def draft_docx(*, purpose: str, program: Document | None = None, as_of: dt.date | None = None,
               meeting: Meeting | None = None, new_deadline: dt.date | None = None,
               refs: list[str] | None = None, known_on: dt.date | None = None,
               unit: Unit | None = None) -> bytes:
    """A preview without number or date, marked DỰ THẢO; nothing is stored. With `unit`: the following
    unit's own paper on a program of its subtree."""
    if program is not None:
        _program_check(program, unit)
    template = template_for(purpose, unit)
    if purpose == Purpose.REPORT:
        form = compose.report_form(template, program, as_of, draft=True, known_on=known_on)
    elif purpose == Purpose.URGE:
        deadline = new_deadline or default_new_deadline(timezone.localdate())
        form = compose.urge_form(template, program, as_of, deadline, refs=refs, draft=True, known_on=known_on)
    else:
        form = compose.notice_form(template, meeting, draft=True)
    return docx_form.render(form)


@transaction.atomic
def meeting_create(*, program: Document, date: dt.date, chair: str, chair_title: str, attendees: str,
                   as_of: dt.date | None = None, place: str = "", situation_note: str = "", by=None) -> Meeting:
    if not chair.strip() or not attendees.strip():
        raise ServiceError(gettext("Cuộc họp cần người chủ trì và thành phần tham dự."))
    as_of = as_of or date
    if as_of > date:
        raise ServiceError(gettext("Ngày chốt số liệu không được sau ngày họp."))
    return Meeting.objects.create(program=program, date=date, chair=chair.strip(), chair_title=chair_title.strip(),
                                  attendees=attendees.strip(), as_of=as_of, place=place.strip(),
                                  situation_note=situation_note.strip(), created_by=by)


@transaction.atomic
def conclusion_add(*, meeting: Meeting, ref: str, text: str, title: str = "", lead_units: Iterable[Unit] = (),
                   lead_group: str = "", coordinators: Iterable[Unit] = (), report_to: Iterable[Unit] = (),
                   report_to_text: str = "", deadline_kind: str = cal.NONE, deadline_date: dt.date | None = None,
                   deadline_text: str = "", recurrence_months: int | None = None,
                   recurrence_until: dt.date | None = None,
                   fulfilment: str = Fulfilment.COMPLETION_REPORT) -> Conclusion:
    """One clause of the conclusions; with lead units or a group it is checked as a task would be, so that
    issuing the notice cannot fail on it."""
    if meeting.notice_id:
        raise ServiceError(gettext("Đã ban hành thông báo kết luận của cuộc họp này; không thể thêm kết luận."))
    if not ref.strip() or not text.strip():
        raise ServiceError(gettext("Kết luận cần số mục và nội dung."))
    if meeting.conclusions.filter(ref=ref.strip()).exists():
        raise ServiceError(gettext("Cuộc họp đã có kết luận mục %(ref)s.") % {"ref": ref.strip()[:20]})
    lead_units, coordinators, report_to = list(lead_units), list(coordinators), list(report_to)
    if lead_group and lead_group not in GroupRule.values:
        raise ServiceError(gettext("Nhóm đơn vị không hợp lệ."))
    if fulfilment not in Fulfilment.values:
        raise ServiceError(gettext("Kết quả phải có không hợp lệ."))
    directives.deadline_check(deadline_kind, deadline_date)
    if deadline_kind == cal.RECURRING:
        if recurrence_months not in (1, 3, 6, 12):
            raise ServiceError(gettext("Nhiệm vụ định kỳ cần chu kỳ 1, 3, 6 hoặc 12 tháng."))
        if fulfilment == Fulfilment.COMPLETION_REPORT:
            fulfilment = Fulfilment.PERIODIC_REPORT
    else:
        recurrence_months, recurrence_until = None, None
    if recurrence_until is not None and recurrence_until <= meeting.date:
        raise ServiceError(gettext("Ngày kết thúc định kỳ phải sau ngày họp."))
    if deadline_date is not None and deadline_kind == cal.NONE:
        deadline_kind = cal.DATE
    if not deadline_text and (deadline_date or deadline_kind == cal.RECURRING):
        deadline_text = compose.deadline_phrase(deadline_kind, deadline_date, recurrence_months)
    conclusion = Conclusion.objects.create(
        meeting=meeting, ref=ref.strip(), text=text.strip(), title=(title or text).strip()[:300],
        lead_group=lead_group, report_to_text=report_to_text.strip()[:300], deadline_kind=deadline_kind,
        deadline_date=deadline_date, deadline_text=deadline_text[:200], recurrence_months=recurrence_months,
        recurrence_until=recurrence_until, fulfilment=fulfilment, order=meeting.conclusions.count())
    conclusion.lead_units.set(lead_units)
    conclusion.coordinators.set(coordinators)
    conclusion.report_to.set(report_to)
    return conclusion


def notice_issue(*, meeting: Meeting, date: dt.date | None = None, by=None) -> IssuedPaper:
    """Issue the conclusion notice: a numbered document in the registry whose conclusions with lead units
    become tasks (and their assignments) of that document."""
    if meeting.notice_id:
        raise ServiceError(f"Cuộc họp này đã có thông báo kết luận số {meeting.notice.number}.")
    template = template_get(Purpose.NOTICE)
    date = date or timezone.localdate()
    if date < meeting.date:
        raise ServiceError(gettext("Ngày ban hành thông báo không được trước ngày họp."))

    def after(paper: IssuedPaper) -> None:
        issuer = _issuer_unit()
        record = directives.document_create(
            number=paper.number, date=date, kind=DocumentKind.TB, issuer=issuer, place=template.place,
            issuer_name=issuer.name if issuer else template.issuing_body.title(), title=paper.summary, signer=template.signer_name,
            signer_title=template.signer_title.capitalize(), is_program=True, by=by)
        directives.document_link(source=record, number=meeting.program.number, date=meeting.program.date,
                                 kind=LinkKind.IMPLEMENTS)
        for order, c in enumerate(meeting.conclusions.prefetch_related("lead_units", "coordinators", "report_to")):
            units = list(c.lead_units.all())
            if units or c.lead_group:
                directives.task_create(
                    document=record, ref=c.ref, title=c.title or c.text[:300], action=c.text, lead_units=units,
                    lead_group=c.lead_group, coordinators=list(c.coordinators.all()),
                    report_to=list(c.report_to.all()), report_to_text=c.report_to_text,
                    deadline_kind=c.deadline_kind, deadline_date=c.deadline_date, deadline_text=c.deadline_text,
                    recurrence_months=c.recurrence_months, recurrence_until=c.recurrence_until,
                    fulfilment=c.fulfilment, assigned_on=date, order=order)
        paper.record = record
        paper.save(update_fields=["record"])
        meeting.notice = paper
        meeting.save(update_fields=["notice"])

    return _issue(template=template, date=date, by=by, program=meeting.program, as_of=meeting.as_of,
                  build=lambda number: compose.notice_form(template, meeting, number=number, date=date), after=after)


def _issuer_unit() -> Unit | None:
    return Unit.objects.filter(parent__isnull=True).order_by("path").first()


def pdf_request(*, paper: IssuedPaper) -> None:
    """Queue the PDF rendering for the worker (LibreOffice is too slow for a web request)."""
    from .tasks import paper_render_pdf

    IssuedPaper.objects.filter(pk=paper.pk).update(pdf_state=PdfState.PENDING, pdf_error="")
    paper_render_pdf.enqueue(paper.pk)


def paper_pdf_render(*, paper: IssuedPaper) -> IssuedPaper:
    """Convert the stored DOCX bytes; a failure is recorded on the paper (and shown to the monitor)."""
    with paper.docx.open("rb") as handle:
        data = handle.read()
    try:
        pdf = docx_to_pdf(data)
    except PdfError as exc:
        IssuedPaper.objects.filter(pk=paper.pk).update(pdf_state=PdfState.FAILED, pdf_error=str(exc))
        paper.refresh_from_db()
        return paper
    with transaction.atomic():
        paper = IssuedPaper.objects.select_for_update().get(pk=paper.pk)
        old = paper.pdf.name
        paper.pdf.save(f"{paper.file_stem}.pdf", ContentFile(pdf), save=False)
        paper.pdf_sha256 = _sha256(pdf)
        paper.pdf_state = PdfState.READY
        paper.pdf_error = ""
        paper.save(update_fields=["pdf", "pdf_sha256", "pdf_state", "pdf_error"])
    if old and old != paper.pdf.name:
        paper.pdf.storage.delete(old)
    return paper
