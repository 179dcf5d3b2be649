"""Import the unit registry from CSV or Excel: all rows or none, with row-numbered errors.

Columns (as ../shared/data/vgcl_units_2021.csv): code, name, short_name, kind, parent; optional:
province, valid_from, valid_to, successors (codes separated by ";"), email.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction

from dondoc.lib.calendar import parse_user_date
from dondoc.lib.files import REGISTRY_KINDS, XLSX, CheckedFile, FileRejected, check_upload
from dondoc.lib.text import nfc

from .models import Succession, SuccessionKind, Unit, UnitKind
from .signals import units_regrouping

REQUIRED = ("code", "name", "kind")
KNOWN = ("code", "name", "short_name", "kind", "parent", "province", "valid_from", "valid_to", "successors", "email")
KIND_ALIASES = {"apparatus": UnitKind.CENTRE.value}
CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
MAX_ROWS = 500_000
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_ERRORS = 50

_PROVINCE_RE = re.compile(r"^Liên đoàn Lao động (?:tỉnh|thành phố|Thành phố|TP\.?)\s+(.+)$", re.IGNORECASE)


class ImportError_(Exception):
    """The file cannot be imported; `errors` lists the problems with their row numbers."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    successions: int = 0
    codes: list[str] = field(default_factory=list)


def province_of(name: str) -> str:
    match = _PROVINCE_RE.match(name.strip())
    return match.group(1).strip() if match else ""


Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def check_registry_file(data: bytes, filename: str) -> CheckedFile:
    """The registry file through the upload check every file passes: a CSV or an XLSX workbook."""
    try:
        return check_upload(data, filename, kinds=REGISTRY_KINDS, max_bytes=MAX_IMPORT_BYTES)
    except FileRejected as exc:
        raise ImportError_([f"{exc} Chỉ nhận tệp .csv hoặc .xlsx."]) from None


def read_rows(data: bytes, filename: str, progress: Progress = _no_progress, *,
              columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts of stripped strings; raises ImportError_ for a bad file.

    `columns`: the required columns of another kind of file (any column is then kept), else the registry's."""
    if check_registry_file(data, filename).content_type == XLSX:
        return _read_xlsx(data, progress, columns)
    return _read_csv(data, progress, columns)


def _read_csv(data: bytes, progress: Progress, columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(["Tệp CSV phải mã hóa UTF-8."]) from None
    if "\x00" in text:
        raise ImportError_(["Tệp không phải là tệp CSV văn bản."])
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _rows_from(reader, progress, columns)


def _read_xlsx(data: bytes, progress: Progress, columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportError_(["Không đọc được tệp Excel (tệp hỏng hoặc không đúng định dạng .xlsx)."]) from None
    sheet = book.worksheets[0]

    def cells() -> Iterable[list[str]]:
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime | dt.date) else str(v))
                   for v in row]

    try:
        return _rows_from(cells(), progress, columns)
    finally:
        book.close()


