"""Clean published text: Unicode NFC, markdown/HTML residue, table pipes, broken lines."""

from __future__ import annotations

import html
import re
import unicodedata
from collections import OrderedDict
from functools import lru_cache

from .layout import rebuild_tables

__all__ = ["normalize_text", "is_label_start"]

_TAG = re.compile(r"<\s*(br|/p|p|/div|div|/tr|tr|li)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>\n]{0,200}>")
_SEP_CELL = re.compile(r"^:?-{2,}:?$")
_DASH_RUN = re.compile(r"\s*-{3,}\s*")
_HEADING = re.compile(r"^#{1,6}\s+")
_LABEL_START = re.compile(
    r"^(?:[-+•*–●▪◦➢➤►▸▶❖◆◇■□✓✔Ø§]\s|o\s(?=[A-ZĐÀ-Ỹ])|(?:Điều|Chương|Mục|Phần|ĐIỀU|CHƯƠNG|MỤC|PHẦN)\s+(?:\d{1,3}|[IVXLC]{1,6}|thứ\s+\w+)\b|[IVXLC]{1,6}(?:[.)/]|\s?[-–])\s|[A-ZĐ][.)]\s|"
    r"\d{1,2}(?:\.\d{1,2}){0,3}(?:[.)/]|\s?[-–](?=\s+[^\d\s]))\s|\d{1,2}(?:\.\d{1,2}){1,3}\s|[a-zđ][.)/]\s|\(\d+\)|"
    r"\([a-zđ]\)|PL\.?\d)"
)
_NO_JOIN_START = re.compile(
    r"^(?:Số\s*:|Kính gửi|Nơi nhận|V/v|Căn cứ|Xét|Theo đề nghị|Thực hiện|QUYẾT|TM\.|KT\.|TL\.|Q\.|"
    r"[A-ZĐÀ-Ỹ][^\s,]*(?: [^\s,]+){0,4}, ngày \d{1,2} tháng \d{1,2} năm \d{4})"
)
_UNIT_HEADING = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ|TRÁCH NHIỆM|NHIỆM VỤ)(?:\s+\S+){0,3}?\s+(?:của|CỦA)\s+\S")
_GLUE = {"với", "và", "của", "cho", "huyện", "tỉnh", "xã", "các", "về", "tại", "theo", "để", "trong", "ngày",
         "số", "năm", "tháng", "thôn", "đến", "thành", "phố", "quận", "phường", "bản", "ông", "bà", "đồng", "chí",
         "nghị", "cầu", "giao", "đạo", "trì", "hợp", "quý", "trước", "từ"}
_SENT_END = (".", ":", ";", "!", "?", "|", "…")


def is_label_start(line: str) -> bool:
    if _LABEL_START.match(line):
        return True
    m = re.match(r"^\d{1,2}\s+(?=\S)", line)  # "2 Ban Tổ chức ..." (a number with no dot before a capital)
    return bool(m) and line[m.end()].isupper()


@lru_cache(maxsize=4096)
def _mostly_upper(line: str) -> bool:
    letters = "".join(filter(str.isalpha, line))
    if len(letters) < 3:
        return False
    return sum(map(str.isupper, letters)) >= 0.8 * len(letters)


def _clean_inline(line: str) -> str:
    for _ in range(4):
        before = line
        line = _clean_once(line)
        if line == before:
            break
    return line


def _clean_once(line: str) -> str:
    line = line.replace("**", "").replace("__", "")
    line = _HEADING.sub("", line.lstrip())
    # italics *text* (keep a leading bullet "* ")
    if line.startswith("* "):
        line = "- " + line[2:]
    line = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", line)
    line = line.replace("\\*", "*").replace("\\-", "-").replace("\\.", ".")
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").replace("\t", " ")
    return line


def _table_row(line: str) -> str | None:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if all(_SEP_CELL.match(c) or not c for c in cells):
        return None
    cells = [_DASH_RUN.sub(" ", c).strip() for c in cells]
    while len(cells) > 1 and not cells[-1]:
        cells.pop()
    return " | ".join(c or "-" for c in cells)  # keep empty cells so columns stay aligned


def normalize_text(text: str) -> str:
    """Return NFC text with markup removed, table rows as `a | b | c`, broken lines joined.

    Idempotent: normalising normalised text changes nothing (task spans stay valid).
    """
    if not text:
        return ""
    if text in _RECENT:  # already the output of this function (read_document → extract)
        return text
    out = _normalize_once(text)
    for _ in range(3):
        again = _normalize_once(out)
        if again == out:
            break
        out = again
    _RECENT[out] = None
    while len(_RECENT) > 8:
        _RECENT.popitem(last=False)
    return out


_RECENT: OrderedDict[str, None] = OrderedDict()


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n\n")
    text = _TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\u00a0", " ")
    out: list[str] = []
    for raw in _join_broken_rows(rebuild_tables(_bar_rows(text.split("\n")))):
        line = _clean_inline(raw.rstrip())
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            row = _table_row(stripped)
            if row is None:
                continue
            line = row
        elif re.fullmatch(r"[-=_*~.\s]{3,}", stripped) or re.fullmatch(r"-?\s*\d{1,3}\s*-?", stripped):
            line = ""  # rules and bare page numbers
        line = re.sub(r"[ ]{2,}", lambda m: "   " if len(m.group()) >= 3 else " ", line.strip())
        out.append(line)
    return _join_lines(out)


