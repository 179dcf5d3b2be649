"""The administrative document form (Decree 30/2020, QĐ 933/QĐ-TLĐ) written with python-docx.

Pure layout: takes a `Form` (already rendered texts and blocks) and returns the DOCX bytes. No database.
"""

import copy
import datetime as dt
import io
from dataclasses import dataclass, field

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
SIGN_LEFT_MM = 85

JUSTIFY, CENTER, LEFT, RIGHT = (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT)


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True


@dataclass
class Heading:
    """A numbered clause heading ("1. Về kết quả ..."), bold."""

    text: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float]
    centred: tuple[int, ...] = (0,)


@dataclass
class Form:
    issuing_body: str
    symbol: str                 # "TB-TLĐ": what follows the number, shown alone on drafts
    number: str                 # "462/TB-TLĐ"; empty on a draft
    place: str
    date: dt.date | None
    summary: str                # trích yếu; for a letter the subject after "V/v"
    body: list = field(default_factory=list)
    parent_body: str = ""
    kind_title: str = ""        # "THÔNG BÁO"; empty for a letter (công văn)
    addressees: list[str] = field(default_factory=list)   # "Kính gửi:" of a letter
    authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    distribution: list[str] = field(default_factory=list)
    draft: bool = False

    @property
    def is_letter(self) -> bool:
        return not self.kind_title


def date_line(place: str, day: dt.date | None) -> str:
    """"Hà Nội, ngày 09 tháng 11 năm 2021": days below 10 and months 1-2 take a leading zero (Decree 30)."""
    if day is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _set_default_font(document) -> None:
    # The template's docDefaults point at theme fonts (Calibri), which win over a style's plain font name.
    rpr_default = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers from page 2 on, centred at the top; the first page has an empty header.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    _field(paragraph, "PAGE")


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(13)


