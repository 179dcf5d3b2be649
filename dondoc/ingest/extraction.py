"""Tie the pieces together: normalised text → outline → header, references, tasks, distribution (SCHEMA.md)."""

from __future__ import annotations

import re

from .assignees import HEAD_RE, FullForms, split_units
from .clauses import Clause, split_clauses
from .finder import find_tasks
from .header import find_references, parse_header
from .normalize import normalize_text
from .outline import read_outline
from .plans import distribution
from .sentences import dedupe
from .tables import table_tasks

__all__ = ["extract"]


def extract(text: str) -> dict:
    """Extract header, references, tasks and distribution from a document's text (see SCHEMA.md).

    Task spans are character offsets into `normalize_text(text)`.
    """
    text = normalize_text(text if isinstance(text, str) else "")
    clauses = split_clauses(text)
    outline = read_outline(text, clauses)
    closing = None
    if outline.attachments and outline.closing:
        first = next((n.clause for n in outline.attachments[0].walk() if n.clause), None)
        closing = text[outline.closing[0].start:first.start if first else len(text)]
    document = parse_header(text, closing)
    references = find_references(text, document.get("number"))
    year = int(document["date"][:4]) if document.get("date") else None
    addressees = _addressees(outline.addressees)
    tasks = table_tasks(clauses, text, year) + find_tasks(outline, document, year, addressees)
    tasks.sort(key=lambda t: t["span"][0])
    forms = FullForms(text)
    if document.get("issuer"):
        document["issuer"] = forms.expand(document["issuer"])
    for t in tasks:
        if addressees and all(_ADDRESSED.match(u) for u in t["assignees"]):
            t["assignees"] = list(addressees)  # "Đề nghị các đơn vị: ...", "các đơn vị nêu trên": the addressees
        for key in ("assignees", "coordinators", "report_to"):
            t[key] = dedupe([forms.expand(u) for u in t[key]])
    return {"document": document, "references": references, "tasks": tasks,
            "distribution": distribution(clauses)}


# a letter's words for its own addressees
_ADDRESSED = re.compile(r"^(?:(?:các|Các)\s+(?:đơn vị|cơ quan|cơ quan,?\s+đơn vị|đồng chí|địa phương|sở,?\s+ngành)"
                        r"(?:\s+(?:nêu trên|trên|được gửi văn bản|có tên (?:ở |tại )?trên))?|"
                        r"Quý (?:cơ quan|đơn vị|Sở|Bộ|Ban|Ủy ban|Uỷ ban|Hội|Công ty|Trường|Cục|Văn phòng|địa phương))$")


def _addressees(clauses: list[Clause]) -> list[str]:
    for i, c in enumerate(clauses):
        m = re.search(r"Kính gửi\s*:?\s*(?:\|\s*)?(.*)$", c.text)
        if not m:
            continue
        rest = m.group(1).strip()
        items = [x.strip(" -;.") for x in re.split(r"\s-\s|;\s*-?\s*", " " + rest) if x.strip(" -;.")]
        if not items:
            for nxt in clauses[i + 1:]:
                if nxt.kind != "bullet":
                    break
                items.append(nxt.body.strip(" ;."))
        out: list[str] = []
        for x in items:
            if HEAD_RE.match(x):
                out.extend(split_units(x) if re.search(r",|\svà\s", x) else [x])
        return out
    return []
