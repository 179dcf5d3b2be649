"""Each role's journey in a real browser, on the demo: their home, every page they use, each checked with axe-core
(no serious or critical violation) and at 390 px wide (no sideways scrolling). One signed-in page per role.

`make screenshots` runs these journeys with --screenshots docs/screenshots: each role's home at desktop and
phone width.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from dondoc.core.demo import load_demo
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, Task
from dondoc.lib import calendar as cal
from dondoc.tests import factory
from dondoc.units.models import Unit

from .browser import DESKTOP, check_page, screenshot_home, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def demo(live_server):
    load_demo()
    return live_server.url


def test_the_officers_journey(demo, page, tmp_path, screenshots):
    base, problems = demo, []
    sign_in(page, base, "danang")
    # Home: what to do now, as tiles that link to the lists.
    assert page.locator("h1").inner_text().startswith("Việc cần làm")
    tiles = {t.get_attribute("data-key"): t.locator(".tile-n").inner_text()
             for t in page.locator("#home-tiles .tile").all()}
    assert tiles == {"overdue": "0", "due_soon": "0", "returned": "0", "no_deadline": "3", "waiting": "0"}
    assert page.locator("#no_deadline tbody tr").count() == 3
    assert page.locator("#bell-count").inner_text() == "3"  # the three tasks given to Đà Nẵng
    check_page(page, problems)
    screenshot_home(page, base, screenshots, "can-bo-don-vi")

    plan = Assignment.objects.get(task__ref="III.1", unit__code="ldld-da-nang")
    unit = Unit.objects.get(code="ldld-da-nang")
    program = Document.objects.get(number="02/CTr-BCH")
    dated = Assignment.objects.filter(unit=unit, due_on__isnull=False).first()
    for path in ("/nhiem-vu/", "/nhiem-vu/?trang-thai=no_deadline", f"/nhiem-vu/{plan.pk}/", "/thong-bao/",
                 "/tai-khoan/", "/tai-khoan/doi-mat-khau/", "/nhac-viec/", "/nhac-viec/gia-han/", "/nhac-viec/lich/",
                 f"/don-vi/{unit.pk}/", f"/theo-doi/don-vi/{unit.pk}/", f"/van-ban/{program.pk}/",
                 "/theo-doi/tim-kiem/?q=da+nang"):
        visit(page, base, path, problems)
    if dated is not None:
        visit(page, base, f"/nhac-viec/nhiem-vu/{dated.pk}/xin-gia-han/", problems)

    # The officer sends the plan with a PDF, then reads the PDF in the browser (after the permission check).
    page.goto(f"{base}/nhiem-vu/{plan.pk}/")
    page.get_by_label("Số văn bản của đơn vị").fill("25/KH-LĐLĐ")
    page.get_by_label("Ngày văn bản (dd/mm/yyyy)").fill("05/11/2021")
    pdf = tmp_path / "ke-hoach-da-nang.pdf"
    pdf.write_bytes(factory.pdf_bytes("Ke hoach LDLD Da Nang"))
    page.get_by_label("Tệp đính kèm (PDF, DOCX, XLSX)").set_input_files(str(pdf))
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi. Bộ phận theo dõi sẽ xem xét.").wait_for()
    check_page(page, problems)
    preview = page.locator(".attachment", has_text="ke-hoach-da-nang.pdf").get_by_role("link", name="Xem trên trình duyệt")
    with page.context.expect_page() as opened:
        preview.click()
    viewer = opened.value
    viewer.wait_for_load_state()
    assert viewer.url.endswith("/xem/")
    assert viewer.evaluate("document.contentType") == "application/pdf"  # shown, not downloaded
    viewer.close()

    # A mistyped address and another unit's assignment: the styled page, with the menu and a way back.
    other = Assignment.objects.get(task__ref="III.1", unit__code="ldld-ha-noi")
    for path in ("/khong-co-trang-nay/", f"/nhiem-vu/{other.pk}/"):
        visit(page, base, path, problems, status=404)
        assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
        assert page.locator("#main-nav").count() == 1
    page.get_by_role("link", name="Về trang chính").click()
    assert page.locator("h1").inner_text().startswith("Việc cần làm")

    # The English switch: the same home in English, and back.
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("To do")
    assert page.locator("#main-nav").get_by_role("link", name="Unit's tasks").is_visible()
    assert page.locator("#home-tiles").inner_text().count("Overdue") == 1  # tiles in English too
    check_page(page, problems)
    page.get_by_role("button", name="Tiếng Việt").click()
    assert page.locator("h1").inner_text().startswith("Việc cần làm")
    assert not problems, "\n".join(problems)


def test_the_monitors_journey(demo, page, screenshots):
    base, problems = demo, []
    sign_in(page, base, "theodoi")
    assert page.locator("h1").inner_text() == "Việc cần làm của bộ phận theo dõi"
    assert page.locator("#review tbody tr").count() == 3  # the three periodic reports waiting
    assert page.locator("#main-nav").get_by_role("link", name="Chờ xem xét").inner_text().endswith("3")
    check_page(page, problems)
    screenshot_home(page, base, screenshots, "bo-phan-theo-doi")

    program = Document.objects.get(number="02/CTr-BCH")
    notice = Document.objects.get(number="462/TB-TLĐ")
    task = Task.objects.get(document=program, ref="III.1")
    unit = Unit.objects.get(code="ldld-da-nang")
    assignment = Assignment.objects.get(task=task, unit=unit)
    for path in ("/theo-doi/", f"/theo-doi/chuong-trinh/{program.pk}/?ngay=09/11/2021",
                 f"/theo-doi/nhiem-vu/{task.pk}/?ngay=09/11/2021", f"/theo-doi/nhiem-vu/{task.pk}/?theo=tinh",
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay=09/11/2021",
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/?ngay=09/11/2021&in=1",
                 f"/theo-doi/don-vi/{unit.pk}/", "/van-ban/", f"/van-ban/{program.pk}/", f"/van-ban/{notice.pk}/",
                 f"/van-ban/nhiem-vu/{task.pk}/", f"/van-ban/nhiem-vu/{task.pk}/sua/", f"/van-ban/{program.pk}/sua/",
                 "/van-ban/moi/", f"/nhiem-vu/{assignment.pk}/", "/nhiem-vu/cho-xem-xet/", "/nhac-viec/gia-han/",
                 "/nhac-viec/thu-di/", "/phat-hanh/", "/phat-hanh/tao/", "/phat-hanh/giao-ban/",
                 "/phat-hanh/giao-ban/moi/", "/phat-hanh/mau/", "/phat-hanh/mau/urge/", "/doc-van-ban/",
                 "/nhat-ky/", "/don-vi/", f"/don-vi/{unit.pk}/", "/thong-bao/", "/tai-khoan/",
                 "/theo-doi/tim-kiem/?q=giao+duc"):
        visit(page, base, path, problems)

    # Program search by part of the number, and a bad date answered beside its field.
    page.goto(f"{base}/theo-doi/")
    page.get_by_label("Chương trình, văn bản (số hoặc trích yếu)").fill("02/CTr")
    page.get_by_label("Tính đến ngày").fill("31/02/2021")
    page.get_by_role("button", name="Xem tình hình").click()
    assert "Ngày không hợp lệ" in page.locator("#ngay-error").inner_text()
    page.get_by_label("Tính đến ngày").fill("09/11/2021")
    page.get_by_role("button", name="Xem tình hình").click()
    assert page.locator("#dashboard-stats tr[data-ref='III.1'] td.done-total").inner_text() == "32/83"

    # The unit picker: typing without accents finds Đà Nẵng; a whole group is added at once.
    page.goto(f"{base}/van-ban/{notice.pk}/giao-nhiem-vu/")
    page.get_by_label("Nhiệm vụ", exact=True).fill("Báo cáo nhanh kết quả tuyên truyền")
    picker = page.get_by_role("combobox", name="Đơn vị chủ trì")
    picker.click()
    picker.press_sequentially("da nang")
    options = page.locator("#id_lead_units-ts-dropdown")
    options.locator(".option", has_text="Đà Nẵng").first.click()
    picker.press_sequentially("giao duc")
    options.locator(".option", has_text="Công đoàn Giáo dục Việt Nam").first.click()
    picker.press_sequentially("ca nhom ldld tinh")
    options.get_by_role("option", name="Cả nhóm: LĐLĐ tỉnh, thành phố (63)").click()
    page.keyboard.press("Escape")
    chosen = page.locator("#id_lead_units option:checked").all_inner_texts()
    assert "Liên đoàn Lao động thành phố Đà Nẵng" in chosen and "Công đoàn Giáo dục Việt Nam" in chosen
    assert len(chosen) == 64  # Giáo dục and the 63 provincial federations
    page.get_by_label("Loại thời hạn", exact=True).select_option("date")
    page.locator("#id_deadline_date").fill("20/12/2021")
    check_page(page, problems)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    page.get_by_text("Đã giao nhiệm vụ").wait_for()
    assert Task.objects.get(title="Báo cáo nhanh kết quả tuyên truyền").assignments.count() == 64

    # The date picker opens beside the field and writes dd/mm/yyyy.
    page.goto(f"{base}/phat-hanh/tao/")
    page.get_by_role("button", name="Chọn ngày").first.click()
    page.locator(".date-panel .datepicker-cell.day:not(.prev):not(.next)", has_text="15").first.click()
    assert page.get_by_label("Số liệu tính đến ngày (dd/mm/yyyy)").input_value().startswith("15/")

    # Issuing a number asks first; cancelling issues nothing; confirming issues 1/TLĐ-TG.
    page.get_by_label("Loại văn bản").select_option("urge")
    page.get_by_label("Số liệu tính đến ngày (dd/mm/yyyy)").fill("09/11/2021")
    page.get_by_label("Ngày ban hành (khi cấp số; để trống: hôm nay)").fill("12/11/2021")
    page.get_by_role("button", name="Cấp số và phát hành").click()
    dialog = page.get_by_role("dialog")
    assert "Số đã cấp không thu hồi được" in dialog.inner_text()
    check_page(page, problems)
    dialog.get_by_role("button", name="Hủy").click()
    assert page.get_by_role("dialog").count() == 0 and "/phat-hanh/tao/" in page.url
    from dondoc.paperwork.models import IssuedPaper

    assert not IssuedPaper.objects.exists()
    page.get_by_role("button", name="Cấp số và phát hành").click()
    page.get_by_role("dialog").get_by_role("button", name="Cấp số và phát hành").click()
    page.get_by_text("Đã phát hành văn bản số 1/TLĐ-TG").wait_for()
    assert IssuedPaper.objects.get().number == "1/TLĐ-TG"
    check_page(page, problems)
    assert not problems, "\n".join(problems)


def test_the_leaders_journey(demo, page, screenshots):
    base, problems = demo, []
    sign_in(page, base, "lanhdao")
    assert page.locator("h1").inner_text() == "Tình hình thực hiện các chương trình"
    rows = page.locator("#programs-standing tbody tr")
    assert rows.count() == 2 and "02/CTr-BCH" in rows.nth(1).inner_text()
    check_page(page, problems)
    screenshot_home(page, base, screenshots, "lanh-dao")
    program = Document.objects.get(number="02/CTr-BCH")
    task = Task.objects.get(document=program, ref="III.2")
    unit = Unit.objects.get(code="ldld-ha-noi")
    for path in ("/theo-doi/", f"/theo-doi/chuong-trinh/{program.pk}/", f"/theo-doi/nhiem-vu/{task.pk}/",
                 f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/", f"/theo-doi/don-vi/{unit.pk}/", "/van-ban/",
                 f"/van-ban/{program.pk}/", f"/van-ban/nhiem-vu/{task.pk}/", "/don-vi/", f"/don-vi/{unit.pk}/",
                 "/phat-hanh/", "/phat-hanh/giao-ban/", "/phat-hanh/mau/", "/nhac-viec/gia-han/", "/thong-bao/",
                 "/tai-khoan/", "/theo-doi/tim-kiem/?q=ha+noi"):
        visit(page, base, path, problems)
    assert not problems, "\n".join(problems)


def test_the_bell_rings_after_each_event(demo, browser):
    """Two people at work: the monitor and Đà Nẵng's officer, each in their own browser window."""
    base = demo
    monitor = browser.new_page(viewport=DESKTOP, locale="vi-VN")
    officer = browser.new_page(viewport=DESKTOP, locale="vi-VN")
    sign_in(monitor, base, "theodoi")
    sign_in(officer, base, "danang")

    def bell(page) -> int:
        page.goto(f"{base}/")
        count = page.locator("#bell-count")
        return int(count.inner_text()) if count.count() else 0

    def latest(page) -> str:
        page.goto(f"{base}/thong-bao/")
        return page.locator("#notifications li").first.inner_text()

    seen_officer, seen_monitor = bell(officer), bell(monitor)
    notice = Document.objects.get(number="462/TB-TLĐ")
    # 1. A new task for Đà Nẵng, given through the page.
    monitor.goto(f"{base}/van-ban/{notice.pk}/giao-nhiem-vu/")
    monitor.get_by_label("Nhiệm vụ", exact=True).fill("Báo cáo kết quả tháng hành động")
    picker = monitor.get_by_role("combobox", name="Đơn vị chủ trì")
    picker.click()
    picker.press_sequentially("da nang")
    monitor.locator("#id_lead_units-ts-dropdown").get_by_role("option", name="Liên đoàn Lao động thành phố Đà Nẵng").click()
    monitor.keyboard.press("Escape")
    # On a busy machine the picker may still be settling: the choice must be in the form before it is sent.
    expect(monitor.locator("#id_lead_units option:checked")).to_have_text(["Liên đoàn Lao động thành phố Đà Nẵng"])
    monitor.get_by_label("Loại thời hạn", exact=True).select_option("date")
    monitor.locator("#id_deadline_date").fill("31/12/2030")
    expect(monitor.locator("#id_deadline_date")).to_have_value("31/12/2030")
    monitor.get_by_role("button", name="Giao nhiệm vụ").click()
    monitor.get_by_text("Đã giao nhiệm vụ").wait_for()
    given = Task.objects.get(title="Báo cáo kết quả tháng hành động")
    assert [a.unit.code for a in given.assignments.all()] == ["ldld-da-nang"]
    assert bell(officer) == seen_officer + 1
    assert "Nhiệm vụ mới:" in latest(officer) and "Báo cáo kết quả tháng hành động" in latest(officer)

    # 2. The officer opens it from the bell and sends a report: the monitor is told it waits for review.
    officer.locator("#notifications li a").first.click()
    officer.get_by_label("Nội dung").fill("Đã tổ chức tháng hành động ở 12 quận, huyện.")
    officer.get_by_role("button", name="Gửi", exact=True).click()
    officer.get_by_text("Đã gửi.").wait_for()
    assert bell(monitor) == seen_monitor + 1 and "LĐLĐ thành phố Đà Nẵng đã gửi" in latest(monitor).replace(
        "Liên đoàn Lao động", "LĐLĐ")

    # 3. Returned with a comment, then 4. accepted.
    monitor.locator("#notifications li a").first.click()
    monitor.get_by_label("Ý kiến (bắt buộc khi trả lại)").fill("Bổ sung số người tham gia")
    monitor.get_by_role("button", name="Trả lại").click()
    monitor.get_by_text("Đã trả lại cho đơn vị.").wait_for()
    assert bell(officer) == seen_officer + 1  # the first one was read when opened
    assert "Bị trả lại, cần gửi lại" in latest(officer)
    officer.locator("#notifications li a").first.click()
    officer.get_by_label("Nội dung").fill("Đã bổ sung: 5.200 người tham gia.")
    officer.get_by_role("button", name="Gửi", exact=True).click()
    officer.get_by_text("Đã gửi.").wait_for()
    monitor.goto(f"{base}/nhiem-vu/cho-xem-xet/")
    monitor.locator("tr", has_text="Báo cáo kết quả tháng hành động").get_by_role("button", name="Chấp nhận").click()
    monitor.get_by_text("Đã chấp nhận.").wait_for()
    assert "Đã chấp nhận: Báo cáo kết quả tháng hành động" in latest(officer)

    # 5. An extension asked for and granted.
    later = directives.task_create(document=notice, title="Tổng kết 5 năm", lead_units=[Unit.objects.get(
        code="ldld-da-nang")], deadline_kind=cal.DATE, deadline_date=dt.date(2030, 12, 31))
    officer.goto(f"{base}/nhac-viec/nhiem-vu/{later.assignments.get().pk}/xin-gia-han/")
    officer.get_by_label("Đề nghị gia hạn đến ngày (dd/mm/yyyy)").fill("31/03/2031")
    officer.get_by_label("Lý do").fill("Chờ số liệu của các công đoàn cơ sở")
    officer.get_by_role("button", name="Gửi đề nghị").click()
    officer.get_by_text("Đã gửi đề nghị gia hạn").wait_for()
    assert "đề nghị gia hạn đến 31/03/2031" in latest(monitor)
    monitor.goto(f"{base}/nhac-viec/gia-han/")
    monitor.get_by_role("button", name="Đồng ý", exact=True).click()
    monitor.get_by_text("Đã ghi quyết định.").wait_for()
    assert "Đồng ý gia hạn đến 31/03/2031" in latest(officer)

    # 6. An urging letter to the late units, Đà Nẵng among them.
    monitor.goto(f"{base}/phat-hanh/tao/")
    monitor.get_by_label("Loại văn bản").select_option("urge")
    monitor.locator(".ts-control:has(#id_program-ts-control)").click()  # the searchable list of programs
    monitor.keyboard.type("02/CTr")
    monitor.locator("#id_program-ts-dropdown").get_by_role("option", name="02/CTr-BCH ngày 20/07/2021").click()
    monitor.get_by_label("Số liệu tính đến ngày (dd/mm/yyyy)").fill("09/11/2021")
    monitor.get_by_role("button", name="Cấp số và phát hành").click()
    monitor.get_by_role("dialog").get_by_role("button", name="Cấp số và phát hành").click()
    monitor.get_by_text("Đã phát hành văn bản số").wait_for()
    assert latest(officer).startswith("Công văn đôn đốc số 1/TLĐ-TG")
    assert "02/CTr-BCH" in latest(officer)
    assert Task.objects.get(title="Báo cáo kết quả tháng hành động").assignments.get().done_on is not None


def test_signing_in_from_two_tabs_gets_the_styled_csrf_page(live_server, page):
    """The sign-in form left open in one tab after signing in from another: the styled page, not Django's."""
    units = factory.registry()
    factory.user("officer_a", role="officer", unit=units["hanoi"])
    base = live_server.url
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    other = page.context.new_page()
    sign_in(other, base, "officer_a", factory.PASSWORD)  # signing in renews the CSRF token of the browser
    page.get_by_label("Tên đăng nhập").fill("officer_a")
    page.get_by_label("Mật khẩu").fill(factory.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("heading", name="Trang này đã cũ, chưa gửi được").is_visible()
    assert page.locator("#main-nav").count() == 1  # signed in by the other tab: the menu is there
    problems: list[str] = []
    check_page(page, problems)
    assert not problems, "\n".join(problems)
    page.get_by_role("link", name="Tải lại trang").click()
    assert page.locator("h1").inner_text().startswith("Việc cần làm")
