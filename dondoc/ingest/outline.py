"""A directive read into its outline before any task is looked for.

The parts of a Vietnamese administrative document, in order: the header block (issuer, national motto,
number, place and date, kind and title, "V/v ..."), the addressees ("Kính gửi: ..."), the body (sections
I., II.; items 1., 1.1.; a), b); bullets -, +; plain paragraphs; field blocks; tables), the closing formula
("Trên đây là ...", "./."), the signature (TM./KT./TL., title, name), the distribution list ("Nơi nhận") and
attachments (a plan or an appendix after the signature, each with a body of its own).

`read_outline(text)` returns the parts with the body as a tree of `Node`s: every labelled line is a node
under the nearest node of a higher rank, a bullet under the item (or the bullet of another sign) it
follows, a plain paragraph under the nearest labelled node. A node's children that name a field ("Đơn vị
chủ trì: ...", "Thời gian thực hiện: ...", "Kết quả: ...", or such a heading with its values below) are
its field block, kept apart from its other children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .clauses import RANK, Clause, split_clauses

__all__ = ["Node", "Outline", "read_outline", "field_kind", "FIELD_KINDS"]

# Field labels (generic administrative vocabulary): label -> kind
_FIELD_RES: list[tuple[str, re.Pattern[str]]] = [
    ("lead_partners", re.compile(r"^(?:Cơ quan|Đơn vị|Bộ phận)\s+chủ trì\s*(?:,|và)\s*(?:cơ quan\s+|đơn vị\s+)?"
                                 r"(?:phối hợp|thực hiện)\b", re.I)),
    ("partners", re.compile(r"^(?:(?:Cơ quan|Đơn vị|Bộ phận|Tổ chức)\s+)?phối hợp(?:\s+thực hiện)?\b", re.I)),
    ("lead", re.compile(r"^(?!Tổ chức thực hiện)(?:(?:Cơ quan|Đơn vị|Bộ phận|Người|Cá nhân|Tổ chức)(?:,\s*(?:tổ chức|đơn vị))?\s+"
                        r"(?:chủ trì|thực hiện|chịu trách nhiệm|phụ trách)(?:\s+thực hiện)?|Chủ trì(?:\s+thực hiện)?|"
                        r"Trách nhiệm(?:\s+chỉ đạo)?(?:\s+thực hiện)?|Phân công(?:\s+thực hiện)?|Đầu mối(?:\s+thực hiện)?|"
                        r"Lãnh đạo chỉ đạo|Đơn vị tham mưu)\b", re.I)),
    ("time", re.compile(r"^(?:Thời gian|Thời hạn|Tiến độ|Thời điểm)(?:\s+(?:thực hiện|hoàn thành|triển khai|"
                        r"báo cáo|tổ chức))?\b", re.I)),
    ("result", re.compile(r"^(?:Kết quả|Sản phẩm)(?:\s+(?:đầu ra|dự kiến|cần đạt|thực hiện))?\b|"
                          r"^Hình thức (?:văn bản|sản phẩm)\b", re.I)),
    ("content", re.compile(r"^(?:Nội dung|Nhiệm vụ|Công việc)(?:\s*,\s*(?:biện pháp|giải pháp|yêu cầu))?"
                           r"(?:\s+(?:thực hiện|cụ thể|chính))?$", re.I)),
    ("other", re.compile(r"^(?:Địa điểm|Kinh phí|Thành phần|Phương pháp|Phương thức|Hình thức|Cách thức|"
                         r"Chế độ báo cáo|Đối tượng|Quy mô|Số lượng|Nguồn kinh phí|Phạm vi)\b", re.I)),
]
FIELD_KINDS = ("lead", "partners", "time", "result")


def field_kind(body: str) -> tuple[str, str] | None:
    """('lead', value) when a line names a field: 'Đơn vị chủ trì: Sở Y tế' or the heading 'Cơ quan chủ trì'."""
    text = re.sub(r"^[-+•*–]\s*", "", body.strip())
    m = re.match(r"^([^:]{2,60}?)\s*:\s*(.*)$", text)
    label, value = (m.group(1).strip(), m.group(2).strip()) if m else (text.rstrip(" .;"), "")
    if not m and len(label) > 60:
        return None
    label = re.sub(r"\s*\([^)]*\)$", "", label).strip(" .")
    for kind, rx in _FIELD_RES:
        found = rx.match(label)
        if found and found.end() >= len(label) - 1:
            return kind, value
    return None


_PIECE_SPLIT = re.compile(r"\s*;\s*|(?<=[^\d\s.]\.)\s+(?=[A-ZĐÀ-Ỹ])")


def inline_fields(text: str) -> list[tuple[str, str]]:
    """Fields written one after another on one line: 'Cơ quan chủ trì: X; cơ quan phối hợp: Y; thời gian: Z.'
    → [('lead', 'X'), ('partners', 'Y'), ('time', 'Z')]. A piece that names no field goes on the value before it
    ('phối hợp: Sở A; Sở B')."""
    out: list[tuple[str, str]] = []
    for piece in _PIECE_SPLIT.split(text.strip().rstrip(".;")):
        found = field_kind(piece) if ":" in piece else None
        if found and found[1]:
            out.append((found[0], found[1].strip(" .;")))
        elif out and piece.strip():
            out[-1] = (out[-1][0], f"{out[-1][1]}; {piece.strip(' .;')}")
        elif piece.strip():
            return []  # the line does not start with a field
    return out


# "Số hóa hồ sơ (Chủ trì: Sở X; phối hợp: ...; thời gian: ...)." / "Đào tạo ... . Đơn vị thực hiện: Sở X. Thời gian: ..."
_TRAILING_FIELDS = re.compile(r"\(([^()]{4,300})\)\s*[.;]?\s*$|(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ][^:.;]{1,50}:\s*\S)")


def trailing_fields(body: str) -> list[tuple[str, str]]:
    """Fields that close an item's own line, in brackets or as the sentences after its title."""
    for m in _TRAILING_FIELDS.finditer(body):
        found = inline_fields(m.group(1) if m.group(1) else body[m.end():])
        if any(k == "lead" for k, _ in found):
            return found
    return []


