"""The administrator applies the 2025 reorganisation from the page; the 2021 figures stay as published."""

import pytest

from dondoc.core.demo import DATA, PASSWORD, REORGANISATION_2025, load_demo
from dondoc.directives.models import Document
from dondoc.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_administrator_previews_and_applies_the_2025_change_and_2021_still_shows_32_of_83(live_server, page):
    load_demo()
    base = live_server.url
    sign_in(page, base, "admin")
    page.goto(f"{base}/don-vi/")
    page.click("#registry-changes")
    page.get_by_label("Tệp thay đổi").set_input_files(str(DATA / REORGANISATION_2025))
    page.get_by_label("Hiệu lực từ ngày (dd/mm/yyyy)").fill("01/07/2025")
    page.click("#preview")

    # The preview: units, the open assignments that pass on, the accounts that move; nothing applied yet.
    assert page.locator("#change-state").inner_text() == "Chờ xác nhận"
    assert page.locator("#change-counts").inner_text().startswith("5 đơn vị thành lập, 2 đổi tên")
    preview = page.locator("#change-preview").inner_text()
    assert "Liên đoàn Lao động tỉnh Quảng Nam" in preview and "chuyển cho Liên đoàn Lao động thành phố Đà Nẵng" in preview
    assert "theodoi (Ban Tuyên giáo Tổng Liên đoàn Lao động Việt Nam)" in preview
    assert Unit.objects.get(code="ldld-quang-nam").valid_to is None

    page.click("#apply-change")
    page.get_by_text("Đã áp dụng thay đổi danh mục hiệu lực từ 01/07/2025.").wait_for()
    assert page.locator("#change-state").inner_text() == "Đã áp dụng"
    assert Unit.objects.get(code="ldld-quang-nam").valid_to is not None

    program = Document.objects.get(number="02/CTr-BCH")
    page.goto(f"{base}/theo-doi/chuong-trinh/{program.pk}/?ngay=09/11/2021")
    assert page.locator("#dashboard-stats tr[data-ref='III.1'] td.done-total").inner_text() == "32/83"
    assert page.locator("#dashboard-stats tr[data-ref='III.2'] td.done-total").inner_text() == "30/83"
    page.goto(f"{base}/theo-doi/chuong-trinh/{program.pk}/?ngay=01/01/2026")
    assert page.locator("#dashboard-stats tr[data-ref='III.1'] td.done-total").inner_text().endswith("/52")
