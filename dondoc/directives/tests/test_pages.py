import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dondoc.directives.models import Document, Task
from dondoc.tests import factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitor_client(client, monitor):
    client.force_login(monitor)
    return client


def test_monitor_creates_a_document_with_its_file_and_the_resolution_it_implements(monitor_client, registry):
    resolution = factory.document(number="02-NQ/TW", date=dt.date(2021, 6, 12), kind="NQ")
    response = monitor_client.post("/van-ban/moi/", {
        "number": "15/KH-TLĐ", "kind": "KH", "date": "01/12/2021", "title": "Kế hoạch triển khai",
        "issuer": registry["centre"].pk, "is_program": "on",
        "implements": "Nghị quyết số 02-NQ/TW ngày 12/6/2021 của Bộ Chính trị",
        "file": SimpleUploadedFile("kh.pdf", factory.pdf_bytes())})
    assert response.status_code == 302
    document = Document.objects.get(number="15/KH-TLĐ")
    assert document.date == dt.date(2021, 12, 1) and document.file.name.endswith(".pdf")
    assert [(link.target, link.kind) for link in document.links.all()] == [(resolution, "implements")]


@pytest.mark.parametrize(("fields", "message"), [
    ({"date": "31/11/2021"}, "Ngày không hợp lệ"),
    ({"implements": "không có số nào"}, "Không nhận ra số văn bản"),
    ({"file": SimpleUploadedFile("x.pdf", b"nope")}, "không phải PDF"),
    ({"number": ""}, "bắt buộc"),
])
def test_bad_document_input_is_a_400_and_creates_nothing(monitor_client, registry, fields, message):
    data = {"number": "16/KH-TLĐ", "kind": "KH", "date": "01/12/2021", "title": "Kế hoạch", **fields}
    response = monitor_client.post("/van-ban/moi/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_duplicate_number_and_date_is_refused(monitor_client, registry):
    factory.document(number="02/CTr-BCH")
    response = monitor_client.post("/van-ban/moi/", {"number": "02/Ctr-BCH", "date": "20/07/2021", "title": "x"})
    assert response.status_code == 400
    assert "đã có trong hệ thống" in response.content.decode()


def test_monitor_assigns_a_task_by_hand(monitor_client, registry, program):
    document = program["document"]
    response = monitor_client.post(f"/van-ban/{document.pk}/giao-nhiem-vu/", {
        "ref": "5", "title": "Báo cáo sơ kết", "lead_units": [registry["hanoi"].pk, registry["danang"].pk],
        "deadline_kind": "quarter", "deadline_date": "15/02/2022", "fulfilment": "completion_report"})
    assert response.status_code == 302
    task = Task.objects.get(ref="5")
    assert task.deadline_date == dt.date(2022, 3, 31)
    assert sorted(task.assignments.values_list("unit__code", flat=True)) == ["ldld-da-nang", "ldld-ha-noi"]


def test_task_form_needs_units_and_a_date_for_dated_kinds(monitor_client, program):
    response = monitor_client.post(f"/van-ban/{program['document'].pk}/giao-nhiem-vu/", {
        "title": "x", "deadline_kind": "date", "fulfilment": "completion_report"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chọn ít nhất một đơn vị chủ trì" in body and "Cần nhập thời hạn" in body


def test_search_ignores_diacritics(monitor_client, program):
    response = monitor_client.get("/van-ban/?q=chuong+trinh+hanh+dong")
    assert "02/CTr-BCH" in response.content.decode()
    assert monitor_client.get("/van-ban/?q=" + "%22%27--" * 2000).status_code == 200
