"""Who is told of what, once: a new task, a review, an extension decision, an urging letter, a submission
waiting for review; in the application and, for those who want it, by e-mail through the outbox."""

import datetime as dt

import pytest
from django.core import mail

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.notifications import services
from dondoc.notifications.models import EmailState, Kind, Notification
from dondoc.paperwork import services as paperwork
from dondoc.reminders import services as reminders
from dondoc.reminders.delivery import deliveries_process, notification_emails_enqueue
from dondoc.reminders.models import Delivery, DeliveryState
from dondoc.reminders.sweep import sweep_run
from dondoc.reminders.tests.smtp import SmtpServer
from dondoc.submissions import services as submissions
from dondoc.tests import factory

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 11, 9)


def told(user, kind=None):
    qs = Notification.objects.filter(user=user)
    return list(qs.filter(kind=kind) if kind else qs)


def task_for(units, **extra):
    doc = factory.document("10/KH-TLĐ", dt.date(2021, 10, 1), title="Kế hoạch thí điểm")
    extra.setdefault("deadline_kind", cal.DATE)
    extra.setdefault("deadline_date", dt.date(2021, 12, 15))
    return directives.task_create(document=doc, ref="1", title="Báo cáo kết quả thí điểm", lead_units=units, **extra)


def test_a_new_task_tells_the_officers_of_each_unit_once(registry, officer, outsider, monitor):
    task = task_for([registry["hanoi"], registry["hanoi_grass"]])
    [note] = told(officer, Kind.ASSIGNED)
    # Hà Nội and its grassroots union (which has no accounts) are told together, to Hà Nội's officer.
    assert note.title == "Nhiệm vụ mới: 1 Báo cáo kết quả thí điểm"
    assert "Công đoàn cơ sở Công ty A" in note.body and "LĐLĐ Hà Nội" in note.body and "Hạn: 15/12/2021" in note.body
    assert note.url == "/nhiem-vu/" and note.read_at is None
    assert told(outsider) == [] and told(monitor) == []
    # Creating the missing assignments again tells nobody again.
    assert directives.assignments_create(task=task, notify=True) == 0
    assert len(told(officer)) == 1


def test_a_unit_added_to_a_task_is_told_and_its_assignment_is_linked(registry, officer, outsider):
    task = task_for([registry["hanoi"]])
    from dondoc.directives.editing import task_update

    task_update(task=task, version=task.version, lead_units=[registry["hanoi"], registry["danang"]])
    [note] = told(outsider, Kind.ASSIGNED)
    assignment = task.assignments.get(unit=registry["danang"])
    assert note.url == f"/nhiem-vu/{assignment.pk}/"
    assert len(told(officer, Kind.ASSIGNED)) == 1  # Hà Nội already had it


def test_a_submission_waits_for_the_monitor_and_its_review_goes_back_to_the_unit(registry, officer, outsider,
                                                                                  monitor, leader):
    assignment = task_for([registry["hanoi"]]).assignments.get()
    sent = submissions.submission_create(assignment=assignment, kind="completion_report", by=officer,
                                         text="Đã hoàn thành")
    [waiting] = told(monitor, Kind.SUBMITTED)
    assert waiting.title.startswith("LĐLĐ Hà Nội đã gửi báo cáo hoàn thành: 1 Báo cáo kết quả thí điểm")
    assert waiting.url == f"/nhiem-vu/{assignment.pk}/#bao-cao-{sent.pk}"
    assert told(leader) == []

    submissions.submission_return(submission=sent, by=monitor, comment="Thiếu số liệu quý IV")
    [returned] = told(officer, Kind.RETURNED)
    assert returned.title.startswith("Bị trả lại, cần gửi lại") and returned.body == "Ý kiến: Thiếu số liệu quý IV"
    again = submissions.submission_create(assignment=assignment, kind="completion_report", by=officer,
                                          text="Đã bổ sung", resubmission_of=sent)
    submissions.submission_accept(submission=again, by=monitor)
    [accepted] = told(officer, Kind.ACCEPTED)
    assert accepted.title.startswith("Đã chấp nhận: 1 Báo cáo kết quả thí điểm")
    assert len(told(monitor, Kind.SUBMITTED)) == 2
    assert told(outsider) == [n for n in told(outsider) if n.kind == Kind.ASSIGNED] == []


def test_an_extension_request_and_its_decision_are_told(registry, officer, monitor):
    assignment = task_for([registry["hanoi"]]).assignments.get()
    request = reminders.extension_request_create(assignment=assignment, requested_due=dt.date(2022, 1, 14),
                                                 reason="Chờ số liệu của các công đoàn cơ sở", by=officer)
    [asked] = told(monitor, Kind.EXTENSION_REQUESTED)
    assert "đề nghị gia hạn đến 14/01/2022" in asked.title and asked.url == "/nhac-viec/gia-han/"
    reminders.extension_decide(request=request, grant=True, by=monitor)
    [decided] = told(officer, Kind.EXTENSION_DECIDED)
    assert decided.title.startswith("Đồng ý gia hạn đến 14/01/2022")
    assert told(monitor, Kind.EXTENSION_DECIDED) == []  # the one who decided is not told of it


