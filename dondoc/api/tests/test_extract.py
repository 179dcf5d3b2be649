import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

NOTICE = """TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM
ĐOÀN CHỦ TỊCH
Số: 462/TB-TLĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 16 tháng 11 năm 2021

THÔNG BÁO
Kết luận của Thường trực Đoàn Chủ tịch tại cuộc họp giao ban

1. Các ban, đơn vị trực thuộc Tổng Liên đoàn xây dựng kế hoạch tiến độ, gửi về Ban Tuyên giáo trước ngày 30/11/2021.
"""


def test_monitor_extracts_an_uploaded_notice_without_saving_anything(api, monitor):
    from dondoc.directives.models import Document

    response = api(monitor).post("/api/extract/", {"file": SimpleUploadedFile("tb.txt", NOTICE.encode())},
                                 format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["document"]["number"] == "462/TB-TLĐ"
    assert body["tasks"] and not Document.objects.exists()


def test_extract_refuses_unreadable_files_and_other_roles(api, monitor, officer):
    bad = api(monitor).post("/api/extract/", {"file": SimpleUploadedFile("x.pdf", b"not a pdf at all")},
                            format="multipart")
    assert bad.status_code == 400 and bad.json()["code"] == "rejected" and bad.json()["message"]
    missing = api(monitor).post("/api/extract/", {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["errors"]
    assert api(officer).post("/api/extract/", {"file": SimpleUploadedFile("tb.txt", NOTICE.encode())},
                             format="multipart").status_code == 403
