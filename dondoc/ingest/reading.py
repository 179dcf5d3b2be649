"""Read uploaded documents (TXT/MD, DOCX, PDF) into normalised text.

Every failure is reported as `ReadError` with a Vietnamese message; nothing else escapes.
"""

from __future__ import annotations

import io
import re

from dondoc.lib.files import DOCX, PDF, READABLE_KINDS, CheckedFile, FileRejected, check_upload

from .normalize import normalize_text

__all__ = ["ReadError", "read_document", "MAX_BYTES", "MAX_UNZIPPED", "MAX_ZIP_ENTRIES"]

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000


class ReadError(Exception):
    """A document could not be read; `message` is Vietnamese, fit to show to users."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_document(data: bytes, filename: str) -> str:
    """Return the normalised text of a TXT/MD, DOCX or PDF document given as bytes."""
    try:
        return _read(data, filename)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError("Tệp quá lớn để xử lý.") from None
    except Exception as exc:  # any parser failure is a corrupt file to the user
        raise ReadError(f"Tệp bị hỏng hoặc không đọc được ({type(exc).__name__}).") from None


def check(data: bytes, filename: str) -> CheckedFile:
    """The upload check every file passes (dondoc.lib.files), for a directive to be read."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ReadError("Dữ liệu tệp không hợp lệ.")
    try:
        return check_upload(bytes(data), filename, kinds=READABLE_KINDS, max_bytes=MAX_BYTES,
                            max_unpacked=MAX_UNZIPPED)
    except FileRejected as exc:
        raise ReadError(str(exc)) from None


def _read(data: bytes, filename: str) -> str:
    kind = check(data, filename).content_type
    data = bytes(data)
    if kind == PDF:
        text = _read_pdf(data)
    elif kind == DOCX:
        text = _read_docx(data)
    else:
        text = _decode(data)
    text = normalize_text(text)
    if not text.strip():
        raise ReadError("Tệp rỗng, không có nội dung văn bản.")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1258", "cp1252"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\x0c")
        if bad <= len(text) // 100:
            return text
    raise ReadError("Không nhận dạng được bảng mã của tệp văn bản (hãy lưu lại dạng UTF-8).")


# ---------------------------------------------------------------- DOCX

def _read_docx(data: bytes) -> str:
    import docx  # python-docx, imported lazily to keep start-up fast
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise ReadError("Tệp DOCX bị hỏng, không mở được.") from None
    lines: list[str] = []

    def walk_table(table: Table) -> None:
        for row in table.rows:
            # merged cells repeat their text so that columns stay aligned with the header
            cells = [" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()) for cell in row.cells]
            if len(set(cells)) == 1:
                cells = cells[:1]  # a title row spanning the whole table
            if any(cells):
                lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")

    numbering = _Numbering(document)
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            label = numbering.label(paragraph) if paragraph.text.strip() else ""
            lines.append(f"{label} {paragraph.text}" if label else paragraph.text)
            lines.append("")
        elif tag == "tbl":
            walk_table(Table(child, document))
            lines.append("")
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN_NUMERALS = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN_NUMERALS:
        while n >= value:
            out, n = out + numeral, n - value
    return out


class _Numbering:
    """Word's automatic numbering (numbering.xml): the label a numbered paragraph shows ("1.", "a)", "II.", "-"),
    which python-docx leaves out of the paragraph's text. Counters run per list and level, as Word counts them."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (format, text, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.document = document
        self.style_num_pr: dict[str | None, object] = {}  # style id -> the numbering its style chain sets
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", 0))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", 1)) if start is not None else 1)
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def _num_pr(self, paragraph):
        pPr = paragraph._p.pPr
        if pPr is not None and pPr.numPr is not None:
            return pPr.numPr
        style_id = pPr.pStyle.val if pPr is not None and pPr.pStyle is not None else None
        if style_id not in self.style_num_pr:  # looking a style up is slow: once per style
            found = None
            style = paragraph.style
            while style is not None and found is None:
                spPr = style.element.pPr
                found = spPr.numPr if spPr is not None and spPr.numPr is not None else None
                style = style.base_style
            self.style_num_pr[style_id] = found
        return self.style_num_pr[style_id]

    def label(self, paragraph) -> str:
        if not self.levels:
            return ""
        try:
            num_pr = self._num_pr(paragraph)
        except (AttributeError, KeyError, ValueError):
            return ""
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "-"

        def render(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            n = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            kind = levels.get(level, ("decimal", "", 1))[0]
            if kind == "lowerLetter":
                return "abcdefghiklmnopqrstuvxy"[(n - 1) % 23]
            if kind == "upperLetter":
                return "ABCDEFGHIKLMNOPQRSTUVXY"[(n - 1) % 23]
            if kind == "upperRoman":
                return _roman(n)
            if kind == "lowerRoman":
                return _roman(n).lower()
            return str(n)

        return re.sub(r"%(\d)", render, text).strip()


# ---------------------------------------------------------------- PDF

_ENCRYPTED = "Tệp PDF được mã hóa/đặt mật khẩu, không đọc được."


def _is_encryption_error(exc: BaseException | None, depth: int = 0) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError; look through the chain."""
    if exc is None or depth > 5:
        return False
    name = type(exc).__name__.lower()
    if "password" in name or "encrypt" in name or "password" in str(exc).lower():
        return True
    inner = [a for a in getattr(exc, "args", ()) if isinstance(a, BaseException)]
    return any(_is_encryption_error(x, depth + 1) for x in [exc.__cause__, exc.__context__, *inner])


def _pdf_page_text(page) -> str:
    """A page's text with its ruled tables as pipe rows, in reading order (pdfplumber finds a bordered table's
    cells exactly; read as plain text, a row's cells would run together)."""
    try:
        tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    except Exception:  # a page pdfplumber cannot analyse: its plain text is still useful
        tables = []
    if not tables:
        return page.extract_text() or ""
    parts: list[str] = []
    top = 0.0
    for table in tables:
        x0, t_top, x1, t_bottom = table.bbox
        if t_top > top + 1:
            parts.append(page.crop((0, top, page.width, t_top)).extract_text() or "")
        for row in table.extract():
            cells = [" ".join((c or "").split()).replace("|", "/") for c in row]
            if any(cells):
                parts.append("| " + " | ".join(cells) + " |")
        parts.append("")
        top = max(top, t_bottom)
    if top < page.height - 1:
        parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
    return "\n".join(parts)


def _read_pdf(data: bytes) -> str:
    import pdfplumber  # lazy

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        if _is_encryption_error(exc):
            raise ReadError(_ENCRYPTED) from None
        raise ReadError("Tệp PDF bị hỏng, không mở được.") from None
    pages: list[str] = []
    try:
        with pdf:
            if not pdf.pages:
                raise ReadError("Tệp PDF không có trang nào.")
            for page in pdf.pages[:500]:
                pages.append(_pdf_page_text(page))
    except ReadError:
        raise
    except Exception as exc:
        if _is_encryption_error(exc):
            raise ReadError(_ENCRYPTED) from None
        raise ReadError("Tệp PDF bị hỏng, không đọc được nội dung.") from None
    text = "\n\n".join(pages)
    if sum(c.isalnum() for c in text) < 20:
        raise ReadError(
            "Tệp PDF không có lớp văn bản (có thể là bản scan). "
            "Vui lòng tải lên bản DOCX/PDF có chữ, hoặc nhận dạng chữ (OCR) trước khi tải lên."
        )
    return text
