"""The acceptance on the demo of notice 462/TB-TLĐ: report, urging letter, meeting → notice → tasks."""

import datetime as dt
import hashlib
import shutil

import pytest
from django_tasks_db.models import DBTaskResult

from dondoc.core.demo import load_demo
from dondoc.directives.models import Assignment, Document, Task
from dondoc.directives.queries import program_stats, split_done
from dondoc.paperwork import services
from dondoc.paperwork.models import IssuedPaper, PdfState, Register
from dondoc.tests.components import require
from dondoc.units.models import Unit

from .docx_check import check_frame, first_page_ink, open_docx, pdf_fonts, table_texts, texts

AS_OF = dt.date(2021, 11, 9)
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()
    return Document.objects.get(number="02/CTr-BCH")


def stored(paper, field="docx") -> bytes:
    with getattr(paper, field).open("rb") as handle:
        return handle.read()


def test_progress_report_states_the_counts_of_the_database_and_renders_to_pdf(demo, client, tmp_path,
                                                                               django_capture_on_commit_callbacks):
    monitor = Unit.objects.get(code="vgcl-tg").users.get()
    client.force_login(monitor)
    fields = {"purpose": "report", "program": demo.pk, "as_of": "09/11/2021", "date": "12/11/2021", "issue": "1"}
    # Issuing takes a number for good: the page asks first, and nothing is issued until confirmed.
    asked = client.post("/phat-hanh/tao/", fields)
    assert asked.status_code == 200 and "Văn bản sẽ được cấp số <strong>1/BC-TLĐ</strong>" in asked.content.decode()
    assert not IssuedPaper.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/phat-hanh/tao/", {**fields, "confirm": "1"})
    paper = IssuedPaper.objects.get()
    assert response.status_code == 302 and paper.number == "1/BC-TLĐ" and paper.pdf_state == PdfState.PENDING
    document = open_docx(stored(paper))
    frame = check_frame(document)
    assert frame["number_line"] == "Số: 1/BC-TLĐ"
    assert frame["date_line"] == "Hà Nội, ngày 12 tháng 11 năm 2021"
    assert frame["left"][0] == "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
    assert frame["signature"] == ["TL. ĐOÀN CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Nguyễn Xuân Hùng"]
    body = "\n".join(texts(document))
    assert "BÁO CÁO" in body and "tính đến ngày 09/11/2021" in body
    assert "32/83 đơn vị đã thực hiện" in body and "30/83 đơn vị đã thực hiện" in body
    # Every figure of the summary table comes from the shared statistics.
    stats = {s.task.ref: s for s in program_stats(demo, AS_OF)}
    summary = table_texts(document.tables[1])
    assert summary[0] == ["STT", "Nhiệm vụ", "Đã thực hiện", "Tỷ lệ", "Quá hạn", "Chờ xem xét"]
    for row in summary[1:]:
        s = stats[row[1].split(".")[0] + "." + row[1].split(".")[1]]
        assert row[2] == f"{s.done}/{s.total}" and row[4] == str(s.overdue) and row[5] == str(s.submitted)
    # The lists of units done and not done are exactly those of the database.
    plan = demo.tasks.get(ref="III.1")
    done, not_done = split_done(plan, AS_OF)
    listed = [t for t in document.tables if table_texts(t)[0][:2] == ["STT", "Đơn vị"]]
    assert [r[1] for r in table_texts(listed[0])[1:]] == [a.unit.name for a in done]
    assert [r[1] for r in table_texts(listed[1])[1:]] == [a.unit.name for a in not_done]
    assert len(not_done) == 51

    # The PDF waits in the queue; one worker step runs it (the db_worker command itself closes the
    # database connection between tasks, which would end the test's transaction).
    require(shutil.which("soffice") is not None, "LibreOffice (soffice)")
    job = DBTaskResult.objects.ready().get()
    assert job.task_path.endswith("paper_render_pdf") and job.args_kwargs["args"] == [paper.pk]
    job.claim("test-worker")
    job.set_successful(job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"]))
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.READY, paper.pdf_error
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(stored(paper, "pdf"))
    fonts = pdf_fonts(pdf)
    assert "LiberationSerif" in fonts and "DejaVu" not in fonts
    assert first_page_ink(pdf, tmp_path) > 0.01
    # Downloaded again, byte for byte the issued files.
    for fmt, digest in (("docx", paper.docx_sha256), ("pdf", paper.pdf_sha256)):
        response = client.get(f"/phat-hanh/{paper.pk}/tai/{fmt}/")
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == digest


def test_urging_letter_lists_exactly_the_units_without_a_plan(demo):
    paper = services.urge_issue(program=demo, as_of=AS_OF, date=dt.date(2021, 11, 12),
                                new_deadline=dt.date(2021, 11, 30))
    assert paper.number == "1/TLĐ-TG"
    document = open_docx(stored(paper))
    frame = check_frame(document)
    assert frame["number_line"] == "Số: 1/TLĐ-TG"
    assert frame["left"][-1] == "V/v đôn đốc triển khai Chương trình số 02/CTr-BCH"
    body = texts(document)
    assert any(t.startswith("Kính gửi:") for t in body)
    heading = next(t for t in body if t.startswith("1. III.1."))
    assert "(51 đơn vị chưa hoàn thành)" in heading
    rows = table_texts(document.tables[1])[1:]
    _, not_done = split_done(demo.tasks.get(ref="III.1"), AS_OF)
    assert sorted(r[1] for r in rows) == sorted(a.unit.name for a in not_done)
    assert len(rows) == 51
    assert all(r[3].startswith("chưa thực hiện sau 112 ngày") and r[4] == "30/11/2021" for r in rows)


def test_meeting_conclusions_become_notice_tasks_and_assignments(demo, client):
    Register.objects.create(issuer="TLĐ", kind_code="TB", year=2021, last_number=462)
    client.force_login(Unit.objects.get(code="vgcl-tg").users.get())
    response = client.post("/phat-hanh/giao-ban/moi/", {
        "program": demo.pk, "date": "10/11/2021", "as_of": "09/11/2021", "chair": "Ngô Duy Hiếu",
        "chair_title": "Phó Chủ tịch Tổng Liên đoàn", "place": "Hà Nội",
        "attendees": "đại diện lãnh đạo Văn phòng, các ban và một số đơn vị trực thuộc"})
    assert response.status_code == 302
    meeting_url = response["Location"]
    units = {code: Unit.objects.get(code=code).pk for code in ("vgcl-tg", "vgcl-toc", "vgcl-vien-cncd")}
    for ref, code, kind, day, text in (
        ("3.1", "vgcl-tg", "date", "10/12/2021", "Giao Ban Tuyên giáo tham mưu nội dung, thời gian làm việc của "
         "Đảng đoàn Tổng Liên đoàn với Ban Tuyên giáo Trung ương và Ban Dân vận Trung ương"),
        ("3.2", "vgcl-toc", "month", "01/12/2021", "Giao Ban Tổ chức tham mưu nội dung, thời gian làm việc của "
         "Đảng đoàn Tổng Liên đoàn với Ban Tổ chức Trung ương"),
        ("3.3", "vgcl-vien-cncd", "month", "01/12/2021", "Giao Viện Công nhân và Công đoàn tham mưu nội dung "
         "làm việc của Đảng đoàn Tổng Liên đoàn với Học viện Chính trị Quốc gia Hồ Chí Minh"),
    ):
        response = client.post(meeting_url, {"ref": ref, "text": text, "lead_units": [units[code]],
                                             "deadline_kind": kind, "deadline_date": day})
        assert response.status_code == 302, response.content.decode()[:2000]
    asked = client.post(meeting_url + "ban-hanh/", {"date": "16/11/2021"})
    assert asked.status_code == 200 and "Thông báo sẽ được cấp số <strong>463/TB-TLĐ</strong>" in asked.content.decode()
    assert not IssuedPaper.objects.filter(purpose="notice").exists()
    response = client.post(meeting_url + "ban-hanh/", {"date": "16/11/2021", "confirm": "1"})
    paper = IssuedPaper.objects.get(purpose="notice")
    assert response.status_code == 302 and paper.number == "463/TB-TLĐ"
    document = open_docx(stored(paper))
    frame = check_frame(document)
    assert frame["number_line"] == "Số: 463/TB-TLĐ"
    assert frame["date_line"] == "Hà Nội, ngày 16 tháng 11 năm 2021"
    body = texts(document)
    assert "THÔNG BÁO" in body
    assert any("32/83 đơn vị" in t for t in body) and any("30/83 đơn vị" in t for t in body)
    assert any(t.startswith("3.1. Giao Ban Tuyên giáo") and t.endswith("trước ngày 10/12/2021.") for t in body)
    assert any(t.startswith("3.2. Giao Ban Tổ chức") and t.endswith("trong tháng 12/2021.") for t in body)
    # The loop closes: the notice is a document with tasks 3.1-3.3 and their assignments.
    record = paper.record
    assert record.number == "463/TB-TLĐ" and record.date == dt.date(2021, 11, 16)
    tasks = {t.ref: t for t in Task.objects.filter(document=record)}
    assert set(tasks) == {"3.1", "3.2", "3.3"}
    expected = {"3.1": ("vgcl-tg", dt.date(2021, 12, 10)), "3.2": ("vgcl-toc", dt.date(2021, 12, 31)),
                "3.3": ("vgcl-vien-cncd", dt.date(2021, 12, 31))}
    for ref, (code, deadline) in expected.items():
        assert tasks[ref].deadline_date == deadline
        assignment = Assignment.objects.get(task=tasks[ref])
        assert assignment.unit.code == code and assignment.due_on == deadline
    # Issued once: a second issue is refused and consumes nothing.
    response = client.post(meeting_url + "ban-hanh/", {"date": "16/11/2021", "confirm": "1"}, follow=True)
    assert "đã có thông báo kết luận số 463/TB-TLĐ" in response.content.decode()
    assert Register.objects.get(kind_code="TB").last_number == 463
