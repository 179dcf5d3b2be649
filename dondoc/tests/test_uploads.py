"""Every form and API operation that takes a file checks it the same way (dondoc.lib.files.check_upload).

The probe found the submission form refusing truncated PDFs and entity-expansion DOCX files that the
document form stored without reading them. Here each hostile file goes to every place that takes a file:
each answers 4xx with a Vietnamese reason, and nothing is stored (no row, no file on disk).
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from dondoc.accounts.services import api_token_create
from dondoc.directives.models import Assignment, Document
from dondoc.ingest.models import Draft
from dondoc.ingest.tests.fixtures import make_pdf as make_text_pdf
from dondoc.lib.files import FileRejected, check_upload, safe_name
from dondoc.submissions import services as submissions
from dondoc.submissions.models import Attachment, Submission
from dondoc.tests import factory
from dondoc.units.models import UnitImport

pytestmark = pytest.mark.django_db

LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                     for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
          + b"<w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            b"<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")


def _replace_part(office: bytes, part: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(office))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, data if entry.filename == part else source.read(entry))
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book, out = Workbook(), io.BytesIO()
    book.active.append(["code", "name", "short_name", "kind", "parent"])
    book.active.append(["ldld-hue", "Liên đoàn Lao động thành phố Huế", "LĐLĐ Huế", "provincial_federation", "vgcl"])
    book.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (120 * 1024 * 1024) + b"</w:document>")
    return out.getvalue()


PDF = factory.pdf_bytes()
DOCX = factory.docx_bytes("Kế hoạch triển khai thực hiện Chương trình")
HOSTILE = {
    "truncated.pdf": PDF[: len(PDF) // 2],
    "no-end.pdf": PDF[:-60] + b"\n" * 10,
    "garbage.pdf": b"%PDF-1.7\n" + b"\x13\x37" * 400 + b"\nstartxref\n9\n%%EOF\n",
    "encrypted.pdf": make_text_pdf(["Noi dung mat"], encrypted=True),
    "laughs.docx": _replace_part(DOCX, "word/document.xml", LAUGHS),
    "external.docx": _replace_part(DOCX, "word/document.xml", EXTERNAL),
    "utf16.docx": _replace_part(DOCX, "word/document.xml", EXTERNAL.decode().replace(
        'version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")),
    "rels.docx": _replace_part(DOCX, "_rels/.rels", EXTERNAL),
    "laughs.xlsx": _replace_part(_xlsx(), "xl/workbook.xml", LAUGHS.replace(b"w:document", b"workbook")),
    "damaged.docx": DOCX[:-200],
    "bomb.docx": _zip_bomb(),
    "encrypted.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000,
    "program.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04" + b"\x00" * 500,
    "empty.pdf": b"",
}


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _api(user) -> APIClient:
    client = APIClient()
    _, key = api_token_create(user=user, name="tải tệp")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def places(client, monitor, officer, program, registry):
    """Every operation that takes a file: (name, send(filename, data) -> response)."""
    assignment = Assignment.objects.get(task=program["plan"], unit=registry["hanoi"])
    monitor_api, officer_api = _api(monitor), _api(officer)

    def page(user, path, field, extra=None):
        def send(name, data):
            client.force_login(user)
            return client.post(path, {**(extra or {}), field: SimpleUploadedFile(name, data)})
        return send

    def api(api_client, path, field, extra=None):
        return lambda name, data: api_client.post(path, {**(extra or {}), field: [SimpleUploadedFile(name, data)]},
                                                  format="multipart")

    return {
        "document form": page(monitor, "/van-ban/moi/", "file", {"number": "9/KH", "date": "01/11/2021",
                                                                  "title": "Kế hoạch"}),
        "submission form": page(officer, f"/nhiem-vu/{assignment.pk}/gui/", "files",
                                {"kind": "completion_report", "text": "Báo cáo"}),
        "submission API": api(officer_api, f"/api/assignments/{assignment.pk}/submissions/", "files",
                              {"kind": "completion_report", "text": "Báo cáo"}),
        "registry import": page(monitor, "/don-vi/nhap/", "file"),
        "directive reading": page(monitor, "/doc-van-ban/", "file"),
        "extract API": lambda name, data: monitor_api.post("/api/extract/", {"file": SimpleUploadedFile(name, data)},
                                                           format="multipart"),
    }


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_place_that_takes_a_file_refuses_it_the_same_way(places, settings, program, name):
    documents = Document.objects.count()
    for place, send in places.items():
        response = send(name, HOSTILE[name])
        assert 400 <= response.status_code < 500, (place, response.status_code)
        body = response.content.decode()
        assert "Tệp" in body or "tệp" in body, place
        assert "lollollol" not in body and "root:" not in body, place
    assert Document.objects.count() == documents
    assert not (Submission.objects.exists() or Attachment.objects.exists() or UnitImport.objects.exists()
                or Draft.objects.exists())
    assert _stored_files(settings) == []


def test_the_document_form_reads_the_file_it_stores(client, monitor, settings):
    client.force_login(monitor)
    fields = {"number": "9/KH", "date": "01/11/2021", "title": "Kế hoạch"}
    response = client.post("/van-ban/moi/", {**fields, "file": SimpleUploadedFile("kh.pdf", HOSTILE["truncated.pdf"])})
    assert response.status_code == 400 and "không trọn vẹn" in response.content.decode()
    response = client.post("/van-ban/moi/", {**fields, "file": SimpleUploadedFile("kh.docx", HOSTILE["laughs.docx"])})
    assert response.status_code == 400 and "DTD" in response.content.decode()
    assert not Document.objects.exists() and _stored_files(settings) == []
    response = client.post("/van-ban/moi/", {**fields, "file": SimpleUploadedFile("kh.docx", DOCX)})
    assert response.status_code == 302 and Document.objects.get().file.name.endswith(".docx")


def test_good_files_pass_everywhere_they_belong():
    assert check_upload(PDF, "a.pdf", kinds=("application/pdf",), max_bytes=10**7).extension == "pdf"
    assert check_upload(DOCX, "a.docx", kinds=("application/pdf", DOCX_TYPE), max_bytes=10**7).extension == "docx"
    checked = check_upload(_xlsx(), "danh-muc", kinds=(XLSX_TYPE,), max_bytes=10**7)
    assert checked.name == "danh-muc.xlsx" and checked.stored_name.endswith(".xlsx")
    with pytest.raises(FileRejected, match="không phải PDF"):
        check_upload(_xlsx(), "a.xlsx", kinds=("application/pdf", DOCX_TYPE), max_bytes=10**7)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(("typed", "safe"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\Tuan\\Báo cáo quý.pdf", "Báo cáo quý.pdf"),
    ("bao\x00cao\x07.pdf", "baocao.pdf"),
    ("hoa-don\u202efdp.exe.pdf", "hoa-donfdp.exe.pdf"),  # a right-to-left override hides the real extension
    ("  ..  ", "tep"),
    ("a" * 500 + ".pdf", "a" * 189 + ".pdf"),
    ("Ke hoach\r\nContent-Disposition: x.pdf", "Ke hoachContent-Disposition x.pdf"),
])
def test_stored_names_are_safe(typed, safe):
    assert safe_name(typed) == safe
    assert len(safe_name(typed)) <= 200


def test_an_attachment_keeps_a_safe_name_and_is_stored_under_its_hash(program, registry, officer):
    assignment = Assignment.objects.get(task=program["plan"], unit=registry["hanoi"])
    submission = submissions.submission_create(
        assignment=assignment, kind="completion_report", by=officer, text="Xong",
        files=[submissions.Upload("../../tmp/bao\x00cao\u202e.docx", PDF)])
    attachment = submission.attachments.get()
    assert attachment.original_name == "baocao.pdf"  # the name its content deserves
    assert Path(attachment.file.name).name == f"{attachment.sha256[:16]}.pdf"
