"""Correcting documents and tasks from their pages: optimistic locking, deadlines moved, audited, permitted."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from dondoc.directives.models import Document, Task
from dondoc.tests import factory

pytestmark = pytest.mark.django_db


def _document_form(document: Document, **changes) -> dict:
    data = {"version": document.version, "number": document.number, "kind": document.kind,
            "date": f"{document.date:%d/%m/%Y}", "issuer": document.issuer_id or "",
            "issuer_name": document.issuer_name, "title": document.title, "signer": document.signer,
            "signer_title": document.signer_title, "is_program": "on" if document.is_program else ""}
    return {k: v for k, v in (data | changes).items() if v is not None}


def _task_form(task: Task, **changes) -> dict:
    data = {"version": task.version, "ref": task.ref, "title": task.title, "action": task.action,
            "lead_text": task.lead_text, "report_to_text": task.report_to_text, "deadline_kind": task.deadline_kind,
            "deadline_date": f"{task.deadline_date:%d/%m/%Y}" if task.deadline_date else "",
            "deadline_text": task.deadline_text, "withdrawn": "on" if task.withdrawn else "",
            "lead_units": list(task.lead_units.values_list("pk", flat=True))}
    return {k: v for k, v in (data | changes).items() if v is not None}


def test_monitor_corrects_a_document_and_its_history_shows_the_change(client, monitor, program):
    document = program["document"]
    client.force_login(monitor)
    page = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert f"/van-ban/{document.pk}/sua/" in page
    form = client.get(f"/van-ban/{document.pk}/sua/").content.decode()
    assert document.title in form and 'name="version"' in form
    response = client.post(f"/van-ban/{document.pk}/sua/", _document_form(
        document, title="Chương trình hành động thực hiện Nghị quyết 02-NQ/TW (sửa)", signer="Nguyễn Đình Khang"))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title.endswith("(sửa)") and document.signer == "Nguyễn Đình Khang" and document.version == 2
    shown = client.get(f"/van-ban/{document.pk}/").content.decode()
    assert "Đã lưu văn bản" in shown and "Nguyễn Đình Khang" in shown
    content_type = ContentType.objects.get_for_model(Document)
    history = client.get(f"/nhat-ky/?loai={content_type.pk}&doi-tuong={document.pk}").content.decode()
    assert "(sửa)" in history and "Nguyễn Đình Khang" in history
    other = factory.document(number="99/KH-TLĐ", title="Một văn bản khác")
    assert other.title not in client.get(f"/nhat-ky/?loai={content_type.pk}&doi-tuong={document.pk}").content.decode()


def test_a_new_issuer_brings_its_name_unless_a_name_is_typed(client, monitor, program, registry):
    document = program["document"]
    client.force_login(monitor)
    client.post(f"/van-ban/{document.pk}/sua/", _document_form(document, issuer=registry["tg"].pk))
    document.refresh_from_db()
    assert document.issuer == registry["tg"] and document.issuer_name == registry["tg"].name
    client.post(f"/van-ban/{document.pk}/sua/", _document_form(document, issuer="", issuer_name="Bộ Chính trị"))
    document.refresh_from_db()
    assert document.issuer is None and document.issuer_name == "Bộ Chính trị"


def test_of_two_editors_from_the_same_version_the_second_is_told_and_saves_nothing(client, monitor, program):
    document = program["document"]
    client.force_login(monitor)
    stale = _document_form(document, title="Trích yếu của người thứ hai")
    assert client.post(f"/van-ban/{document.pk}/sua/",
                       _document_form(document, title="Trích yếu của người thứ nhất")).status_code == 302
    response = client.post(f"/van-ban/{document.pk}/sua/", stale)
    assert response.status_code == 409
    assert "vừa được người khác sửa" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Trích yếu của người thứ nhất" and document.version == 2


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "bắt buộc"),
    ({"date": "31/02/2022"}, "Ngày không hợp lệ"),
    ({"version": "abc"}, "Hãy tải lại trang"),
    ({"number": "x" * 101}, "tối đa 100 kí tự"),
])
def test_bad_document_edits_are_a_400_and_change_nothing(client, monitor, program, changes, message):
    document = program["document"]
    client.force_login(monitor)
    response = client.post(f"/van-ban/{document.pk}/sua/", _document_form(document, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    document.refresh_from_db()
    assert document.version == 1 and document.title


def test_a_duplicate_number_is_refused_on_edit(client, monitor, program):
    factory.document(number="15/KH-TLĐ", date=program["document"].date, title="Kế hoạch")
    client.force_login(monitor)
    response = client.post(f"/van-ban/{program['document'].pk}/sua/",
                           _document_form(program["document"], number="15/KH-TLĐ"))
    assert response.status_code == 400 and "Đã có văn bản số 15/KH-TLĐ" in response.content.decode()


def test_a_new_deadline_moves_the_units_not_done_but_not_the_extended_or_the_finished(client, monitor, program):
    task = program["plan"]  # every direct unit, no deadline yet
    assignments = list(task.assignments.order_by("unit__path"))
    finished, extended, *open_ = assignments
    finished.done_on = dt.date(2021, 11, 20)
    finished.save()
    extended.due_on, extended.extensions = dt.date(2022, 1, 14), 1
    extended.save()
    client.force_login(monitor)
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/",
                           _task_form(task, deadline_kind="month", deadline_date="01/12/2021"), follow=True)
    assert response.status_code == 200
    assert f"Đã chuyển hạn của {len(open_)} đơn vị chưa hoàn thành" in response.content.decode()
    task.refresh_from_db()
    assert (task.deadline_kind, task.deadline_date, task.version) == ("month", dt.date(2021, 12, 31), 2)
    assert {a.due_on for a in task.assignments.filter(pk__in=[a.pk for a in open_])} == {dt.date(2021, 12, 31)}
    finished.refresh_from_db(), extended.refresh_from_db()
    assert finished.due_on is None and extended.due_on == dt.date(2022, 1, 14)
    assert "đến 31/12/2021" in client.get(f"/van-ban/nhiem-vu/{task.pk}/").content.decode()


def test_a_deadline_falling_on_a_day_off_moves_to_the_next_working_day_and_old_words_go(client, monitor, program):
    task = program["dated"]
    task.deadline_text = "trước ngày 30/11/2021"
    task.save()
    client.force_login(monitor)
    client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(task, deadline_date="11/12/2021"))  # a Saturday
    task.refresh_from_db()
    assert task.deadline_date == dt.date(2021, 12, 11) and task.deadline_text == ""
    assert list(task.assignments.values_list("due_on", flat=True)) == [dt.date(2021, 12, 13)]


def test_a_wording_fix_leaves_the_deadlines_alone(client, monitor, program):
    task = program["dated"]
    task.assignments.update(due_on=dt.date(2021, 12, 15), extensions=1)
    client.force_login(monitor)
    assert client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/",
                       _task_form(task, title="Gửi kế hoạch tiến độ (đã sửa)")).status_code == 302
    task.refresh_from_db()
    assert task.title.endswith("(đã sửa)") and task.deadline_date == dt.date(2021, 11, 30)
    assert list(task.assignments.values_list("due_on", flat=True)) == [dt.date(2021, 12, 15)]


def test_a_withdrawn_task_is_marked_on_its_pages(client, monitor, program):
    task = program["dated"]
    client.force_login(monitor)
    assert client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(task, withdrawn="on")).status_code == 302
    task.refresh_from_db()
    assert task.withdrawn
    assert "đã thu hồi" in client.get(f"/van-ban/{task.document_id}/").content.decode()
    assert "đã thu hồi" in client.get(f"/van-ban/nhiem-vu/{task.pk}/").content.decode()


def test_a_recurring_task_keeps_its_cycle_deadlines(client, monitor, program, registry):
    from dondoc.directives import services

    task = services.task_create(document=program["document"], ref="3", title="Báo cáo 6 tháng",
                                lead_units=[registry["hanoi"]], deadline_kind="recurring", recurrence_months=6)
    dues = sorted(task.assignments.values_list("due_on", flat=True))
    client.force_login(monitor)
    form = client.get(f"/van-ban/nhiem-vu/{task.pk}/sua/").content.decode()
    assert 'name="deadline_date"' not in form and "theo chu kỳ báo cáo" in form
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/",
                           _task_form(task, title="Báo cáo sơ kết 6 tháng", deadline_date="01/01/2022"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title == "Báo cáo sơ kết 6 tháng" and task.deadline_kind == "recurring"
    assert sorted(task.assignments.values_list("due_on", flat=True)) == dues


@pytest.mark.parametrize(("changes", "message"), [
    ({"deadline_kind": "date", "deadline_date": ""}, "Cần nhập thời hạn"),
    ({"deadline_kind": "recurring"}, "không phải là một trong các lựa chọn"),
    ({"title": ""}, "bắt buộc"),
])
def test_bad_task_edits_are_a_400_and_change_nothing(client, monitor, program, changes, message):
    task = program["dated"]
    client.force_login(monitor)
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(task, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    task.refresh_from_db()
    assert task.version == 1 and task.deadline_date == dt.date(2021, 11, 30)


@pytest.mark.parametrize("who", ["officer", "leader", "outsider"])
def test_only_the_monitor_edits(client, request, program, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    document, task = program["document"], program["dated"]
    assert client.get(f"/van-ban/{document.pk}/sua/").status_code == 404
    assert client.post(f"/van-ban/{document.pk}/sua/", _document_form(document, title="x")).status_code == 404
    assert client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(task, withdrawn="on")).status_code == 404
    document.refresh_from_db(), task.refresh_from_db()
    assert document.version == 1 and task.version == 1 and not task.withdrawn
    assert "/sua/" not in client.get(f"/van-ban/{document.pk}/").content.decode()


def test_units_added_get_the_task_and_units_removed_lose_it(client, monitor, program, registry):
    task = program["dated"]  # Ban Tuyên giáo alone
    client.force_login(monitor)
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(
        task, lead_units=[registry["toc"].pk, registry["hanoi"].pk]), follow=True)
    assert "Giao thêm 2, bỏ 1 đơn vị." in response.content.decode()
    assert sorted(task.assignments.values_list("unit__code", "due_on")) == [
        ("ldld-ha-noi", dt.date(2021, 11, 30)), ("vgcl-toc", dt.date(2021, 11, 30))]
    content_type = ContentType.objects.get_for_model(Task)
    history = client.get(f"/nhat-ky/?loai={content_type.pk}&doi-tuong={task.pk}").content.decode()
    assert "thêm: " in history and "Liên đoàn Lao động thành phố Hà Nội" in history
    assert "bỏ: Ban Tuyên giáo Tổng Liên đoàn Lao động Việt Nam" in history


def test_a_unit_that_has_sent_something_is_not_removed(client, monitor, program, registry):
    from dondoc.submissions.services import submission_create

    task = program["dated"]
    officer = factory.user("officer_tg", role="officer", unit=registry["tg"])
    submission_create(assignment=task.assignments.get(), kind="progress_plan", by=officer, text="Kế hoạch tiến độ",
                      leader="Phó Trưởng ban", staff="Chuyên viên")
    client.force_login(monitor)
    response = client.post(f"/van-ban/nhiem-vu/{task.pk}/sua/", _task_form(task, lead_units=[registry["toc"].pk]))
    assert response.status_code == 400
    assert "Không bỏ được đơn vị đã gửi báo cáo" in response.content.decode()
    assert list(task.assignments.values_list("unit__code", flat=True)) == ["vgcl-tg"]
    task.refresh_from_db()
    assert list(task.lead_units.values_list("code", flat=True)) == ["vgcl-tg"] and task.version == 1
