"""Sentence-level reading: who a sentence gives work to, whether it is a task at all, its pieces.

Used by the outline walk (finder.py) for what the document's structure cannot decide by itself: the
subject or the "Giao/Đề nghị/Yêu cầu X" of a sentence, narratives and closing formulas, statements that are
not tasks, and sentences that carry two deadlines.
"""

from __future__ import annotations

import re

from .assignees import (
    _STRONG_HEAD,
    HEAD_RE,
    noun_phrase,
    subject_at,
)
from .clauses import split_sentences

SKIP_SECTION = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|MỤC TIÊU|QUAN ĐIỂM|Mục đích|Yêu cầu|Mục tiêu|Quan điểm|Đối tượng|Phạm vi|"
    r"Về kết quả|KẾT QUẢ|Kết quả|TÌNH HÌNH|Tình hình|ĐÁNH GIÁ|Đánh giá|Nội dung kiểm tra|Thời gian kiểm tra|"
    r"Địa điểm|Phương thức|Kinh phí thực hiện|Thành phần)", re.I)
NARRATIVE = re.compile(
    r"^(?:Căn cứ\s+(?!vào nội dung|vào chức năng|chức năng|nội dung)|Xét\b|Theo đề nghị|Thực hiện\s+(?:Quyết định|Chỉ thị|"
    r"Nghị quyết|Kế hoạch|Công văn|Thông báo|Kết luận|Chương trình)|Trên đây|Ngày\s+\d|Tham dự|Sau khi|Qua\b|"
    r"Tính đến|Tuy nhiên|Nhìn chung|Hiện nay|Trong thời gian qua|Kính gửi|Nơi nhận|Hưởng ứng|Để\s+phong trào|"
    r"Nhằm|Trong suốt|Đến nay|Vì vậy|Do đó|Việc\s|Lưu ý|(?:Xin\s+)?[Tt]rân trọng|Rất mong|Xin cảm ơn|Cảm ơn)", re.I)
NOT_TASK = re.compile(
    r"chịu trách nhiệm toàn diện|chịu trách nhiệm trước|chịu trách nhiệm thi hành|có hiệu lực|thông báo để|"
    r"xin thông báo|biết,? (?:và )?thực hiện|nếu có (?:khó khăn|vướng mắc|phát sinh)|"
    r"^(?:Đồng ý|Nhất trí)|thống nhất với|đánh giá cao|ghi nhận|nghiêm túc triển khai thực hiện[./]*$|"
    r"^(?!.*\bbáo cáo\b).*(?:Chỉ thị|Quyết định|Nghị quyết|Kế hoạch|Thông báo|văn bản|Công văn) này[./]*$|cơ bản thống nhất|"
    r"^(?:Chỉ thị|Quyết định|Nghị quyết|Kế hoạch|Thông báo|Kết luận|Chương trình) này\b|này (?:được|có hiệu lực)|"
    r"(?:tổ chức|triển khai) thực hiện\s*\./\.?$|(?:chịu|có) trách nhiệm (?:tổ chức )?(?:triển khai )?(?:thực hiện|"
    r"thi hành)(?: nghiêm túc)?[^.;]{0,20}(?:các )?nội dung (?:nêu )?trên|có trách nhiệm (?:thực hiện|thi hành|giám sát)[^.;]{0,30}"
    r"(?:Nghị quyết|Quyết định|Chỉ thị|Kế hoạch)(?: này)?[./]*$|^(?:Kinh phí|Phương tiện)[^:]{0,60}:\s*(?:Được|Do ngân sách)")
TRIGGER = re.compile(
    r"(?:(?<=^)|(?<=[\s,;:(]))(?<!được )(?<!theo )(?<!của )(?<!đáp ứng )(?<!đã )(?<!sẽ )(?<!khi có )"
    r"(Giao nhiệm vụ cho|giao nhiệm vụ cho|Giao nhiệm vụ|giao nhiệm vụ|Giao cho|giao cho|Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Chỉ đạo|chỉ đạo|Phân công|phân công|"
    r"Ủy quyền|ủy quyền|Ủy nhiệm)(?:,\s*(?:đôn đốc|hướng dẫn|yêu cầu))?\s+")


def now_heading(body: str) -> bool:
    body = body.strip()
    return bool(body) and (body.endswith(":") or not re.search(r"[.;!?]\s*$", body)) and len(body) < 200


