"""Split normalised text into labelled clauses (I., 1., 1.1, a), Điều 2, table rows) and sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Clause", "split_clauses", "split_sentences", "parse_label"]

ROMAN_RE = re.compile(r"^(?P<lab>[IVX]{1,5})(?:[.)]|\s?[/\-–](?=\s))\s+(?=\S)")
PART_RE = re.compile(r"^(?P<lab>[A-HK-UYZĐ])[.)]\s+(?=[A-ZĐÀ-Ỹ])")
ARTICLE_RE = re.compile(r"^Điều\s+(?P<lab>\d{1,3})[.:]?\s*", re.I)
NUM_RE = re.compile(r"^(?P<lab>\d{1,2}(?:\.\d{1,2}){0,3})(?:[.)]\s*|\s?[/\-–]\s+(?=[^\d\s])|\s+(?=[A-ZĐÀ-Ỹ]))(?=\S)")
LETTER_RE = re.compile(r"^(?P<lab>[a-zđ])(?:[).]|/(?=\s))\s+(?=\S)")
BULLET_RE = re.compile(r"^(?:[-+•*–●▪◦➢➤►▸▶❖◆◇■□✓✔Ø§]|\(\d+\))\s*(?=\S)|^o\s+(?=[A-ZĐÀ-Ỹ])")
_ROMAN_OK = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")

_RESET = re.compile(r"^(?:Nơi nhận|KẾ HOẠCH$|QUY CHẾ$|CHƯƠNG TRÌNH$|ĐỀ ÁN$|HƯỚNG DẪN$)")

RANK = {"part": 0, "roman": 1, "article": 1, "num": 3, "letter": 8, "bullet": 9}


@dataclass
class Clause:
    """One line/paragraph of the text with its place in the numbering."""

    start: int
    end: int
    text: str
    kind: str | None = None  # part, roman, article, num, letter, bullet, row or None (plain paragraph)
    label: str | None = None
    ref: str | None = None
    body_start: int = 0  # offset in text where the content after the label begins
    cells: list[str] = field(default_factory=list)
    level: int = 99

    @property
    def body(self) -> str:
        return self.text[self.body_start - self.start:]


def parse_label(line: str) -> tuple[str | None, str | None, int]:
    """Return (kind, label, length of the label prefix) for a line."""
    for kind, rx in (("article", ARTICLE_RE), ("roman", ROMAN_RE), ("part", PART_RE), ("num", NUM_RE),
                     ("letter", LETTER_RE)):
        m = rx.match(line)
        if not m:
            continue
        lab = m.group("lab")
        if kind == "roman" and not _ROMAN_OK.match(lab):
            continue
        if kind == "num" and "." not in lab and int(lab) > 60:
            continue
        return kind, lab, m.end()
    m = BULLET_RE.match(line)
    if m:
        return "bullet", None, m.end()
    return None, None, 0


def _rank(kind: str, label: str) -> int:
    if kind == "num":
        return RANK["num"] + label.count(".")
    return RANK[kind]


def split_clauses(text: str) -> list[Clause]:
    """Every non-blank line becomes a clause carrying the full reference path (e.g. "III.1.a")."""
    clauses: list[Clause] = []
    stack: list[tuple[int, str, str]] = []  # (rank, kind, label)
    appendix = False
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        s0 = start + lead
        if re.match(r"^PH[ỤU] L[ỤU]C\b", stripped):
            appendix = True
            stack = []
        if _RESET.match(stripped):
            stack = []
        if " | " in stripped:
            cells = [c.strip() for c in stripped.split(" | ")]
            lab = re.sub(r"[.)/]$", "", cells[0]) if cells else ""
            label = lab if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ]", lab) else None
            ref = None
            if label:
                ref = ("PL." + label) if appendix else label
            clauses.append(Clause(s0, start + len(line.rstrip()), stripped, "row", label, ref, s0, cells))
            continue
        kind, label, n = parse_label(stripped)
        if kind in (None, "bullet"):
            ref = _path(stack)
            clauses.append(Clause(s0, start + len(line.rstrip()), stripped, kind, None, ref, s0 + n))
            continue
        rank = _rank(kind, label)
        while stack and stack[-1][0] >= rank:
            stack.pop()
        if kind == "num" and "." in label:
            stack = [x for x in stack if x[1] != "num"]
        stack.append((rank, kind, label))
        clauses.append(Clause(s0, start + len(line.rstrip()), stripped, kind, label, _path(stack), s0 + n,
                              level=rank))
    return clauses


def _path(stack: list[tuple[int, str, str]]) -> str | None:
    if not stack:
        return None
    return ".".join(lab for _, _, lab in stack)


_SENT_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(])|(?<=\.)\s*(?=-\s)")
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|St|Đ/c|đ/c|TS|ThS|PGS|GS|Th|v\.v|tr|ng|Q|KT|TM|TL|PL|số|Ông|Bà|ông|bà|Mr|TS)\.)$")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Split a paragraph into sentences at '.', '!' or '?' before a capital; spans are absolute."""
    out: list[tuple[int, int, str]] = []
    start = 0
    for m in _SENT_SPLIT.finditer(text):
        piece = text[start:m.start()]
        if text[m.start() - 1] == ";" or _ABBREV.search(piece):
            continue
        if piece.strip():
            out.append((offset + start, offset + m.start(), piece))
        start = m.end()
    if text[start:].strip():
        out.append((offset + start, offset + len(text), text[start:]))
    return out
