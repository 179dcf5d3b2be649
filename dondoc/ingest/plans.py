"""Plans written as sections ('Cơ quan chủ trì' / 'Cơ quan phối hợp' / 'Thời gian thực hiện') and the
distribution list ('Nơi nhận')."""

from __future__ import annotations

import re

from .assignees import split_units
from .clauses import Clause
from .deadlines import NONE, parse_deadline

__all__ = ["plan_tasks", "distribution"]

_PLAN_LEAD = re.compile(r"^(?:a\)\s*)?(?:Cơ quan|Đơn vị)\s+chủ trì|^Chủ trì thực hiện|^Cơ quan thực hiện|"
                        r"^Đơn vị thực hiện|^Cơ quan chủ trì", re.I)
_PLAN_PART = re.compile(r"^(?:Cơ quan|Đơn vị)\s+phối hợp", re.I)
_PLAN_TIME = re.compile(r"^(?:Thời gian|Thời hạn|Tiến độ)(?:\s+thực hiện|\s+hoàn thành)?\s*:?\s*(.*)$", re.I)


def plan_tasks(clauses: list[Clause], text: str, year: int | None = None) -> list[dict]:
    """Plans written as sections with 'Cơ quan chủ trì' / 'Cơ quan phối hợp' / 'Thời gian thực hiện'."""
    tasks: list[dict] = []
    current: dict | None = None
    mode = None
    for c in clauses:
        body = c.body.strip()
        head = re.sub(r"^[a-zđ]\)\s*", "", body)
        if c.kind in ("roman", "part") or (c.kind == "num" and re.match(r"^Nội dung", body)):
            if c.kind in ("roman", "part") and current:
                tasks.append(current)
                current = None
            if c.kind == "num":
                section = c.ref.rsplit(".", 1)[0] if c.ref and "." in c.ref else c.ref
                if current and current["ref"] != section:
                    tasks.append(current)
                    current = None
                current = current or _new_plan(section, c)
            mode = None
            continue
        is_head = c.kind in ("num", "letter", None) and (len(head) < 70 or re.match(r"^[^:]{0,40}:", head))
        if _PLAN_LEAD.match(head) and is_head:
            if current is None:
                parent = (c.ref or "").split(".")
                current = _new_plan(".".join(parent[:-1]) or None, c)
            mode = "lead"
            current["_lead_hdr"] = True
            inline = re.split(r":\s*", head, maxsplit=1)
            if len(inline) == 2 and inline[1].strip():
                current["assignees"].extend(split_units(inline[1].strip(" .;")))
            if re.search(r"phối hợp", head) and not re.search(r":", head):
                mode = "lead"
            continue
        if _PLAN_PART.match(head) and is_head:
            mode = "part"
            inline = re.split(r":\s*", head, maxsplit=1)
            if current is not None and len(inline) == 2 and inline[1].strip():
                current["coordinators"].extend(split_units(inline[1].strip(" .;")))
            continue
        tm = _PLAN_TIME.match(head)
        if tm and current is not None and current.get("_lead_hdr"):
            current["deadline"] = parse_deadline(tm.group(1), standalone=True, default_year=year)
            current["span"][1] = c.end
            tasks.append(current)
            current = None
            mode = None
            continue
        if mode and current is not None and c.kind in ("bullet", None) and not body.startswith("("):
            item = re.sub(r"^[-+•]\s*", "", body).strip(" .;")
            target = current["assignees"] if mode == "lead" else current["coordinators"]
            for u in re.split(r";\s*", item):
                u = u.strip(" .")
                if u and len(u) < 160:
                    target.append(u)
            current["span"][1] = c.end
            continue
        if c.kind not in ("bullet", None, "letter"):
            mode = None
    if current and current.get("_lead_hdr") and current["assignees"]:
        tasks.append(current)
    out = []
    for t in tasks:
        if not t.get("_lead_hdr") or not t["assignees"]:
            continue
        t.pop("_lead_hdr", None)
        out.append(t)
    return out


def _new_plan(ref: str | None, c: Clause) -> dict:
    return {"ref": ref, "assignees": [], "coordinators": [], "action": c.body.strip()[:200],
            "deadline": dict(NONE), "report_to": [], "span": [c.start, c.end]}


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
