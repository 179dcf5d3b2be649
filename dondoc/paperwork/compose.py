"""From the database to a `docx_form.Form`: the texts of a template plus the figures of the statistics."""

import datetime as dt
from collections import Counter

from django.utils import translation

from dondoc.directives.models import Assignment, Document
from dondoc.lib import calendar as cal

from . import docx_form as f
from . import templating
from .models import Meeting, PaperTemplate
from .queries import KIND_LABELS, department_overdue, late_by_task, program_report

STT = "STT"


def ddmmyyyy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def percent(part: int, total: int) -> str:
    return f"{100 * part / total:.1f}".replace(".", ",") + "%" if total else "0%"


def deadline_phrase(kind: str, day: dt.date | None, months: int | None = None) -> str:
    if kind == cal.RECURRING and months:
        return f"định kỳ {months} tháng/lần"
    if day is None:
        return {cal.ONGOING: "thường xuyên", cal.RECURRING: "định kỳ"}.get(kind, "")
    if kind == cal.DATE:
        return f"trước ngày {ddmmyyyy(day)}"
    if kind == cal.MONTH:
        return f"trong tháng {day.month:02d}/{day.year}"
    if kind == cal.QUARTER:
        return f"trong quý {(day.month - 1) // 3 + 1}/{day.year}"
    if kind == cal.HALF:
        return f"trong 6 tháng {'đầu' if day.month <= 6 else 'cuối'} năm {day.year}"
    if kind == cal.YEAR:
        return f"trong năm {day.year}"
    return ""


def program_context(program: Document) -> dict:
    """What a template may say of the tracked document; `name` names it by its own kind, number, date and issuer."""
    with translation.override("vi"):
        return {"number": program.number, "date": ddmmyyyy(program.date), "title": program.title,
                "name": program.citation, "kind": program.kind_label, "issuer": program.issuer_label}


def _issuer_name(template: PaperTemplate) -> str:
    """How the texts name the issuing body: a following unit by its name, the centre by the letterhead."""
    unit = getattr(template, "unit", None)
    return unit.name if unit is not None else template.issuing_body


def _frame(template: PaperTemplate, context: dict, *, number: str, date: dt.date | None, draft: bool,
           body: list, addressees: list[str] | None = None) -> f.Form:
    text = lambda value: templating.render_text(value, context)  # noqa: E731
    distribution = templating.lines(text(template.distribution))
    return f.Form(
        parent_body=template.parent_body, issuing_body=template.issuing_body, symbol=template.symbol,
        number=number, place=template.place, date=date, kind_title=template.kind_title,
        summary=" ".join(templating.lines(text(template.summary))),
        addressees=templating.lines(text(template.addressees)) or (addressees or []),
        body=[f.Para(p) for p in templating.lines(text(template.intro))] + body
        + [f.Para(p) for p in templating.lines(text(template.closing))],
        authority=template.authority, signer_title=template.signer_title, signer_name=template.signer_name,
        distribution=[_item(line, last=i == len(distribution) - 1) for i, line in enumerate(distribution)],
        draft=draft)


def _item(line: str, *, last: bool) -> str:
    line = line.lstrip("-– ").rstrip(";. ")
    return f"{line}." if last else f"{line};"


def _known_note(known_on: dt.date | None) -> list:
    if known_on is None:
        return []
    return [f.Para(f"(Số liệu như đã ghi nhận đến hết ngày {ddmmyyyy(known_on)}.)", italic=True)]


def _task_line(s) -> str:
    period = f", kỳ {'; '.join(s.periods)}" if s.periods else ""
    waiting = f"; {s.submitted} đơn vị đã gửi, chờ xem xét" if s.submitted else ""
    return (f"- Nhiệm vụ {s.task.ref} ({s.task.title}{period}): {s.done}/{s.total} đơn vị đã thực hiện "
            f"({percent(s.done, s.total)}){waiting}; {s.overdue} đơn vị quá hạn chưa hoàn thành.")


