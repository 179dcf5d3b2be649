"""The monitor in a real browser: program 02/CTr-BCH as of 09/11/2021, down to a unit, out to Excel."""

import pytest
from openpyxl import load_workbook

from dondoc.core.demo import PASSWORD, load_demo


@pytest.mark.browser
def test_monitor_drills_down_and_exports(live_server, page, tmp_path, transactional_db):
    load_demo()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", "theodoi")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/theo-doi/")
    page.fill("#so", "02/CTr-BCH")
    page.fill("#ngay", "09/11/2021")
    page.get_by_role("button", name="Xem tình hình").click()

    row = page.locator("#dashboard-stats tr[data-ref='III.1']")
    assert row.locator("td.done-total").inner_text() == "32/83"
    row.locator("a").first.click()
    assert page.locator("#task-done").inner_text() == "32/83"
    page.locator("#group-stats a", has_text="LĐLĐ tỉnh, thành phố").click()

    names = page.locator("#not-done tbody tr td:first-child a:first-child").all_inner_texts()
    shown = int(page.locator("#not-done-count").inner_text())
    assert 0 < len(names) == shown < 63
    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    path = tmp_path / "list.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Đơn vị chưa thực hiện nhiệm vụ III.1") and rows[1][0].endswith("09/11/2021")
    assert rows[2][0].startswith("Người xuất: Nguyễn Thị Thu Hà, Chuyên viên Ban Tuyên giáo · lúc")
    assert rows[4][:4] == ("Đơn vị", "Loại đơn vị", "Tỉnh, thành phố", "Hạn")
    assert [r[0] for r in rows[5:]] == names

    page.locator("#not-done tbody tr td:first-child a:first-child").first.click()
    assert page.locator("h1").inner_text().endswith(names[0])
    late = page.locator("#scorecard tr[data-status='no_deadline'] a", has_text="Ban hành chương trình").first
    late.click()
    assert "Kết quả đã gửi" in page.content()
