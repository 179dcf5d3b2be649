import pytest

from dondoc.ingest.reading import MAX_BYTES, ReadError, read_document

from .fixtures import make_docx, make_pdf, make_zip


def test_plain_text_utf8_and_nfd():
    import unicodedata

    raw = unicodedata.normalize("NFD", "Giao Ban Tổ chức thực hiện.").encode("utf-8")
    assert read_document(raw, "a.txt").strip() == "Giao Ban Tổ chức thực hiện."


def test_plain_text_cp1252_fallback():
    assert "café" in read_document("café ok".encode("cp1252"), "a.txt")


def test_markdown_residue_removed():
    md = "### **THÔNG BÁO**\n\n| Cột 1 | Cột 2 |\n|---|---|\n| a | b |\n\nDòng<br>mới &nbsp;x\n"
    text = read_document(md.encode(), "a.md")
    assert "**" not in text and "#" not in text and "<br>" not in text and "&nbsp;" not in text
    assert "Cột 1 | Cột 2" in text and "a | b" in text and "---" not in text


def test_broken_lines_joined():
    raw = "1. Giao Ban Tổ chức xây dựng kế hoạch triển khai\nthực hiện trong tháng 5/2024.\n\n\n\ncòn tiếp nữa.\n"
    text = read_document(raw.encode(), "a.txt")
    assert "triển khai thực hiện trong tháng" in text


def test_docx_keeps_table_in_place():
    data = make_docx(["Trước bảng."], [["TT", "Nội dung", "Chủ trì"], ["1", "Việc một", "Ban A"]], ["Sau bảng."])
    text = read_document(data, "x.docx")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert lines[0] == "Trước bảng."
    assert lines[1] == "TT | Nội dung | Chủ trì"
    assert lines[2] == "1 | Việc một | Ban A"
    assert lines[3] == "Sau bảng."


def test_pdf_with_text_layer():
    text = read_document(make_pdf(["Giao Ban To chuc thuc hien", "truoc ngay 30/11/2024."]), "x.pdf")
    assert "Giao Ban To chuc" in text


def test_scanned_pdf_rejected():
    with pytest.raises(ReadError) as exc:
        read_document(make_pdf(None), "scan.pdf")
    assert "lớp văn bản" in exc.value.message


