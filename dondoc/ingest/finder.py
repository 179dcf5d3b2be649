"""Find the tasks of a directive on its outline (outline.py), with sentence cues (sentences.py) for what the
structure leaves open.

Walking the body tree, each node is one of:
- a section of no tasks (purpose, requirements, targets, situation ...): skipped with everything under it;
- an item with a field block: one task, its lead units, partners, deadline and result taken from the fields
  (the item's own lines and bullets are its content);
- a heading naming units ("1. Sở Công Thương", "II. TRÁCH NHIỆM CỦA BỘ X", "Đối với X:"): the items under it
  are that unit's tasks;
- a topic heading ("3. Nhiệm vụ thường xuyên", "Đợt 1: Từ ngày ... đến ngày ..."): its time passes to the
  items under it; a "Nội dung ..." heading with bullets is one task (the bullets are its content);
- a sentence (item, bullet or paragraph): read by sentence cues; a lead-in ending with ':' ("Đề nghị các
  đơn vị:", "X có trách nhiệm:") gives its subject to the items under it (or, for a paragraph, to the
  items that follow it); an item that is a task and ends with ':' has details, not tasks, below it.
A sentence with no subject of its own takes, in order: the units of its trigger or its own subject, the
previous sentence's, the inherited subject (heading or lead-in), its item's, its first sibling's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .assignees import (
    HEAD_RE,
    VERB_RE,
    agent_do,
    find_coordinators,
    find_report_to,
    noun_phrase,
    split_units,
    subject_after_clause,
    subject_at,
    unit_words,
)
from .deadlines import NONE, parse_deadline
from .outline import Node, Outline
from .sentences import (
    ASSIGNING,
    CLOSING,
    NOT_TASK,
    SKIP_SECTION,
    STATEMENT,
    SUBORD,
    action_text,
    choose,
    heading_units,
    now_heading,
    of_units,
    only_units,
    pieces,
    skip_text,
    trigger_units,
)

__all__ = ["find_tasks"]


@dataclass
class _Ctx:
    subject: list[str] = field(default_factory=list)  # from a heading or a lead-in above
    fallback: list[str] = field(default_factory=list)  # the enclosing item's own subject
    sibling: list[str] = field(default_factory=list)  # the first sibling's subject
    default: list[str] = field(default_factory=list)  # the document's doer (single addressee, plan author)
    deadline: dict | None = None  # a time given by a heading above


_TRIGGER_WORD = re.compile(r"(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Chỉ đạo|chỉ đạo)\s")
_PERSON_NAME = re.compile(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+")
_CONTENT_LIST = re.compile(r"^(?:Nội dung|NỘI DUNG)\b")
_PLAN_AUTHOR = re.compile(r"\b(?:xây dựng|ban hành|lập)\s+(?:kế hoạch|chương trình|Kế hoạch|Chương trình)\b")


class _Finder:
    def __init__(self, outline: Outline, year: int | None):
        self.outline = outline
        self.text = outline.text
        self.year = year
        self.tasks: list[dict] = []

    # ------------------------------------------------------------------ walking

    def children(self, parent: Node, ctx: _Ctx) -> None:
        ctx = replace(ctx)
        first = True
        for child in parent.children:
            if child.kind == "row":
                continue
            intro, subject = self.node(child, ctx)
            if intro and child.kind is None:
                ctx.subject = intro  # a paragraph lead-in gives its subject to the items after it
            if first and child.labelled and subject:
                ctx.sibling = subject
            first = first and not child.labelled

    def node(self, node: Node, ctx: _Ctx) -> tuple[list[str], list[str]]:
        """Read one node (and what is under it); returns (lead-in subject, own subject)."""
        body = node.body
        if not body:
            self.children(node, replace(ctx, fallback=[], sibling=[]))
            return [], []
        if _PERSON_NAME.fullmatch(body):
            return [], []
        if node.labelled and SKIP_SECTION.match(body) and (
                now_heading(body) or len(body) < 60 or re.match(r"^[^:.]{0,60}:", body)) and not (
                ctx.deadline and _CONTENT_LIST.match(body)):  # the contents of a dated phase are work to do
            return [], []
        if node.fields:
            self.field_task(node, ctx)
            return [], []
        heading = node.kind not in (None, "bullet") and now_heading(body) and not (
            len(body) > 80 and _DETAILS.search(body.rstrip().rstrip(":"))) and not (
            body.endswith(":") and len(body.split()) >= 8 and _starts_with_verb(body))  # a lead-in sentence
        if heading:
            units = heading_units(body, self.text) or _named_by_trigger(body)
            if units:
                self.children(node, replace(ctx, subject=units, fallback=[], sibling=[]))
                return [], units
            time = _heading_time(body, self.year)
            sub = replace(ctx, deadline=time or ctx.deadline, fallback=[], sibling=[])
            if _CONTENT_LIST.match(body) and node.kind in ("num", "letter") and node.children and all(
                    ch.kind == "bullet" for ch in node.children) and (ctx.subject or ctx.default):
                self.group_task(node, sub)
                return [], []
            if not _TRIGGER_WORD.search(body):
                self.children(node, sub)
                return [], []
        if body.isupper():
            self.children(node, replace(ctx, fallback=[], sibling=[]))
            return [], []
        return self.sentences(node, ctx)

    # ------------------------------------------------------------------ kinds of nodes

    def field_task(self, node: Node, ctx: _Ctx) -> None:
        """An item with a field block is one task: lead, partners, time and result from its fields."""
        leads = _field_units(node.field_values("lead"))
        partners = _field_units(node.field_values("partners"))
        times = [v for v, _ in node.field_values("time")]
        deadline = dict(NONE)
        for value in times:
            found = parse_deadline(value, standalone=True, default_year=self.year)
            if found["type"] != "none":
                deadline = found
                break
        if deadline["type"] == "none":
            own = parse_deadline(node.body, default_year=self.year)
            deadline = own if own["type"] != "none" else dict(ctx.deadline or NONE)
        title = node.body
        subject = leads or subject_at(title) or ctx.subject or ctx.fallback or ctx.default
        if not subject:
            return
        texts = [title] + [n.body for n in _descendants(node)]
        report_to: list[str] = []
        for t in texts:
            report_to += [u for u in find_report_to(t) if u not in report_to]
        self.tasks.append({
            "ref": node.ref, "assignees": subject, "coordinators": partners or find_coordinators(title),
            "action": action_text(" ".join(texts)), "deadline": deadline, "report_to": report_to,
            "span": [node.clause.body_start, node.clause.end],
        })

    def group_task(self, node: Node, ctx: _Ctx) -> None:
        """A 'Nội dung ...' heading with its bullets: one task of the inherited subject."""
        texts = [node.body] + [n.body for n in _descendants(node)]
        own = parse_deadline(node.body, default_year=self.year)
        deadline = dict(ctx.deadline) if ctx.deadline else own
        self.tasks.append({
            "ref": node.ref, "assignees": ctx.subject or ctx.default, "coordinators": [],
            "action": action_text(" ".join(texts)), "deadline": deadline, "report_to": [],
            "span": [node.clause.body_start, node.clause.end],
        })

    def sentences(self, node: Node, ctx: _Ctx) -> tuple[list[str], list[str]]:
        c = node.clause
        ref = c.ref
        last: list[str] | None = None
        carried: dict | None = None
        piece_units: list[str] = []
        intro_units: list[str] = []
        own_subject: list[str] = []
        made = False
        for s_start, s_end, sentence, continued in pieces(c.body, c.body_start):
            lead = re.sub(r"^[-+•*–]\s*", "", sentence.strip())
            inherited = ctx.subject
            intro = re.search(r":\s*$", lead) is not None
            trig = trigger_units(lead, inherited)
            subj = subject_at(lead)
            if not subj and not trig and SUBORD.match(lead):
                subj = subject_after_clause(lead)
            units = (choose(lead, trig, subj) or (piece_units if continued else []) or last or inherited
                     or ctx.fallback or of_units(lead) or ctx.sibling or [])
            if not subj and not trig and not units:
                subj = agent_do(lead)
                if subj:
                    units = subj
            if subj and not own_subject and not skip_text(lead):
                own_subject = subj  # a statement ("X thống nhất với ...") names no doer for what follows
            if intro:
                after = lead.rsplit(":", 1)[0]
                if units and (trig or (subj and ASSIGNING.search(after[len(noun_phrase(after)):]))) \
                        and not re.search(r"[.;]", after[-5:]):
                    intro_units = units
                    continue
                details = _DETAILS.search(after) or (
                    node.labelled and node.children and all(ch.kind == "bullet" for ch in node.children)
                    and not _TASK_LIST.search(after) and not subj and units)
                if not (details and node.children):
                    continue
                # "X thực hiện ..., cụ thể:" — a task whose details follow
                if not units and ctx.default and _imperative(lead):
                    units = ctx.default
                if not units or skip_text(lead) or only_units(after):
                    continue
            skip = skip_text(lead) and not (subj and SUBORD.match(lead) and not NOT_TASK.search(lead)) and not (
                trig and _AFTER_CLAUSE.search(lead[:trig[1]]) and not NOT_TASK.search(lead)
                and not re.match(r"^(?:Vì vậy|Do đó|Tuy nhiên|Theo đó)\b", lead))
            if skip and trig and re.match(r"^(?:Đồng ý|Nhất trí)\b", lead) and re.search(
                    r"[,;]\s*(?:đồng thời\s+)?(?:giao|yêu cầu|đề nghị)\s", lead):
                skip = False
            skip = skip or (not subj and not trig and bool(STATEMENT.search(lead))) or bool(
                CLOSING.match(lead) or (trig and CLOSING.match(lead[trig[1]:])))
            if not skip and not trig and _CARRY_OUT_THIS.search(lead) and parse_deadline(lead, default_year=self.year)["type"] in (
                    "none", "ongoing", "recurring"):
                skip = True  # "... chỉ đạo thực hiện tốt Chỉ thị này ...": the closing formula
            if not units and ctx.default and not skip and not subj and not trig and _imperative(lead):
                units = ctx.default
            if made and _TIME_SENTENCE.match(lead) and not subj and not trig:
                # "Thời gian hoàn thành trước ngày X." after a task: the time field of that task
                found = parse_deadline(lead, default_year=self.year)
                if found["type"] != "none" and self.tasks[-1]["deadline"]["type"] == "none":
                    self.tasks[-1]["deadline"] = found
                    self.tasks[-1]["span"][1] = s_end
                    continue
            if not units or skip or only_units(lead):
                if subj and not skip_text(lead):
                    last = subj
                found = parse_deadline(lead, default_year=self.year)
                if found["date"]:
                    carried = found
                continue
            deadline = parse_deadline(lead, default_year=self.year)
            if deadline["type"] == "none" and carried:
                deadline = carried
            if deadline["type"] == "none" and ctx.deadline:
                deadline = dict(ctx.deadline)
            if subj:
                last = subj
            self.tasks.append({
                "ref": ref, "assignees": units, "coordinators": find_coordinators(lead), "action": action_text(lead),
                "deadline": deadline, "report_to": find_report_to(lead), "span": [s_start, s_end],
            })
            made = True
            piece_units = units
        if node.children:
            below = replace(ctx, subject=intro_units or (own_subject if node.labelled else []) or ctx.subject,
                            fallback=own_subject or last or ctx.fallback,
                            sibling=[])
            if made and c.body.rstrip().endswith(":") and not intro_units:
                self.explicit_children(node, below, piece_units)  # details of the task above
            else:
                self.children(node, below)
        return (intro_units if node.kind is None else []), own_subject or (intro_units if node.labelled else [])

    def explicit_children(self, node: Node, ctx: _Ctx, doer: list[str]) -> None:
        """Details of a task: a line is a task of its own only when it names another doer or its own date."""
        for child in node.children:
            body = re.sub(r"^[-+•*–]\s*", "", child.body)
            units = subject_at(body) or (trigger_units(body, []) or ([], 0))[0]
            dated = parse_deadline(body, default_year=self.year)["type"] in ("date", "month", "quarter", "half")
            if units and (dated or not _same_units(units, doer)):
                self.node(child, replace(ctx, subject=[], fallback=[]))


# "... thực hiện các nhiệm vụ sau:" introduces tasks, not the details of one
_TASK_LIST = re.compile(r"(?:các|những|một số)\s+(?:nhiệm vụ|công việc|việc)(?:\s+(?:cụ thể|chủ yếu|trọng tâm))?\s+"
                        r"(?:sau|sau đây|như sau)\s*$", re.I)
_CARRY_OUT_THIS = re.compile(r"(?<!việc )(?<!tình hình )(?<!kết quả )(?:thực hiện|triển khai|thi hành)(?:\s+(?:tốt|nghiêm túc|nghiêm|có hiệu quả))?\s+"
                             r"(?:[Cc]hỉ thị|[Qq]uyết định|[Nn]ghị quyết|[Kk]ế hoạch|[Tt]hông báo|[Cc]ông văn|[Vv]ăn bản)"
                             r"\s+này\b")
# "Căn cứ vào kết quả ..., nếu thiếu vốn, giao Bộ X chủ trì ...": the assignment after an opening clause
_AFTER_CLAUSE = re.compile(r",\s*(?:thì\s+|đồng thời\s+)?(?:giao|đề nghị|yêu cầu|Giao|Đề nghị|Yêu cầu)(?:\s+cho)?\s+$")
_TIME_SENTENCE = re.compile(r"^(?:Thời gian|Thời hạn|Tiến độ)(?:\s+(?:thực hiện|hoàn thành|báo cáo))?\b", re.I)
_DETAILS = re.compile(r"(?:cụ thể|như sau|sau đây|gồm|bao gồm|các (?:nội dung|hoạt động|việc|nhiệm vụ) sau)\s*$", re.I)


def _same_units(a: list[str], b: list[str]) -> bool:
    def words(x: str) -> set[str]:
        return unit_words(x) - {"xa", "tinh", "huyen", "phuong", "thanh", "pho"}

    return any(words(x) <= words(y) or words(y) <= words(x) for x in a for y in b)


def _named_by_trigger(body: str) -> list[str]:
    """'Giao Sở Xây dựng', 'Đề nghị Bộ Y tế:' as a heading: the items under it are that unit's."""
    m = re.match(r"^(?:Giao|Đề nghị|Yêu cầu|Phân công)\s+(.+?)\s*:?$", body.strip())
    if not m or not HEAD_RE.match(m.group(1)):
        return []
    np = noun_phrase(m.group(1))
    return split_units(np) if np and len(np) >= len(m.group(1).strip(" .:")) - 2 else []