_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _bar_rows(lines: list[str]) -> list[str]:
    """A Markdown table written without its outer bars ('TT | Nội dung | Chủ trì' over '---|---|---'): give
    its rows their bars, so that they are read as table rows."""
    if not any("|" in ln and _MD_SEPARATOR.match(ln) for ln in lines):
        return lines
    out = list(lines)
    for k, ln in enumerate(lines):
        if not _MD_SEPARATOR.match(ln) or ln.strip().startswith("|"):
            continue
        j = k - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        rows = ([j] if j >= 0 and "|" in lines[j] else []) + [k]
        j = k + 1
        while j < len(lines) and "|" in lines[j]:
            rows.append(j)
            j += 1
        for r in rows:  # a bar at the start of a row of a bare table is an empty first cell
            out[r] = "| " + out[r].strip() + " |"
    return out


def _join_broken_rows(lines: list[str]) -> list[str]:
    """A pipe row whose cell text went on to the next lines ('| 1 | Tổ chức ... | Sở X | Quý III/2026' then
    'b) ... |') is one row: join the lines up to the one that closes it with '|'."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        end = None
        if s.startswith("|") and s.count("|") >= 2 and not s.endswith("|"):
            for j in range(i + 1, min(i + 7, len(lines))):
                t = lines[j].strip()
                if t.startswith("|"):
                    break
                if t.endswith("|"):
                    end = j
                    break
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        out.append(" ".join(x.strip() for x in lines[i:end + 1] if x.strip()))
        i = end + 1
    return out


def _ends_at_blank(prev: str, cur: str) -> bool:
    """A blank line that always ends a part: after the addressees, before the body."""
    return cur[:1].isupper() and bool(re.match(r"^(?:Kính gửi|Đồng kính gửi)\b", prev))


def _should_join(prev: str, cur: str, gap: int, wrapped: bool = False) -> bool:
    if not prev or not cur or " | " in prev or " | " in cur:
        return False
    if re.match(r"^(?:Điều|Khoản|Chương|Mục|điểm|khoản)\s+\d", cur) and re.search(
            r"(?:^|\s)(?:tại|theo|của|với|và|ở|trong|quy định|nêu)$", prev):
        return True  # "... theo quy định tại" + "Điều 55 Luật Bầu cử": a citation, not an article
    if wrapped and re.match(r"^[-–]\s+\w", cur) and cur[1:].lstrip()[:1].islower() and not prev.endswith(_SENT_END) \
            and not _mostly_upper(prev) and len(prev) >= 30:
        return True  # "... xanh - sạch" + "- đẹp” gắn với ...": a dash inside a wrapped sentence, not a bullet
    if is_label_start(cur) or _NO_JOIN_START.match(cur):
        return False
    if gap and _ends_at_blank(prev, cur):
        return False
    if gap == 1 and wrapped:
        gap = 0  # a hard-wrapped text with a blank line after each line: one blank line is no paragraph break
    if prev.endswith(";") and not gap and not re.match(r"^[-+•]\s", prev) and cur[0].isupper() \
            and not _mostly_upper(cur) and len(prev) >= 40:
        return True
    if prev.endswith((";", ",")) and not gap and cur[0].islower():
        return True
    if wrapped and not gap and prev.endswith(":") and cur[0].islower():
        return True  # "... giám sát các hoạt động tại thôn:" + "niêm yết danh sách ...": a wrapped sentence
    if prev.endswith(_SENT_END):
        return False
    if "   " in prev or "   " in cur:  # column layout from PDF text
        return False
    first = cur[0]
    if first.isupper() and _UNIT_HEADING.match(_LABEL_START.sub("", prev, count=1)) and (
            prev.rsplit(" ", 1)[-1].lower() not in _GLUE or re.match(r"^\S+\s+[a-zđà-ỹ]", cur)):
        return False  # "4. Trách nhiệm của Đài ..." over its first sentence: a heading, not a wrapped line
    if gap:
        # a run of blank lines (page break, or one paragraph per line) inside a sentence
        if _mostly_upper(prev) or not prev[-1].isalnum():
            return False
        return first.islower() or prev.rsplit(" ", 1)[-1].lower() in _GLUE
    if not gap and not _mostly_upper(prev) and len(prev) >= 40 and len(cur.split()) <= 2 and cur.endswith(
            (".", ";", ",")) and not cur.endswith("./."):
        return True  # "... của thành viên Ban" + "CTMT.": the tail of a wrapped sentence
    if _mostly_upper(prev) != _mostly_upper(cur) and not first.islower():
        return False
    if first.islower() or first in "(“\"'":
        return True
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if last_word in _GLUE or (re.match(r"^[-+•]\s", prev) and not _mostly_upper(cur)):
        return True
    return len(prev) >= 40 and not _mostly_upper(prev)


def _hard_wrapped(lines: list[str]) -> bool:
    """True when many lines stop mid-sentence and go on in lower case on the next line (web/PDF copies)."""
    items = [ln for ln in lines if ln]
    pairs = wrapped = 0
    for prev, cur in zip(items, items[1:], strict=False):
        if " | " in prev or " | " in cur or _mostly_upper(prev):
            continue
        pairs += 1
        if not prev.endswith(_SENT_END) and cur[:1].islower():
            wrapped += 1
    if pairs >= 8 and wrapped >= 0.2 * pairs:
        return True
    # double-spaced (a blank line after each line) with lines that go on in lower case: wrapped as well
    filled = [k for k, ln in enumerate(lines[:-1]) if ln]
    double = len(filled) >= 8 and sum(not lines[k + 1] for k in filled) >= 0.9 * len(filled)
    return double and wrapped >= 2


def _join_lines(lines: list[str]) -> str:
    result: list[str] = []
    gap = 0
    wrapped = _hard_wrapped(lines)
    for line in lines:
        if not line:
            gap += 1
            continue
        if result and _should_join(result[-1], line, gap, wrapped):
            result[-1] = result[-1] + " " + line
        else:
            if result and gap:
                result.append("")
            result.append(line)
        gap = 0
    return "\n".join(result).strip() + ("\n" if result else "")
