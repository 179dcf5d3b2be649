"""What a new user sees: a home per role, Vietnamese refusals with a way back, Vietnamese words in the change
log and file names, whole printouts, forgiving search and dates, a profile with password change and reset."""

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.reminders import services as reminders
from dondoc.submissions import services as submissions
from dondoc.tests import factory
from dondoc.units.models import UnitKind

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def late(registry, program, officer):
    """Hà Nội has an overdue task, one due soon and a returned report."""
    doc = program["document"]
    overdue = directives.task_create(document=doc, ref="3", title="Tổng kết sơ bộ", lead_units=[registry["hanoi"]],
                                     deadline_kind=cal.DATE, deadline_date=dt.date(2021, 10, 29))
    soon = directives.task_create(document=doc, ref="4", title="Báo cáo nhanh", lead_units=[registry["hanoi"]],
                                  deadline_kind=cal.DATE, deadline_date=dt.date(2030, 1, 4))
    return {"overdue": overdue.assignments.get(), "soon": soon.assignments.get()}


def test_the_officer_lands_on_what_to_do_now(client, late, officer, monitor, time_machine):
    time_machine.move_to(dt.datetime(2029, 12, 31, 9, 0))
    sent = submissions.submission_create(assignment=late["overdue"], kind="completion_report", by=officer,
                                         text="Đã tổng kết")
    submissions.submission_return(submission=sent, by=monitor, comment="Thiếu số liệu")
    page = signed_in(client, officer).get("/")
    assert page.status_code == 200
    tiles = dict(re.findall(r'data-key="(\w+)"><span class="tile-n">(\d+)<', page.content.decode()))
    # Overdue and returned; due soon; and the plan (no deadline) not done yet.
    assert tiles == {"overdue": "1", "due_soon": "1", "returned": "1", "no_deadline": "1", "waiting": "0"}
    body = text_of(page)
    assert "Bị trả lại, cần gửi lại (1)" in body and "3. Tổng kết sơ bộ" in body
    assert "Chưa thực hiện (không thời hạn) (1)" in body
    listing = client.get("/nhiem-vu/?trang-thai=returned")
    assert "Tổng kết sơ bộ" in text_of(listing) and "Báo cáo nhanh" not in text_of(listing)


def test_the_monitor_and_the_leader_land_on_their_work(client, late, officer, monitor, leader):
    submissions.submission_create(assignment=late["overdue"], kind="completion_report", by=officer, text="Xong")
    reminders.extension_request_create(assignment=late["soon"], requested_due=dt.date(2030, 2, 1), reason="Chờ số liệu",
                                       by=officer)
    page = signed_in(client, monitor).get("/")
    body = text_of(page)
    assert "Báo cáo chờ xem xét (1)" in body and "Đề nghị gia hạn chờ quyết định (1)" in body
    assert "Quá hạn theo văn bản" in body and "Nhắc việc hôm nay" in body
    nav = page.content.decode().split('id="main-nav"')[1].split("</nav>")[0]
    assert re.search(r'Chờ xem xét <span class="count">1</span>', nav)
    assert re.search(r'Gia hạn <span class="count">1</span>', nav)
    board = text_of(signed_in(Client(), leader).get("/"))
    assert "Tình hình thực hiện các chương trình" in board and "02/CTr-BCH" in board
    assert "Báo cáo chờ xem xét" not in board


def test_refusals_are_vietnamese_pages_with_the_menu_and_a_way_back(client, registry, program, officer, outsider):
    other = program["plan"].assignments.get(unit=registry["danang"])
    for url in (f"/nhiem-vu/{other.pk}/", "/khong-co-trang-nay/", "/van-ban/987654/"):
        response = signed_in(client, officer).get(url)
        body = response.content.decode()
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in body and 'id="main-nav"' in body and "Về trang chính" in body
        assert "Not Found" not in body and "Liên đoàn Lao động thành phố Đà Nẵng" not in text_of(response).split(
            "Không tìm thấy trang")[1]
    assert Client().get("/api/khong-co/").json()["code"] == "not_found"  # the API keeps answering JSON


