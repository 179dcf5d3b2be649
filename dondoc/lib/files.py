"""The one check every uploaded file passes, whatever form, API operation or command received it (no database).

A file is recognised by its content, not its name, and refused with the reason in Vietnamese when it is:
empty or too large; not of a kind the caller accepts; a PDF that is encrypted, cut short or unreadable; an
Office file that is encrypted, a zip bomb (too many parts, too large unpacked, an absurd ratio), damaged,
or whose XML declares a DTD (entity expansion, external entities); a text file that is binary. Its name is
made safe to show and store: no path, no control or direction characters, a bounded length.
"""

import hashlib
import io
import re
import threading
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_NAME = 200

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TEXT = "text/plain"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", CSV: "csv", TEXT: "txt"}
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", CSV: "CSV", TEXT: "văn bản thuần (.txt, .md)"}
TEXT_EXTENSIONS = {"txt", "md", "markdown", "text", "csv"}

# What each kind of upload accepts.
ATTACHMENT_KINDS = (PDF, DOCX, XLSX)  # what units send
DOCUMENT_KINDS = (PDF, DOCX)  # the file of a directive
REGISTRY_KINDS = (CSV, XLSX)  # the unit registry
READABLE_KINDS = (PDF, DOCX, TEXT)  # a directive to be read by the extractor

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
_DTD = (b"<!DOCTYPE", b"<!ENTITY")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f<>:\"|?*]")
_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the test server and threaded servers share a process


class FileRejected(ValueError):
    """The file is refused; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    name: str  # safe to show and to send back in Content-Disposition
    sha256: str

    @property
    def stored_name(self) -> str:
        """The name in storage: the content's hash, so that no typed name reaches the file system."""
        return f"{self.sha256[:16]}.{self.extension}"


def check_upload(data: bytes, filename: str, *, kinds: Collection[str], max_bytes: int,
                 max_unpacked: int = MAX_ZIP_UNCOMPRESSED) -> CheckedFile:
    """`data` as one of `kinds`, recognised by its content and checked through; FileRejected otherwise."""
    name = safe_name(filename)
    size = len(data)
    if size == 0:
        raise FileRejected(f"Tệp rỗng (không có nội dung): «{name}».")
    if size > max_bytes:
        raise FileRejected(f"Tệp «{name}» quá lớn: lớn hơn giới hạn {_size(max_bytes)}.")
    kind = _kind(data, name, kinds, max_unpacked)
    return CheckedFile(kind, EXTENSIONS[kind], size, _with_extension(name, kind), hashlib.sha256(data).hexdigest())


def check_attachment(data: bytes, filename: str, *, max_bytes: int) -> CheckedFile:
    """A file a unit sends with a submission: PDF, DOCX or XLSX."""
    return check_upload(data, filename, kinds=ATTACHMENT_KINDS, max_bytes=max_bytes)


