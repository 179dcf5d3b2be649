"""Read uploaded documents (TXT/MD, DOCX, PDF) into normalised text.

Every failure is reported as `ReadError` with a Vietnamese message; nothing else escapes.
"""

from __future__ import annotations

import io

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

    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
            lines.append("")
        elif tag == "tbl":
            walk_table(Table(child, document))
            lines.append("")
    return "\n".join(lines)


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
                pages.append(page.extract_text() or "")
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
