"""Validating uploaded files by their content, not their name (no database)."""

import io
import zipfile
from dataclasses import dataclass

import filetype

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ATTACHMENT_TYPES = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}


class FileRejected(ValueError):
    """The file is refused; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def check_zip_container(data: bytes) -> zipfile.ZipFile:
    """Open an Office (zip) file after checking its entries, before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRejected("Tệp bị hỏng hoặc không đúng định dạng Office (.docx/.xlsx).") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRejected("Tệp có quá nhiều thành phần bên trong; từ chối để bảo vệ hệ thống.")
    total = sum(e.file_size for e in entries)
    if total > MAX_ZIP_UNCOMPRESSED or (data and total / max(len(data), 1) > MAX_ZIP_RATIO and total > 10_000_000):
        raise FileRejected("Tệp khi giải nén quá lớn (nghi ngờ tệp nén độc hại); từ chối.")
    if any(e.flag_bits & 0x1 for e in entries):
        raise FileRejected("Tệp được mã hóa bằng mật khẩu; hãy gửi bản không đặt mật khẩu.")
    return archive


def sniff_office(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def check_attachment(data: bytes, filename: str, *, max_bytes: int) -> CheckedFile:
    """A PDF, DOCX or XLSX within `max_bytes`, recognised by its content."""
    size = len(data)
    if size == 0:
        raise FileRejected(f"Tệp «{filename}» rỗng.")
    if size > max_bytes:
        raise FileRejected(f"Tệp «{filename}» lớn hơn giới hạn {max_bytes // (1024 * 1024)} MB.")
    if data[:5] == b"%PDF-":
        if b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
            raise FileRejected(f"Tệp PDF «{filename}» được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa.")
        return CheckedFile(PDF, "pdf", size)
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.mime == "application/zip" or data[:4] == b"PK\x03\x04":
        office = sniff_office(check_zip_container(data))
        if office:
            return CheckedFile(office, ATTACHMENT_TYPES[office], size)
    raise FileRejected(f"Tệp «{filename}» không phải PDF, DOCX hoặc XLSX (kiểm tra theo nội dung tệp).")


_UNSAFE_IN_NAMES = str.maketrans({c: "-" for c in '/\\:*?"<>|'})


def download_name(*parts: str, extension: str) -> str:
    """A Vietnamese file name for a download ("Báo cáo 12-BC-TLĐ ngày 05-12-2021.docx"): the parts joined
    by spaces, NFC, with the characters file systems refuse (the "/" of document numbers) made "-"."""
    import unicodedata

    text = " ".join(p.strip() for p in parts if p and p.strip())
    text = unicodedata.normalize("NFC", text).translate(_UNSAFE_IN_NAMES)
    text = " ".join("".join(c for c in text if c.isprintable()).split())[:150].strip(" .")
    return f"{text or 'dondoc'}.{extension}"
