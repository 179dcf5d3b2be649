"""Excel exports of the dashboard tables: the columns shown on the page, Vietnamese headers, real dates."""

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from dondoc.lib.sheets import cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  widths: Sequence[int] = ()) -> HttpResponse:
    """A one-sheet workbook; write-only so that 130,000 rows stream without holding cells in memory.

    Every cell goes through dondoc.lib.sheets.cell: typed text stays text (never a formula)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([cell(sheet, h, font=bold) for h in headers])
    for row in rows:
        sheet.append([cell(sheet, v) for v in row])
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    book.save(response)
    return response