def _descendants(node: Node) -> list[Node]:
    out = []
    for child in node.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _field_units(values: list[tuple[str, Node]]) -> list[str]:
    out: list[str] = []
    for value, _ in values:
        value = re.sub(r"^[-+•*–]\s*", "", value).strip(" .;")
        if not value:
            continue
        parts = [p.strip(" .") for p in value.split(";")] if ";" in value else split_units(value) or [value]
        for p in parts:
            if p and len(p) < 160 and p not in out:
                out.append(p)
    return out


_IMPERATIVE = re.compile(r"^(?:Tổ chức|Xây dựng|Ban hành|Triển khai|Thực hiện|Kiểm tra|Giám sát|Tuyên truyền|Rà soát|"
                         r"Hướng dẫn|Phối hợp|Tham mưu|Chỉ đạo|Theo dõi|Tổng hợp|Báo cáo|Lập|Cử|Thành lập|Chuẩn bị|"
                         r"Tiếp nhận|Phân công|Tham gia|Đôn đốc|Vận động|Nắm bắt|Duy trì|Bố trí)\b")


def _starts_with_verb(text: str) -> bool:
    m = VERB_RE.match(text[:1].lower() + text[1:])
    return bool(m) and not HEAD_RE.match(text) and not _CONTENT_LIST.match(text)


def _imperative(sentence: str) -> bool:
    return bool(_IMPERATIVE.match(sentence))


def _heading_time(body: str, year: int | None) -> dict | None:
    found = parse_deadline(body, default_year=year)
    if found["type"] != "none":
        return found
    return None


def find_tasks(outline: Outline, document: dict, year: int | None, addressees: list[str]) -> list[dict]:
    finder = _Finder(outline, year)
    default: list[str] = []
    if document.get("kind") == "CV" and len(addressees) == 1:
        default = addressees
    for child in outline.body.children[:12]:
        if child.kind is None and _PLAN_AUTHOR.search(child.body) and re.search(r":\s*$", child.body):
            author = subject_at(child.body)
            if author and HEAD_RE.match(child.body):
                default = default or author
            break
        if child.labelled:
            break
    finder.children(outline.body, _Ctx(default=default))
    for attachment in outline.attachments:
        finder.children(attachment, _Ctx())
    return finder.tasks
