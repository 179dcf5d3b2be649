import datetime as dt

import pytest
import time_machine
from icalendar import Calendar

from dondoc.directives.models import Assignment
from dondoc.reminders.delivery import deliveries_process
from dondoc.reminders.models import Delivery, DeliveryState, Digest, ExtensionRequest
from dondoc.reminders.sweep import sweep_run
from dondoc.tests import factory

DAY = dt.date(2021, 11, 26)


def login(client, user):
    client.login(username=user.username, password=factory.PASSWORD)
    return client


def test_inbox_shows_a_person_only_their_own_digests(client, tasks, officer, outsider):
    sweep_run(day=DAY)
    mine = Digest.objects.get(user=officer)
    theirs = Digest.objects.get(user=outsider)
    login(client, officer)
    page = client.get("/nhac-viec/")
    assert mine.subject in page.content.decode()
    assert client.get(f"/nhac-viec/{mine.pk}/").status_code == 200
    assert client.get(f"/nhac-viec/{theirs.pk}/").status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_an_undeliverable_message_is_marked_failed_shown_to_the_monitor_and_can_be_sent_again(
        client, tasks, officer, outsider, monitor, leader, smtp):
    smtp.sink.refuse.add(outsider.email)
    sweep_run(day=DAY)
    deliveries_process(worker="w")
    failed = Delivery.objects.get(to=outsider.email)
    assert failed.state == DeliveryState.FAILED and "550" in failed.last_error
    for persona in (officer, leader):
        assert login(client, persona).get("/nhac-viec/thu-di/").status_code == 404
    page = login(client, monitor).get("/nhac-viec/thu-di/?trang-thai=failed")
    assert page.status_code == 200 and outsider.email in page.content.decode()
    assert login(client, officer).post(f"/nhac-viec/thu-di/{failed.pk}/gui-lai/").status_code == 404
    smtp.sink.refuse.clear()
    login(client, monitor).post(f"/nhac-viec/thu-di/{failed.pk}/gui-lai/")
    deliveries_process(worker="w")
    failed.refresh_from_db()
    assert failed.state == DeliveryState.SENT
    assert [m["To"] for m in smtp.sink.messages].count(outsider.email) == 1


def test_officer_requests_an_extension_and_the_monitor_grants_it(client, tasks, officer, outsider, monitor):
    a = tasks["soon"].assignments.get(unit=officer.unit)
    assert login(client, outsider).get(f"/nhac-viec/nhiem-vu/{a.pk}/xin-gia-han/").status_code == 404
    response = login(client, officer).post(f"/nhac-viec/nhiem-vu/{a.pk}/xin-gia-han/",
                                           {"requested_due": "15/12/2021", "reason": "Chờ số liệu"})
    assert response.status_code == 302
    ext = ExtensionRequest.objects.get(assignment=a)
    assert login(client, officer).post(f"/nhac-viec/gia-han/{ext.pk}/", {"decision": "grant"}).status_code == 404
    login(client, monitor).post(f"/nhac-viec/gia-han/{ext.pk}/", {"decision": "grant"})
    a.refresh_from_db()
    assert (a.due_on, a.extensions) == (dt.date(2021, 12, 15), 1)
    # The new deadline feeds the reminders: nothing due for Hà Nội's 2.3 on 26/11 any more.
    result = sweep_run(day=DAY)
    assert all(i.assignment_id != a.pk for p in result.planned for i in p.items)


def test_extension_requests_are_limited_to_two_and_bad_input_is_refused(client, tasks, officer, monitor):
    a = tasks["soon"].assignments.get(unit=officer.unit)
    url = f"/nhac-viec/nhiem-vu/{a.pk}/xin-gia-han/"
    login(client, officer)
    bad = client.post(url, {"requested_due": "31/02/2021", "reason": "x"})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    early = client.post(url, {"requested_due": "01/11/2021", "reason": "x"})
    assert early.status_code == 400 and "phải sau hạn hiện tại" in early.content.decode()
    for due in ("10/12/2021", "20/12/2021"):
        assert client.post(url, {"requested_due": due, "reason": "Chờ số liệu"}).status_code == 302
        ext = ExtensionRequest.objects.get(assignment=a, state="pending")
        login(client, monitor).post(f"/nhac-viec/gia-han/{ext.pk}/", {"decision": "refuse", "comment": "Không"})
        login(client, officer)
    third = client.post(url, {"requested_due": "30/12/2021", "reason": "Lần ba"})
    assert third.status_code == 400 and "tối đa 2 lần" in third.content.decode()
    refused_without_reason = ExtensionRequest.objects.filter(assignment=a).count()
    assert refused_without_reason == 2


def test_refusing_an_extension_needs_a_reason(client, tasks, officer, monitor):
    a = tasks["soon"].assignments.get(unit=officer.unit)
    login(client, officer).post(f"/nhac-viec/nhiem-vu/{a.pk}/xin-gia-han/",
                                {"requested_due": "10/12/2021", "reason": "Chờ số liệu"})
    ext = ExtensionRequest.objects.get()
    response = login(client, monitor).post(f"/nhac-viec/gia-han/{ext.pk}/", {"decision": "refuse"}, follow=True)
    assert "Cần nêu lý do khi không đồng ý gia hạn." in response.content.decode()
    ext.refresh_from_db()
    assert ext.state == "pending"


@time_machine.travel(dt.datetime(2021, 11, 20, 9, tzinfo=dt.UTC), tick=False)
def test_calendar_feed_lists_the_units_deadlines_and_can_be_revoked(client, tasks, officer, outsider):
    page = login(client, officer).get("/nhac-viec/lich/")
    url = page.context["feed_url"]
    path = url.split("testserver")[-1]
    client.logout()
    feed = client.get(path, HTTP_HOST="testserver")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    mine = Assignment.objects.filter(unit=officer.unit)
    assert {str(e["UID"]).split("@")[0] for e in events} == {f"assignment-{a.pk}" for a in mine}
    assert all("Đà Nẵng" not in str(e["SUMMARY"]) for e in events)
    login(client, officer).post("/nhac-viec/lich/")
    client.logout()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/nhac-viec/", "/nhac-viec/gia-han/", "/nhac-viec/lich/", "/nhac-viec/thu-di/"])
def test_pages_need_a_login(client, path):
    assert client.get(path).status_code == 302


def test_grassroots_reminders_go_to_the_officers_of_the_union_above(tasks, registry, officer, monitor):
    from dondoc.directives import services as directives
    from dondoc.lib import calendar as cal

    directives.task_create(document=tasks["soon"].document, ref="5", title="Việc của công đoàn cơ sở",
                           deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 30),
                           lead_units=[registry["hanoi_grass"]])
    result = sweep_run(day=DAY)
    mine = next(p for p in result.planned if p.user == officer)
    assert "5 Việc của công đoàn cơ sở" in [i.task for i in mine.items]
    assert all(not i.orphan for i in mine.items)
