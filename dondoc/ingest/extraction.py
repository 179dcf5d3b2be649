"""Tie the pieces together: normalised text → header, references, tasks, distribution (SCHEMA.md)."""

from __future__ import annotations

import re

from .assignees import (
    _STRONG_HEAD,
    HEAD_RE,
    FullForms,
    agent_do,
    find_coordinators,
    find_report_to,
    noun_phrase,
    subject_after_clause,
    subject_at,
)
from .clauses import Clause, split_clauses, split_sentences
from .deadlines import parse_deadline
from .header import find_references, parse_header
from .normalize import normalize_text
from .plans import distribution, plan_tasks
from .tables import table_tasks

__all__ = ["extract"]

_SKIP_SECTION = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|MỤC TIÊU|QUAN ĐIỂM|Mục đích|Yêu cầu|Mục tiêu|Quan điểm|Đối tượng|Phạm vi|"
    r"Về kết quả|KẾT QUẢ|Kết quả|TÌNH HÌNH|Tình hình|ĐÁNH GIÁ|Đánh giá|Nội dung kiểm tra|Thời gian kiểm tra|"
    r"Địa điểm|Phương thức|Kinh phí thực hiện|Thành phần)", re.I)
_NARRATIVE = re.compile(
    r"^(?:Căn cứ\s+(?!vào nội dung|vào chức năng|chức năng|nội dung)|Xét\b|Theo đề nghị|Thực hiện\s+(?:Quyết định|Chỉ thị|"
    r"Nghị quyết|Kế hoạch|Công văn|Thông báo|Kết luận|Chương trình)|Trên đây|Ngày\s+\d|Tham dự|Sau khi|Qua\b|"
    r"Tính đến|Tuy nhiên|Nhìn chung|Hiện nay|Trong thời gian qua|Kính gửi|Nơi nhận|Hưởng ứng|Để\s+phong trào|"
    r"Nhằm|Trong suốt|Đến nay|Vì vậy|Do đó|Việc\s|Lưu ý)", re.I)
_NOT_TASK = re.compile(
    r"chịu trách nhiệm toàn diện|chịu trách nhiệm trước|chịu trách nhiệm thi hành|có hiệu lực|thông báo để|"
    r"xin thông báo|biết,? (?:và )?thực hiện|nếu có (?:khó khăn|vướng mắc|phát sinh)|"
    r"^(?:Đồng ý|Nhất trí)|thống nhất với|đánh giá cao|ghi nhận|nghiêm túc triển khai thực hiện[./]*$|"
    r"^(?!.*\bbáo cáo\b).*(?:Chỉ thị|Quyết định|Nghị quyết|Kế hoạch|Thông báo|văn bản|Công văn) này[./]*$|cơ bản thống nhất|"
    r"^(?:Chỉ thị|Quyết định|Nghị quyết|Kế hoạch|Thông báo|Kết luận|Chương trình) này\b|này (?:được|có hiệu lực)|"
    r"(?:tổ chức|triển khai) thực hiện\s*\./\.?$|có trách nhiệm (?:thực hiện|thi hành|giám sát)[^.;]{0,30}"
    r"(?:Nghị quyết|Quyết định|Chỉ thị|Kế hoạch)(?: này)?[./]*$|^(?:Kinh phí|Phương tiện)[^:]{0,60}:\s*(?:Được|Do ngân sách)")
_PAST = re.compile(r"^(?:\S+\s+){0,12}?(?:đã|đã được|đã có|đang)\s", re.I)
_TRIGGER = re.compile(
    r"(?:(?<=^)|(?<=[\s,;:(]))(?<!được )(?<!theo )(?<!của )(?<!đáp ứng )(?<!đã )(?<!sẽ )(?<!khi có )"
    r"(Giao nhiệm vụ cho|giao nhiệm vụ cho|Giao nhiệm vụ|giao nhiệm vụ|Giao cho|giao cho|Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Chỉ đạo|chỉ đạo|Phân công|phân công|"
    r"Ủy quyền|ủy quyền|Ủy nhiệm)(?:,\s*(?:đôn đốc|hướng dẫn|yêu cầu))?\s+")


