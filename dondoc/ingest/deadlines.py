"""Find and normalise deadline phrases ("trước ngày 30/11/2021", "quý I/2022", "hằng năm" ...).

`parse_deadline(text)` returns `{"type", "date", "text"}` following SCHEMA.md:
date / month / quarter / half / year carry the ISO end date; recurring / ongoing / none carry None.
Two keys are added when the text says them (the scorer ignores them, the review page uses them):
- `cycle` for a recurring duty: `{"months": 1|3|6|12|None, "day": due day or None, "month": due month (yearly)
  or None}` ("trước ngày 25 hằng tháng" → months 1, day 25; "định kỳ" alone → months None: the user chooses);
- `start` for a period given by its start only ("từ tháng 11/2013 trở đi", "từ ngày 15/3/2026 đến ngày bầu
  cử"): the ISO first day; the type and date stay as SCHEMA types them (by what the phrase names).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["parse_deadline", "find_deadlines", "NONE"]

NONE = {"type": "none", "date": None, "text": None}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"((?:19|20)\d\d)"
_D = r"(\d{1,2})"
_SEP = r"\s*[/.\-]\s*"
_Q = r"(iv|iii|ii|i|[1-4])"
_FLAGS = re.I | re.U

# cue words that make a time expression a deadline or time frame
_CUE = re.compile(
    r"(?:trước|trong|chậm nhất(?: là)?|muộn nhất|xong|hoàn thành|đến|tới|kết thúc|vào|từ|hết|"
    r"cuối|đầu|giữa|thời gian(?: thực hiện| hoàn thành)?|thời hạn|hạn)"
    r"(?:\s+(?:là|ngày|trong|trước|hết|năm|tháng|quý|vào|cuối|đầu|giữa|thời gian|hai|ba|các))*\s*$",
    _FLAGS,
)
_STRONG_CUE = re.compile(r"trước|chậm nhất|muộn nhất|xong|hạn", _FLAGS)
_REF_BEFORE = re.compile(r"(?:\d+[/\-][A-ZĐa-zđ0-9&\-]+|ngân sách|dự toán|nguồn vốn|ngày ký|hiệu lực)[^.;:]{0,25}$", _FLAGS)

_HORIZON = re.compile(r"(?:xét đến|tầm nhìn(?: đến)?|định hướng(?: đến)?|giai đoạn(?: từ)?|những tháng|các tháng|"
                      r"thời kỳ|nhiệm kỳ|phấn đấu(?: đến)?)\s*(?:năm\s*)?$", re.I)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"\bngày\s+{_D}\s+tháng\s+{_D}\s+năm\s+{_Y}", _FLAGS)),
    ("date", re.compile(rf"(?<![\d/.\-]){_D}{_SEP}{_D}{_SEP}{_Y}(?![\d/])", _FLAGS)),
    ("half", re.compile(rf"\b(6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s*(?:/\s*)?{_Y}", _FLAGS)),
    ("midyear", re.compile(rf"\bgiữa\s+năm\s*(?:/\s*)?{_Y}", _FLAGS)),
    ("endyear", re.compile(rf"\bcuối\s+năm\s*(?:/\s*)?{_Y}", _FLAGS)),
    ("monthpart", re.compile(rf"\b(đầu|giữa|cuối)\s+tháng\s+{_D}\s*(?:/|năm|-)\s*{_Y}", _FLAGS)),
    ("quarter", re.compile(
        rf"\bquý\s+{_Q}((?:\s*(?:,|và|-|–|đến)\s*(?:quý\s+)?(?:iv|iii|ii|i|[1-4])\b)*)\s*(?:/|năm|-)\s*{_Y}", _FLAGS)),
    ("month", re.compile(
        rf"\btháng\s+{_D}((?:\s*(?:,|và|-|–|đến)\s*(?:tháng\s+)?\d{{1,2}})*)\s*(?:/|năm|-)\s*{_Y}(?!\s*[/\-]\s*\d)", _FLAGS)),
    ("yearrange", re.compile(rf"(?<![\d/])({_Y[1:-1]})\s*(?:-|–|đến)\s*(?:năm\s+)?({_Y[1:-1]})(?![\d/])", _FLAGS)),
    ("yeartail", re.compile(r"(?<=\d{4})\s*(?:,|và)\s*(?:năm\s+)?((?:19|20)\d\d)(?![\d/])", _FLAGS)),
    ("year", re.compile(rf"\bnăm\s+{_Y}(?![\d/])", _FLAGS)),
]
_RECURRING = re.compile(
    r"\b(?:định kỳ|(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng|tuần)|(?:\d+|ba|sáu)\s+tháng\s*(?:/|một)\s*lần|"
    r"tháng\s+cuối\s+(?:mỗi\s+|của\s+)?quý|"
    r"(?:6|sáu)\s+tháng,\s*(?:hằng|hàng)\s+năm|(?:hằng|hàng)\s+kỳ)\b",
    _FLAGS,
)
_ONGOING = re.compile(r"\b(?:thường xuyên|hằng ngày|hàng ngày|liên tục)\b", _FLAGS)
# "kế hoạch 5 năm và hằng năm", "chương trình công tác nhiệm kỳ, hàng năm", "nguồn lực hằng năm": a kind of plan
# or budget, not the cycle of the duty
_NOT_CYCLE_BEFORE = re.compile(r"(?:kế hoạch|chương trình|nhiệm kỳ|ngân sách|dự toán|nguồn lực|kinh phí|chỉ tiêu|"
                               r"mục tiêu|Kế hoạch|Chương trình)(?:\s+[\wÀ-ỹ]+){0,3}[\s,]*(?:và\s+)?$", _FLAGS)
_CYCLES: list[tuple[int | None, re.Pattern[str]]] = [
    (1, re.compile(r"\b(?:(?:hằng|hàng|mỗi)\s+tháng|định kỳ\s+tháng|(?<!\d\s)(?<!\d)(?<!sáu\s)(?<!ba\s)tháng\s+một\s+lần|"
                   r"1\s+tháng\s*/\s*lần|(?<!\w)báo cáo\s+tháng(?=\s*[:(]))\b", _FLAGS)),
    (3, re.compile(r"\b(?:(?:hằng|hàng|mỗi)\s+quý|định kỳ\s+(?:theo\s+)?quý|theo\s+quý|quý\s+một\s+lần|"
                   r"3\s+tháng\s*(?:/|một)\s*lần|ba\s+tháng\s*(?:/|một)\s*lần|tháng\s+cuối\s+(?:mỗi\s+|của\s+)?quý|"
                   r"(?<!\w)báo cáo\s+quý(?=\s*[:(]))\b", _FLAGS)),
    (6, re.compile(r"\b(?:(?:6|sáu)\s+tháng\s*(?:/|một)\s*lần|định kỳ\s+(?:6|sáu)\s+tháng|(?:hằng|hàng|mỗi)\s+(?:6|sáu)\s+"
                   r"tháng|(?:6|sáu)\s+tháng\s*(?:,|và)\s*(?:hằng|hàng)\s+năm|(?:sơ kết|báo cáo)\s+(?:6|sáu)\s+tháng)\b",
                   _FLAGS)),
    (12, re.compile(r"\b(?:(?:hằng|hàng|mỗi)\s+năm|định kỳ\s+(?:hằng\s+|hàng\s+)?năm|năm\s+một\s+lần|thường niên)\b",
                    _FLAGS)),
]
_DUE_DAY = re.compile(r"(?:trước|chậm nhất|vào|trong|hạn chót)\s+(?:là\s+)?ngày\s+(\d{1,2})(?:\s*[/.-]\s*(\d{1,2}))?"
                      r"(?:\s+tháng\s+(\d{1,2}))?\s+(?:của\s+)?(?:(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm)|tháng\s+cuối\s+"
                      r"(?:quý|kỳ)|cuối\s+(?:quý|kỳ))", _FLAGS)


def parse_cycle(text: str) -> dict | None:
    """The cycle of a recurring duty said in `text`: months (the shortest named), due day and month."""
    months: list[int] = []
    for n, rx in _CYCLES:
        for m in rx.finditer(text):
            if not _NOT_CYCLE_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                months.append(n)
                break
    plain = _RECURRING.search(text)
    if not months and not plain:
        return None
    if not months and plain and _NOT_CYCLE_BEFORE.search(text[max(0, plain.start() - 40):plain.start()]):
        return None
    day = month = None
    m = _DUE_DAY.search(text)
    if m:
        day = int(m.group(1))
        month = int(m.group(2) or m.group(3) or 0) or None
        if not 1 <= day <= 31 or (month and not 1 <= month <= 12):
            day = month = None
    chosen = min(months) if months else None
    if month and chosen != 12:
        month = None
    return {"months": chosen, "day": day, "month": month}


def _end_of_month(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _mk(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _candidate(kind: str, m: re.Match[str]) -> tuple[str, date] | None:
    g = m.groups()
    try:
        if kind == "date":
            d = _mk(int(g[2]), int(g[1]), int(g[0]))
            return ("date", d) if d else None
        if kind == "half":
            y = int(g[2])
            return ("half", date(y, 6, 30) if g[1].lower() == "đầu" else date(y, 12, 31))
        if kind == "midyear":
            return ("half", date(int(g[0]), 6, 30))
        if kind == "endyear":
            return ("year", date(int(g[0]), 12, 31))
        if kind == "monthpart":
            y, mo = int(g[2]), int(g[1])
            if not 1 <= mo <= 12:
                return None
            part = g[0].lower()
            if part == "cuối":
                return ("month", _end_of_month(y, mo))
            return ("date", date(y, mo, 1 if part == "đầu" else 15))
        if kind == "quarter":
            qs = [_ROMAN[g[0].lower()]] + [_ROMAN[q.lower()] for q in re.findall(r"iv|iii|ii|i|[1-4]", g[1] or "", _FLAGS)]
            q = max(qs)
            return ("quarter", _end_of_month(int(g[2]), q * 3))
        if kind == "month":
            months = [int(g[0])] + [int(x) for x in re.findall(r"\d{1,2}", g[1] or "")]
            months = [x for x in months if 1 <= x <= 12]
            if not months:
                return None
            return ("month", _end_of_month(int(g[2]), max(months)))
        if kind == "yearrange":
            a, b = int(g[0]), int(g[1])
            if b < a or b - a > 50:
                return None
            return ("year", date(b, 12, 31))
        if kind == "yeartail":
            return ("year", date(int(g[0]), 12, 31))
        if kind == "year":
            return ("year", date(int(g[0]), 12, 31))
    except (ValueError, KeyError, IndexError):
        return None
    return None


_NO_YEAR: list[tuple[str, re.Pattern[str]]] = [
    ("half", re.compile(r"\b(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm(?!\s*(?:/\s*)?\d)", _FLAGS)),
    ("midyear", re.compile(r"\bgiữa\s+năm(?!\s*(?:/\s*)?\d)", _FLAGS)),
    ("endyear", re.compile(r"\bcuối\s+năm(?!\s*(?:/\s*)?\d)", _FLAGS)),
    ("date", re.compile(rf"\bngày\s+{_D}\s+tháng\s+{_D}(?!\s*(?:năm|/|-)\s*\d)", _FLAGS)),
    ("date", re.compile(rf"\bngày\s+{_D}\s*[/.]\s*{_D}(?![\d/.\-])", _FLAGS)),
    ("quarter", re.compile(rf"\bquý\s+{_Q}((?:\s*(?:,|và|-|–)\s*(?:quý\s+)?(?:iv|iii|ii|i|[1-4])\b)*)"
                           r"(?![\wÀ-ỹ])(?!\s*(?:/|năm|-)\s*\d)", _FLAGS)),
    ("month", re.compile(rf"(?<!\d\s)\btháng\s+{_D}((?:\s*(?:,|và|-|–)\s*(?:tháng\s+)?\d{{1,2}})*)"
                         r"(?!\s*(?:/|năm|-)\s*\d)(?![\d/])", _FLAGS)),
]


def _no_year_candidate(kind: str, m: re.Match[str], year: int) -> tuple[str, date] | None:
    g = m.groups()
    if kind == "half":
        return ("half", date(year, 6, 30) if g[0].lower() == "đầu" else date(year, 12, 31))
    if kind == "midyear":
        return ("half", date(year, 6, 30))
    if kind == "endyear":
        return ("year", date(year, 12, 31))
    if kind == "date":
        d = _mk(year, int(g[1]), int(g[0]))
        return ("date", d) if d else None
    if kind == "quarter":
        qs = [_ROMAN[g[0].lower()]] + [_ROMAN[q.lower()] for q in re.findall(r"iv|iii|ii|i|[1-4]", g[1] or "", _FLAGS)]
        return ("quarter", _end_of_month(year, max(qs) * 3))
    months = [x for x in [int(g[0])] + [int(x) for x in re.findall(r"\d{1,2}", g[1] or "")] if 1 <= x <= 12]
    return ("month", _end_of_month(year, max(months))) if months else None


def find_deadlines(text: str, standalone: bool = False, default_year: int | None = None) -> list[dict]:
    """All dated time expressions in `text`: dicts with type, date (date), start, end, cue (bool)."""
    found: list[dict] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            cand = _candidate(kind, m)
            if not cand:
                continue
            before = text[max(0, s - 40):s]
            cue = _CUE.search(before)
            if cue and kind in ("year", "yearrange") and not standalone and re.match(
                    r"(?:đến|tới)\b(?!\s+hết\b)", cue.group().strip(), re.I) and not (
                    re.search(r"(?:^|[.;:]\s*)(?:đến|tới)\s+$", before[:cue.start()] + cue.group(), re.I)
                    and re.match(r"\s*,", text[e:e + 2])):
                cue = None  # "phấn đấu đến năm 2030": a horizon; "Đến năm 2015, hoàn thành ...": a deadline
            if _HORIZON.search(before):
                taken.append((s, e))
                continue
            if kind in ("half", "midyear", "endyear", "monthpart", "yeartail", "quarter", "month"):
                cue = cue or True
            if _REF_BEFORE.search(before) and not (cue and cue is not True and cue.group().strip()):
                continue
            taken.append((s, e))
            start = cue.start() + max(0, s - 40) if cue and cue is not True and cue.group().strip() else s
            found.append({"type": cand[0], "date": cand[1], "start": start, "end": e, "cue": bool(cue),
                          "strong": bool(cue and cue is not True and _STRONG_CUE.search(cue.group()))})
    if default_year and 1900 < default_year < 2200:
        for kind, pat in _NO_YEAR:
            for m in pat.finditer(text):
                s, e = m.span()
                if any(s < te and e > ts for ts, te in taken):
                    continue
                before = text[max(0, s - 40):s]
                cue = _CUE.search(before)
                if not (cue and cue.group().strip()) and not standalone and kind not in ("half", "midyear", "endyear"):
                    continue
                if _REF_BEFORE.search(before) or _HORIZON.search(before):
                    continue
                cand = _no_year_candidate(kind, m, default_year)
                if not cand:
                    continue
                taken.append((s, e))
                start = cue.start() + max(0, s - 40) if cue and cue.group().strip() else s
                found.append({"type": cand[0], "date": cand[1], "start": start, "end": e, "cue": True,
                              "strong": bool(cue and _STRONG_CUE.search(cue.group()))})
    if not standalone:
        found = [f for f in found if f["cue"] and text[f["start"]:f["end"]].strip()]
        found = [f for f in found if not _bare(text, f)]
    return sorted(found, key=lambda f: f["start"])


def _bare(text: str, f: dict) -> bool:
    """A cue-less phrase, or 'năm YYYY' glued to a noun (kế hoạch năm 2018), is not a deadline."""
    phrase = text[f["start"]:f["end"]]
    return f["type"] == "year" and phrase.lower().startswith("năm") and not f["cue"]


def parse_deadline(text: str | None, standalone: bool | None = None, default_year: int | None = None) -> dict:
    """Normalise the deadline said in a clause (or in a table's time cell when `standalone`).

    `default_year` (the document's year) completes dates written without a year ("trước ngày 15/7").
    """
    if not text or not isinstance(text, str):
        return dict(NONE)
    text = text[:20000]
    if standalone is None:
        standalone = False
    try:
        found = find_deadlines(text, standalone=standalone, default_year=default_year)
    except Exception:  # defensive: never raise on odd input
        found = []
    # "trước ngày 15/12 hằng năm": the due day of a cycle, not a date
    found = [f for f in found if not re.match(r"\s*(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?:năm|tháng|quý)\b",
                                               text[f["end"]:f["end"] + 20], re.I)]
    if not found and standalone:
        bare = re.fullmatch(r"\s*(?:năm\s+)?((?:19|20)\d\d)\s*\.?\s*", text, re.I)
        if bare:  # a table's time cell holding a year alone
            return {"type": "year", "date": f"{bare.group(1)}-12-31", "text": bare.group(1)}
    strong = [f for f in found if f.get("strong") and f["type"] == "date"]
    if strong and len(strong) < len(found) and not standalone:
        # "tổng hợp kết quả 6 tháng đầu năm, gửi ... trước ngày 15/6": the period is what is reported on
        found = strong
    if found:
        best = max(found, key=lambda f: (f["date"], -f["start"]))
        first = min(f["start"] for f in found)
        last = max(f["end"] for f in found)
        span_text = text[first:last] if last - first <= 120 else text[best["start"]:best["end"]]
        out = {"type": best["type"], "date": best["date"].isoformat(), "text": span_text.strip(" ,;.")}
        start = _start_only(text, found)
        if start:
            out["start"] = start
        return out
    cycle = parse_cycle(text)
    if cycle is not None:
        return {"type": "recurring", "date": None, "text": _cycle_text(text), "cycle": cycle}
    m = _ONGOING.search(text)
    if m:
        return {"type": "ongoing", "date": None, "text": m.group()}
    return dict(NONE)


def _start_only(text: str, found: list[dict]) -> str | None:
    """The first day of a period given by its start alone: 'từ tháng 11/2013 trở đi', 'từ ngày X đến ngày bầu
    cử' (an end that is no date), 'kể từ ngày 1/7/2026'."""
    if len(found) != 1:
        return None
    f = found[0]
    phrase = text[f["start"]:f["end"]]
    m = re.match(r"^\s*(?:[Tt]ừ|[Bb]ắt đầu từ|[Kk]ể từ)\s+", phrase)
    if not m:
        return None
    after = text[f["end"]:f["end"] + 40]
    if re.match(r"^\s*(?:đến|tới|-|–)\s*(?:ngày|tháng|năm|quý)?\s*\d", after) or re.search(
            r"(?:đến|tới|-|–)\s*(?:ngày|tháng|năm|quý)?\s*\d", phrase[m.end():]):
        return None  # a range ("từ năm 2013 đến năm 2020"), not a start alone
    d = f["date"]
    if f["type"] == "date":
        return d.isoformat()
    if f["type"] == "month":
        return d.replace(day=1).isoformat()
    if f["type"] == "quarter":
        return d.replace(month=d.month - 2, day=1).isoformat()
    if f["type"] in ("year", "half"):
        return d.replace(month=1 if f["type"] == "year" or d.month == 6 else 7, day=1).isoformat()
    return None


def _cycle_text(text: str) -> str:
    """The words that say the cycle (and its due day), as written; distant phrases joined by '; '."""
    spans = [m.span() for rx in [_RECURRING, _DUE_DAY] + [rx for _, rx in _CYCLES] for m in rx.finditer(text)]
    spans = sorted(s for s in spans if not _NOT_CYCLE_BEFORE.search(text[max(0, s[0] - 40):s[0]])) or sorted(spans)
    groups: list[list[int]] = []
    for s, e in spans:
        if groups and s <= groups[-1][1] + 12:
            groups[-1][1] = max(groups[-1][1], e)
        else:
            groups.append([s, e])
    return "; ".join(text[s:e].strip(" ,;") for s, e in groups)[:200]


def _cue_text(text: str, m: re.Match[str], offset: int = 0) -> str:
    s = m.start() + offset
    pre = re.search(r"(?:trước ngày \d{1,2}\s+)$", text[max(0, s - 20):s], _FLAGS)
    if pre:
        s -= len(pre.group())
    return text[s:m.end() + offset]
