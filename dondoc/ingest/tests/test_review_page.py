"""The review page: upload a directive, check the proposed tasks, confirm, and the tasks are assigned."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dondoc.core.demo import load_registry
from dondoc.directives.models import Assignment, Document, Task
from dondoc.ingest.models import Draft
from dondoc.tests import factory

pytestmark = pytest.mark.django_db
SEED = Path(__file__).parent / "documents" / "tb-462-tld-2021.txt"  # a copy of the published notice


def seed_docx() -> bytes:
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return factory.docx_bytes(*lines)


@pytest.fixture
def monitor_client(db):
    load_registry()
    from dondoc.units.models import Unit

    user = factory.user("tg", role="monitor", unit=Unit.objects.get(code="vgcl-tg"))
    client = Client()
    client.force_login(user)
    return client


def confirm_payload(page_context) -> dict:
    """What the browser would post back: every field as rendered, unchanged."""
    data = {}
    for form in [page_context["header"], page_context["formset"].management_form, *page_context["formset"].forms]:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)
    return data


def test_seed_notice_as_docx_becomes_tasks_3_1_to_3_3(monitor_client):
    response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile("tb-462.docx", seed_docx())})
    assert response.status_code == 302
    page = monitor_client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert '<mark id="task-' in body and "462/TB-TLĐ" in body
    data = confirm_payload(page.context)
    data["doc-title"] = data.get("doc-title") or "Kết luận cuộc họp đôn đốc triển khai Chương trình 02/CTr-BCH"
    response = monitor_client.post(response["Location"], data)
    if response.status_code != 302:
        ctx = response.context
        raise AssertionError([ctx["header"].errors, ctx["formset"].non_form_errors(), [(f.prefix, f.errors) for f in ctx["formset"].forms if f.errors]])
    document = Document.objects.get(number="462/TB-TLĐ")
    assert document.date == dt.date(2021, 11, 16)

    def task(ref):
        return Task.objects.get(document=document, ref=ref)

    assert [a.unit.code for a in task("3.1").assignments.all()] == ["vgcl-tg"]
    assert task("3.1").deadline_date == dt.date(2021, 12, 10)
    assert [a.unit.code for a in task("3.2").assignments.all()] == ["vgcl-toc"]
    assert (task("3.2").deadline_kind, task("3.2").deadline_date) == ("month", dt.date(2021, 12, 31))
    assert [a.unit.code for a in task("3.3").assignments.all()] == ["vgcl-vien-cncd"]
    assert Assignment.objects.get(task=task("3.3")).due_on == dt.date(2021, 12, 31)
    assert {link.number for link in document.links.all()} >= {"02-NQ/TW"}
    assert Draft.objects.get().state == "confirmed"
    # 2.3: the progress plans are reported to the standing presidium and sent to the Propaganda Department
    plans = Task.objects.get(document=document, ref="2.3", deadline_kind="date")
    assert set(plans.report_to.values_list("code", flat=True)) == {"vgcl-ttdct", "vgcl-tg"}
    # 2.4: a 6-monthly report, and the monitor reporting to the standing presidium
    six_monthly = Task.objects.get(document=document, ref="2.4", deadline_kind="recurring")
    assert six_monthly.recurrence_months == 6
    monitor = Task.objects.get(document=document, ref="2.4", deadline_kind="ongoing")
    assert list(monitor.report_to.values_list("code", flat=True)) == ["vgcl-ttdct"]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("x.docx", b"PK\x03\x04 not really a docx", ""),
    ("x.pdf", b"%PDF-1.4 truncated", ""),
    ("x.exe", b"MZ\x90\x00\x03", ""),
    ("empty.txt", b"", ""),
])
def test_bad_files_get_a_message_and_create_nothing(monitor_client, name, data, message):
    response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile(name, data)})
    if response.status_code == 302:  # read in the request: the draft shows the reason
        page = monitor_client.get(response["Location"])
        assert page.status_code == 422
        assert page.context["draft"].error
    else:
        assert response.status_code == 400
    assert not Document.objects.exists() and not Task.objects.exists()


def test_unticked_proposals_are_not_created_and_nothing_ticked_is_refused(monitor_client):
    response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile("tb.txt", SEED.read_bytes())})
    page = monitor_client.get(response["Location"])
    data = confirm_payload(page.context)
    data["doc-title"] = data.get("doc-title") or "Kết luận cuộc họp"
    for key in [k for k in data if k.endswith("-include")]:
        del data[key]
    response = monitor_client.post(response["Location"], data)
    assert response.status_code == 400
    assert "Chọn ít nhất một nhiệm vụ" in response.content.decode()
    assert not Document.objects.exists()


def test_officers_and_leaders_cannot_use_the_reader(registry, officer, leader):
    for user in (officer, leader):
        client = Client()
        client.force_login(user)
        assert client.get("/doc-van-ban/").status_code == 404


def test_a_long_file_is_read_in_the_background_while_the_page_shows_progress(monitor_client, monkeypatch,
                                                                            django_capture_on_commit_callbacks):
    from dondoc.ingest import services

    monkeypatch.setattr(services, "INLINE_BYTES", 100)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile("tb.docx", seed_docx())})
    assert len(callbacks) == 1  # queued for the worker, not read in the request
    waiting = monitor_client.get(response["Location"])
    assert waiting.status_code == 200 and 'hx-trigger="every 1s"' in waiting.content.decode()
    services.draft_read(draft_id=Draft.objects.get().pk)  # what the worker does
    poll = monitor_client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"
    ready = monitor_client.get(response["Location"])
    assert "Xác nhận và giao nhiệm vụ" in ready.content.decode()


def test_a_periodic_duty_keeps_its_cycle_due_day_and_report_to_and_an_unnamed_cycle_must_be_chosen(monitor_client):
    letter = (Path(__file__).parent / "documents" / "periodic.txt").read_bytes()
    response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile("cv-212.txt", letter)})
    review = response["Location"]
    page = monitor_client.get(review)
    forms = {f.initial["ref"]: f for f in page.context["formset"].forms}
    monthly = forms["1"]
    assert monthly.initial["deadline_kind"] == "recurring"
    assert (monthly.initial["recurrence_months"], monthly.initial["recurrence_due_day"]) == (1, 25)
    assert monthly.initial["lead_group"] == "provincial_federations"
    # "định kỳ" alone names no cycle: the page proposes none, and confirming without one is refused
    assert forms["3"].initial["recurrence_months"] is None
    data = confirm_payload(page.context)
    response = monitor_client.post(review, data)
    assert response.status_code == 400
    assert "Nhiệm vụ định kỳ cần chu kỳ báo cáo." in response.content.decode()
    assert not Task.objects.exists()
    data[f"{forms['3'].prefix}-recurrence_months"] = "3"
    response = monitor_client.post(review, data)
    assert response.status_code == 302
    tasks = {t.ref: t for t in Task.objects.filter(document__number="212/TLĐ-ToC")}
    assert (tasks["1"].recurrence_months, tasks["1"].recurrence_due_day) == (1, 25)
    assert set(tasks["1"].report_to.values_list("code", flat=True)) == {"vgcl", "vgcl-toc"}
    first = tasks["1"].assignments.order_by("period_index").first()
    assert first.due_on.day == 25 or first.due_on.weekday() == 0  # the 25th, or the Monday after it
    assert (tasks["2"].deadline_kind, tasks["2"].deadline_date) == ("date", dt.date(2026, 6, 15))
    assert list(tasks["2"].report_to.values_list("code", flat=True)) == ["vgcl-toc"]
    assert tasks["3"].recurrence_months == 3
    assert list(tasks["3"].report_to.values_list("code", flat=True)) == ["vgcl-ttdct"]


def test_a_start_only_period_is_proposed_as_a_standing_duty_from_that_day(monitor_client):
    text = ("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM\nSố: 30/TB-TLĐ\nHà Nội, ngày 02 tháng 6 năm 2026\n\nTHÔNG BÁO\n"
            "Kết luận về cập nhật dữ liệu đoàn viên\n\n"
            "1. Ban Tổ chức cập nhật dữ liệu đoàn viên trên phần mềm quản lý từ tháng 7/2026 trở đi.\n")
    response = monitor_client.post("/doc-van-ban/", {"file": SimpleUploadedFile("tb-30.txt", text.encode())})
    page = monitor_client.get(response["Location"])
    (form,) = page.context["formset"].forms
    assert (form.initial["deadline_kind"], form.initial["starts_on"]) == ("ongoing", "01/07/2026")
    data = confirm_payload(page.context)
    assert monitor_client.post(response["Location"], data).status_code == 302
    task = Task.objects.get(document__number="30/TB-TLĐ")
    assert (task.deadline_kind, task.assigned_on) == ("ongoing", dt.date(2026, 7, 1))
    assert [a.unit.code for a in task.assignments.all()] == ["vgcl-toc"]
