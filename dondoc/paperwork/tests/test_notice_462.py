"""The notice 462/TB-TLĐ's review meeting entered in dondoc: its conclusions 2.1-2.4 and 3.1-3.3 become tracked
duties (groups, deadlines, cycles, the result expected, several bodies to report to); the register continues at
462 after the 461 notices issued on paper; generated documents name what they track by its own kind, number,
date and issuer; the header's lines stay unbroken on the PDF."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import Client

from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Fulfilment, GroupRule, Task
from dondoc.paperwork import services
from dondoc.paperwork.models import IssuedPaper, Register
from dondoc.paperwork.pdf import docx_to_pdf
from dondoc.reminders import services as reminders
from dondoc.reminders.models import Reminder
from dondoc.reminders.sweep import sweep_run
from dondoc.tests import factory
from dondoc.tests.components import require
from dondoc.units.models import UnitKind

from .docx_check import open_docx, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def more_units(registry):
    centre = registry["centre"]
    return {
        "presidium": factory.unit("vgcl-ttdct", "Thường trực Đoàn Chủ tịch Tổng Liên đoàn", UnitKind.LEADERSHIP_BODY,
                                  centre),
        "vien": factory.unit("vgcl-vien-cncd", "Viện Công nhân và Công đoàn", UnitKind.SUBORDINATE, centre),
    }


def _stored(paper) -> bytes:
    with paper.docx.open("rb") as handle:
        return handle.read()


def test_the_notice_462_meeting_reproduces_its_tasks_as_tracked_duties(registry, program, more_units, monitor):
    client = Client()
    client.force_login(monitor)
    # The office issued 461 notices on paper this year: the register continues at 462.
    response = client.post("/phat-hanh/so-dang-ky/", {"purpose": "notice", "year": "2021", "last_number": "461"})
    assert response.status_code == 302
    assert "462" in client.get("/phat-hanh/so-dang-ky/").content.decode()
    response = client.post("/phat-hanh/giao-ban/moi/", {
        "program": program["document"].pk, "date": "10/11/2021", "as_of": "09/11/2021", "chair": "Ngô Duy Hiếu",
        "chair_title": "Phó Chủ tịch Tổng Liên đoàn", "place": "Hà Nội",
        "attendees": "đại diện lãnh đạo Văn phòng, các ban và một số đơn vị trực thuộc"})
    assert response.status_code == 302
    meeting_url = response["Location"]
    tg, toc, vien, presidium = (registry["tg"].pk, registry["toc"].pk, more_units["vien"].pk,
                                more_units["presidium"].pk)
    conclusions = [
        {"ref": "2.1", "text": "Toàn hệ thống tăng cường tuyên truyền, tổ chức học tập, quán triệt Nghị quyết số "
         "02-NQ/TW và Chương trình số 02/Ctr-BCH", "lead_group": GroupRule.DIRECT_UNITS, "deadline_kind": "ongoing"},
        {"ref": "2.2", "text": "Chỉ đạo, đôn đốc 100% công đoàn cấp trên cơ sở trở lên xây dựng kế hoạch, chương "
         "trình hành động ở cấp mình", "lead_group": GroupRule.DIRECT_UNITS, "deadline_kind": "none",
         "fulfilment": Fulfilment.PLAN_ISSUED},
        {"ref": "2.3", "text": "Các ban, đơn vị được giao nhiệm vụ tại Phụ lục phân công lãnh đạo chỉ đạo và cán bộ "
         "trực tiếp tham mưu xây dựng kế hoạch tiến độ triển khai từng nhiệm vụ",
         "lead_group": GroupRule.DEPARTMENTS_AND_SUBORDINATES, "deadline_kind": "date",
         "deadline_date": "30/11/2021", "fulfilment": Fulfilment.PROGRESS_PLAN, "report_to": [presidium, tg]},
        {"ref": "2.4", "text": "Duy trì chế độ giao ban, báo cáo 6 tháng/lần việc triển khai nhiệm vụ của các ban, "
         "đơn vị trực thuộc Tổng Liên đoàn", "lead_group": GroupRule.DEPARTMENTS_AND_SUBORDINATES,
         "deadline_kind": "recurring", "recurrence_months": "6", "fulfilment": Fulfilment.PERIODIC_REPORT,
         "report_to": [presidium, tg], "report_to_text": "Thường trực Đoàn Chủ tịch"},
        {"ref": "3.1", "text": "Giao Ban Tuyên giáo tham mưu nội dung, thời gian làm việc của Đảng đoàn Tổng Liên "
         "đoàn với Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương", "lead_units": [tg],
         "deadline_kind": "date", "deadline_date": "10/12/2021"},
        {"ref": "3.2", "text": "Giao Ban Tổ chức tham mưu nội dung, thời gian làm việc của Đảng đoàn Tổng Liên đoàn "
         "với Ban Tổ chức Trung ương", "lead_units": [toc], "deadline_kind": "month", "deadline_date": "01/12/2021"},
        {"ref": "3.3", "text": "Giao Viện Công nhân và Công đoàn tham mưu nội dung làm việc của Đảng đoàn Tổng Liên "
         "đoàn với Học viện Chính trị Quốc gia Hồ Chí Minh", "lead_units": [vien], "deadline_kind": "month",
         "deadline_date": "01/12/2021"},
    ]
    for data in conclusions:
        response = client.post(meeting_url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(meeting_url).content.decode()
    assert "Báo cáo về:" in page and "định kỳ 6 tháng/lần" in page
    asked = client.post(meeting_url + "ban-hanh/", {"date": "16/11/2021"})
    assert "<strong>462/TB-TLĐ</strong>" in asked.content.decode() and "7" in asked.content.decode()
    response = client.post(meeting_url + "ban-hanh/", {"date": "16/11/2021", "confirm": "1"})
    paper = IssuedPaper.objects.get(purpose="notice")
    assert response.status_code == 302 and paper.number == "462/TB-TLĐ"
    assert Register.objects.get(kind_code="TB", year=2021).last_number == 462
    body = texts(open_docx(_stored(paper)))
    assert any(t.startswith("2.4. Duy trì chế độ giao ban") and "định kỳ 6 tháng/lần" in t for t in body)

    tasks = {t.ref: t for t in Task.objects.filter(document=paper.record).prefetch_related("report_to")}
    assert set(tasks) == {"2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"}
    direct = {registry[k].pk for k in ("hanoi", "danang", "quangnam", "giaoduc")}
    departments = {registry["tg"].pk, registry["toc"].pk, more_units["vien"].pk}

    def units(ref):
        return set(Assignment.objects.filter(task=tasks[ref]).values_list("unit_id", flat=True))

    assert tasks["2.1"].lead_group == GroupRule.DIRECT_UNITS and tasks["2.1"].deadline_kind == "ongoing"
    assert units("2.1") == direct
    assert tasks["2.2"].fulfilment == Fulfilment.PLAN_ISSUED and units("2.2") == direct
    t23 = tasks["2.3"]
    assert t23.fulfilment == Fulfilment.PROGRESS_PLAN and t23.deadline_date == dt.date(2021, 11, 30)
    assert {u.pk for u in t23.report_to.all()} == {presidium, tg} and units("2.3") == departments
    t24 = tasks["2.4"]
    assert t24.is_recurring and t24.recurrence_months == 6 and t24.fulfilment == Fulfilment.PERIODIC_REPORT
    assert {u.pk for u in t24.report_to.all()} == {presidium, tg} and t24.report_to_text == "Thường trực Đoàn Chủ tịch"
    assert units("2.4") == departments
    periods = Assignment.objects.filter(task=t24, unit=registry["tg"]).order_by("period_index")
    assert periods.exists() and all(a.due_on and a.period_label for a in periods)
    for ref, code, deadline in (("3.1", "tg", dt.date(2021, 12, 10)), ("3.2", "toc", dt.date(2021, 12, 31)),
                                ("3.3", None, dt.date(2021, 12, 31))):
        unit_pk = registry[code].pk if code else more_units["vien"].pk
        assignment = Assignment.objects.get(task=tasks[ref])
        assert assignment.unit_id == unit_pk and assignment.due_on == deadline

    # The periodic review is a recurring duty of the monitor's own department, reminded like the others.
    reminders.rules_defaults_ensure()
    first = periods.first()
    sweep_run(day=first.due_on)
    assert Reminder.objects.filter(assignment=first, day=first.due_on).exists()


def test_a_conclusion_refused_for_a_bad_cycle_writes_nothing(registry, program, monitor):
    meeting = services.meeting_create(program=program["document"], date=dt.date(2021, 11, 10), chair="Ngô Duy Hiếu",
                                      chair_title="Phó Chủ tịch", attendees="các ban")
    client = Client()
    client.force_login(monitor)
    response = client.post(f"/phat-hanh/giao-ban/{meeting.pk}/", {
        "ref": "2.4", "text": "Giao ban định kỳ", "lead_group": GroupRule.DEPARTMENTS, "deadline_kind": "recurring"})
    assert response.status_code == 400 and "chu kỳ 1, 3, 6 hoặc 12 tháng" in response.content.decode()
    assert not meeting.conclusions.exists()


def test_a_generated_report_names_the_notice_by_its_kind_number_date_and_issuer(registry, monitor):
    notice = directives.document_create(
        number="462/TB-TLĐ", date=dt.date(2021, 11, 16), kind="TB", issuer=registry["centre"],
        issuer_name="Tổng Liên đoàn Lao động Việt Nam", is_program=True,
        title="Kết luận cuộc họp đôn đốc triển khai Chương trình hành động số 02/CTr-BCH")
    directives.task_create(document=notice, ref="3.1", title="Tham mưu làm việc với Ban Tuyên giáo Trung ương",
                           lead_units=[registry["tg"]], deadline_kind="date", deadline_date=dt.date(2021, 12, 10))
    assert notice.citation == "Thông báo số 462/TB-TLĐ ngày 16/11/2021 của Tổng Liên đoàn Lao động Việt Nam"
    for issue in (services.report_issue, services.urge_issue):
        paper = issue(program=notice, as_of=dt.date(2021, 12, 15), date=dt.date(2021, 12, 15), by=monitor)
        text = "\n".join(texts(open_docx(_stored(paper))))
        assert "Thông báo số 462/TB-TLĐ ngày 16/11/2021 của Tổng Liên đoàn" in text
        assert "Chương trình số 462" not in text and "Ban Chấp hành" not in text


def test_a_register_cannot_be_set_back_below_a_number_already_given(registry, program, monitor):
    services.register_continue(issuer="TLĐ", kind_code="BC", year=2021, last_number=461)
    paper = services.report_issue(program=program["document"], as_of=dt.date(2021, 11, 9),
                                  date=dt.date(2021, 11, 10), by=monitor)
    assert paper.number == "462/BC-TLĐ"
    with pytest.raises(services.ServiceError, match="không thể đặt lùi"):
        services.register_continue(issuer="TLĐ", kind_code="BC", year=2021, last_number=100)
    client = Client()
    client.force_login(monitor)
    response = client.post("/phat-hanh/so-dang-ky/", {"purpose": "report", "year": "2021", "last_number": "-5"})
    assert response.status_code == 400
    assert Register.objects.get(kind_code="BC", year=2021).last_number == 462


def test_the_header_lines_stay_unbroken_on_the_pdf(registry, program, monitor, tmp_path):
    require(shutil.which("soffice") is not None and shutil.which("pdftotext") is not None,
            "LibreOffice and poppler-utils (they make and read the PDF)")
    paper = services.report_issue(program=program["document"], as_of=dt.date(2021, 11, 9),
                                  date=dt.date(2021, 11, 10), by=monitor)
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(docx_to_pdf(_stored(paper)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    lines = text.splitlines()
    assert any("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM" in line for line in lines)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines)
    assert not any(line.strip().startswith("ĐỘNG VIỆT NAM") for line in lines)
