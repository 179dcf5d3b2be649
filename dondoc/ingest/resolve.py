"""Resolve the units a directive names ("Ban Tổ chức", "các LĐLĐ tỉnh, thành phố", "Tổng Liên đoàn (qua Ban Tổ
chức)") against the unit registry: unit codes, or a group rule of the registry."""

from __future__ import annotations

import re

from dondoc.lib.text import fold

__all__ = ["report_parts", "resolve_mentions"]

_GROUP_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("departments_and_subordinates", re.compile(r"\bcac ban,? (?:va )?(?:cac )?don vi truc thuoc\b|\bban, don vi\b")),
    ("direct_units", re.compile(r"\b(?:cac )?(?:ldld|lien doan lao dong) tinh,? thanh pho.*(?:cd|cong doan) nganh|"
                                r"\bcong doan cap tren truc tiep\b.*\btruc thuoc tong lien doan|"
                                r"\bcac cap cong doan truc thuoc\b")),
    ("provincial_federations", re.compile(r"\b(?:ldld|lien doan lao dong) (?:cac )?tinh,? (?:thanh pho|tp)\b|"
                                          r"\bcac (?:ldld|lien doan lao dong) tinh\b|\bcac ldld\b")),
    ("sector_unions", re.compile(r"\b(?:cd|cong doan) nganh (?:tw|trung uong)\b|\b(?:cd|cong doan) (?:tong cong ty|tcty)\b")),
    ("upper_grassroots", re.compile(r"\bcong doan cap tren co so\b|\bcd cap tren co so\b")),
    ("grassroots", re.compile(r"\bcong doan co so\b|\bcdcs\b")),
    ("departments", re.compile(r"^(?:cac )?ban(?: chuyen de| tham muu)?(?: thuoc| cua)?(?: tong lien doan| tld)?$|"
                               r"^cac ban\b")),
]
_ABBREV = [("ldld", "lien doan lao dong"), ("tld", "tong lien doan"), ("cd", "cong doan"),
           ("tw", "trung uong"), ("tp", "thanh pho"), ("tcty", "tong cong ty")]
_SUFFIXES = ("tong lien doan lao dong viet nam", "tong lien doan", "truc thuoc tong lien doan", "viet nam")


def _drop_admin(key: str) -> str:
    """'lien doan lao dong thanh pho ha noi' and 'lien doan lao dong ha noi' name the same federation."""
    return " ".join(re.sub(r"\b(?:tinh|thanh pho|tp)\b", " ", key).split())


def _expand(key: str) -> str:
    words = key.split()
    for short, long in _ABBREV:
        words = [long if w == short else w for w in words]
    return " ".join(words)


def _clean_key(name: str) -> str:
    key = re.sub(r"[^\w\s]", " ", fold(name))
    key = re.sub(r"^(?:cac|dong chi|d c|100)\s+", "", " ".join(key.split()))
    return re.sub(r"\bcong doan nganh\b", "cong doan", key)  # "Công đoàn ngành Y tế" is "Công đoàn Y tế"


def report_parts(name: str) -> list[str]:
    """'Tổng Liên đoàn (qua Ban Tổ chức)' → ['Tổng Liên đoàn', 'Ban Tổ chức']: the recipient and its channel."""
    m = re.match(r"^(.*?)\s*\(\s*(?:thông\s+)?qua\s+([^()]+)\)\s*$", name or "")
    return [m.group(1).strip(), m.group(2).strip()] if m else [name]


def resolve_mentions(names: list[str], directory: list[dict]) -> list[dict | None]:
    """Map each mention to {"kind": "unit", "codes": [...]}, {"kind": "group", "group": rule} or None."""
    index: list[tuple[str, dict]] = []
    for unit in directory or []:
        for field in ("name", "short_name"):
            value = (unit.get(field) or "").strip()
            if value:
                index.append((_expand(_clean_key(value)), unit))
    out: list[dict | None] = []
    for name in names or []:
        out.append(_resolve_one(name or "", index) or _resolve_shared_head(name or "", index))
    return out


def _resolve_shared_head(name: str, index: list[tuple[str, dict]]) -> dict | None:
    """'Công đoàn Giáo dục và Y tế' names two unions sharing their head word: resolved only when every part is a
    unit of the registry ('Sở Giáo dục và Đào tạo' is one unit and resolves as a whole before this)."""
    m = re.match(r"^((?:Các |các )?(?:Công đoàn(?: ngành)?|Sở|Bộ|Ban|Liên đoàn Lao động|LĐLĐ|Viện|Trường))\s+(.+)$",
                 name.strip())
    if not m or not re.search(r"\s*,\s|\svà\s", m.group(2)):
        return None
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+và\s+", m.group(2)) if p.strip()]
    codes: list[str] = []
    for part in parts:
        found = _resolve_one(f"{m.group(1)} {part}", index)
        if not found or found["kind"] != "unit":
            return None
        codes.extend(c for c in found["codes"] if c not in codes)
    return {"kind": "unit", "codes": codes} if len(parts) > 1 else None


def _resolve_one(name: str, index: list[tuple[str, dict]]) -> dict | None:
    key = _expand(_clean_key(name))
    if not key:
        return None
    exact = [u for k, u in index if k == key]
    if not exact:
        variants = {key}
        for suffix in _SUFFIXES:
            if key.endswith(" " + suffix):
                variants.add(key[: -len(suffix) - 1])
        exact = [u for k, u in index
                 if k in variants or any(k == v + " " + s for v in variants for s in _SUFFIXES)]
    if not exact:
        bare = _drop_admin(key)
        exact = [u for k, u in index if _drop_admin(k) == bare] if bare != key or " " in key else []
    if exact:
        codes: list[str] = []
        for u in exact:
            if u.get("code") not in codes:
                codes.append(u.get("code"))
        return {"kind": "unit", "codes": codes}
    folded = " ".join(re.sub(r"[^\w\s]", " ", fold(name)).split())
    for rule, rx in _GROUP_RULES:
        if rx.search(folded) or rx.search(key):
            return {"kind": "group", "group": rule}
    return None