def safe_name(filename: str) -> str:
    """The last part of a typed name, without control or direction characters, of bounded length."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = _UNSAFE_NAME.sub("", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:MAX_NAME - 11]}.{extension[:10]}" if dot and len(extension) <= 10 else name[:MAX_NAME]
    return name or "tep"


def _with_extension(name: str, kind: str) -> str:
    """The safe name ending as its content says (a PDF named .docx is stored and sent back as .pdf)."""
    extension = EXTENSIONS[kind]
    current = name.rpartition(".")[2].lower() if "." in name else ""
    if current == extension or (kind in (TEXT, CSV) and current in TEXT_EXTENSIONS):
        return name
    return f"{name.rpartition('.')[0] or name}.{extension}"


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{max(limit // 1024, 1)} KB"


def _label(kinds: Collection[str]) -> str:
    labels = [LABELS[k] for k in kinds]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} hoặc {labels[-1]}"


def _kind(data: bytes, name: str, kinds: Collection[str], max_unpacked: int) -> str:
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    unsupported = FileRejected(f"Định dạng tệp «{name}» không được hỗ trợ: nội dung tệp không phải "
                               f"{_label(kinds)} (kiểm tra theo nội dung, không theo tên tệp).")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        if PDF not in kinds:
            raise unsupported
        _check_pdf(data, name)
        return PDF
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        office = [k for k in (DOCX, XLSX) if k in kinds]
        if not office:
            raise unsupported
        return _check_office(data, name, office, kinds, max_unpacked)
    if data[:8] == _OLE:
        if extension in ("docx", "xlsx", "docm", "xlsm"):
            raise FileRejected(f"Tệp «{name}» được mã hóa bằng mật khẩu; hãy gửi bản không đặt mật khẩu.")
        raise FileRejected(f"Tệp «{name}» là tệp Word/Excel định dạng cũ (.doc, .xls), không được hỗ trợ; hãy lưu "
                           "lại dạng .docx, .xlsx hoặc PDF.")
    text = [k for k in (CSV, TEXT) if k in kinds]
    if text and _is_text(data):
        if extension in ("pdf", "docx", "xlsx"):
            raise FileRejected(f"Tệp «{name}» có đuôi .{extension} nhưng nội dung không phải {extension.upper()} "
                               "(tệp hỏng hoặc sai định dạng).")
        if extension and extension not in TEXT_EXTENSIONS:
            raise unsupported
        return text[0]
    raise unsupported


def _is_text(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte order mark
        return True
    return b"\x00" not in head


def _check_pdf(data: bytes, name: str) -> None:
    if b"/Encrypt" in data:
        raise FileRejected(f"Tệp PDF «{name}» được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa.")
    tail = data.rstrip(b" \t\r\n\x00\x0c")[-1024:]
    if b"%%EOF" not in tail or b"startxref" not in data[-4096:]:
        raise FileRejected(f"Tệp PDF «{name}» bị hỏng hoặc không trọn vẹn (thiếu phần cuối tệp); hãy gửi lại.")
    import pypdfium2  # imported here: only uploads need it

    with _PDFIUM:
        try:
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise FileRejected(f"Tệp PDF «{name}» được mã hóa bằng mật khẩu; hãy gửi bản không mã hóa.") from None
            raise FileRejected(f"Tệp PDF «{name}» bị hỏng, không đọc được; hãy gửi lại.") from None
        try:
            pages = len(document)
        finally:
            document.close()
    if pages < 1:
        raise FileRejected(f"Tệp PDF «{name}» không có trang nào.")


def check_zip_container(data: bytes, max_unpacked: int = MAX_ZIP_UNCOMPRESSED,
                        label: str = "Office (.docx/.xlsx)") -> zipfile.ZipFile:
    """Open an Office (zip) file after checking its entries, before anything is unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise FileRejected(f"Tệp {label} bị hỏng hoặc không đúng định dạng, không mở được.") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRejected("Tệp có quá nhiều thành phần bên trong; từ chối để bảo vệ hệ thống.")
    total = sum(max(e.file_size, 0) for e in entries)
    if total > max_unpacked or (total > 10_000_000 and total / max(len(data), 1) > MAX_ZIP_RATIO):
        raise FileRejected(f"Tệp khi giải nén quá lớn (giới hạn {_size(max_unpacked)}), nghi ngờ tệp nén độc hại; "
                           "từ chối.")
    if any(e.flag_bits & 0x1 for e in entries):
        raise FileRejected("Tệp được mã hóa bằng mật khẩu; hãy gửi bản không đặt mật khẩu.")
    return archive


def sniff_office(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    for kind, part in _MAIN_PART.items():
        if part in names:
            return kind
    return None


def _check_office(data: bytes, name: str, kinds: list[str], all_kinds: Collection[str], max_unpacked: int) -> str:
    archive = check_zip_container(data, max_unpacked, label=_label(kinds))
    kind = sniff_office(archive)
    if kind not in kinds:
        what = f"là {LABELS[kind]}, " if kind else "là một tệp nén, "
        raise FileRejected(f"Định dạng tệp «{name}» không được hỗ trợ: nội dung tệp {what}không phải "
                           f"{_label(all_kinds)}.")
    import defusedxml.ElementTree as safe_xml

    try:
        for entry in archive.infolist():
            if entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                _refuse_dtd(archive, entry, name)
            elif not entry.is_dir():
                with archive.open(entry) as part:  # read through: a damaged part fails its CRC check
                    while part.read(1024 * 1024):
                        pass
        with archive.open(_MAIN_PART[kind]) as part:
            safe_xml.parse(part, forbid_dtd=True)
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - zipfile, zlib and expat each raise their own kinds for a damaged file
        raise FileRejected(f"Tệp «{name}» bị hỏng hoặc không đúng định dạng {LABELS[kind]}.") from None
    return kind


def _refuse_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, name: str) -> None:
    """Office XML never declares a DTD; one that does is an entity bomb or reaches for outside files."""
    previous = b""
    with archive.open(entry) as part:
        while chunk := part.read(1024 * 1024):
            # UTF-16 XML hides "<!DOCTYPE" between zero bytes: look at the text with them removed.
            window = (previous + chunk).replace(b"\x00", b"")
            if any(marker in window.upper() for marker in _DTD):
                raise FileRejected(f"Tệp «{name}» chứa khai báo DTD/ENTITY trong XML (có thể là tệp độc hại); "
                                   "từ chối.")
            previous = chunk[-32:]


_UNSAFE_IN_NAMES = str.maketrans({c: "-" for c in '/\\:*?"<>|'})


def download_name(*parts: str, extension: str) -> str:
    """A Vietnamese file name for a download ("Báo cáo 12-BC-TLĐ ngày 05-12-2021.docx"): the parts joined
    by spaces, NFC, with the characters file systems refuse (the "/" of document numbers) made "-"."""
    import unicodedata

    text = " ".join(p.strip() for p in parts if p and p.strip())
    text = unicodedata.normalize("NFC", text).translate(_UNSAFE_IN_NAMES)
    text = " ".join("".join(c for c in text if c.isprintable()).split())[:150].strip(" .")
    return f"{text or 'dondoc'}.{extension}"