def report_form(template: PaperTemplate, program: Document, day: dt.date, *, number: str = "",
                date: dt.date | None = None, draft: bool = False, known_on: dt.date | None = None) -> f.Form:
    tasks = program_report(program, day, known_on)
    units_total = len({a.unit_id for t in tasks for a in t.done + t.not_done})
    context = {"program": program_context(program), "as_of": ddmmyyyy(day), "issuer": _issuer_name(template),
               "units_total": units_total, "tasks_total": len(tasks)}
    body: list = [f.Heading(f"1. Kết quả chung tính đến ngày {ddmmyyyy(day)}"), *_known_note(known_on)]
    for t in tasks:
        body.append(f.Para(_task_line(t.stats)))
    body.append(f.Table([STT, "Nhiệm vụ", "Đã thực hiện", "Tỷ lệ", "Quá hạn", "Chờ xem xét"],
                        [[str(i), f"{t.stats.task.ref}. {t.stats.task.title}", f"{t.stats.done}/{t.stats.total}",
                          percent(t.stats.done, t.stats.total), str(t.stats.overdue), str(t.stats.submitted)]
                         for i, t in enumerate(tasks, start=1)], [12, 71, 24, 18, 20, 20], centred=(0, 2, 3, 4, 5)))
    grouped = [t for t in tasks if t.stats.total > 1]
    if grouped:
        body.append(f.Heading("2. Kết quả theo nhóm đơn vị"))
        rows = [[t.stats.task.ref, label, f"{done}/{total}", percent(done, total)]
                for t in grouped for label, done, total in t.groups]
        body.append(f.Table(["Nhiệm vụ", "Nhóm đơn vị", "Đã thực hiện", "Tỷ lệ"], rows, [22, 88, 30, 25],
                            centred=(0, 2, 3)))
    body.append(f.Heading(f"{3 if grouped else 2}. Danh sách đơn vị đã thực hiện, chưa thực hiện"))
    for t in tasks:
        body += _unit_lists(t, day)
    if getattr(template, "unit", None) is None:  # the centre's own departments: not a unit's business
        body += _department_section(program, day, 4 if grouped else 3, known_on)
    return _frame(template, context, number=number, date=date, draft=draft, body=body)


def _unit_lists(t, day: dt.date) -> list:
    task = t.stats.task
    blocks: list = [f.Para(f"Nhiệm vụ {task.ref}. {task.title}:", bold=True, indent=False),
                    f.Para(f"a) Đơn vị đã thực hiện ({len(t.done)}/{t.stats.total}):", italic=True)]
    if t.done:
        blocks.append(f.Table([STT, "Đơn vị", "Ngày thực hiện"],
                              [[str(i), a.unit.name, ddmmyyyy(a.done_on)] for i, a in enumerate(t.done, start=1)],
                              [12, 118, 35], centred=(0, 2)))
    blocks.append(f.Para(f"b) Đơn vị chưa thực hiện ({len(t.not_done)}/{t.stats.total}):", italic=True))
    if t.not_done:
        blocks.append(f.Table([STT, "Đơn vị", "Tình trạng"],
                              [[str(i), a.unit.name + (f" ({a.period_label})" if a.period_label else ""),
                                _status(a, day)] for i, a in enumerate(t.not_done, start=1)],
                              [12, 98, 55], centred=(0,)))
    return blocks


def _status(a: Assignment, day: dt.date) -> str:
    from dondoc.directives.rules import LABELS

    status = a.status_on(day)
    label = str(LABELS[status])
    if status == "overdue" and a.due_on and a.due_on < day:
        return f"{label} ({(day - a.due_on).days} ngày)"
    return label


def _department_section(program: Document, day: dt.date, number: int, known_on: dt.date | None = None) -> list:
    rows = department_overdue(program, day, known_on)
    blocks: list = [f.Heading(f"{number}. Nhiệm vụ của các ban, đơn vị trực thuộc quá hạn")]
    if not rows:
        return blocks + [f.Para(f"Tính đến ngày {ddmmyyyy(day)}, không có nhiệm vụ nào của các ban, đơn vị trực "
                                "thuộc Tổng Liên đoàn quá hạn chưa hoàn thành.")]
    return blocks + [f.Table(
        [STT, "Văn bản, mục", "Nhiệm vụ", "Đơn vị", "Hạn", "Quá hạn"],
        [[str(i), f"{a.task.document.number} mục {a.task.ref}",
          a.task.title + (f" ({a.period_label})" if a.period_label else ""), a.unit.name, ddmmyyyy(a.due_on),
          f"{(day - a.due_on).days} ngày"] for i, a in enumerate(rows, start=1)],
        [12, 28, 48, 37, 22, 18], centred=(0, 4, 5))]


