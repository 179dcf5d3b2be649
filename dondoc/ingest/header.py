"""Header and signature block: number, kind, issuer, place, date, title, signer; cited documents."""

from __future__ import annotations

import re

from dondoc.lib.text import fold

__all__ = ["parse_header", "find_references", "DOC_NUMBER_RE", "KIND_WORDS"]

KINDS = ["TB", "KH", "QĐ", "CT", "CTr", "Ctr", "NQ", "KL", "BC", "HD", "TTr", "QC", "ĐA", "CV", "TT", "NĐ", "PA"]
_KIND_BY_FOLD = {fold(k): k for k in KINDS}
KIND_WORDS = {
    "THÔNG BÁO": "TB", "KẾ HOẠCH": "KH", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "NGHỊ QUYẾT": "NQ",
    "CHƯƠNG TRÌNH": "CTr", "KẾT LUẬN": "KL", "BÁO CÁO": "BC", "HƯỚNG DẪN": "HD", "CÔNG VĂN": "CV",
    "TỜ TRÌNH": "TTr", "QUY CHẾ": "QC", "ĐỀ ÁN": "ĐA",
}
_CODE = r"[A-ZĐa-zđ][A-ZĐa-zđ0-9&.]*"
DOC_NUMBER_RE = re.compile(
    rf"(?<![\w/])(\d{{1,6}}(?:\s?/\s?\d{{4}})?(?:\s?[/\-]\s?{_CODE})(?:\s?[-/]\s?{_CODE}){{0,4}})(?![\w/])"
)
_DATE_TEXT = re.compile(r"ngày\s+(\d\s?\d?)\s+tháng\s+(\d\s?\d?)\s+năm\s+(\d{4})", re.I)
_DATE_NUM = re.compile(r"ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})", re.I)
_PLACE_DATE = re.compile(
    r"([A-ZĐÀ-Ỹ][\wÀ-ỹ.\- ]{1,40}?)\s*,\s*ngày\s+(\d\s?\d?)\s+tháng\s+(\d\s?\d?)\s+năm\s+(\d{4})")
_BOILER = re.compile(r"ĐẢNG CỘNG SẢN|CỘNG H[OÒ]A|[Đđ]ộc lập|ĐỘC LẬP|[Hh]ạnh [Pp]húc|HẠNH PHÚC|Kính gửi|^Số\s*:|^SỐ\s*:")
_HEAD_NOUN = re.compile(r"^(?:BAN|SỞ|PHÒNG|VĂN PHÒNG|ĐOÀN|CỤC|VỤ|TRƯỜNG|CÔNG ĐOÀN|LIÊN ĐOÀN|ĐẢNG ỦY|ĐẢNG UỶ|"
                        r"HỘI ĐỒNG|ỦY BAN|UỶ BAN|UBND|TRUNG TÂM|VIỆN|CHI CỤC|TỔNG CỤC|KHOA|HỌC VIỆN|BỆNH VIỆN|"
                        r"THANH TRA|CÔNG AN|BỘ CHỈ HUY|TỔ|HỘI|CHI BỘ|ĐẢNG BỘ|BÁO|TẠP CHÍ|HUYỆN [ỦU]Y|TỈNH [ỦU]Y|THÀNH [ỦU]Y|"
                        r"QUẬN [ỦU]Y|THỊ [ỦU]Y|CÔNG TY|TỔNG CÔNG TY)\b")
# organs named after the body they belong to: "Ban Thường vụ Công đoàn ngành Y tế"
_ORGAN = re.compile(r"^(?:BAN THƯỜNG VỤ|BAN THƯỜNG TRỰC|BAN CHẤP HÀNH|THƯỜNG TRỰC|ĐẢNG ĐOÀN|BAN CÁN SỰ ĐẢNG|"
                    r"ĐOÀN CHỦ TỊCH|VĂN PHÒNG|TIỂU BAN\b.*)$")
_TITLE_WORDS = ("PHÓ", "THỨ TRƯỞNG", "BỘ TRƯỞNG", "CHỦ TỊCH", "CHÁNH", "GIÁM ĐỐC", "TRƯỞNG", "THỦ TƯỚNG",
                "CHỦ NHIỆM", "BÍ THƯ", "TỔNG", "ỦY VIÊN", "UỶ VIÊN", "HIỆU TRƯỞNG", "CỤC TRƯỞNG", "VỤ TRƯỞNG")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        yi, mi, di = int(y), int(m.replace(" ", "")), int(d.replace(" ", ""))
    except ValueError:
        return None
    if 1 <= mi <= 12 and 1 <= di <= 31 and 1900 < yi < 2200:
        return f"{yi:04d}-{mi:02d}-{di:02d}"
    return None


