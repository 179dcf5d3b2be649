"""The distribution list ('Nơi nhận'): who receives the document, and why (for information, for action, archive).

(Plans written as sections with 'Cơ quan chủ trì' / 'Thời gian thực hiện' are field blocks of the outline now:
see outline.py and finder.py.)"""

from __future__ import annotations

import re

from .clauses import Clause

__all__ = ["distribution"]

_PURPOSE = [
    ("archive", re.compile(r"^Lưu\b", re.I)),
    ("information", re.compile(r"để\s+(?:b/c|báo cáo|biết|theo dõi|t/b|phối hợp)|\(b/c\)|để\s+b\.c", re.I)),
    ("action", re.compile(r"để\s+(?:t/h|thực hiện|chỉ đạo|triển khai|th)|\(t/h\)|như trên", re.I)),
]


def distribution(clauses: list[Clause]) -> list[dict]:
    out: list[dict] = []
    for i, c in enumerate(clauses):
        if not re.match(r"^Nơi nhận", c.text):
            continue
        first = c.text.split(" | ")[0]
        rest = re.sub(r"^Nơi nhận\s*:?\s*", "", first)
        items = [x for x in re.split(r"(?:^|\s|;)-\s*", rest) if x.strip(" ;.")]
        for nxt in clauses[i + 1: i + 40]:
            if nxt.kind != "bullet" and not nxt.text.startswith("-"):
                break
            items.append(nxt.text.split("   ")[0].lstrip("- "))
        for item in items:
            item = item.strip(" ;.")
            if not item:
                continue
            purpose = None
            for name, rx in _PURPOSE:
                if rx.search(item):
                    purpose = name
                    break
            out.append({"text": item, "purpose": purpose})
        break
    return out