@dataclass
class Node:
    clause: Clause | None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    fields: list[tuple[str, str, Node]] = field(default_factory=list)  # (kind, inline value, node)
    rank: int = -1

    @property
    def kind(self) -> str | None:
        return self.clause.kind if self.clause else "root"

    @property
    def ref(self) -> str | None:
        return self.clause.ref if self.clause else None

    @property
    def body(self) -> str:
        return self.clause.body.strip() if self.clause else ""

    @property
    def labelled(self) -> bool:
        return self.kind in ("part", "roman", "article", "num", "letter")

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def field_values(self, kind: str) -> list[tuple[str, Node]]:
        """Inline values and the values written below a field heading, for fields of one kind."""
        out: list[tuple[str, Node]] = []
        for k, value, node in self.fields:
            if k != kind:
                continue
            if value:
                out.append((value, node))
            for child in node.children:
                sub = field_kind(child.body)
                if sub and sub[0] != kind:
                    continue
                out.append((sub[1] if sub else child.body, child))
        return out


@dataclass
class Outline:
    text: str
    header: list[Clause]
    addressees: list[Clause]
    body: Node
    closing: list[Clause]
    attachments: list[Node]
    clauses: list[Clause]


_SIGN_AUTHORITY = re.compile(r"^(?:Nơi nhận|(?:T/M|TM|KT|TL|TUQ|Q|T\.M|Q\.)\.?\s+[A-ZĐÀ-Ỹ]{2,})")
_ATTACHMENT = re.compile(r"^(?:KẾ HOẠCH|QUY CHẾ|QUY ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|PHỤ LỤC|DANH MỤC|PHƯƠNG ÁN|"
                         r"BIỂU|Phụ lục\s+[IVX\d])\b")
_HEADER_LINE = re.compile(
    r"^(?:Số\s*:|SỐ\s*:|V/v|v/v|Về việc|CỘNG H[OÒ]A|Độc lập|ĐỘC LẬP|ĐẢNG CỘNG SẢN|\*+$|-{3,}|[A-ZĐÀ-Ỹ][\wÀ-ỹ .-]{1,40},\s*"
    r"ngày\s+\d)")
_BODY_START = re.compile(r"^(?:Căn cứ|Thực hiện|Theo|Xét|Ngày\s+\d|Nhằm|Để|Trong|Qua|Sau|Tiếp theo|Tại|Triển khai|"
                         r"Thời gian qua|Năm\s+\d{4})\b")


def _is_heading_text(c: Clause) -> bool:
    s = c.text.strip()
    letters = [ch for ch in s if ch.isalpha()]
    upper = bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
    return upper or bool(_HEADER_LINE.match(s)) or " | " in s


_KIND_WORD = re.compile(r"^(?:THÔNG BÁO|KẾ HOẠCH|QUYẾT ĐỊNH|CHỈ THỊ|NGHỊ QUYẾT|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|KẾT LUẬN|"
                        r"BÁO CÁO|HƯỚNG DẪN|CÔNG VĂN|TỜ TRÌNH|QUY CHẾ|ĐỀ ÁN|CÔNG ĐIỆN|PHƯƠNG ÁN)\s*:?$")


def _body_start(clauses: list[Clause]) -> int:
    """Index of the first clause of the body: after the header block and the addressees."""
    title_next = False
    for i, c in enumerate(clauses):
        s = c.text.strip()
        if c.kind == "row":
            continue
        if _KIND_WORD.match(s):
            title_next = True
            continue
        if title_next and not _BODY_START.match(s) and c.kind is None:
            title_next = False  # the summary under the kind word is the title
            continue
        title_next = False
        if re.match(r"^Kính gửi\b", s):
            continue
        if c.kind in ("part", "roman", "article", "num") and not _is_heading_text(c) or c.kind == "roman":
            return i
        if _BODY_START.match(s) or (len(s) >= 90 and not _is_heading_text(c)):
            return i
        if len(s) >= 40 and re.search(r"[.;:]$", s) and not _is_heading_text(c) and not re.match(
                r"^(?:V/v|v/v|Về việc)\b", s):
            return i  # a sentence
    return len(clauses)