def _kind_from_number(number: str) -> str:
    # the type code is the first code after the number (and year): 12/2024/QĐ-UBND, 02-NQ/TW, 462/TB-TLĐ;
    # a letter's number starts with the issuer's code instead: 1906/BYT-KH
    parts = [p for p in re.split(r"[-/]", number) if p]
    codes = [p for p in parts[1:] if not p.isdigit()]
    if codes:
        k = _KIND_BY_FOLD.get(fold(codes[0]))
        if k:
            return codes[0] if fold(codes[0]) == "ctr" else k
    return "CV"


def _cells(line: str) -> list[str]:
    out = []
    for cell in line.split(" | "):
        out.extend(p.strip() for p in re.split(r"\s{3,}", cell) if p.strip())
    return out


def _upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _recase(name: str, text: str) -> str:
    """Give an upper-case header name the casing used in the body when the body repeats it."""
    name = " ".join(name.split()).strip(" -,.")
    if not _upper(name):
        return name
    key = fold(name)
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    for m in re.finditer(pattern, text, re.I):
        cand = m.group()
        if not _upper(cand) and fold(cand) == key:
            return cand
    upper_words = name.split()
    for k in range(len(upper_words) - 1, 1, -1):
        # the body writes the start of the name ("Ủy ban nhân dân tỉnh"): after a place word, a proper name
        if upper_words[k - 1].lower() not in ("tỉnh", "huyện", "xã", "phường", "quận", "phố", "thị", "trấn"):
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in upper_words[:k]) + r"(?!\w)"
        for m in re.finditer(pattern, text, re.I):
            if not _upper(m.group()):
                rest = " ".join(w.capitalize() for w in upper_words[k:])
                return " ".join(m.group().split()) + " " + rest
    words = name.lower().split()
    if not words:
        return name
    out = [words[0].capitalize()]
    markers = ("tỉnh", "huyện", "quận", "xã", "phường", "phố", "thị", "ủy", "uỷ")
    proper = words[0] in markers
    for w in words[1:]:
        if proper and w not in ("ủy", "uỷ"):
            w = w.capitalize()
        out.append(w)
        proper = proper or w in markers
    text_out = " ".join(out)
    for low, fixed in (("việt nam", "Việt Nam"), ("liên đoàn lao động", "Liên đoàn Lao động"),
                       ("trung ương", "Trung ương"), ("chính phủ", "Chính phủ"), ("quốc hội", "Quốc hội")):
        text_out = text_out.replace(low, fixed)
    return text_out


def parse_header(text: str, signature_text: str | None = None) -> dict:
    """The header block's fields; the signature is read from `signature_text` when given (the closing part
    of a document that goes on with an attached plan or appendix), else from the end of the text."""
    lines = [ln for ln in text.split("\n")]
    head_lines = lines[:40]
    doc = {k: None for k in ("number", "kind", "issuer", "place", "date", "title", "signer", "signer_title")}
    number_idx = None
    for i, ln in enumerate(head_lines):
        m = re.search(r"(?:^|\|\s*|\s{2,})(?:Số|SỐ)\s*(?::\s*|\s(?=\d))([^|]*)", ln)
        if m and m.group(0).lstrip(" |").startswith("SỐ") and i > 0 and _upper(head_lines[i - 1]):
            m = None  # "THEO QUYẾT ĐỊNH / SỐ 1050/QĐ-SCT" is part of the issuer
        if m:
            raw = re.split(r"\s(?:V/v|v/v|Về việc)\b|\s{3,}", m.group(1))[0]
            raw = raw.strip().rstrip(".,;")
            nm = DOC_NUMBER_RE.match(raw)
            if nm:
                doc["number"] = re.sub(r"\s+", "", nm.group(1))
            number_idx = i
            break
    for ln in head_lines:
        m = _PLACE_DATE.search(ln)
        if m:
            place = m.group(1).split("|")[-1].strip()
            place = re.split(r"\s{3,}", place)[-1].strip()
            if len(place.split()) <= 5:
                doc["place"] = place
            doc["date"] = _iso(m.group(4), m.group(3), m.group(2))
            break
    kind_idx = None
    for i, ln in enumerate(head_lines):
        s = ln.strip().rstrip(":")
        if s in KIND_WORDS:
            kind_idx = i
            break
    if doc["number"]:
        doc["kind"] = _kind_from_number(doc["number"])
    elif kind_idx is not None:
        doc["kind"] = KIND_WORDS[head_lines[kind_idx].strip().rstrip(":")]
    if number_idx is not None and not doc["number"] and re.search(r"(?:Số|SỐ)\s*:?\s*/", head_lines[number_idx]):
        doc["date"] = None  # an unnumbered draft ("Số: /KH-...") is not dated yet
    has_header = number_idx is not None or doc["date"] is not None
    if has_header:
        doc["issuer"] = _issuer(head_lines[: (number_idx if number_idx is not None else 12) + 1], text)
    if has_header or kind_idx is not None:
        doc["title"] = _title(head_lines, kind_idx, number_idx, text)
    doc["signer"], doc["signer_title"] = _signature(signature_text or text)
    return doc


