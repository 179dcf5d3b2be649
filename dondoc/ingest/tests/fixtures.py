"""Small document builders for tests (written for these tests, not taken from the corpus)."""

from __future__ import annotations

import io
import zipfile


def make_pdf(lines: list[str] | None, encrypted: bool = False) -> bytes:
    """A minimal one-page PDF; `lines` of ASCII text in Helvetica, or no text layer when None.

    `encrypted` adds a Standard security handler whose user password is not empty.
    """
    if lines is None:
        content = b"0 0 1 rg 10 10 100 100 re f"
    else:
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({safe}) Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    extra = b""
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
        extra = b" /Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref))
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] | None = None,
              grid: bool = False) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        if grid:
            t.style = "Table Grid"  # ruled cells, as an assignment table is printed
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    for p in after or []:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


NOTICE = """TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM
BAN CHỈ ĐẠO THỬ NGHIỆM
Số: 77/TB-BCĐ
Hà Nội, ngày 5 tháng 3 năm 2024

THÔNG BÁO
Kết luận của Trưởng ban về công tác chuẩn bị hội nghị

Ngày 1/3/2024, Ban Chỉ đạo đã họp để rà soát tiến độ. Trưởng ban kết luận như sau:

1. Giao Ban Tổ chức chủ trì, phối hợp với Văn phòng xây dựng dự thảo quy chế, trình Thường trực trước ngày 20/3/2024.

2. Đề nghị các LĐLĐ tỉnh, thành phố rà soát danh sách đại biểu, gửi về Ban Tổ chức trong tháng 4/2024.

3. Ban Tài chính bố trí kinh phí tổ chức hội nghị trong quý II/2024.

Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Thường trực (để b/c);
- Các ban (để t/h);
- Lưu: VT.

TL. BAN CHỈ ĐẠO
CHÁNH VĂN PHÒNG

Trần Văn Bình
"""