def skip_text(sentence: str) -> bool:
    s = sentence.strip()
    return bool(NARRATIVE.match(s) or NOT_TASK.search(s) or re.search(r"\bđã\s+(?:được\s+)?[a-zđà-ỹ]", s[:60])
                and not re.match(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo)", s))


_GENERIC = re.compile(r"^(?:(?:các|Các|mọi|toàn bộ|100%)\s+)?(?:cấp|ngành|cơ quan|đơn vị|tổ chức|doanh nghiệp|"
                      r"địa phương|bộ phận|lực lượng|trường|cơ sở)\b")


_OF_UNITS = re.compile(r"(?:nhiệm vụ|việc triển khai|kế hoạch|chương trình công tác)\s+(?:được giao\s+)?của\s+"
                       r"(?=(?:các|Các)\s)")


def of_units(sentence: str) -> list[str]:
    """'... việc triển khai nhiệm vụ của các ban, đơn vị ...': the plural group whose work is meant."""
    m = _OF_UNITS.search(sentence)
    if not m or not HEAD_RE.match(sentence[m.end():]):
        return []
    return subject_at(sentence[m.end():])


CLOSING = re.compile(
    r"^(?:(?:Đề nghị|Yêu cầu)\s+)?(?:các|Các)\s+(?:đơn vị|cơ quan|cấp|ngành|địa phương|sở|ban)\b[^;]{0,80}?"
    r"(?:triển khai|thực hiện)\b(?:.*/\.\s*$|[^.;]{0,20}(?:kế hoạch|thông báo|văn bản|chỉ thị|kết luận|nội dung)"
    r"\s+(?:trên|này)\b)")
STATEMENT = re.compile(r"\blà (?:nhiệm vụ|trách nhiệm|giải pháp|yêu cầu|một)\b|^[^,]{0,80}\bphải gắn\b")



_LEAD_TRIGGER = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo|Phân công|Ủy quyền|Trong đó,? giao|Đồng thời,? giao)")


def choose(lead: str, trig: tuple[list[str], int] | None, subj: list[str]) -> list[str]:
    """Pick the acting units: a leading trigger's object, else the subject, else a later trigger's object."""
    if trig and _LEAD_TRIGGER.match(lead):
        return trig[0]
    if subj:
        if trig:
            np_end = len(noun_phrase(lead))
            between = lead[np_end:trig[1]]
            if len(between) <= 40 and re.search(r"\b(?:yêu cầu|đề nghị|giao|chỉ đạo)\b", between):
                if re.fullmatch(r"\s*chỉ đạo\s*", between) and all(u[:1].islower() for u in trig[0]):
                    return subj  # "Bộ X chỉ đạo các cơ quan báo chí ...": X directs its own subordinates
                return trig[0]
        return subj
    return trig[0] if trig else []


# a letter's polite words for its addressees
_POLITE = re.compile(r"Quý\s+(?:cơ quan|đơn vị|Sở|Bộ|Ban|Ủy ban|Uỷ ban|Hội|Công ty|Trường|Cục|Văn phòng|địa phương)"
                     r"(?![\wÀ-ỹ])")


def trigger_units(sentence: str, ctx: list[str]) -> tuple[list[str], int] | None:
    for m in TRIGGER.finditer(sentence):
        rest = sentence[m.end():]
        if rest[:1].islower() and not re.match(
                r"(?:các|cho|những|công đoàn|liên đoàn|ủy ban|uỷ ban|thủ trưởng|người đứng đầu|đoàn viên|cán bộ)\s", rest):
            continue
        polite = _POLITE.match(rest)
        if polite and not HEAD_RE.match(rest):
            return [polite.group().strip()], m.end()  # "đề nghị Quý cơ quan: ...": the addressees
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


def heading_units(body: str, text: str) -> list[str]:
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
        b = recase_from(b, text)
    units = subject_at(b)
    if not units:
        return []
    covered = noun_phrase(b)
    rest = b[len(covered):].strip(" ,")
    if rest and not re.fullmatch(r"(?:có trách nhiệm|chịu trách nhiệm|thực hiện(?: các)?(?: nhiệm vụ)?(?: sau)?|"
                                 r"có (?:các )?nhiệm vụ(?: sau)?|chủ trì(?: thực hiện)?|thực hiện)?\s*:?", rest):
        return []
    return units


def recase_from(upper: str, text: str) -> str:
    words = upper.split()
    for start in range(len(words)):
        tail = words[start:]
        if len(tail) < 2:
            break
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in tail) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.I):
            if not m.group().isupper() and m.group()[0].isupper():  # a name, not "các cơ sở y tế"
                return m.group()
    return upper.capitalize()


