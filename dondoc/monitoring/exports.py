"""Excel exports of the dashboard tables: a title block (what, as of when, who exported it and when), the columns
shown on the page with Vietnamese headers, real dates and percentages.

One helper writes the workbook: the title rows, the header row and the cells, formatted by kind (dates as dates,
shares as percentages); callers only say what the rows are.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dondoc.lib.sheets import cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Heading:
    """The title block of an export: what it is, the date its figures are as of, who exported it and when."""

    subject: str
    as_of: dt.date | None = None
    by: str = ""
    at: dt.datetime | None = None

    def lines(self) -> list[str]:
        at = timezone.localtime(self.at or timezone.now())
        lines = [self.subject]
        if self.as_of is not None:
            lines.append(f"Số liệu tính đến ngày {self.as_of:%d/%m/%Y}")
        lines.append(f"Người xuất: {self.by} · lúc {at:%H:%M} ngày {at:%d/%m/%Y}" if self.by
                     else f"Xuất lúc {at:%H:%M} ngày {at:%d/%m/%Y}")
        return lines


def person_label(user) -> str:
    """Who exported: full name and position, or the login name."""
    name = user.get_full_name() or user.username
    return f"{name}, {user.title}" if getattr(user, "title", "") else name


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence],
                  widths: Sequence[int] = (), heading: Heading | None = None,
                  percent_columns: Sequence[int] = ()) -> HttpResponse:
    """A one-sheet workbook; write-only so that 130,000 rows stream without holding cells in memory.

    Every cell goes through dondoc.lib.sheets.cell: typed text stays text (never a formula). `percent_columns`
    are the indices of columns holding shares (0.3855), shown as percentages (38.6%). The sheet is Vietnamese
    whatever the language of the page it was asked from: an office's data sheet."""
    with translation.override("vi"):
        return _xlsx_response(filename=filename, title=title, headers=headers, rows=rows, widths=widths,
                              heading=heading, percent_columns=percent_columns)


def _xlsx_response(*, filename, title, headers, rows, widths, heading, percent_columns) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    title_rows = 0
    if heading is not None:
        for number, line in enumerate(heading.lines()):
            sheet.append([cell(sheet, line, font=Font(bold=True, size=13) if number == 0 else None)])
        sheet.append([])
        title_rows = len(heading.lines()) + 1
    sheet.freeze_panes = f"A{title_rows + 2}"
    sheet.append([cell(sheet, h, font=bold) for h in headers])
    percents = frozenset(percent_columns)
    for row in rows:
        sheet.append([_share(sheet, v) if i in percents and isinstance(v, int | float) else cell(sheet, v)
                      for i, v in enumerate(row)])
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    book.save(response)
    return response


def _share(sheet, value: float) -> WriteOnlyCell:
    """A share (a number, so no formula can hide in it) shown as a percentage."""
    written = WriteOnlyCell(sheet, value=value)
    written.number_format = PERCENT_FORMAT
    return written


class _Line:
    """A file-like object for csv.writer that hands back each line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str | int | float:
    """Dates as dd/mm/yyyy, numbers as numbers, text that a spreadsheet would run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def csv_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence],
                 heading: Heading | None = None) -> StreamingHttpResponse:
    """The same list as a CSV file, streamed row by row as the query yields them: memory stays flat
    whatever the length of the list. UTF-8 with a byte-order mark, so that Excel reads the Vietnamese;
    the title block first, as in the Excel export."""
    writer = csv.writer(_Line())

    def lines():
        yield "\ufeff"
        with translation.override("vi"):
            if heading is not None:
                for line in heading.lines():
                    yield writer.writerow([_csv_value(line)])
                yield writer.writerow([])
            yield writer.writerow([_csv_value(h) for h in headers])
            for row in rows:
                yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
