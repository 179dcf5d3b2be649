"""In a real browser: the pages and the API docs work under the Content-Security-Policy (no violation)."""

import pytest

from dondoc.tests import factory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_api_docs_raise_no_csp_violation(live_server, page):
    units = factory.registry()
    program = factory.program(units)
    factory.user("monitor", role="monitor", unit=units["tg"])
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 20

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("monitor")
    page.get_by_label("Mật khẩu").fill(factory.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    for path in ("/nhiem-vu/", "/van-ban/", f"/van-ban/{program['document'].pk}/", "/don-vi/", "/nhat-ky/",
                 "/tai-khoan/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/nhiem-vu/")
    page.locator("select[data-autosubmit]").select_option("overdue")  # app.js replaces the inline onchange
    page.wait_for_url("**trang-thai=overdue**")
    assert violations == []
