"""Uploads through the API: Office files are checked before anything is unpacked, XML is parsed safely."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dondoc.directives.models import Assignment
from dondoc.submissions.models import Submission

pytestmark = pytest.mark.django_db


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def submit(api, officer, program, registry, name: str, data: bytes):
    assignment = Assignment.objects.get(task=program["plan"], unit=registry["hanoi"])
    return api(officer).post(f"/api/assignments/{assignment.pk}/submissions/", {
        "kind": "completion_report", "files": [SimpleUploadedFile(name, data)]}, format="multipart")


def test_docx_with_too_many_entries_is_refused_before_unpacking(api, officer, program, registry):
    entries = {"word/document.xml": b"<w:document/>", **{f"word/media/{i}.bin": b"x" for i in range(2001)}}
    response = submit(api, officer, program, registry, "nhieu.docx", zip_bytes(entries))
    assert response.status_code == 400 and "quá nhiều thành phần" in response.json()["message"]
    assert not Submission.objects.exists()


def test_docx_that_unpacks_to_a_huge_size_is_refused(api, officer, program, registry):
    bomb = zip_bytes({"word/document.xml": b"0" * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    response = submit(api, officer, program, registry, "bom.docx", bomb)
    assert response.status_code == 400 and "giải nén quá lớn" in response.json()["message"]


def test_entity_expansion_in_office_xml_is_not_expanded(api, monitor):
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "openpyxl parses workbooks through defusedxml"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
                         .encode() for i in range(1, 10))
              + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              + b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    docx = zip_bytes({"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      b'package/2006/content-types"/>', "word/document.xml": laughs})
    response = api(monitor).post("/api/extract/", {"file": SimpleUploadedFile("lol.docx", docx)}, format="multipart")
    assert response.status_code == 400
    assert "lollollol" not in response.content.decode()