def _add(container, text: str, *, size: float = BODY_PT, bold=False, italic=False, underline=False,
         align=CENTER, first=False, space_after: float = 0):
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _short_rule(cell, width_mm: float, cell_mm: float) -> None:
    """A short centred line: a paragraph bottom border between indents as wide as the rule."""
    paragraph = _add(cell, "", size=4)
    side = max(0.0, (cell_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


# The header table is wider than the text (a little into both margins, as on the notices themselves), its
# cells without inner margins: "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" (12-13 pt bold) and the national motto fit on
# one line each.
HEADER_COLUMNS_MM = (84, 91)
# Times New Roman's metric twin, to measure a header line; without it, an average width per character.
_MEASURE_FONTS = {False: "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                  True: "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"}
_fonts: dict = {}


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `text` is set in Times New Roman at `size_pt`, in millimetres."""
    font = _fonts.get(bold)
    if font is None:
        try:
            from PIL import ImageFont

            font = ImageFont.truetype(_MEASURE_FONTS[bold], 1000)
        except (ImportError, OSError):
            font = False
        _fonts[bold] = font
    ems = font.getlength(text) / 1000 if font else len(text) * (0.66 if bold else 0.55)
    return ems * size_pt * 25.4 / 72


def fitting_size(text: str, width_mm: float, *, bold: bool, largest: float = 13, smallest: float = 11) -> float:
    """The largest size (half points, from `largest` down to `smallest`) at which `text` stays on one line."""
    size = largest
    while size > smallest and text_width_mm(text, size, bold=bold) > width_mm - 1:
        size -= 0.5
    return size


def _no_wrap(cell) -> None:
    """A cell whose lines do not wrap (the header's lines are sized to fit)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(OxmlElement("w:noWrap"))


def _cell_margins_zero(table) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _header(document, form: Form) -> None:
    left_mm, right_mm = HEADER_COLUMNS_MM
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [left_mm, right_mm])
    _cell_margins_zero(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    issuing = form.issuing_body.upper()
    issuing_size = fitting_size(issuing, left_mm, bold=True)
    if text_width_mm(issuing, issuing_size, bold=True) <= left_mm - 1:
        _no_wrap(left)  # fits: never broken ("TỔNG LIÊN ĐOÀN LAO / ĐỘNG VIỆT NAM"); a longer name may wrap
    if form.parent_body:
        parent = form.parent_body.upper()
        _add(left, parent, size=fitting_size(parent, left_mm, bold=False), first=True)
        _add(left, issuing, size=issuing_size, bold=True)
    else:
        _add(left, issuing, size=issuing_size, bold=True, first=True)
    _short_rule(left, 25, left_mm)
    number = form.number if form.number and not form.draft else f"      /{form.symbol}"
    _add(left, f"Số: {number}", size=13).paragraph_format.space_before = Pt(6)
    if form.is_letter:
        _add(left, f"V/v {form.summary}", size=12)
    _no_wrap(right)
    _add(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, first=True)
    _add(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True, underline=True)
    _add(right, date_line(form.place, None if form.draft else form.date), size=14, italic=True
         ).paragraph_format.space_before = Pt(12)


def _title(document, form: Form) -> None:
    if form.draft:
        _add(document, "DỰ THẢO", size=13, bold=True, italic=True, align=RIGHT)
    if form.is_letter:
        spacer = _add(document, "")
        spacer.paragraph_format.space_after = Pt(6)
        if form.addressees:
            first, *rest = form.addressees
            _add(document, f"Kính gửi: {first}", align=CENTER)
            for item in rest:
                _add(document, item, align=CENTER)
        _add(document, "", space_after=6)
        return
    _add(document, "", space_after=6)
    _add(document, form.kind_title.upper(), size=14, bold=True)
    _add(document, form.summary, size=14, bold=True)
    _add(document, "", space_after=6)


def _body_paragraph(document, block: Para):
    paragraph = document.add_paragraph()
    paragraph.alignment = JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Cm(1) if block.indent else None
    fmt.space_before, fmt.space_after = Pt(3), Pt(3)
    fmt.line_spacing = 1.15
    run = paragraph.add_run(block.text)
    run.bold, run.italic = block.bold, block.italic
    return paragraph


def _table(document, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, block.widths_mm)
    widths = [Mm(w) for w in block.widths_mm]
    header = table.rows[0]
    _fill_row(header, block.headers, widths, bold=True, centred=tuple(range(len(block.headers))))
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    # Body rows are copies of one formatted prototype row with their texts replaced: formatting each cell
    # through python-docx costs twice as much, and table.cell(i, j) on a big table is quadratic.
    if block.rows:
        prototype = table.add_row()
        _fill_row(prototype, ["x"] * len(block.headers), widths, centred=block.centred)
        proto_tr = prototype._tr
        tbl = table._tbl
        for values in block.rows:
            tr = copy.deepcopy(proto_tr)
            for t, value in zip(tr.iter(qn("w:t")), values, strict=True):
                t.text = str(value)
                if value != str(value).strip():
                    t.set(qn("xml:space"), "preserve")
            tbl.append(tr)
        tbl.remove(proto_tr)
    _add(document, "", size=6)


def _fill_row(row, values: list[str], widths, bold: bool = False, centred: tuple[int, ...] = ()) -> None:
    for index, (cell, value, width) in enumerate(zip(row.cells, values, widths, strict=True)):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.alignment = CENTER if index in centred else LEFT
        run = paragraph.add_run(str(value))
        run.font.size = Pt(12)
        run.bold = bold


def _signature(document, form: Form) -> None:
    right_mm = TEXT_WIDTH_MM - SIGN_LEFT_MM
    _add(document, "", space_after=6)
    table = document.add_table(rows=1, cols=2)
    _widths(table, [SIGN_LEFT_MM, right_mm])
    # The signature and the distribution list stay together on one page.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    left.width, right.width = Mm(SIGN_LEFT_MM), Mm(right_mm)
    _add(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, first=True)
    for item in form.distribution:
        _add(left, f"- {item}", size=11, align=LEFT)
    first = True
    for line in (form.authority, form.signer_title):
        if line:
            _add(right, line.upper(), size=14, bold=True, first=first)
            first = False
    for _ in range(4):
        _add(right, "")
    _add(right, form.signer_name, size=14, bold=True)


def render(form: Form) -> bytes:
    document = new_docx()
    _set_default_font(document)
    _page(document)
    _header(document, form)
    _title(document, form)
    for block in form.body:
        if isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Heading):
            _body_paragraph(document, Para(block.text, bold=True))
        elif isinstance(block, Para):
            _body_paragraph(document, block)
        else:
            raise TypeError(f"unknown block {block!r}")
    _signature(document, form)
    # python-docx starts with one empty paragraph; the first block is our header table.
    first = document.paragraphs[0]
    if not first.text and first._p.getprevious() is None:
        first._p.getparent().remove(first._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


__all__ = ["Form", "Heading", "Para", "Table", "render", "date_line"]
