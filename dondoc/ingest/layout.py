"""Tables laid out with spaces (PDF converted to text): rebuild them as `a | b | c` rows.

A PDF table turned into text keeps its cells side by side, padded with spaces; a cell that wraps continues
on the next lines, cells are centred, the row number sits on the middle line of its row, and where two
cells come close the converter joins them with a single space. Reading such a region line by line runs the
cells of a row together ("... Quý III, IV/2026 b) Tổ chức ...") and gives a row the deadline of the next.

Here the region is read as a table: its header names the columns (content, lead, partners, person, time,
result, number); each row is the band of lines around its number; inside a page, the pieces of text are
put in the column whose centre they sit under (the centres are fitted to each page, since pages are
shifted), and pieces joined by a single space are cut where a deadline or a unit name starts. The rows are
given back as pipe rows, which the table reader (tables.py) turns into one task per row.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

__all__ = ["rebuild_tables"]

# column header words -> column kind (checked in this order)
_HEADER_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(?:S\.?\s?TT|TT|Số\s+TT|STT)\.?$", re.I)),
    ("partners", re.compile(r"phối\s+hợp", re.I)),
    ("person", re.compile(r"cá nhân|người\s+(?:phụ trách|chỉ đạo)|lãnh đạo\s+phụ trách|đồng chí\s+phụ trách", re.I)),
    ("time", re.compile(r"thời\s+(?:hạn|gian|điểm)|tiến\s+độ|hoàn\s+thành", re.I)),
    ("result", re.compile(r"sản\s+phẩm|kết\s+quả|hình\s+thức\s+văn\s+bản", re.I)),
    ("lead", re.compile(r"chủ\s+trì|thực\s+hiện|trách\s+nhiệm|phụ\s+trách|đầu\s+mối|^(?:cơ\s+quan|đơn\s+vị)", re.I)),
    ("content", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động|giải\s+pháp|đề\s+án|tên", re.I)),
    ("note", re.compile(r"ghi\s+chú", re.I)),
]
_GAP = re.compile(r"\S+(?:\s\S+)*")  # fragments: text separated by two or more spaces
_ROW_LABEL = re.compile(r"^(?:[IVX]{1,5}(?:\.\d{1,2})*|\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)/]?$")
_TIME_TAIL = re.compile(
    r"(?:(?:[Tt]rước|[Tt]rong|[Hh]oàn thành|[Cc]hậm nhất|[Tt]ừ|[Đđ]ến)(?:\s+(?:ngày|tháng|quý|năm))?\s+)?"
    r"(?:\d{1,2}/\d{1,2}/(?:19|20)\d\d|(?:[Qq]uý\s+[IV]{1,3}(?:\s*[,-]\s*[IV]{1,3})*\s*/\s*)?(?:19|20)\d\d"
    r"(?:\s*[-–]\s*(?:19|20)\d\d)?|[Tt]háng\s+\d{1,2}\s*/\s*(?:19|20)\d\d|[Hh]ằng\s+(?:năm|quý|tháng)|"
    r"[Tt]hường\s+xuyên)$")
_PERSON_START = re.compile(r"\b(?:Đồng chí|đồng chí|Ông|Bà|Đ/c)\s")
_UNIT_START = re.compile(
    r"(?<!\S)(?:Các\s+|các\s+)?(?:Đảng\s+(?:ủy|uỷ)|Ủy\s+ban|Uỷ\s+ban|UBND|HĐND|Sở|Ban|Bộ|Cục|Văn\s+phòng|"
    r"Công\s+an|Trung\s+tâm|Phòng|Hội|Liên\s+đoàn|LĐLĐ|Công\s+đoàn|Mặt\s+trận|MTTQ|Tỉnh\s+(?:ủy|uỷ)|"
    r"Huyện\s+(?:ủy|uỷ)|Thành\s+(?:ủy|uỷ)|[Cc]ấp\s+(?:ủy|uỷ)|Chi\s+cục|Tổng\s+cục|Viện|Trường|Đoàn|Kho\s+bạc|Ngân\s+hàng|"
    r"Thanh\s+tra|Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng)(?!\w)")


@dataclass
class _Column:
    kind: str
    left: int
    right: int
    title: list[str] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def _fragments(line: str) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        out.append((m.start(), m.end(), m.group()))
    return out


def _kind_of(text: str) -> str | None:
    t = " ".join(text.split())
    for kind, rx in _HEADER_KINDS:
        if rx.search(t):
            return kind
    return None


def _header_at(lines: list[str], i: int) -> tuple[list[_Column], int, int] | None:
    """A header block around line i: short fragments in several columns naming content, lead and time."""
    if "|" in lines[i] or len(_fragments(lines[i])) < 2:
        return None
    lo = i
    while lo > 0 and i - lo < 4 and _header_like(lines[lo - 1]):
        lo -= 1
    hi = i
    while hi + 1 < len(lines) and hi - i < 5 and _header_like(lines[hi + 1]):
        hi += 1
    frags = [(s, e, t, k) for k in range(lo, hi + 1) for s, e, t in _fragments(lines[k])]
    if not frags or any(len(t) > 45 for _, _, t, _ in frags):
        return None
    # fragments overlapping horizontally belong to one column
    frags.sort()
    groups: list[list[tuple[int, int, str, int]]] = []
    for f in frags:
        if groups and f[0] < max(g[1] for g in groups[-1]) - 1:
            groups[-1].append(f)
        else:
            groups.append([f])
    columns = []
    for g in groups:
        title = [t for _, _, t, _ in sorted(g, key=lambda f: (f[3], f[0]))]
        kind = _kind_of(" ".join(title)) or "other"
        columns.append(_Column(kind, min(f[0] for f in g), max(f[1] for f in g), title))
    kinds = [c.kind for c in columns]
    if len(columns) < 3 or "lead" not in kinds or not ({"content", "time"} & set(kinds)):
        return None
    # the first column without a title word is the row number when it sits at the left edge
    if columns[0].kind == "other" and columns[0].right - columns[0].left <= 4:
        columns[0].kind = "number"
    return columns, lo, hi


def _header_like(line: str) -> bool:
    frags = _fragments(line)
    return bool(frags) and "|" not in line and all(len(t) <= 45 for _, _, t in frags) and not (
        _ROW_LABEL.match(frags[0][2].split()[0]))


def _is_page_number(line: str) -> bool:
    return bool(re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*", line))


def _table_end(lines: list[str], start: int) -> int:
    for k in range(start, len(lines)):
        s = lines[k].strip()
        if re.match(r"^(?:Nơi nhận|PHỤ LỤC|Phụ lục\s+[IVX\d]|KẾ HOẠCH$|QUYẾT ĐỊNH$|CHƯƠNG TRÌNH$)", s) or "|" in s:
            return k
        if len(s) > 100 and "   " not in s and not _ROW_LABEL.match(s.split()[0]):
            # a full-width paragraph: the table is over
            return k
    return len(lines)


def _double_spaced(lines: list[str]) -> bool:
    """True when (nearly) every line is followed by a blank line: the blank lines say nothing of the layout."""
    filled = [k for k, ln in enumerate(lines[:-1]) if ln.strip()]
    return len(filled) >= 8 and sum(not lines[k + 1].strip() for k in filled) >= 0.9 * len(filled)


def _single_spaced(lines: list[str]) -> list[str]:
    """Drop the blank line after each line; a run of blank lines stays one blank line."""
    out: list[str] = []
    k = 0
    while k < len(lines):
        if lines[k].strip():
            out.append(lines[k])
            k += 1
            continue
        run = k
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k - run >= 2:
            out.append("")
    return out


def rebuild_tables(lines: list[str]) -> list[str]:
    """Replace each space-laid-out assignment table in `lines` with pipe rows (idempotent)."""
    if not any("   " in ln for ln in lines):
        return lines
    if _double_spaced(lines):
        single = _single_spaced(lines)
        rebuilt = _rebuild(single)
        return rebuilt if rebuilt != single else lines
    return _rebuild(lines)


def _rebuild(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        found = None
        if "   " in line and _kind_of(line) is not None:
            found = _header_at(lines, i)
        if not found:
            out.append(line)
            i += 1
            continue
        columns, lo, hi = found
        if i > lo:
            del out[len(out) - (i - lo):]
        end = _table_end(lines, hi + 1)
        rows = _read_rows(lines[hi + 1:end], columns)
        if len([r for r in rows if r[1]]) < 1:
            out.extend(lines[lo:hi + 1])
            i = hi + 1
            continue
        out.append("| " + " | ".join(" ".join(c.title) for c in columns) + " |")
        for cells in rows:
            out.append("| " + " | ".join(c.replace("|", "/") or "-" for c in cells) + " |")
        out.append("")
        i = end
    return out


def _pages(lines: list[str]) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for ln in lines:
        if _is_page_number(ln) or "\f" in ln:
            pages.append([])
            continue
        pages[-1].append(ln)
    return [p for p in pages if any(x.strip() for x in p)]


def _read_rows(lines: list[str], columns: list[_Column]) -> list[list[str]]:
    """Rows as lists of cell texts (one per column), in order, over all pages."""
    rows: list[list[str]] = []
    pending: list[list[str]] | None = None
    for page in _pages(lines):
        placed = _place(page, columns)
        for band in _bands(page, placed, columns):
            cells = [" ".join(" ".join(parts).split()) for parts in band]
            number = columns.index(next((c for c in columns if c.kind == "number"), columns[0]))
            if not cells[number] and rows and pending is not None:
                # a row continued from the previous page: no number of its own
                for k, text in enumerate(cells):
                    if text:
                        rows[-1][k] = (rows[-1][k] + " " + text).strip()
                continue
            rows.append(cells)
            pending = band
    return rows


def _place(page: list[str], columns: list[_Column]) -> list[list[tuple[int, str]]]:
    """For each line, its pieces as (column index, text)."""
    n = len(columns)
    centres = [c.centre for c in columns]
    frags_by_line = [_fragments(ln) for ln in page]
    # fit the column centres to this page (1-D k-means started from the header's centres)
    xs = [(s + e) / 2 for frags in frags_by_line for s, e, _ in frags]
    for _ in range(8):
        groups: list[list[float]] = [[] for _ in range(n)]
        for x in xs:
            groups[min(range(n), key=lambda k: abs(x - centres[k]))].append(x)
        new = [statistics.median(g) if g else centres[k] for k, g in enumerate(groups)]
        if new == centres:
            break
        centres = new
    content = next((k for k, c in enumerate(columns) if c.kind == "content"), None)
    number = next((k for k, c in enumerate(columns) if c.kind == "number"), None)
    placed: list[list[tuple[int, str]]] = []
    for frags in frags_by_line:
        pieces: list[tuple[int, str]] = []
        if frags and number is not None:
            s, e, text = frags[0]
            m = re.match(r"(\S+)\s+(?=\S)", text)
            if m and _ROW_LABEL.match(m.group(1)) and s <= columns[number].right + 2 and len(text) > len(m.group()):
                frags = [(s, s + len(m.group(1)), m.group(1)), (s + m.end(), e, text[m.end():])] + frags[1:]
        for s, e, text in frags:
            if number is not None and _ROW_LABEL.match(text) and s <= columns[number].right + 2:
                pieces.append((number, text))
                continue
            k = min(range(n), key=lambda j: abs((s + e) / 2 - centres[j]))
            if k == number:  # only row numbers go to the number column
                k = content if content is not None else k + 1
            if content is not None and k != content and s <= centres[content] and e > centres[content]:
                k = content  # a long line starting left of the content's centre is content
            pieces.extend(_split_joined(k, text, columns, s))
        placed.append(pieces)
    return placed


def _split_joined(k: int, text: str, columns: list[_Column], start: int) -> list[tuple[int, str]]:
    """Cut cells joined by a single space: a deadline at the end goes to the time column, a unit name after
    the content goes to the lead column, a person after a unit name to the person column."""
    kinds = [c.kind for c in columns]
    out: list[tuple[int, str]] = []
    if "time" in kinds and kinds[k] not in ("time", "content"):
        m = _TIME_TAIL.search(text)
        if m and m.start() > 0:
            out = [(kinds.index("time"), m.group())]
            text = text[:m.start()].rstrip()
    if "person" in kinds and "lead" in kinds and kinds[k] == "person" and _UNIT_START.match(text):
        m = _PERSON_START.search(text)
        if m and m.start() > 0:
            return [(kinds.index("lead"), text[:m.start()].rstrip())] + _split_joined(k, text[m.start():], columns,
                                                                                         start + m.start())
    if "person" in kinds and kinds[k] == "lead":
        m = _PERSON_START.search(text)
        if m and m.start() > 0:
            out.insert(0, (kinds.index("person"), text[m.start():]))
            text = text[:m.start()].rstrip()
    if "lead" in kinds and kinds[k] == "content" and k < kinds.index("lead"):
        lead_left = columns[kinds.index("lead")].left - start
        m = next((m for m in _UNIT_START.finditer(text) if m.start() >= max(20, lead_left - 12)), None)
        if m:
            out.insert(0, (kinds.index("lead"), text[m.start():]))
            text = text[:m.start()].rstrip()
            return [(k, text)] + _split_joined(kinds.index("lead"), out.pop(0)[1], columns, start) + out
    return [(k, text)] + out if text else out


def _bands(page: list[str], placed: list[list[tuple[int, str]]], columns: list[_Column]) -> list[list[list[str]]]:
    """Group the lines of a page into rows: each row is the band of lines nearest to its number."""
    n = len(columns)
    number = next((k for k, c in enumerate(columns) if c.kind == "number"), None)
    anchors = []
    single: set[int] = set()  # section rows (I, II, II.1, A): one line, not the centre of a band
    for li, pieces in enumerate(placed):
        numbered = any(k == number and _ROW_LABEL.match(t) for k, t in pieces) if number is not None else bool(
            pieces and pieces[0][0] == 0 and _ROW_LABEL.match(pieces[0][1].split()[0]))
        if numbered:
            anchors.append(li)
        label = next((t for k, t in pieces if k == number), "") if number is not None else ""
        if label and re.match(r"^(?:[IVX]{1,5}|[A-Z]|\d{1,3})(?:\.\d{1,2})*[.)]?$", label) and (
                re.match(r"^[IVXA-Z]", label) or "." in label.rstrip(".")) and len(pieces) == 2:
            single.add(li)
    # blank lines split the page into blocks; a line goes to the nearest number in its block
    blocks: list[list[int]] = [[]]
    for li, ln in enumerate(page):
        if not ln.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append(li)
    blocks = [b for b in blocks if b]
    if len(blocks) > 2 and all(len(b) == 1 for b in blocks):
        blocks = [[li for b in blocks for li in b]]  # a blank line after every line says nothing of the rows
    owner: dict[int, int] = {}
    for li in single:
        owner[li] = li
    for block in blocks:
        block = [li for li in block if li not in single]
        if not block:
            continue
        inside = [a for a in anchors if a in block]
        before = max((a for a in anchors if a < block[0]), default=-1) if block else -1
        for li in block:
            # a line goes to the nearest number of its block, or to the row above when its block has none
            owner[li] = min(inside, key=lambda a: (abs(a - li), a)) if inside else before
    bands: list[list[list[str]]] = []
    order = sorted(set(owner.values()))
    for a in order:
        band: list[list[str]] = [[] for _ in range(n)]
        for li in sorted(x for x, o in owner.items() if o == a):
            for k, text in placed[li]:
                band[k].append(text)
        bands.append(band)
    return bands