def _now_heading(body: str) -> bool:
    body = body.strip()
    return bool(body) and (body.endswith(":") or not re.search(r"[.;!?]\s*$", body)) and len(body) < 200


def _skip_text(sentence: str) -> bool:
    s = sentence.strip()
    return bool(_NARRATIVE.match(s) or _NOT_TASK.search(s) or re.search(r"\bđã\s+(?:được\s+)?[a-zđà-ỹ]", s[:60])
                and not re.match(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo)", s))


_GENERIC = re.compile(r"^(?:(?:các|Các|mọi|toàn bộ|100%)\s+)?(?:cấp|ngành|cơ quan|đơn vị|tổ chức|doanh nghiệp|"
                      r"địa phương|bộ phận|lực lượng|trường|cơ sở)\b")


_OF_UNITS = re.compile(r"(?:nhiệm vụ|việc triển khai|kế hoạch|chương trình công tác)\s+(?:được giao\s+)?của\s+"
                       r"(?=(?:các|Các)\s)")


def _of_units(sentence: str) -> list[str]:
    """'... việc triển khai nhiệm vụ của các ban, đơn vị ...': the plural group whose work is meant."""
    m = _OF_UNITS.search(sentence)
    if not m or not HEAD_RE.match(sentence[m.end():]):
        return []
    return subject_at(sentence[m.end():])


_ATTACHMENT = re.compile(r"^(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|PHỤ LỤC|DANH MỤC|PHƯƠNG ÁN)\b")
_CLOSING = re.compile(
    r"^(?:(?:Đề nghị|Yêu cầu)\s+)?(?:các|Các)\s+(?:đơn vị|cơ quan|cấp|ngành|địa phương|sở|ban)\b[^;]{0,80}?"
    r"(?:triển khai|thực hiện)\b(?:.*/\.\s*$|[^.;]{0,20}(?:kế hoạch|thông báo|văn bản|chỉ thị|kết luận|nội dung)"
    r"\s+(?:trên|này)\b)")
_STATEMENT = re.compile(r"\blà (?:nhiệm vụ|trách nhiệm|giải pháp|yêu cầu|một)\b|^[^,]{0,80}\bphải gắn\b")


def _parent(ref: str) -> str:
    return ref.rsplit(".", 1)[0] if "." in ref else ""


_LEAD_TRIGGER = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo|Phân công|Ủy quyền|Trong đó,? giao|Đồng thời,? giao)")


def _choose(lead: str, trig: tuple[list[str], int] | None, subj: list[str]) -> list[str]:
    """Pick the acting units: a leading trigger's object, else the subject, else a later trigger's object."""
    if trig and _LEAD_TRIGGER.match(lead):
        return trig[0]
    if subj:
        if trig:
            np_end = len(noun_phrase(lead))
            between = lead[np_end:trig[1]]
            if len(between) <= 40 and re.search(r"\b(?:yêu cầu|đề nghị|giao|chỉ đạo)\b", between):
                return trig[0]
        return subj
    return trig[0] if trig else []


def _trigger_units(sentence: str, ctx: list[str]) -> tuple[list[str], int] | None:
    for m in _TRIGGER.finditer(sentence):
        rest = sentence[m.end():]
        if rest[:1].islower() and not re.match(
                r"(?:các|cho|những|công đoàn|liên đoàn|ủy ban|uỷ ban|thủ trưởng|người đứng đầu|đoàn viên|cán bộ)\s", rest):
            continue
        if not HEAD_RE.match(rest) and not re.match(r"(?:Ông|Bà|Đồng chí|đồng chí)\s", rest):
            continue
        units = subject_at(rest)
        if not units:
            continue
        np = noun_phrase(rest)
        inner = re.match(r"\s*(?:quan tâm\s+|tập trung\s+)?chỉ đạo\s+", rest[len(np):])
        if inner:
            deeper = rest[len(np) + inner.end():]
            if _STRONG_HEAD.match(deeper):
                units = subject_at(deeper) or units
        verb = m.group(1).lower()
        if verb == "chỉ đạo" and ctx and m.start() > 3 and not re.match(r"^(?:Tập trung|Trực tiếp|Tiếp tục)", sentence):
            continue
        if verb == "chỉ đạo" and ctx and _GENERIC.match(rest):
            return list(ctx), m.end()
        return units, m.end()
    return None


