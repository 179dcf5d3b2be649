import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.core.files.storage import default_storage

from dondoc.directives.services import ServiceError
from dondoc.submissions import services
from dondoc.submissions.models import Attachment, Submission
from dondoc.tests import factory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def plan_of_hanoi(program, registry):
    return program["plan"].assignments.get(unit=registry["hanoi"])


def test_issued_plan_counts_from_the_date_of_the_units_own_document(plan_of_hanoi, officer, monitor):
    with time_machine.travel(dt.datetime(2021, 11, 20, 9, 0), tick=False):
        sent = services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer,
                                          doc_number="12/KH-LĐLĐ", doc_date=D(2021, 11, 5),
                                          files=[services.Upload("ke-hoach.pdf", factory.pdf_bytes())])
    plan_of_hanoi.refresh_from_db()
    # Sent, not yet accepted: awaiting review from the document's date, not done.
    assert (plan_of_hanoi.submitted_on, plan_of_hanoi.done_on) == (D(2021, 11, 5), None)
    assert plan_of_hanoi.status_on(D(2021, 11, 9)) == "submitted"
    with time_machine.travel(dt.datetime(2021, 11, 25, 9, 0), tick=False):
        services.submission_accept(submission=sent, by=monitor)
    plan_of_hanoi.refresh_from_db()
    assert plan_of_hanoi.done_on == D(2021, 11, 5)
    assert plan_of_hanoi.status_on(D(2021, 11, 9)) == "done_on_time"
    assert plan_of_hanoi.status_on(D(2021, 11, 4)) == "no_deadline"


def test_a_returned_submission_no_longer_counts_and_can_be_resubmitted(plan_of_hanoi, officer, monitor):
    first = services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer,
                                       doc_number="12/KH", doc_date=D(2021, 11, 5))
    services.submission_return(submission=first, by=monitor, comment="Thiếu phụ lục phân công.")
    plan_of_hanoi.refresh_from_db()
    assert plan_of_hanoi.done_on is None
    again = services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer,
                                       doc_number="12/KH", doc_date=D(2021, 11, 6), resubmission_of=first)
    services.submission_accept(submission=again, by=monitor)
    plan_of_hanoi.refresh_from_db()
    assert plan_of_hanoi.done_on == D(2021, 11, 6)
    with pytest.raises(ServiceError, match="đã được xem xét"):
        services.submission_return(submission=again, by=monitor, comment="muộn")


def test_returning_needs_a_comment(plan_of_hanoi, officer, monitor):
    sub = services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer,
                                     doc_number="1/KH", doc_date=D(2021, 11, 5))
    with pytest.raises(ServiceError, match="ý kiến"):
        services.submission_return(submission=sub, by=monitor, comment="  ")


def test_a_progress_report_starts_the_work_but_does_not_complete_a_plan_duty(plan_of_hanoi, officer):
    with time_machine.travel(dt.datetime(2021, 10, 1, 9, 0), tick=False):
        services.submission_create(assignment=plan_of_hanoi, kind="periodic_report", by=officer, text="Đang làm")
    plan_of_hanoi.refresh_from_db()
    assert (plan_of_hanoi.done_on, plan_of_hanoi.started_on) == (None, D(2021, 10, 1))


def test_progress_plan_needs_leader_and_staff(program, registry, monitor):
    dated = program["dated"].assignments.get()
    with pytest.raises(ServiceError, match="lãnh đạo phụ trách"):
        services.submission_create(assignment=dated, kind="progress_plan", by=monitor, text="x")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bao-cao.pdf", b"this is not a pdf", "không phải PDF, DOCX hoặc XLSX"),
    ("virus.exe", b"MZ\x90\x00" + b"\x00" * 100, "không phải PDF, DOCX hoặc XLSX"),
    ("empty.pdf", b"", "rỗng"),
    ("secret.pdf", b"%PDF-1.4\n1 0 obj << /Encrypt 2 0 R >> endobj\n%%EOF", "mã hóa"),
    ("zip.docx", b"PK\x03\x04 broken", "hỏng"),
])
def test_bad_attachments_are_refused_and_nothing_is_saved(plan_of_hanoi, officer, name, data, message):
    with pytest.raises(ServiceError, match=message):
        services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer, doc_number="1/KH",
                                   doc_date=D(2021, 11, 5), files=[services.Upload(name, data)])
    assert not Submission.objects.exists()
    plan_of_hanoi.refresh_from_db()
    assert plan_of_hanoi.done_on is None


def test_zip_bomb_disguised_as_docx_is_refused(plan_of_hanoi, officer):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * (120 * 1024 * 1024))
    with pytest.raises(ServiceError, match="giải nén quá lớn"):
        services.submission_create(assignment=plan_of_hanoi, kind="completion_report", by=officer, text="x",
                                   files=[services.Upload("bom.docx", out.getvalue())])


def test_too_large_file_is_refused(plan_of_hanoi, officer, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ServiceError, match="lớn hơn giới hạn"):
        services.submission_create(assignment=plan_of_hanoi, kind="completion_report", by=officer, text="x",
                                   files=[services.Upload("a.pdf", factory.pdf_bytes() + b" " * 2000)])


def test_docx_and_pdf_attachments_are_stored_with_their_checksums(plan_of_hanoi, officer):
    sub = services.submission_create(
        assignment=plan_of_hanoi, kind="completion_report", by=officer, text="Xong",
        files=[services.Upload("bao-cao.docx", factory.docx_bytes("Báo cáo")),
               services.Upload("ke-hoach.pdf", factory.pdf_bytes())])
    stored = {a.original_name: a for a in sub.attachments.all()}
    assert stored["bao-cao.docx"].content_type.endswith("wordprocessingml.document")
    assert stored["ke-hoach.pdf"].content_type == "application/pdf"
    for attachment in Attachment.objects.all():
        assert default_storage.exists(attachment.file.name)
        assert len(attachment.sha256) == 64


def test_a_failed_submission_leaves_no_stored_file(plan_of_hanoi, officer, monkeypatch, settings):
    def boom(assignment, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "assignment_refresh", boom)
    with pytest.raises(RuntimeError):
        services.submission_create(assignment=plan_of_hanoi, kind="completion_report", by=officer, text="x",
                                   files=[services.Upload("a.pdf", factory.pdf_bytes())])
    assert not Submission.objects.exists()
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []


def test_plan_dated_in_the_future_or_before_the_program_is_refused(plan_of_hanoi, officer):
    with pytest.raises(ServiceError, match="sau ngày hôm nay"):
        services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer, doc_number="1/KH",
                                   doc_date=dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(ServiceError, match="trước ngày ban hành"):
        services.submission_create(assignment=plan_of_hanoi, kind="plan_issued", by=officer, doc_number="1/KH",
                                   doc_date=D(2021, 1, 1))
