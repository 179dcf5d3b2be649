"""Every page with the four personas: the monitor, a leader, an officer of unit A, an officer of unit B.

Unit A (LĐLĐ Hà Nội) has units below it: its officer follows its own subtree (the cascade) — enters its own
documents, reviews what its units send for them — never the centre's or another province's. Unit B has none.
"""

import datetime as dt

import pytest
from django.test import Client

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.submissions import services as submissions
from dondoc.tests import factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(registry, program, monitor, leader, officer, outsider):
    """Unit A = LĐLĐ Hà Nội, unit B = LĐLĐ Đà Nẵng; a document that concerns A only; a submission of A."""
    a_only = factory.document(number="7/KH-TLĐ", date=dt.date(2021, 8, 1), title="Việc riêng của Hà Nội")
    task_a = directives.task_create(document=a_only, ref="1", title="Việc của A", lead_units=[registry["hanoi"]],
                                    deadline_kind=cal.DATE, deadline_date=dt.date(2021, 12, 1))
    assignment_a = task_a.assignments.get()
    sub_a = submissions.submission_create(assignment=assignment_a, kind="completion_report", by=officer, text="Xong",
                                          files=[submissions.Upload("a.pdf", factory.pdf_bytes())])
    return {"doc_a": a_only, "task_a": task_a, "assignment_a": assignment_a, "sub_a": sub_a,
            "attachment_a": sub_a.attachments.get(), "unit_a": registry["hanoi"], "unit_b": registry["danang"],
            "program": program["document"], "users": {"monitor": monitor, "leader": leader, "officer_a": officer,
                                                       "officer_b": outsider}}


def client_for(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(world["users"][persona])
    return client


PAGES = [
    # (url builder, {persona: expected status})
    (lambda w: "/nhiem-vu/", {"monitor": 200, "leader": 200, "officer_a": 200, "officer_b": 200}),
    (lambda w: f"/nhiem-vu/{w['assignment_a'].pk}/", {"monitor": 200, "leader": 200, "officer_a": 200,
                                                      "officer_b": 404}),
    (lambda w: "/nhiem-vu/cho-xem-xet/", {"monitor": 200, "leader": 404, "officer_a": 200, "officer_b": 404}),
    (lambda w: f"/nhiem-vu/tep/{w['attachment_a'].pk}/", {"monitor": 200, "leader": 200, "officer_a": 200,
                                                         "officer_b": 404}),
    (lambda w: "/van-ban/", {"monitor": 200, "leader": 200, "officer_a": 200, "officer_b": 200}),
    (lambda w: f"/van-ban/{w['doc_a'].pk}/", {"monitor": 200, "leader": 200, "officer_a": 200, "officer_b": 404}),
    (lambda w: f"/van-ban/{w['program'].pk}/?ngay=09/11/2021", {"monitor": 200, "leader": 200, "officer_a": 200,
                                                                "officer_b": 200}),
    (lambda w: f"/van-ban/nhiem-vu/{w['task_a'].pk}/", {"monitor": 200, "leader": 200, "officer_a": 404,
                                                        "officer_b": 404}),
    (lambda w: "/van-ban/moi/", {"monitor": 200, "leader": 404, "officer_a": 200, "officer_b": 404}),
    (lambda w: f"/van-ban/{w['doc_a'].pk}/giao-nhiem-vu/", {"monitor": 200, "leader": 404, "officer_a": 404,
                                                            "officer_b": 404}),
    (lambda w: "/don-vi/", {"monitor": 200, "leader": 200, "officer_a": 200, "officer_b": 200}),
    (lambda w: f"/don-vi/{w['unit_a'].pk}/", {"monitor": 200, "leader": 200, "officer_a": 200, "officer_b": 404}),
]


@pytest.mark.parametrize("page", range(len(PAGES)))
@pytest.mark.parametrize("persona", ["monitor", "leader", "officer_a", "officer_b", "anonymous"])
def test_every_page_answers_each_persona_as_it_should(world, page, persona):
    url_of, expected = PAGES[page]
    response = client_for(world, persona).get(url_of(world))
    if persona == "anonymous":
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected[persona], url_of(world)


def test_other_units_assignment_does_not_leak_into_lists(world):
    page = client_for(world, "officer_b").get("/nhiem-vu/").content.decode()
    assert "Việc của A" not in page
    units = client_for(world, "officer_b").get("/don-vi/").content.decode()
    assert "Hà Nội" not in units and "Đà Nẵng" in units


@pytest.mark.parametrize(("persona", "expected"), [("officer_a", 302), ("monitor", 302), ("officer_b", 404),
                                                   ("leader", 404)])
def test_only_the_unit_and_the_monitor_may_submit(world, persona, expected):
    response = client_for(world, persona).post(f"/nhiem-vu/{world['assignment_a'].pk}/gui/",
                                               {"kind": "completion_report", "text": "Đã xong"})
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("monitor", 302), ("leader", 404), ("officer_a", 404),
                                                   ("officer_b", 404)])