def _heading_units(body: str, text: str) -> list[str]:
    """Units named by a heading: '1. Bộ Y tế', 'II. NHIỆM VỤ CỦA BỘ X', 'Trách nhiệm của ...', 'Đối với ...:'."""
    b = body.strip().rstrip(":").strip()
    m = re.match(r"^(?:Trách nhiệm|Nhiệm vụ|NHIỆM VỤ|TRÁCH NHIỆM)(?:[^:]{0,40}?)\s+(?:của|CỦA)\s+(.+)$", b)
    if m:
        b = m.group(1)
    else:
        m = re.match(r"^(?:Đối với|ĐỐI VỚI)\s+(.+)$", b)
        if m:
            b = m.group(1)
    if b.isupper():
        b = _recase_from(b, text)
    units = subject_at(b)
    if not units:
        return []
    covered = noun_phrase(b)
    rest = b[len(covered):].strip(" ,")
    if rest and not re.fullmatch(r"(?:có trách nhiệm|chịu trách nhiệm|thực hiện(?: các)?(?: nhiệm vụ)?(?: sau)?|"
                                 r"có (?:các )?nhiệm vụ(?: sau)?|chủ trì(?: thực hiện)?|thực hiện)?\s*:?", rest):
        return []
    return units


def _recase_from(upper: str, text: str) -> str:
    words = upper.split()
    for start in range(len(words)):
        tail = words[start:]
        if len(tail) < 2:
            break
        pattern = r"\s+".join(re.escape(w) for w in tail)
        for m in re.finditer(pattern, text, re.I):
            if not m.group().isupper():
                return m.group()
    return upper.capitalize()


class _Scopes:
    """Subjects inherited from headings (by reference path) and from colon intros."""

    def __init__(self) -> None:
        self.headings: list[tuple[str, list[str]]] = []
        self.intro: list[str] | None = None
        self.intro_ref: str | None = None
        self.intro_seen_items = False
        self.default: list[str] = []

    def enter(self, c: Clause) -> None:
        ref = c.ref or ""
        self.headings = [(r, u) for r, u in self.headings if ref == r or ref.startswith(r + ".")]
        if self.intro is not None:
            if c.kind is None and c.ref == self.intro_ref and self.intro_seen_items or self.intro_ref and not (ref == self.intro_ref or ref.startswith(self.intro_ref + ".")):
                self.intro = None
            elif c.kind is not None:
                self.intro_seen_items = True

    def current(self) -> list[str]:
        if self.intro:
            return self.intro
        if self.headings:
            return self.headings[-1][1]
        return self.default


def extract(text: str) -> dict:
    """Extract header, references, tasks and distribution from a document's text (see SCHEMA.md).

    Task spans are character offsets into `normalize_text(text)`.
    """
    text = normalize_text(text if isinstance(text, str) else "")
    document = parse_header(text)
    references = find_references(text, document.get("number"))
    clauses = split_clauses(text)
    year = int(document["date"][:4]) if document.get("date") else None
    plan = plan_tasks(clauses, text, year)
    plan_refs = [t["ref"] for t in plan if t["ref"]]
    tasks = table_tasks(clauses, text, year) + plan + _sentence_tasks(clauses, text, document, plan_refs, year)
    tasks.sort(key=lambda t: t["span"][0])
    forms = FullForms(text)
    for t in tasks:
        for key in ("assignees", "coordinators", "report_to"):
            t[key] = _dedupe([forms.expand(u) for u in t[key]])
    return {"document": document, "references": references, "tasks": tasks,
            "distribution": distribution(clauses)}