def test_an_urging_letter_tells_the_late_units(registry, program, officer, outsider, monitor,
                                               django_capture_on_commit_callbacks):
    # Hà Nội sent its plan, Đà Nẵng did not: the letter urges Đà Nẵng (and the other late units) only.
    hanoi = program["plan"].assignments.get(unit=registry["hanoi"])
    submissions.submission_create(assignment=hanoi, kind="plan_issued", by=officer, doc_number="5/KH-LĐLĐ",
                                  doc_date=dt.date(2021, 8, 2), text="Kế hoạch")
    with django_capture_on_commit_callbacks(execute=False):
        paper = paperwork.urge_issue(program=program["document"], as_of=DAY, date=DAY, by=monitor)
    [note] = told(outsider, Kind.URGED)
    assert note.title == f"Công văn đôn đốc số {paper.number} ngày 09/11/2021: 02/CTr-BCH"
    assert "1 Ban hành kế hoạch triển khai" in note.body and "Hạn mới:" in note.body
    assert told(officer, Kind.URGED) == []


def test_a_note_is_emailed_exactly_once_through_the_outbox(registry, officer, outsider, settings):
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    try:
        services.preference_save(user=outsider, email_on=[])  # Đà Nẵng's officer wants no e-mail
        task_for([registry["hanoi"], registry["danang"]])
        mine, theirs = told(officer)[0], told(outsider)[0]
        assert (mine.email, theirs.email) == (EmailState.PENDING, EmailState.NONE)
        assert notification_emails_enqueue() == 1
        assert notification_emails_enqueue() == 0  # a second worker pass adds nothing
        assert deliveries_process(worker="test") == 1 and deliveries_process(worker="test") == 0
        [sent] = server.sink.messages
        assert sent["To"] == officer.email and sent["Subject"].strip() == f"[dondoc] {mine.title}"
        body = sent.get_body(("plain",)).get_content()
        assert "Xem chi tiết: http://127.0.0.1:8000/nhiem-vu/" in body and "Hạn: 15/12/2021" in body
        assert Delivery.objects.get().state == DeliveryState.SENT
        mine.refresh_from_db()
        assert mine.email == EmailState.QUEUED
    finally:
        server.stop()


def test_turning_the_daily_email_off_keeps_the_digest_in_the_application(registry, officer):
    from dondoc.reminders.services import rules_defaults_ensure

    rules_defaults_ensure()
    task_for([registry["hanoi"]], deadline_date=dt.date(2021, 11, 30))
    services.preference_save(user=officer, email_on=[k for k, _ in services.email_choices() if k != "digest"])
    result = sweep_run(day=dt.date(2021, 11, 30))
    assert [p.user for p in result.planned] == [officer]
    assert officer.digests.count() == 1 and not Delivery.objects.filter(digest__isnull=False).exists()
    assert mail.outbox == []


def test_the_bell_counts_unread_notes_and_digests_and_opening_one_reads_it(client, registry, officer):
    task_for([registry["hanoi"]])
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert 'id="bell-count">1<' in page
    note = told(officer)[0]
    response = client.get(f"/thong-bao/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == note.url
    assert 'id="bell-count"' not in client.get("/").content.decode()
    listing = client.get("/thong-bao/").content.decode()
    assert note.title in listing


def test_the_bell_stops_counting_at_the_cap_and_says_so(client, registry, officer, monkeypatch):
    """The menu is on every page: its counts read at most cap + 1 rows and show "cap+" beyond."""
    from dondoc.core import home

    monkeypatch.setattr(home, "MENU_CAP", 2)
    doc = factory.document("11/KH-TLĐ", dt.date(2021, 10, 1), title="Kế hoạch thí điểm")

    def task(ref: str) -> None:
        directives.task_create(document=doc, ref=ref, title=f"Nhiệm vụ {ref}", lead_units=[registry["hanoi"]],
                               deadline_kind=cal.DATE, deadline_date=dt.date(2021, 12, 15))

    task("1")
    task("2")
    client.force_login(officer)
    assert 'id="bell-count">2<' in client.get("/").content.decode()
    task("3")
    page = client.get("/").content.decode()
    assert 'id="bell-count">2+<' in page and 'data-unread="2+"' in page
    assert len(told(officer)) == 3  # the list itself still has every note


def test_nobody_opens_another_persons_notification(client, registry, officer, outsider):
    task_for([registry["hanoi"]])
    client.force_login(outsider)
    assert client.get(f"/thong-bao/{told(officer)[0].pk}/").status_code == 404
    assert told(officer)[0].read_at is None


def test_email_choices_are_kept_per_person(client, officer, outsider):
    # Đà Nẵng has no unit below it here: its officer reviews nothing.
    client.force_login(outsider)
    page = client.get("/tai-khoan/").content.decode()
    assert "Báo cáo bị trả lại" in page and "Báo cáo mới chờ xem xét" not in page  # reviewers' kinds are not offered
    response = client.post("/tai-khoan/", {"action": "email", "thu-email_on": ["returned", "accepted"]})
    assert response.status_code == 302
    off = services.email_off(outsider)
    assert {"assigned", "digest", "urged", "extension_decided"} <= off
    assert "returned" not in off and "submitted" not in off  # not offered: left on
    # Hà Nội has units below it: its officer reviews what they send for its own plans (not extensions).
    client.force_login(officer)
    page = client.get("/tai-khoan/").content.decode()
    assert "Báo cáo mới chờ xem xét" in page and "Đề nghị gia hạn mới" not in page
