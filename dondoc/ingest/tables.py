"""Assignment tables: one task per row with columns content / lead / partners / time."""

from __future__ import annotations

import re

from .assignees import split_units
from .clauses import Clause
from .deadlines import parse_deadline

__all__ = ["table_tasks"]

_COLS = [
    ("partners", re.compile(r"phối hợp", re.I)),
    ("time", re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành|thời điểm", re.I)),
    ("lead", re.compile(r"chủ trì|đơn vị thực hiện|cơ quan thực hiện|trách nhiệm|đầu mối|phụ trách|"
                        r"người thực hiện|bộ phận thực hiện", re.I)),
    ("content", re.compile(r"nội dung|nhiệm vụ|công việc|hoạt động|tên|giải pháp", re.I)),
    ("lead", re.compile(r"thực hiện$|^đơn vị$|^cơ quan$", re.I)),
]


def _columns(cells: list[str]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name, rx in _COLS:
            if name not in cols and rx.search(cell.strip()):
                cols[name] = i
                break
    return cols


def _continues(c: Clause, cols: dict[str, int]) -> bool:
    if c.label or "content" not in cols or cols["content"] >= len(c.cells):
        return False
    if not c.cells[cols["content"]].strip(" -"):
        return False
    return all(not c.cells[k].strip(" -") for k in range(len(c.cells)) if k != cols["content"])


def table_tasks(clauses: list[Clause], text: str, year: int | None = None) -> list[dict]:
    tasks: list[dict] = []
    cols: dict[str, int] | None = None
    width = 0
    for c in clauses:
        if c.kind != "row":
            cols = None
            continue
        found = _columns(c.cells) if not c.label else {}
        if found and "lead" in found and ("content" in found or "time" in found) and len(c.cells) >= 3:
            cols, width = found, len(c.cells)
            continue
        if found and cols and ("lead" in found or "partners" in found):
            cols.update(found)  # second header row under merged cells: "Chủ trì | Phối hợp"
            continue
        if not cols:
            continue
        if _continues(c, cols) and tasks and tasks[-1]["span"][1] >= c.start - 2:
            # a row that only carries on the content of the row above (its cell wrapped onto a new row)
            tasks[-1]["action"] = (tasks[-1]["action"] + " " + c.cells[cols["content"]].strip())[:300]
            tasks[-1]["span"][1] = c.end
            continue
        if len(c.cells) < max(cols.values()) + 1 or abs(len(c.cells) - width) > 1:
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
            "deadline": parse_deadline(when, standalone=True, default_year=year),
            "report_to": [],
            "span": [c.start, c.end],
        })
    return tasks
