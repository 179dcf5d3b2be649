"""The cascade in a real browser, on the demo: Đà Nẵng's officer issues the federation's plan for 02/CTr-BCH
(which fulfils its assignment and opens its own program), gives it to its upper-grassroots unions, one of them
sends its report and Đà Nẵng accepts it; the centre's monitor drills from 02/CTr-BCH into Đà Nẵng's plan and
sees its figures; Đà Nẵng's officer cannot see Hà Nội's subtree."""

import datetime as dt

import pytest

from dondoc.core.demo import load_demo
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, Task
from dondoc.submissions.models import Submission
from dondoc.units.models import Unit

from .browser import DESKTOP, check_page, sign_in, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP}


@pytest.fixture
def demo(live_server):
    load_demo()
    return live_server.url


def test_a_province_follows_its_own_plan_and_the_centre_drills_into_it(demo, page):
    base, problems = demo, []
    program = Document.objects.get(number="02/CTr-BCH")
    assignment = Assignment.objects.get(task__document=program, task__ref="III.1", unit__code="ldld-da-nang")
    hanoi = Unit.objects.get(code="ldld-ha-noi")
    hanoi_plan = directives.document_create(number="30/KH-LĐLĐ", date=dt.date(2021, 8, 5), issuer=hanoi, scope=hanoi,
                                            title="Kế hoạch của LĐLĐ Hà Nội", is_program=True)

    # Đà Nẵng's officer issues the federation's plan: one act.
    sign_in(page, base, "danang")
    page.goto(f"{base}/nhiem-vu/{assignment.pk}/")
    page.locator("#issue-plan").click()
    check_page(page, problems)
    page.get_by_label("Số, ký hiệu kế hoạch của đơn vị").fill("45/KH-LĐLĐ")
    page.get_by_label("Ngày ban hành (dd/mm/yyyy)").fill("15/11/2021")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    page.get_by_text("Đã ban hành kế hoạch 45/KH-LĐLĐ").wait_for()
    plan = Document.objects.get(number="45/KH-LĐLĐ")
    assert plan.scope.code == "ldld-da-nang"
    sent = Submission.objects.get(assignment=assignment)
    assert sent.kind == "plan_issued" and sent.doc_date == dt.date(2021, 11, 15)

    # It gives the plan's task to its upper-grassroots unions (the group, within its subtree).
    page.get_by_role("link", name="Giao nhiệm vụ").click()
    page.get_by_label("Nhiệm vụ", exact=True).fill("Ban hành kế hoạch triển khai ở cấp mình")
    page.get_by_label("Hoặc nhóm đơn vị").select_option("upper_grassroots")
    page.get_by_label("Loại thời hạn", exact=True).select_option("date")
    page.locator("#id_deadline_date").fill("31/12/2021")
    page.get_by_label("Hoàn thành khi đơn vị gửi").select_option("plan_issued")
    check_page(page, problems)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    page.get_by_text("Đã giao nhiệm vụ").wait_for()
    task = Task.objects.get(document=plan)
    assert sorted(task.assignments.values_list("unit__code", flat=True)) == [
        "dn-cd-kcn", "dn-ldld-hai-chau", "dn-ldld-hoa-vang", "dn-ldld-thanh-khe"]
    visit(page, base, f"/theo-doi/chuong-trinh/{plan.pk}/", problems)
    assert page.locator("#dashboard-stats td.done-total").inner_text() == "0/4"

    # One of them (the industrial zones' union) sends its plan.
    page.context.clear_cookies()
    sign_in(page, base, "kcndanang")
    own = task.assignments.get(unit__code="dn-cd-kcn")
    page.goto(f"{base}/nhiem-vu/{own.pk}/")
    page.get_by_label("Số văn bản của đơn vị").fill("08/KH-CĐKCN")
    page.get_by_label("Ngày văn bản (dd/mm/yyyy)").fill("20/11/2021")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text("Đã gửi.").first.wait_for()

    # Đà Nẵng reviews it (its own units' submissions to its own plan).
    page.context.clear_cookies()
    sign_in(page, base, "danang")
    visit(page, base, "/nhiem-vu/cho-xem-xet/", problems)
    page.get_by_role("button", name="Chấp nhận").first.click()
    page.get_by_text("Đã chấp nhận.").wait_for()
    # Hà Nội's subtree is out of its reach.
    for path in (f"/theo-doi/chuong-trinh/{hanoi_plan.pk}/", f"/van-ban/{hanoi_plan.pk}/",
                 f"/theo-doi/don-vi/{hanoi.pk}/", f"/don-vi/{hanoi.pk}/",
                 f"/nhiem-vu/{Assignment.objects.get(task=assignment.task, unit=hanoi).pk}/"):
        visit(page, base, path, problems, status=404)

    # The centre's monitor drills from 02/CTr-BCH into Đà Nẵng's plan and sees its figures.
    page.context.clear_cookies()
    sign_in(page, base, "theodoi")
    visit(page, base, f"/theo-doi/chuong-trinh/{program.pk}/", problems)
    row = page.locator("#implementing-plans tr[data-unit='ldld-da-nang']")
    assert row.locator("td.done-total").inner_text() == "1/4"
    row.get_by_role("link", name="45/KH-LĐLĐ").click()
    page.wait_for_url(f"**/theo-doi/chuong-trinh/{plan.pk}/**")
    assert page.locator("#dashboard-stats td.done-total").inner_text() == "1/4"
    assert page.locator(".implements-link").inner_text() == "02/CTr-BCH"
    check_page(page, problems)
    assert not problems, "\n".join(problems)