def urge_form(template: PaperTemplate, program: Document, day: dt.date, new_deadline: dt.date, *,
              refs: list[str] | None = None, number: str = "", date: dt.date | None = None,
              draft: bool = False, known_on: dt.date | None = None) -> f.Form:
    late = late_by_task(program, day, refs, known_on, within=getattr(template, "unit", None))
    units = {x.assignment.unit_id: x.assignment.unit for _, rows in late for x in rows}
    context = {"program": program_context(program), "as_of": ddmmyyyy(day), "issuer": _issuer_name(template),
               "late_units": len(units), "new_deadline": ddmmyyyy(new_deadline)}
    body: list = [*_known_note(known_on)]
    for index, (task, rows) in enumerate(late, start=1):
        body.append(f.Heading(f"{index}. {task.ref}. {task.title} ({len(rows)} đơn vị chưa hoàn thành)"))
        body.append(f.Table(
            [STT, "Đơn vị", "Hạn", "Mức độ chậm", "Hạn mới"],
            [[str(i), x.assignment.unit.name + (f" ({x.assignment.period_label})" if x.assignment.period_label else ""),
              ddmmyyyy(x.assignment.due_on) or "không ghi hạn", _lateness(x),
              ddmmyyyy(new_deadline)] for i, x in enumerate(rows, start=1)],
            [12, 62, 22, 42, 27], centred=(0, 2, 4)))
    if not late:
        body.append(f.Para(f"Tính đến ngày {ddmmyyyy(day)}, không có đơn vị nào chậm thực hiện."))
    return _frame(template, context, number=number, date=date, draft=draft, body=body,
                  addressees=_addressees(units.values()))


def _lateness(x) -> str:
    if x.overdue:
        return f"quá hạn {x.days} ngày"
    return f"chưa thực hiện sau {x.days} ngày kể từ ngày giao"


def _addressees(units) -> list[str]:
    units = sorted(units, key=lambda u: u.path)
    if len(units) <= 4:
        return [u.name for u in units]
    kinds = Counter(u.kind for u in units)
    return [f"- {KIND_LABELS.get(kind, kind)} ({count} đơn vị)" for kind, count in kinds.items()] + [
        "(có tên trong danh sách kèm theo)"]


def notice_form(template: PaperTemplate, meeting: Meeting, *, number: str = "", date: dt.date | None = None,
                draft: bool = False) -> f.Form:
    program = meeting.program
    context = {"program": program_context(program), "as_of": ddmmyyyy(meeting.as_of),
               "issuer": template.issuing_body,
               "meeting": {"date": ddmmyyyy(meeting.date), "chair": meeting.chair, "place": meeting.place,
                           "chair_title": meeting.chair_title, "attendees": meeting.attendees}}
    body: list = [f.Heading(f"1. Về tình hình triển khai {program.kind_label} số {program.number} tính đến ngày "
                            f"{ddmmyyyy(meeting.as_of)}")]
    for t in program_report(program, meeting.as_of):
        s = t.stats
        waiting = f" ({s.submitted} đơn vị đã gửi, chờ xem xét)" if s.submitted else ""
        body.append(f.Para(f"Tính đến ngày {ddmmyyyy(meeting.as_of)}, có {s.done}/{s.total} đơn vị hoàn thành "
                           f"nhiệm vụ {s.task.ref} ({s.task.title}), đạt {percent(s.done, s.total)}{waiting}."))
    body += [f.Para(p) for p in templating.lines(meeting.situation_note)]
    body.append(f.Heading("2. Về các nhiệm vụ cần tập trung trong thời gian tới"))
    for c in meeting.conclusions.all():
        body.append(f.Para(conclusion_text(c)))
    return _frame(template, context, number=number, date=date, draft=draft, body=body)


def conclusion_text(c) -> str:
    text = c.text.strip().rstrip(".")
    phrase = c.deadline_text or deadline_phrase(c.deadline_kind, c.deadline_date)
    if phrase and phrase.casefold() not in text.casefold():
        text = f"{text}, {phrase}"
    return f"{c.ref}. {text}."