def test_a_form_from_a_stale_page_gets_the_csrf_page(registry, officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = browser.post("/tai-khoan/", {"action": "profile", "ho-so-first_name": "X"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Trang này đã cũ, chưa gửi được" in body and "Tải lại trang" in body and 'id="main-nav"' in body
    assert "CSRF" not in text_of(response)


def test_the_server_error_page_needs_no_database(rf):
    from dondoc.core.middleware import server_error

    response = server_error(rf.get("/van-ban/"))
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()
    assert "Về trang chính" in response.content.decode()


def test_the_change_log_speaks_vietnamese(client, registry, program, officer, monitor):
    assignment = program["plan"].assignments.get(unit=registry["hanoi"])
    submissions.submission_create(assignment=assignment, kind="plan_issued", by=officer, doc_number="7/KH-LĐLĐ",
                                  doc_date=dt.date(2021, 8, 3), text="Kế hoạch",
                                  files=[submissions.Upload("ke-hoach.pdf", factory.pdf_bytes())])
    body = text_of(signed_in(client, monitor).get("/nhat-ky/"))
    assert "Tạo mới" in body and "Tệp đính kèm: ke-hoach.pdf" in body and "Tên tệp : — → ke-hoach.pdf" in body
    assert "Ngày văn bản của đơn vị : — → 03/08/2021" in body
    for english in (" create ", " update ", "None", "True", "False", "sha256", "Document link", "Attachment"):
        assert english not in body, body[max(0, body.find(english) - 200):body.find(english) + 60]


def test_downloads_have_vietnamese_names(client, program, monitor):
    response = signed_in(client, monitor).post("/phat-hanh/tao/", {
        "purpose": "report", "program": program["document"].pk, "as_of": "09/11/2021"})
    name = unquote(response["Content-Disposition"])
    assert "Dự thảo báo cáo tiến độ chương trình 02-CTr-BCH tính đến 09-11-2021.docx" in name


def test_the_printout_of_units_not_done_lists_every_unit(client, registry, monitor):
    for i in range(60):
        factory.unit(f"tinh-{i}", f"Liên đoàn Lao động tỉnh Thử {i:02d}", UnitKind.PROVINCIAL_FEDERATION,
                     registry["centre"], province=f"Tỉnh {i}")
    program = factory.program(registry)
    url = f"/theo-doi/nhiem-vu/{program['plan'].pk}/chua-thuc-hien/?ngay=09/11/2021"
    signed_in(client, monitor)
    screen, printout = client.get(url), client.get(url + "&in=1")
    assert text_of(screen).count("(hồ sơ)") == 50 and "Trang 1/2 (tổng 64 dòng)" in text_of(screen)
    assert text_of(printout).count("Liên đoàn Lao động tỉnh Thử") == 60 and "Trang 1/" not in text_of(printout)


def test_programs_are_found_by_part_of_their_number_or_words(client, program, monitor):
    other = factory.document("05/CTr-TLĐ", dt.date(2022, 3, 1), title="Chương trình chuyển đổi số công đoàn")
    signed_in(client, monitor)
    response = client.get("/theo-doi/", {"so": "02/CTr"})
    assert response.status_code == 302 and f"/theo-doi/chuong-trinh/{program['document'].pk}/" in response["Location"]
    both = client.get("/theo-doi/", {"so": "CTr"})
    assert both.status_code == 200 and "02/CTr-BCH" in text_of(both) and "05/CTr-TLĐ" in text_of(both)
    response = client.get("/theo-doi/", {"so": "chuyen doi so"})
    assert response.status_code == 302 and f"/chuong-trinh/{other.pk}/" in response["Location"]
    missing = client.get("/theo-doi/", {"so": "999/XYZ"})
    assert missing.status_code == 404 and 'id="so-error"' in missing.content.decode()


def test_a_bad_date_is_answered_beside_the_field(client, program, monitor):
    response = signed_in(client, monitor).get(f"/theo-doi/chuong-trinh/{program['document'].pk}/?ngay=31/02/2021")
    body = response.content.decode()
    assert response.status_code == 400 and 'id="dashboard-stats"' in body
    field = body.split('class="as-of field-error"')[1].split("</div>")[0]
    assert 'value="31/02/2021"' in field and 'aria-invalid="true"' in field and "Ngày không hợp lệ" in field


def test_the_assignment_page_shows_a_pending_extension_and_who_may_send(client, late, officer, monitor, leader):
    reminders.extension_request_create(assignment=late["soon"], requested_due=dt.date(2030, 2, 1), reason="Chờ",
                                       by=officer)
    url = f"/nhiem-vu/{late['soon'].pk}/"
    mine = signed_in(client, officer).get(url).content.decode()
    assert 'id="pending-extension"' in mine and "Đề nghị gia hạn</a>" not in mine  # no second request offered
    assert 'id="submit-form"' in mine and "on-behalf" not in mine
    theirs = signed_in(Client(), monitor).get(url).content.decode()
    assert '<details class="card on-behalf"' in theirs and "Ghi nhận kết quả thay cho đơn vị" in theirs
    assert 'id="submit-form"' not in signed_in(Client(), leader).get(url).content.decode()


def test_a_pdf_attachment_opens_in_the_browser_after_the_permission_check(client, registry, program, officer,
                                                                          outsider):
    assignment = program["plan"].assignments.get(unit=registry["hanoi"])
    sent = submissions.submission_create(assignment=assignment, kind="completion_report", by=officer, text="x",
                                         files=[submissions.Upload("bao-cao.pdf", factory.pdf_bytes())])
    attachment = sent.attachments.get()
    response = signed_in(client, officer).get(f"/nhiem-vu/tep/{attachment.pk}/xem/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert signed_in(Client(), outsider).get(f"/nhiem-vu/tep/{attachment.pk}/xem/").status_code == 404


def test_people_change_their_password_and_reset_it_by_email(client, officer):
    signed_in(client, officer)
    page = text_of(client.get("/tai-khoan/"))
    assert "Đổi mật khẩu" in page
    response = client.post("/tai-khoan/doi-mat-khau/", {"old_password": factory.PASSWORD,
                                                        "new_password1": "mot-mat-khau-moi-dai-2026",
                                                        "new_password2": "mot-mat-khau-moi-dai-2026"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mot-mat-khau-moi-dai-2026")
    wrong = client.post("/tai-khoan/doi-mat-khau/", {"old_password": "sai", "new_password1": "x",
                                                     "new_password2": "y"})
    assert wrong.status_code == 400

    anonymous = Client()
    assert "Quên mật khẩu?" in anonymous.get("/tai-khoan/dang-nhap/").content.decode()
    response = anonymous.post("/tai-khoan/quen-mat-khau/", {"email": officer.email.upper()})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "[dondoc] Đặt lại mật khẩu" and message.to == [officer.email]
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)
    form = anonymous.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = anonymous.post(form.redirect_chain[-1][0], {"new_password1": "mat-khau-dat-lai-2026",
                                                       "new_password2": "mat-khau-dat-lai-2026"})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("mat-khau-dat-lai-2026")


def test_people_appear_by_full_name_and_position(client, registry, program, officer, monitor):
    officer.last_name, officer.first_name, officer.title = "Hoàng Văn", "Nam", "Chuyên viên"
    officer.save()
    assignment = program["plan"].assignments.get(unit=registry["hanoi"])
    submissions.submission_create(assignment=assignment, kind="completion_report", by=officer, text="x")
    body = text_of(signed_in(client, monitor).get(f"/nhiem-vu/{assignment.pk}/"))
    assert "Hoàng Văn Nam , Chuyên viên" in body
