"""Assignment tables: one task per row with columns content / lead / partners / time."""

from __future__ import annotations

import re

from .assignees import split_units
from .clauses import Clause
from .deadlines import parse_deadline

__all__ = ["table_tasks"]

_COLS = {
    "content": re.compile(r"nội dung|nhiệm vụ|công việc|hoạt động|tên", re.I),
    "lead": re.compile(r"chủ trì|thực hiện$|đơn vị thực hiện|cơ quan thực hiện|trách nhiệm|đầu mối|phụ trách", re.I),
    "partners": re.compile(r"phối hợp", re.I),
    "time": re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành", re.I),
}


def _columns(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name in ("partners", "lead", "time", "content"):
            if name not in cols and _COLS[name].search(cell) and not any(v == i for v in cols.values()):
                if name == "lead" and _COLS["partners"].search(cell):
                    continue
                cols[name] = i
                break
    return cols if "lead" in cols and ("content" in cols or "time" in cols) else None


def table_tasks(clauses: list[Clause], text: str) -> list[dict]:
    tasks: list[dict] = []
    cols: dict[str, int] | None = None
    width = 0
    for c in clauses:
        if c.kind != "row":
            cols = None
            continue
        found = _columns(c.cells)
        if found and len(c.cells) >= 3:
            cols, width = found, len(c.cells)
            continue
        if not cols or len(c.cells) != width:
            continue
        lead = c.cells[cols["lead"]].strip()
        if not lead or not re.search(r"[A-Za-zÀ-ỹĐđ]", lead):
            continue
        content = c.cells[cols["content"]] if "content" in cols else ""
        partners = c.cells[cols["partners"]] if "partners" in cols else ""
        when = c.cells[cols["time"]] if "time" in cols else ""
        tasks.append({
            "ref": c.ref,
            "assignees": split_units(lead.strip(" .;")) or [lead],
            "coordinators": split_units(partners.strip(" .;")),
            "action": content[:300],
            "deadline": parse_deadline(when, standalone=True),
            "report_to": [],
            "span": [c.start, c.end],
        })
    return tasks