def _issuer(lines: list[str], text: str) -> str | None:
    block: list[str] = []
    for ln in lines:
        cells = _cells(ln)
        if not cells:
            continue
        first = cells[0]
        if re.match(r"^Số\s*:", first):
            break
        if _BOILER.search(first) or not _upper(first):
            if block:
                break
            continue
        if re.match(r"^SỐ\s+\d", first) and block:
            block.append(first)
            continue
        block.append(first)
    if not block:
        return None
    organ = _ORGAN.match(block[-1].strip())
    if len(block) >= 2 and organ:
        # "ỦY BAN MTTQ VIỆT NAM / XÃ LƯƠNG MINH / BAN THƯỜNG TRỰC": an organ of the body above it
        block = [block[-1]] + block[:-1]
        block[1] = re.sub(r"^(?:BAN CHẤP HÀNH|BAN THƯỜNG VỤ|ĐẢNG ĐOÀN)\s+(?=\S)", "", block[1])
        if _HEAD_NOUN.match(block[1]) and len(block) > 2 and _HEAD_NOUN.match(block[2]):
            block = [block[0]] + block[2:]  # the body above the parent is not part of the name
    elif len(block) >= 2 and not block[0].rstrip().endswith(",") and _HEAD_NOUN.match(block[1]):
        block = block[1:]
    name = " ".join(block)
    for ln in text.split("\n")[:60]:
        s_ = ln.strip()
        if "|" not in s_ and not _BOILER.search(s_) and _upper(s_) and len(s_) > len(name) and fold(s_).startswith(fold(name) + " ") and len(s_) < 90:
            name = s_
            break
    name = re.sub(r"\bSỐ\b", "số", name)
    return _recase(name, text)


def _title(lines: list[str], kind_idx: int | None, number_idx: int | None, text: str) -> str | None:
    around = lines[number_idx: number_idx + 3] if number_idx is not None else []
    for ln in around:
        m = re.search(r"(?:^|\s|\|)(V/v|v/v|V/V)\s*:?\s*(.*)", ln)
        if m:
            return (m.group(1) + " " + re.split(r" \| |\s{3,}", m.group(2))[0]).strip()
    if kind_idx is None:
        return None
    parts: list[str] = []
    for ln in lines[kind_idx + 1: kind_idx + 8]:
        s = ln.strip()
        if not s and not parts:
            continue
        if not s or _BOILER.search(s) or re.match(r"^(Căn cứ|Thực hiện|Kính gửi|Xét)", s):
            break
        parts.append(s)
        if not _upper(s):
            break
    title = " ".join(parts).strip()
    if not title:
        return None
    if _upper(title):
        words = []
        for w in title.split():
            words.append(w if re.search(r"\d", w) else w.lower())
        title = " ".join(words)
        title = re.sub(r"\b(chỉ thị|quyết định|nghị quyết|kế hoạch|thông tư|nghị định|luật|kết luận|chương trình)"
                       r"(?= số\b)", lambda m: m.group(1)[0].upper() + m.group(1)[1:], title)
        title = title[0].upper() + title[1:]
    return title


