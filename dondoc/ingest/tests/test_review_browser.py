"""In a real browser: the monitor uploads a directive, checks the proposals and confirms; what the page shows
(units, deadlines, the cycle of a periodic duty, whom to report to) becomes the tasks."""

import datetime as dt
from pathlib import Path

import pytest

from dondoc.core.demo import load_registry
from dondoc.directives.models import Task
from dondoc.ingest.tests.test_review_page import seed_docx
from dondoc.tests import factory
from dondoc.units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login_and_upload(page, live_server, path: Path) -> None:
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tg")
    page.get_by_label("Mật khẩu").fill(factory.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Đọc văn bản").click()
    page.get_by_label("Tệp văn bản (DOCX, PDF có lớp chữ, TXT)").set_input_files(str(path))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.get_by_role("heading", name="Xác nhận văn bản và các nhiệm vụ").wait_for()


def proposal(page, ref: str, kind: str):
    """The proposal of item `ref` whose deadline kind is `kind` (an item may give several tasks)."""
    return page.locator(f"fieldset.draft-task[data-ref='{ref}']").filter(
        has=page.locator(f"select[name$='deadline_kind'] option[value='{kind}']:checked"))


def checked(box) -> list[str]:
    return [t.strip() for t in box.locator("option:checked").all_inner_texts()]


def test_monitor_reads_the_seed_notice_and_confirms_tasks_3_1_to_3_3(live_server, page, tmp_path):
    load_registry()
    factory.user("tg", role="monitor", unit=Unit.objects.get(code="vgcl-tg"))
    notice = tmp_path / "tb-462-tld-2021.docx"
    notice.write_bytes(seed_docx())
    login_and_upload(page, live_server, notice)

    assert page.get_by_label("Số, ký hiệu").input_value() == "462/TB-TLĐ"
    assert page.get_by_label("Ngày ban hành (dd/mm/yyyy)").input_value() == "16/11/2021"
    assert page.locator(".review-text mark").count() >= 3  # the found tasks are highlighted in the text
    task_31 = page.locator("fieldset.draft-task[data-ref='3.1']")
    assert task_31.get_by_label("Giao nhiệm vụ này").is_checked()
    assert task_31.locator("select[name$='lead_units'] option:checked").inner_text().startswith("Ban Tuyên giáo")
    # 2.3: the progress plans go to the standing presidium and to the Propaganda Department
    plans = proposal(page, "2.3", "date")
    reported = checked(plans.locator("select[name$='-report_to']"))
    assert any(r.startswith("Thường trực Đoàn Chủ tịch") for r in reported)
    assert any(r.startswith("Ban Tuyên giáo") for r in reported) and len(reported) == 2
    # 2.4: "báo cáo 6 tháng/lần" shows as the 6-monthly cycle; the monitor reports to the standing presidium
    six_monthly = proposal(page, "2.4", "recurring")
    assert checked(six_monthly.locator("select[name$='recurrence_months']")) == ["6 tháng/lần"]
    monitor = proposal(page, "2.4", "ongoing")
    assert [r[:25] for r in checked(monitor.locator("select[name$='-report_to']"))] == ["Thường trực Đoàn Chủ tịch"]
    page.get_by_role("button", name="Xác nhận và giao nhiệm vụ").click()

    page.get_by_text("Đã tạo văn bản 462/TB-TLĐ").wait_for()
    tasks = {t.ref: t for t in Task.objects.filter(document__number="462/TB-TLĐ", ref__startswith="3.")}
    assert [a.unit.code for a in tasks["3.1"].assignments.all()] == ["vgcl-tg"]
    assert [a.unit.code for a in tasks["3.2"].assignments.all()] == ["vgcl-toc"]
    assert [a.unit.code for a in tasks["3.3"].assignments.all()] == ["vgcl-vien-cncd"]
    assert (tasks["3.1"].deadline_kind, tasks["3.1"].deadline_date) == ("date", dt.date(2021, 12, 10))
    assert (tasks["3.2"].deadline_kind, tasks["3.2"].deadline_date) == ("month", dt.date(2021, 12, 31))
    assert (tasks["3.3"].deadline_kind, tasks["3.3"].deadline_date) == ("month", dt.date(2021, 12, 31))
    notice_tasks = Task.objects.filter(document__number="462/TB-TLĐ")
    plans_task = notice_tasks.get(ref="2.3", deadline_kind="date")
    assert set(plans_task.report_to.values_list("code", flat=True)) == {"vgcl-ttdct", "vgcl-tg"}
    assert notice_tasks.get(ref="2.4", deadline_kind="recurring").recurrence_months == 6
    monitor_task = notice_tasks.get(ref="2.4", deadline_kind="ongoing")
    assert list(monitor_task.report_to.values_list("code", flat=True)) == ["vgcl-ttdct"]


def test_a_monthly_duty_and_a_cycle_chosen_on_the_page_become_the_tasks_periods(live_server, page):
    load_registry()
    factory.user("tg", role="monitor", unit=Unit.objects.get(code="vgcl-tg"))
    login_and_upload(page, live_server, Path(__file__).parent / "documents" / "periodic.txt")

    monthly = proposal(page, "1", "recurring")
    assert checked(monthly.locator("select[name$='recurrence_months']")) == ["Hằng tháng"]
    assert checked(monthly.locator("select[name$='recurrence_due_day']")) == ["Ngày 25"]
    assert sorted(r[:14] for r in checked(monthly.locator("select[name$='-report_to']"))) == [
        "Ban Tổ chức Tổ", "Tổng Liên đoàn"]
    # "Định kỳ rà soát ..." names no cycle: the page asks for one instead of assuming 6 months
    review = proposal(page, "3", "recurring")
    assert checked(review.locator("select[name$='recurrence_months']")) == ["—"]
    review.locator("select[name$='recurrence_months']").select_option(label="Hằng quý")
    page.get_by_role("button", name="Xác nhận và giao nhiệm vụ").click()

    page.get_by_text("Đã tạo văn bản 212/TLĐ-ToC").wait_for()
    tasks = {t.ref: t for t in Task.objects.filter(document__number="212/TLĐ-ToC")}
    assert (tasks["1"].recurrence_months, tasks["1"].recurrence_due_day) == (1, 25)
    assert set(tasks["1"].report_to.values_list("code", flat=True)) == {"vgcl", "vgcl-toc"}
    assert tasks["1"].assignments.filter(period_label="Tháng 3/2026").first().due_on == dt.date(2026, 3, 25)
    assert tasks["3"].recurrence_months == 3