def _addressees(clauses: list[Clause], limit: int) -> list[Clause]:
    for i, c in enumerate(clauses[:limit]):
        if re.search(r"Kính gửi", c.text):
            out = [c]
            for nxt in clauses[i + 1:limit]:
                if nxt.kind == "bullet" or (len(nxt.text) < 120 and not _BODY_START.match(nxt.text)):
                    out.append(nxt)
                    continue
                break
            return out
    return []


def _bullet_rank(c: Clause, order: dict[str, int] | None = None) -> int:
    """'-' is the first level of bullets and '+' the second; any other sign ('•', '➢', 'Ø', 'o' ...) takes the
    level of its first appearance among the signs of the document (the first sign used is the upper level)."""
    sign = c.text.lstrip()[:1]
    if sign == "+":
        return RANK["bullet"] + 1
    if sign in "-–":
        return RANK["bullet"]
    if c.text.lstrip().startswith("("):
        return RANK["bullet"] + 3
    if order and sign in order:
        return RANK["bullet"] + min(order[sign], 2)
    return RANK["bullet"] + 2 if sign in "◦o" else RANK["bullet"]


def _sign_order(clauses: list[Clause]) -> dict[str, int]:
    order: dict[str, int] = {}
    for c in clauses:
        if c.kind == "bullet":
            sign = c.text.lstrip()[:1]
            sign = "-" if sign == "–" else sign
            if sign not in order and sign != "(":
                order[sign] = len(order)
    return order


def _tree(clauses: list[Clause]) -> Node:
    root = Node(None)
    stack: list[Node] = [root]
    order = _sign_order(clauses)
    for c in clauses:
        if c.kind == "row":
            # table rows belong to the node above them; the table reader reads them as a whole
            node = Node(c, rank=100)
            parent = next(n for n in reversed(stack) if n.kind != "bullet")
        elif c.kind is None:
            node = Node(c, rank=99)
            parent = next(n for n in reversed(stack) if n.kind not in ("bullet",))
        else:
            rank = _bullet_rank(c, order) if c.kind == "bullet" else c.level
            node = Node(c, rank=rank)
            while len(stack) > 1 and stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1]
            stack.append(node)
        node.parent = parent
        parent.children.append(node)
    for node in root.walk():
        _split_fields(node)
    return root


def _split_fields(node: Node) -> None:
    """Move the children naming fields into the node's field block (a combined 'chủ trì, phối hợp' heading
    contributes its own children's fields)."""
    fields: list[tuple[str, str, Node]] = []
    rest: list[Node] = []
    for child in node.children:
        if child.kind in ("row", "roman", "part", "article") or node.clause is None:
            rest.append(child)
            continue
        found = field_kind(child.body)
        if found and found[0] == "lead_partners":
            subs = [(field_kind(g.body), g) for g in child.children]
            if any(s for s, _ in subs):
                for s, g in subs:
                    if s:
                        fields.append((s[0], s[1], g))
                continue
            found = ("lead", found[1])
        if found:
            several = inline_fields(child.body) if ";" in found[1] or "." in found[1].rstrip(".") else []
            if len(several) > 1:
                fields.extend((k, v, Node(None)) for k, v in several)
            else:
                fields.append((found[0], found[1], child))
        else:
            rest.append(child)
    if node.clause is not None and node.kind not in ("row", "roman", "part") and not any(
            k in FIELD_KINDS for k, _, _ in fields) and not field_kind(node.body):
        fields = [(k, v, Node(None)) for k, v in trailing_fields(node.body)] + fields
    # a field block names who or when: lone "Nội dung"/"Đối tượng" headings are sections, not fields
    if any(k in FIELD_KINDS for k, _, _ in fields):
        node.fields = fields
        node.children = rest
        for _, _, f in fields:
            _split_fields(f)


def read_outline(text: str, clauses: list[Clause] | None = None) -> Outline:
    clauses = clauses if clauses is not None else split_clauses(text)
    start = _body_start(clauses)
    addressees = _addressees(clauses, start)
    header = [c for c in clauses[:start] if c not in addressees]
    body: list[Clause] = []
    closing: list[Clause] = []
    attachments: list[list[Clause]] = []
    part = "body"
    for c in clauses[start:]:
        s = c.text.strip()
        if part == "body" and (_SIGN_AUTHORITY.match(s) or re.match(r"^Trên đây là\b", s)):
            part = "closing"
        elif part == "closing" and (_ATTACHMENT.match(s) or c.kind in ("roman", "part")) and not s.startswith("Lưu"):
            part = "attachment"
            attachments.append([])
        if part == "body":
            body.append(c)
        elif part == "closing":
            closing.append(c)
        else:
            attachments[-1].append(c)
    return Outline(text=text, header=header, addressees=addressees, body=_tree(body), closing=closing,
                   attachments=[_tree(a) for a in attachments], clauses=clauses)