def _rows_from(reader: Iterable[list[str]], progress: Progress,
               columns: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    iterator = iter(reader)
    try:
        header = [nfc(h).strip().lower() for h in next(iterator)]
    except StopIteration:
        raise ImportError_(["Tệp không có dòng tiêu đề."]) from None
    required, known = (columns, set(header)) if columns else (REQUIRED, KNOWN)
    missing = [c for c in required if c not in header]
    if missing:
        wanted = ", ".join(columns) if columns else "code, name, short_name, kind, parent"
        raise ImportError_([f"Dòng 1: thiếu cột {', '.join(missing)} (cần các cột: {wanted})."])
    rows = []
    for values in iterator:
        if not any((v or "").strip() for v in values):
            rows.append({})  # keep numbering aligned with the file
            continue
        row = {col: nfc(str(values[i])).strip() if i < len(values) and values[i] is not None else ""
               for i, col in enumerate(header) if col in known}
        rows.append(row)
        if len(rows) % 5000 == 0:
            progress("read", len(rows), 0)
        if len(rows) > MAX_ROWS:
            raise ImportError_([f"Tệp có quá {MAX_ROWS:,} dòng."])
    return rows


def _date(value: str, line: int, column: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_user_date(value)
    except ValueError:
        errors.append(f"Dòng {line}: cột {column} «{value[:30]}» không phải ngày (dd/mm/yyyy).")
        return None


def import_units(
    data: bytes, filename: str, *, progress: Progress = _no_progress
) -> ImportResult:
    """Validate every row, then write them all in one transaction (stages: read, check, write)."""
    rows = read_rows(data, filename, progress)
    progress("check", 0, len(rows))
    errors: list[str] = []
    seen: dict[str, int] = {}
    parsed: list[tuple[int, dict]] = []
    for index, row in enumerate(rows):
        line = index + 2
        if not row:
            continue
        code, name = row.get("code", ""), row.get("name", "")
        kind = KIND_ALIASES.get(row.get("kind", ""), row.get("kind", ""))
        if not code:
            errors.append(f"Dòng {line}: thiếu mã đơn vị (cột code).")
        elif not CODE_RE.match(code) or len(code) > 100:
            errors.append(f"Dòng {line}: mã «{code[:40]}» chỉ được gồm chữ không dấu, số, '-' và '_'.")
        elif code in seen:
            errors.append(f"Dòng {line}: mã «{code}» trùng với dòng {seen[code]}.")
        else:
            seen[code] = line
        if not name:
            errors.append(f"Dòng {line}: thiếu tên đơn vị (cột name).")
        elif len(name) > 300:
            errors.append(f"Dòng {line}: tên đơn vị dài quá 300 ký tự.")
        if kind not in UnitKind.values:
            errors.append(f"Dòng {line}: loại «{kind[:40]}» không hợp lệ (dùng: {', '.join(UnitKind.values)}).")
        valid_from = _date(row.get("valid_from", ""), line, "valid_from", errors)
        valid_to = _date(row.get("valid_to", ""), line, "valid_to", errors)
        if valid_from and valid_to and valid_to < valid_from:
            errors.append(f"Dòng {line}: valid_to trước valid_from.")
        parsed.append((line, {**row, "kind": kind, "valid_from": valid_from, "valid_to": valid_to}))
        if len(errors) >= MAX_ERRORS:
            break

    existing = {u.code: u for u in Unit.objects.filter(code__in=[r["code"] for _, r in parsed if r.get("code")])}
    parent_codes = {r.get("parent") for _, r in parsed if r.get("parent")} - set(seen)
    known_parents = {u.code: u for u in Unit.objects.filter(code__in=parent_codes)}
    for line, row in parsed:
        parent = row.get("parent", "")
        if parent and parent not in seen and parent not in known_parents:
            errors.append(f"Dòng {line}: đơn vị cấp trên «{parent[:40]}» không có trong tệp và trong danh mục.")
        if parent and parent == row.get("code"):
            errors.append(f"Dòng {line}: đơn vị không thể là cấp trên của chính nó.")
        for succ in filter(None, (s.strip() for s in row.get("successors", "").split(";"))):
            if succ not in seen and not Unit.objects.filter(code=succ).exists():
                errors.append(f"Dòng {line}: đơn vị kế thừa «{succ[:40]}» không có trong tệp và trong danh mục.")
    order = _parents_first([(line, r) for line, r in parsed if r.get("code")], errors)
    if errors:
        raise ImportError_(errors[:MAX_ERRORS])

    result = ImportResult()
    total, done = len(order), 0
    progress("write", 0, total)
    fields = ["name", "short_name", "kind", "parent", "valid_from", "valid_to", "email", "province",
              "path", "depth", "search_text"]
    with transaction.atomic():
        by_code: dict[str, Unit] = dict(known_parents)
        # Level by level, so that every child finds its parent's primary key.
        for level in _levels(order):
            created, updated = [], []
            for _line, row in level:
                unit = existing.get(row["code"]) or Unit(code=row["code"])
                unit.name = row["name"]
                unit.short_name = row.get("short_name", "")
                unit.kind = row["kind"]
                unit.parent = by_code.get(row.get("parent", "")) if row.get("parent") else None
                unit.valid_from, unit.valid_to = row["valid_from"], row["valid_to"]
                unit.email = row.get("email", "") or unit.email
                unit.province = row.get("province", "") or province_of(unit.name) or (
                    unit.parent.province if unit.parent else "")
                unit.refresh_derived()
                by_code[unit.code] = unit
                (updated if unit.pk else created).append(unit)
            Unit.objects.bulk_create(created, batch_size=2000)
            _reload_pks(created)
            units_regrouping.send(sender=Unit, units=updated)
            Unit.objects.bulk_update(updated, fields, batch_size=2000)
            result.created += len(created)
            result.updated += len(updated)
            done += len(level)
            progress("write", done, total)
        for _line, row in order:
            for succ in filter(None, (s.strip() for s in row.get("successors", "").split(";"))):
                pred = by_code[row["code"]]
                successor = by_code.get(succ) or Unit.objects.get(code=succ)
                on = (pred.valid_to + dt.timedelta(days=1)) if pred.valid_to else (successor.valid_from or dt.date.today())
                _, made = Succession.objects.update_or_create(
                    predecessor=pred, successor=successor, defaults={"on": on, "kind": SuccessionKind.MERGE})
                result.successions += made
        result.codes = [r["code"] for _, r in order]
    return result


def _reload_pks(units: list[Unit]) -> None:
    # SQLite and PostgreSQL both return primary keys from bulk_create; this guards other backends.
    missing = [u for u in units if u.pk is None]
    if missing:
        pks = dict(Unit.objects.filter(code__in=[u.code for u in missing]).values_list("code", "pk"))
        for unit in missing:
            unit.pk = pks[unit.code]


def _parents_first(rows: list[tuple[int, dict]], errors: list[str]) -> list[tuple[int, dict]]:
    """Order rows so that every parent in the file comes before its children; report cycles."""
    by_code = {r["code"]: (line, r) for line, r in rows}
    depth: dict[str, int] = {}
    for code in by_code:
        chain, current = [], code
        while current in by_code and current not in depth:
            if current in chain:
                errors.append(f"Dòng {by_code[code][0]}: vòng lặp cấp trên ({' → '.join(chain[:5])}).")
                for c in chain:
                    depth[c] = 0
                break
            chain.append(current)
            current = by_code[current][1].get("parent", "")
        base = depth.get(current, -1) if current in by_code else -1
        for offset, c in enumerate(reversed(chain), start=1):
            depth.setdefault(c, base + offset)
    for _line, row in rows:
        row["_depth"] = depth.get(row["code"], 0)
    return sorted(rows, key=lambda lr: (lr[1]["_depth"], lr[0]))


def _levels(order: list[tuple[int, dict]]) -> Iterable[list[tuple[int, dict]]]:
    level: list[tuple[int, dict]] = []
    for item in order:
        if level and item[1]["_depth"] != level[-1][1]["_depth"]:
            yield level
            level = []
        level.append(item)
    if level:
        yield level
