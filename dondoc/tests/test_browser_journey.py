"""The core journey in a real browser: an officer submits a plan, the monitor accepts it, the count moves."""

import re

import pytest
from django.utils import timezone

from dondoc.core.demo import PASSWORD, load_demo
from dondoc.directives.models import Assignment, Document
from dondoc.tests import factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_officer_submits_plan_monitor_accepts_and_program_shows_33_of_83(live_server, page, tmp_path):
    load_demo()
    base = live_server.url
    program = Document.objects.get(number="02/CTr-BCH")

    sign_in(page, base, "danang")
    page.get_by_role("link", name="Ban hành chương trình, kế hoạch triển khai Chương trình 02/CTr-BCH").click()
    page.get_by_label("Số văn bản của đơn vị").fill("25/KH-LĐLĐ")
    page.get_by_label("Ngày văn bản (dd/mm/yyyy)").fill(timezone.localdate().strftime("%d/%m/%Y"))
    pdf = tmp_path / "ke-hoach-da-nang.pdf"
    pdf.write_bytes(factory.pdf_bytes("Ke hoach LDLD Da Nang"))
    page.get_by_label("Tệp đính kèm (PDF, DOCX, XLSX)").set_input_files(str(pdf))
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi. Bộ phận theo dõi sẽ xem xét.").wait_for()
    assert page.get_by_role("link", name="ke-hoach-da-nang.pdf").is_visible()

    # Another unit's assignment is out of reach.
    other = Assignment.objects.get(task__ref="III.1", unit__code="ldld-ha-noi")
    response = page.goto(f"{base}/nhiem-vu/{other.pk}/")
    assert response.status == 404
    page.goto(f"{base}/")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, base, "theodoi")
    page.locator("#main-nav").get_by_role("link", name="Chờ xem xét").click()  # the menu item (the home has a tile too)
    row = page.locator("tr", has_text="Liên đoàn Lao động thành phố Đà Nẵng").or_(
        page.locator("tr", has_text="LĐLĐ thành phố Đà Nẵng"))
    row.get_by_role("button", name="Chấp nhận").click()
    page.get_by_text("Đã chấp nhận.").wait_for()

    page.goto(f"{base}/van-ban/{program.pk}/")
    cell = page.locator("#program-stats tr[data-ref='III.1'] .done-total")
    assert cell.inner_text() == "33/83"
    page.goto(f"{base}/van-ban/{program.pk}/?ngay=09/11/2021")
    assert page.locator("#program-stats tr[data-ref='III.1'] .done-total").inner_text() == "32/83"
    assert re.search("30/83", page.locator("#program-stats tr[data-ref='III.2']").inner_text())


def test_monitor_gives_the_late_units_a_deadline_and_a_unit_sees_it(live_server, page):
    """The review meeting sets a deadline for the units still without a plan: the monitor enters it once."""
    load_demo()
    base = live_server.url
    program = Document.objects.get(number="02/CTr-BCH")
    not_done = Assignment.objects.filter(task__document=program, task__ref="III.1", done_on__isnull=True).count()

    sign_in(page, base, "theodoi")
    page.goto(f"{base}/van-ban/{program.pk}/")
    page.get_by_role("link", name="Ban hành chương trình, kế hoạch triển khai Chương trình 02/CTr-BCH").click()
    page.get_by_role("link", name="Sửa nhiệm vụ").click()
    page.get_by_label("Loại thời hạn", exact=True).select_option("date")
    page.locator("#id_deadline_date").fill("31/12/2021")
    page.get_by_label("Thời hạn (như ghi trong văn bản)").fill("trước ngày 31/12/2021")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text(f"Đã chuyển hạn của {not_done} đơn vị chưa hoàn thành.").wait_for()
    assert "Thời hạn: trước ngày 31/12/2021" in page.locator("main").inner_text()
    page.goto(f"{base}/")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, base, "danang")
    page.goto(f"{base}/nhiem-vu/")
    row = page.locator("tr", has_text="Ban hành chương trình, kế hoạch triển khai Chương trình 02/CTr-BCH")
    assert "31/12/2021" in row.inner_text()
