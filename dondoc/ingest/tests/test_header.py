from dondoc.ingest.header import find_references, parse_header
from dondoc.ingest.normalize import normalize_text

PARTY = """TỈNH ỦY QUẢNG NGÃI
*
Số 12-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Quảng Ngãi, ngày 9 tháng 10 năm 2024

CHỈ THỊ
về tăng cường công tác dân vận

Thực hiện Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng:
1. Các cấp ủy, tổ chức đảng quán triệt nội dung Chỉ thị trong quý IV/2024.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Lê Văn Tâm
"""

TABLE_HEADER = """| BỘ Y TẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 1906 /BYT-KH V/v báo cáo tiến độ | Hà Nội , ngày 0 3 tháng 4 năm 2019 |

Nội dung.

| Nơi nhận: - Như trên; - Lưu: VT. | KT. BỘ TRƯỞNG THỨ TRƯỞNG Nguyễn Văn Bình |
|---|---|
"""


def test_party_header_without_colon():
    doc = parse_header(normalize_text(PARTY))
    assert doc["number"] == "12-CT/TU" and doc["kind"] == "CT"
    assert doc["issuer"] == "Tỉnh ủy Quảng Ngãi" and doc["date"] == "2024-10-09"
    assert doc["signer"] == "Lê Văn Tâm" and doc["signer_title"] == "Bí thư"


def test_markdown_table_header_letter():
    text = normalize_text(TABLE_HEADER)
    doc = parse_header(text)
    assert doc["number"] == "1906/BYT-KH" and doc["kind"] == "CV"
    assert doc["issuer"].lower() == "bộ y tế" and doc["place"] == "Hà Nội" and doc["date"] == "2019-04-03"
    assert doc["title"] == "V/v báo cáo tiến độ"
    assert doc["signer"] == "Nguyễn Văn Bình" and doc["signer_title"] == "Thứ trưởng"


def test_no_header_block():
    doc = parse_header("Kính gửi: các đơn vị\nĐề nghị các đơn vị báo cáo.\n")
    assert doc["number"] is None and doc["issuer"] is None and doc["date"] is None


def test_references():
    text = normalize_text(PARTY)
    refs = find_references(text, "12-CT/TU")
    assert refs == [{"number": "114-KL/TW", "date": "2015-07-14"}]