def _sentence_tasks(clauses: list[Clause], text: str, document: dict, plan_refs: list[str],
                    year: int | None = None) -> list[dict]:
    tasks: list[dict] = []
    scopes = _Scopes()
    skip_refs: list[str] = []
    addressees = _addressees(clauses)
    if document.get("kind") == "CV" and len(addressees) == 1:
        scopes.default = addressees
    in_body = False
    paused = False
    section: dict[str, list[str]] = {}
    first_child: dict[str, str] = {}
    for c in clauses:
        if c.kind == "row":
            continue
        body = c.body.strip()
        if re.match(r"^(?:Nơi nhận|(?:T/M|TM|KT|TL|TUQ|Q|T\.M)\.?\s+[A-ZĐÀ-Ỹ]{2,})", c.text):
            paused = True  # distribution list and signature: skip until an attached plan/appendix starts
            continue
        if paused:
            if not (_ATTACHMENT.match(c.text.strip()) or c.kind in ("roman", "part")):
                continue
            paused = False
            scopes = _Scopes()
        if re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+", c.text.strip()):
            continue  # a bare person name (signature)
        if not in_body:
            if c.kind is not None or re.search(r"(?:sau|như sau|dưới đây)\s*:\s*$", body) or HEAD_RE.match(body) \
                    or re.match(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo)\b", body):
                in_body = True
            if re.match(r"^(?:Căn cứ|Xét|Theo đề nghị|Kính gửi|Số\s*:)", body):
                continue
        scopes.enter(c)
        ref = c.ref or ""
        if c.label and c.ref and c.kind != "row":
            first_child.setdefault(_parent(ref), ref)
            if first_child[_parent(ref)] != ref:
                first_child[_parent(ref)] = "<later>"
        if any(ref == r or ref.startswith(r + ".") for r in plan_refs):
            continue
        if skip_refs and any(ref == r or ref.startswith(r + ".") for r in skip_refs):
            continue
        skip_refs = []
        if c.label and _SKIP_SECTION.match(body) and (_now_heading(body) or len(body) < 60
                                                      or re.match(r"^[^:.]{0,60}:", body)):
            skip_refs = [ref]
            continue
        if c.kind not in (None, "bullet") and _now_heading(body):
            units = _heading_units(body, text)
            if units:
                scopes.headings.append((ref, units))
                continue
            if not re.search(r"(?:Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Chỉ đạo|chỉ đạo)\s", body):
                continue
        if body.isupper():
            continue
        last: list[str] | None = None
        carried: dict | None = None
        piece_units: list[str] = []
        for s_start, s_end, sentence, continued in _pieces(body, c.body_start):
            sent = sentence.strip()
            lead = re.sub(r"^[-+•*–]\s*", "", sent)
            ctx = scopes.current()
            intro = re.search(r":\s*$", lead) is not None
            trig = _trigger_units(lead, ctx)
            subj = subject_at(lead)
            if not subj and not trig and _SUBORD.match(lead):
                subj = subject_after_clause(lead)
            units = (_choose(lead, trig, subj) or (piece_units if continued else []) or last or ctx
                     or section.get(ref) or _of_units(lead) or section.get(_parent(ref)) or [])
            if not subj and not trig and not units:
                subj = agent_do(lead)
                if subj:
                    units = subj
            if intro:
                after = lead.rsplit(":", 1)[0]
                if units and (trig or (subj and _ASSIGNING.search(after[len(noun_phrase(after)):]))) \
                        and not re.search(r"[.;]", after[-5:]):
                    scopes.intro = units
                    scopes.intro_ref = c.ref
                    scopes.intro_seen_items = False
                    if c.kind not in (None, "bullet") and c.ref:
                        scopes.headings.append((c.ref, units))
                continue
            skip = _skip_text(lead) and not (subj and _SUBORD.match(lead) and not _NOT_TASK.search(lead))
            if skip and trig and re.match(r"^(?:Đồng ý|Nhất trí)\b", lead) and re.search(
                    r"[,;]\s*(?:đồng thời\s+)?(?:giao|yêu cầu|đề nghị)\s", lead):
                skip = False
            skip = skip or (not subj and not trig and bool(_STATEMENT.search(lead))) or bool(
                _CLOSING.match(lead) or (trig and _CLOSING.match(lead[trig[1]:])))
            if not in_body or not units or skip or _only_units(lead):
                if subj and not _skip_text(lead):
                    last = subj
                found = parse_deadline(lead, default_year=year)
                if found["date"]:
                    carried = found
                continue
            deadline = parse_deadline(lead, default_year=year)
            if deadline["type"] == "none" and carried:
                deadline = carried
            if subj:
                last = subj
                if c.label and first_child.get(_parent(ref)) == ref:
                    section[_parent(ref)] = subj
                if c.label and c.ref:
                    section[c.ref] = subj
            task = {
                "ref": c.ref,
                "assignees": units,
                "coordinators": find_coordinators(lead),
                "action": _action(lead),
                "deadline": deadline,
                "report_to": find_report_to(lead),
                "span": [s_start, s_end],
            }
            tasks.append(task)
            piece_units = units
    return tasks


