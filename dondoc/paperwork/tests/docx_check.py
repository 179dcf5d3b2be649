"""Read back a generated DOCX the way a clerk would check it."""

import io
import shutil
import subprocess
from pathlib import Path

from docx import Document
from docx.shared import Mm


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def check_frame(document) -> dict:
    """Assert the fixed form (A4, margins, header, signature) and return its parts for further checks."""
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    within = lambda value, low, high: Mm(low - 0.1) <= value <= Mm(high + 0.1)  # noqa: E731 (twips rounding)
    assert within(section.top_margin, 20, 25) and within(section.bottom_margin, 20, 25)
    assert within(section.left_margin, 30, 35) and within(section.right_margin, 15, 20)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt in (13, 14)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    header = document.tables[0]
    left, right = header.rows[0].cells
    left_lines = [p for p in left.paragraphs if p.text]
    right_lines = [p for p in right.paragraphs if p.text]
    assert left_lines[0].text == left_lines[0].text.upper()
    assert any(r.bold for r in left_lines[0].runs) or any(r.bold for r in left_lines[1].runs)
    assert right_lines[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right_lines[0].runs[0].bold
    assert right_lines[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right_lines[1].runs[0].bold and right_lines[1].runs[0].underline
    assert right_lines[2].runs[0].italic
    number_line = next(p.text for p in left_lines if p.text.startswith("Số: "))
    signature = document.tables[-1]
    dist, sign = signature.rows[0].cells
    dist_lines = [p for p in dist.paragraphs if p.text]
    assert dist_lines[0].text == "Nơi nhận:" and dist_lines[0].runs[0].bold and dist_lines[0].runs[0].italic
    items = [p.text for p in dist_lines[1:]]
    assert all(i.startswith("- ") and i.endswith(";") for i in items[:-1])
    assert items[-1].startswith("- Lưu: VT") and items[-1].endswith(".")
    sign_lines = [p for p in sign.paragraphs if p.text]
    assert sign_lines[0].text.split(".")[0] in ("TM", "TL", "KT", "TUQ") and sign_lines[0].runs[0].bold
    assert all(r.bold for p in sign_lines for r in p.runs)
    return {"number_line": number_line, "date_line": right_lines[2].text, "left": [p.text for p in left_lines],
            "distribution": items, "signature": [p.text for p in sign_lines]}


def pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout


def first_page_ink(pdf: Path, tmp: Path) -> float:
    """Share of non-white pixels on page 1 as rendered by pdftoppm (Pillow comes with pdfplumber)."""
    from PIL import Image

    assert shutil.which("pdftoppm")
    subprocess.run(["pdftoppm", "-gray", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp / "page")], check=True)
    with Image.open(tmp / "page.png") as image:
        grey = image.convert("L")
        histogram = grey.histogram()
        return sum(histogram[:200]) / (grey.width * grey.height)
