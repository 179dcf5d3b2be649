"""In a real browser: the monitor uploads the seed notice as DOCX, checks the proposals and confirms."""

import datetime as dt

import pytest

from dondoc.core.demo import load_registry
from dondoc.directives.models import Task
from dondoc.ingest.tests.test_review_page import seed_docx
from dondoc.tests import factory
from dondoc.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_monitor_reads_the_seed_notice_and_confirms_tasks_3_1_to_3_3(live_server, page, tmp_path):
    load_registry()
    factory.user("tg", role="monitor", unit=Unit.objects.get(code="vgcl-tg"))
    notice = tmp_path / "tb-462-tld-2021.docx"
    notice.write_bytes(seed_docx())

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tg")
    page.get_by_label("Mật khẩu").fill(factory.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Đọc văn bản").click()
    page.get_by_label("Tệp văn bản (DOCX, PDF có lớp chữ, TXT)").set_input_files(str(notice))
    page.get_by_role("button", name="Đọc văn bản").click()

    page.get_by_role("heading", name="Xác nhận văn bản và các nhiệm vụ").wait_for()
    assert page.get_by_label("Số, ký hiệu").input_value() == "462/TB-TLĐ"
    assert page.get_by_label("Ngày ban hành (dd/mm/yyyy)").input_value() == "16/11/2021"
    assert page.locator(".review-text mark").count() >= 3  # the found tasks are highlighted in the text
    task_31 = page.locator("fieldset.draft-task[data-ref='3.1']")
    assert task_31.get_by_label("Giao nhiệm vụ này").is_checked()
    assert task_31.locator("select[name$='lead_units'] option:checked").inner_text().startswith("Ban Tuyên giáo")
    page.get_by_role("button", name="Xác nhận và giao nhiệm vụ").click()

    page.get_by_text("Đã tạo văn bản 462/TB-TLĐ").wait_for()
    tasks = {t.ref: t for t in Task.objects.filter(document__number="462/TB-TLĐ", ref__startswith="3.")}
    assert [a.unit.code for a in tasks["3.1"].assignments.all()] == ["vgcl-tg"]
    assert [a.unit.code for a in tasks["3.2"].assignments.all()] == ["vgcl-toc"]
    assert [a.unit.code for a in tasks["3.3"].assignments.all()] == ["vgcl-vien-cncd"]
    assert (tasks["3.1"].deadline_kind, tasks["3.1"].deadline_date) == ("date", dt.date(2021, 12, 10))
    assert (tasks["3.2"].deadline_kind, tasks["3.2"].deadline_date) == ("month", dt.date(2021, 12, 31))
    assert (tasks["3.3"].deadline_kind, tasks["3.3"].deadline_date) == ("month", dt.date(2021, 12, 31))