_SUBORD = re.compile(r"^(?:Nhằm|Để|Căn cứ|Trên cơ sở|Sau khi|Khi|Trong quá trình|Kết thúc|Đến|Trong|Từ|"
                     r"Trường hợp|Nếu|Ngoài ra|Đồng thời|Bên cạnh đó|Riêng|Đối với)\b")
_ASSIGNING = re.compile(r"^\s*(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|thực hiện|triển khai|tập trung|cần|phải|"
                        r"chủ trì|khẩn trương|nghiên cứu|chỉ đạo|quan tâm|tiếp tục|chủ động)")


def _only_units(sentence: str) -> bool:
    s = sentence.strip(" .;")
    if not HEAD_RE.match(s):
        return False
    np = noun_phrase(s)
    return bool(np) and len(np) >= len(s) - 2


_DATED = re.compile(r"(?:trước|chậm nhất|trong|hoàn thành)\s+(?:ngày|tháng|quý|năm)\s+\S")
# a final "...; báo cáo ... trước ngày X" deadline covers the whole work: no split
_REPORTING = re.compile(r"^(?:(?:thực hiện|triển khai)\s+và\s+)?(?:và\s+)?(?:tổng hợp(?: kết quả)?,?\s*)?"
                        r"(?:báo cáo|gửi|trình)\b")


def _pieces(body: str, offset: int) -> list[tuple[int, int, str, bool]]:
    """Sentences; a sentence naming a dated deadline is split at ';' (a clause with its own deadline is its own
    task). The flag marks the second and later parts of a split sentence (they share its subject)."""
    out: list[tuple[int, int, str, bool]] = []
    for s_start, s_end, sentence in split_sentences(body, offset):
        parts = sentence.split(";")
        dated = [p for p in parts if _DATED.search(p)]
        reporting = len(dated) == 1 and _REPORTING.match(dated[0].strip())
        if not dated or len(parts) < 2 or reporting:
            out.append((s_start, s_end, sentence, False))
            continue
        colon = sentence.find(":")
        prefix = sentence[: colon + 1] if 0 < colon < 200 else ""
        pos = len(prefix)
        first = True
        for part in sentence[pos:].split(";"):
            if part.strip():
                lead = part if not prefix else prefix + " " + part.strip()
                out.append((s_start + pos, s_start + pos + len(part), lead, not first))
                first = False
            pos += len(part) + 1
    return out


def _dedupe(items: list[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def _action(sentence: str) -> str:
    s = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo)\s+", "", sentence.strip())
    return s[:300]


def _addressees(clauses: list[Clause]) -> list[str]:
    for i, c in enumerate(clauses[:40]):
        m = re.search(r"Kính gửi\s*:?\s*(?:\|\s*)?(.*)$", c.text)
        if not m:
            continue
        rest = m.group(1).strip()
        items = [x.strip(" -;.") for x in re.split(r"\s-\s|;\s*-?\s*", " " + rest) if x.strip(" -;.")]
        j = i + 1
        while not items and j < len(clauses) and clauses[j].kind == "bullet":
            items.append(clauses[j].body.strip(" ;."))
            j += 1
        return [x for x in items if HEAD_RE.match(x)]
    return []