def test_only_the_monitor_reviews(world, persona, expected):
    response = client_for(world, persona).post(f"/nhiem-vu/bao-cao/{world['sub_a'].pk}/xem-xet/",
                                               {"decision": "accept"})
    assert response.status_code == expected
    world["sub_a"].refresh_from_db()
    assert world["sub_a"].state == ("accepted" if expected == 302 else "pending")


def test_admin_is_for_administrators_only(world, registry):
    admin = factory.user("root", role="admin", unit=registry["centre"])
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(world["users"]["monitor"])
    assert client.get("/quan-tri/").status_code == 302
    client.force_login(admin)
    assert client.get("/quan-tri/").status_code == 200


def test_submit_form_errors_are_shown_in_vietnamese_with_400(world):
    client = client_for(world, "officer_a")
    response = client.post(f"/nhiem-vu/{world['assignment_a'].pk}/gui/",
                           {"kind": "plan_issued", "doc_number": "", "doc_date": "32/13/2021"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Cần ghi số văn bản kế hoạch" in body and "Ngày không hợp lệ" in body


def test_bad_attachment_through_the_page_is_a_400_with_a_message(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world, "officer_a").post(
        f"/nhiem-vu/{world['assignment_a'].pk}/gui/",
        {"kind": "completion_report", "text": "x", "files": [SimpleUploadedFile("x.pdf", b"not a pdf at all")]})
    assert response.status_code == 400
    assert "không phải PDF, DOCX hoặc XLSX" in response.content.decode()


def test_impossible_date_on_the_program_page_is_a_400_with_a_message(world):
    response = client_for(world, "monitor").get(f"/van-ban/{world['program'].pk}/?ngay=31/02/2021")
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()


def test_login_page_and_wrong_password(db):
    client = Client()
    assert client.get("/tai-khoan/dang-nhap/").status_code == 200
    response = client.post("/tai-khoan/dang-nhap/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_passwords_are_hashed_with_argon2id(argon2, registry):
    user = factory.user("hashed", role="officer", unit=registry["hanoi"])
    assert user.password.startswith("argon2$argon2id$")


def test_task_page_shows_done_over_total_and_the_units_not_done(world):
    client = client_for(world, "monitor")
    waiting = client.get(f"/van-ban/nhiem-vu/{world['task_a'].pk}/").content.decode()
    assert '<div class="kpi" id="done-count">0/1</div>' in waiting and "Đã gửi, chờ xem xét" in waiting
    submissions.submission_accept(submission=world["sub_a"], by=world["users"]["monitor"])
    page = client.get(f"/van-ban/nhiem-vu/{world['task_a'].pk}/")  # the submission is dated today
    assert page.context["total"] == 1
    assert '<div class="kpi" id="done-count">1/1</div>' in page.content.decode()