def _signature(text: str) -> tuple[str | None, str | None]:
    all_lines = text.split("\n")
    tail = [ln for ln in all_lines[-40:] if ln.strip()]
    for ln in all_lines:
        if " | " in ln and re.match(r"^\s*Nơi nhận", ln):
            tail = [ln.split(" | ", 1)[1]]
            break
    segs: list[str] = []
    for ln in tail:
        segs.extend(_cells(ln))
    for idx in range(len(segs) - 1, -1, -1):
        seg = segs[idx].strip()
        toks = seg.split()
        name: list[str] = []
        while toks and re.fullmatch(r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]+", toks[-1]) and len(name) < 5:
            name.insert(0, toks.pop())
        if len(name) >= 2 and toks and _upper(" ".join(toks)):
            return " ".join(name), _own_title(" ".join(toks))
        if len(name) >= 2 and not toks:
            for back in range(idx - 1, max(-1, idx - 10), -1):
                prev = segs[back]
                if _upper(prev) and any(w in prev for w in _TITLE_WORDS):
                    return " ".join(name), _own_title(prev)
        named_before = any(re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+ ){1,4}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+", x.strip())
                           for x in segs[max(0, idx - 4):idx])
        if _upper(seg) and any(w in seg for w in _TITLE_WORDS) and not re.search(r"Nơi nhận|Lưu", seg) \
                and not named_before:
            return None, _own_title(seg)
        if len(segs) - idx > 8:
            break
    return None, None


def _own_title(title: str) -> str | None:
    t = " ".join(title.replace("/", " ").split())
    t = re.sub(r"^.*\b(?:KT|TM|TL|TUQ|Q)\.\s*", "", t) if re.search(r"\b(?:KT|TM|TL|TUQ|Q)\.", t) else t
    best = None
    for w in _TITLE_WORDS:
        for m in re.finditer(r"\b" + w + r"\b", t):
            if best is None or m.start() > best:
                if m.start() > 0 and w in ("TRƯỞNG",) and t[: m.start()].endswith(("BỘ ", "THỨ ")):
                    continue
                best = m.start()
    if best is not None and t[:best].endswith(("PHÓ ", "THỨ ")):
        best -= 4
    if best is not None and best > 0 and "," not in t[best:]:
        t = t[best:]
    t = t.strip(" ,")
    if not t:
        return None
    low = t.lower()
    low = low[0].upper() + low[1:]
    return re.sub(r"\bvăn phòng\b", "Văn phòng", re.sub(r"\bchính phủ\b", "Chính phủ", low))


_REF_CONTEXT = re.compile(r"(?:số|Số|số hiệu)\s*$|(?:Quyết định|Nghị quyết|Chỉ thị|Công văn|Thông báo|Kế hoạch|"
                          r"Tờ trình|Kết luận|Báo cáo|Nghị định|Thông tư|Chương trình|Pháp lệnh|Luật|văn bản|"
                          r"Hướng dẫn|Quy định)\s*$", re.I)


def find_references(text: str, own_number: str | None = None) -> list[dict]:
    """Documents cited by number, each {number, date}; the document's own number is left out."""
    refs: dict[str, str | None] = {}
    own = fold(own_number or "").replace(" ", "")
    for m in DOC_NUMBER_RE.finditer(text):
        number = re.sub(r"\s+", "", m.group(1))
        if not re.search(r"[A-ZĐ]", number) or "/" not in number and not re.search(r"-[A-ZĐ]", number):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if not _REF_CONTEXT.search(before) and not re.search(r"-[A-ZĐ]+/|/[A-ZĐ]", number):
            continue
        if re.fullmatch(r"\d{1,2}/\d{1,2}/?.*", number) and re.match(r"\d{1,2}/\d{1,2}/\d{4}", number):
            continue
        if fold(number).replace(" ", "") == own:
            continue
        after = text[m.end(): m.end() + 60]
        date = None
        dm = _DATE_TEXT.match(after.lstrip(" ,(")) or _DATE_NUM.match(after.lstrip(" ,("))
        if dm:
            g = dm.groups()
            date = _iso(g[2], g[1], g[0])
        number = number.rstrip(".")
        if _upper(text[max(0, m.start() - 60):m.start()]) and any(fold(n) == fold(number) for n in refs):
            continue
        dup = next((n for n in refs if fold(n) == fold(number)), None)
        if dup and dup != number:
            if _upper(dup):
                refs[number] = refs.pop(dup) or date
            continue
        if number not in refs or (refs[number] is None and date):
            refs[number] = date
    return [{"number": n, "date": d} for n, d in refs.items()]