@pytest.mark.parametrize(
    "data,name,fragment",
    [
        (b"", "a.txt", "rỗng"),
        (b"   \n", "a.txt", "rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "a.docx", "không được hỗ trợ"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "a.doc", ".doc"),
        (b"PK\x03\x04garbage", "a.docx", "hỏng"),
        (b"%PDF-1.4\n garbage", "a.pdf", "hỏng"),
        (b"plain text", "a.docx", "không phải"),
        (b"plain text", "a.exe", "không được hỗ trợ"),
    ],
)
def test_bad_inputs(data, name, fragment):
    with pytest.raises(ReadError) as exc:
        read_document(data, name)
    assert fragment in exc.value.message


def test_too_large():
    with pytest.raises(ReadError) as exc:
        read_document(b"a" * (MAX_BYTES + 1), "a.txt")
    assert "quá lớn" in exc.value.message


def test_zip_bomb_entry_count():
    data = make_zip({f"f{i}.xml": b"" for i in range(2001)} | {"word/document.xml": b"<x/>"})
    with pytest.raises(ReadError) as exc:
        read_document(data, "bomb.docx")
    assert "quá nhiều" in exc.value.message


def test_zip_bomb_uncompressed_size():
    data = make_zip({"word/document.xml": b"<x/>", "big.bin": b"\x00" * (51 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    with pytest.raises(ReadError) as exc:
        read_document(data, "bomb.docx")
    assert "50 MB" in exc.value.message


def test_zip_that_is_not_word():
    with pytest.raises(ReadError):
        read_document(make_zip({"a.txt": b"hello"}), "a.docx")


def test_encrypted_pdf_rejected():
    with pytest.raises(ReadError) as exc:
        read_document(make_pdf(["Secret text layer here"], encrypted=True), "secret.pdf")
    assert "mã hóa" in exc.value.message


def test_hard_wrapped_docx_paragraphs_are_joined():
    lines = ["1. Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành", "rà soát các dự án chậm tiến độ, báo cáo kết quả",
             "trước ngày 30/6/2025."] * 4
    text = read_document(make_docx(lines), "wrapped.docx")
    assert "các sở, ngành rà soát các dự án chậm tiến độ, báo cáo kết quả trước ngày 30/6/2025." in text


def test_password_protected_docx_is_an_ole_container():
    with pytest.raises(ReadError) as exc:
        read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "secret.docx")
    assert "mã hóa" in exc.value.message


def test_a_table_laid_out_with_spaces_becomes_one_task_per_row():
    from pathlib import Path

    from dondoc.ingest.extraction import extract

    text = (Path(__file__).parent / "documents" / "spread_table.txt").read_text(encoding="utf-8")
    rows = {t["ref"]: t for t in extract(text)["tasks"] if t["ref"] and t["ref"].startswith("PL.")}
    assert rows["PL.1"]["assignees"] == ["Phòng Giáo dục và Đào tạo"]
    assert rows["PL.1"]["deadline"]["date"] == "2026-04-30"  # its own row's, not the next row's
    assert rows["PL.2"]["assignees"] == ["Phòng Tài chính - Kế hoạch"]
    assert rows["PL.2"]["deadline"] == {"type": "quarter", "date": "2026-09-30", "text": rows["PL.2"]["deadline"]["text"]}
    assert rows["PL.3"]["assignees"] == ["Trung tâm Văn hóa - Thể thao"]
    assert rows["PL.3"]["deadline"]["date"] == "2027-12-31"
    assert all("Đồng chí" not in " ".join(t["assignees"]) for t in rows.values())  # the person column is not a lead


def test_docx_automatic_numbering_keeps_the_labels_word_shows():
    import io

    import docx

    from dondoc.ingest.extraction import extract
    from dondoc.ingest.reading import read_document

    document = docx.Document()
    document.add_paragraph("Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:")
    document.add_paragraph("Sở Y tế giám sát ca bệnh, báo cáo trước ngày 30/6/2026.", style="List Number")
    document.add_paragraph("Sở Tài chính bố trí kinh phí trong quý III/2026.", style="List Number")
    document.add_paragraph("Ưu tiên các xã vùng cao.", style="List Bullet")
    buf = io.BytesIO()
    document.save(buf)
    text = read_document(buf.getvalue(), "ket-luan.docx")
    assert "1. Sở Y tế" in text and "2. Sở Tài chính" in text and "- Ưu tiên" in text
    tasks = extract(text)["tasks"]
    assert [(t["ref"], t["assignees"], t["deadline"]["date"]) for t in tasks[:2]] == [
        ("1", ["Sở Y tế"], "2026-06-30"), ("2", ["Sở Tài chính"], "2026-09-30")]


def test_a_pdf_table_with_ruled_cells_is_read_row_by_row():
    import shutil

    from dondoc.ingest.extraction import extract
    from dondoc.ingest.reading import read_document
    from dondoc.tests.components import require

    require(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice (soffice)")
    from dondoc.paperwork.pdf import docx_to_pdf

    from .fixtures import make_docx

    table = [["TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời hạn hoàn thành"],
             ["1", "Rà soát danh mục sách của các thư viện trường học", "Phòng Giáo dục và Đào tạo", "Trước ngày 30/4/2026"],
             ["2", "Bố trí kinh phí mua giá sách, bàn đọc", "Phòng Tài chính - Kế hoạch", "Quý III/2026"]]
    pdf = docx_to_pdf(make_docx(["PHỤ LỤC", "NHIỆM VỤ CỤ THỂ"], table=table, grid=True))
    rows = [t for t in extract(read_document(pdf, "phu-luc.pdf"))["tasks"] if t["ref"] and t["ref"].startswith("PL.")]
    assert [(t["ref"], t["assignees"], t["deadline"]["date"]) for t in rows] == [
        ("PL.1", ["Phòng Giáo dục và Đào tạo"], "2026-04-30"), ("PL.2", ["Phòng Tài chính - Kế hoạch"], "2026-09-30")]