SUBORD = re.compile(r"^(?:Nhằm|Để|Căn cứ|Trên cơ sở|Sau khi|Khi|Trong quá trình|Kết thúc|Đến|Trong|Từ|"
                     r"Trường hợp|Nếu|Ngoài ra|Đồng thời|Bên cạnh đó|Riêng|Đối với)\b")
ASSIGNING = re.compile(r"^\s*(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|thực hiện|triển khai|tập trung|cần|phải|"
                        r"chủ trì|khẩn trương|nghiên cứu|chỉ đạo|quan tâm|tiếp tục|chủ động)")


def only_units(sentence: str) -> bool:
    s = sentence.strip(" .;")
    if not HEAD_RE.match(s):
        return False
    np = noun_phrase(s)
    return bool(np) and len(np) >= len(s) - 2


_DATED = re.compile(r"(?:trước|chậm nhất|trong|hoàn thành)\s+(?:ngày|tháng|quý|năm)\s+\S")
# a final "...; báo cáo ... trước ngày X" deadline covers the whole work: no split
_REPORTING = re.compile(r"^(?:(?:thực hiện|triển khai)\s+và\s+)?(?:và\s+)?(?:tổng hợp(?: kết quả)?,?\s*)?"
                        r"(?:báo cáo|gửi|trình)\b")


# "...; trên cơ sở đó đề xuất ..., báo cáo Thủ tướng Chính phủ trong quý III năm 2012.": the report closes the work
_REPORT_END = re.compile(r"(?:[,;]\s*|\s)(?:và\s+)?(?:báo cáo|trình(?=\s+[A-ZĐ]))\b[^;,]{0,80}\b(?:trước|trong|chậm nhất)\s+(?:ngày|tháng|quý|"
                         r"năm)\s+\S+[^;,]{0,30}$")
# "...; bảo đảm hoàn thành (việc ...) trước ngày X": the date of the whole work, not of the last clause
_WHOLE = re.compile(r"\b(?:bảo đảm|đảm bảo)\b[^;]{0,120}\bhoàn thành\b")


_ONLY_TIME = re.compile(r"^\s*(?:và\s+)?(?:hoàn thành|xong|thực hiện xong|chậm nhất|thời gian(?: hoàn thành| thực hiện)?|"
                        r"thời hạn|trước ngày|trong (?:tháng|quý|năm))\b[^;]{0,60}$", re.I)


def _parts(sentence: str) -> list[str]:
    """The parts of a sentence between ';', a part that only gives a time kept with the part before it."""
    out: list[str] = []
    for k, part in enumerate(sentence.split(";")):
        if k and out and _ONLY_TIME.match(part):
            out[-1] += ";" + part
        else:
            out.append(part)
    return out


def pieces(body: str, offset: int) -> list[tuple[int, int, str, bool]]:
    """Sentences; a sentence naming a dated deadline is split at ';' (a clause with its own deadline is its own
    task). The flag marks the second and later parts of a split sentence (they share its subject)."""
    out: list[tuple[int, int, str, bool]] = []
    for s_start, s_end, sentence in split_sentences(body, offset):
        parts = _parts(sentence)
        dated = [p for p in parts if _DATED.search(p)]
        reporting = len(dated) == 1 and (_REPORTING.match(dated[0].strip()) or (
            dated[0] is parts[-1] and (_WHOLE.search(dated[0]) or _REPORT_END.search(dated[0]))))
        if not dated or len(parts) < 2 or reporting:
            also = re.search(r";\s*(?=đồng thời,?\s)", sentence)
            if also and also.start() > 20:
                # "X làm A; đồng thời làm B": a second task of the same doer
                out.append((s_start, s_start + also.start(), sentence[:also.start()], False))
                out.append((s_start + also.end(), s_end, sentence[also.end():], True))
                continue
            out.append((s_start, s_end, sentence, False))
            continue
        colon = sentence.find(":")
        prefix = sentence[: colon + 1] if 0 < colon < 200 else ""
        pos = len(prefix)
        first = True
        cut = _parts(sentence[pos:])
        for part in cut:
            if part.strip():
                lead = part if not prefix else prefix + " " + part.strip()
                out.append((s_start + pos, s_start + pos + len(part), lead, not first))
                first = False
            pos += len(part) + 1
    return out


def dedupe(items: list[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def action_text(sentence: str) -> str:
    s = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu|Chỉ đạo)\s+", "", sentence.strip())
    return s[:300]


