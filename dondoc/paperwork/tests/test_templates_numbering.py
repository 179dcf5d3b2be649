"""Template validation, numbering registers and failed generations on the small test registry."""

import datetime as dt

import pytest

from dondoc.directives.services import ServiceError, document_create
from dondoc.paperwork import docx_form, services
from dondoc.paperwork.models import IssuedPaper, PaperTemplate, Register
from dondoc.tests.concurrency import at_once

from .docx_check import check_frame, open_docx

pytestmark = pytest.mark.django_db


def refused(purpose: str, **changes) -> str:
    template = services.template_get(purpose)
    with pytest.raises(ServiceError) as info:
        services.template_update(template=template, values=changes)
    return str(info.value)


def test_unknown_placeholder_is_refused_with_its_name():
    message = refused("report", intro="Tính đến ngày {{ as_of }}, có {{ so_don_vi }} đơn vị.")
    assert "so_don_vi" in message and "không có trong mẫu" in message


def test_broken_template_syntax_is_refused():
    assert "cú pháp mẫu không hợp lệ" in refused("urge", closing="Đề nghị {% if as_of %} thực hiện.")


def test_misspelt_attribute_is_refused():
    assert "biến không tồn tại" in refused("notice", intro="Ngày {{ meeting.dat }}, đồng chí chủ trì.")


def test_missing_required_parts_are_refused_and_nothing_is_saved():
    message = refused("notice", signer_name="  ", distribution="Các ban (để t/h);")
    assert "Thiếu họ tên người ký" in message and "Lưu: VT" in message
    template = PaperTemplate.objects.get(purpose="notice")
    assert template.signer_name == "Nguyễn Xuân Hùng"


def test_valid_edit_is_saved_and_used(program):
    template = services.template_get("report")
    services.template_update(template=template, values={
        "signer_name": "Trần Văn A", "authority": "KT. CHỦ TỊCH", "signer_title": "PHÓ CHỦ TỊCH",
        "intro": "Báo cáo nhanh về Chương trình số {{ program.number|upper }} đến {{ as_of }}."})
    paper = services.report_issue(program=program["document"], as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10))
    with paper.docx.open("rb") as handle:
        document = open_docx(handle.read())
    frame = check_frame(document)
    assert frame["signature"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn A"]
    assert any(p.text == "Báo cáo nhanh về Chương trình số 02/CTR-BCH đến 09/11/2021." for p in document.paragraphs)


def test_numbers_follow_each_other_and_restart_on_1_january(program):
    doc = program["document"]
    numbers = [services.report_issue(program=doc, as_of=dt.date(2021, 12, 1), date=day).number
               for day in (dt.date(2021, 12, 30), dt.date(2021, 12, 31), dt.date(2022, 1, 3))]
    assert numbers == ["1/BC-TLĐ", "2/BC-TLĐ", "1/BC-TLĐ"]
    letter = services.urge_issue(program=doc, as_of=dt.date(2022, 1, 3), date=dt.date(2022, 1, 4))
    assert letter.number == "1/TLĐ-TG"  # letters have their own register
    assert set(Register.objects.values_list("kind_code", "year", "last_number")) == {
        ("BC", 2021, 2), ("BC", 2022, 1), ("CV", 2022, 1)}


def test_failed_generation_consumes_no_number_and_leaves_no_file(program, monkeypatch, settings):
    doc = program["document"]
    services.report_issue(program=doc, as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10))

    def broken(form):
        raise RuntimeError("disk full")

    monkeypatch.setattr(docx_form, "render", broken)
    with pytest.raises(RuntimeError):
        services.report_issue(program=doc, as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10))
    monkeypatch.undo()
    assert Register.objects.get(kind_code="BC").last_number == 1
    assert IssuedPaper.objects.count() == 1
    assert len(list((settings.MEDIA_ROOT / "paperwork").rglob("*.docx"))) == 1
    assert services.report_issue(program=doc, as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10)
                                 ).number == "2/BC-TLĐ"


def test_notice_refused_by_the_registry_rolls_back_number_tasks_and_file(program, settings):
    doc = program["document"]
    meeting = services.meeting_create(program=doc, date=dt.date(2021, 11, 10), chair="Ngô Duy Hiếu",
                                      chair_title="Phó Chủ tịch", attendees="các ban")
    services.conclusion_add(meeting=meeting, ref="3.1", text="Giao Ban Tuyên giáo tham mưu",
                            lead_units=[doc.tasks.get(ref="2").lead_units.get()], deadline_kind="date",
                            deadline_date=dt.date(2021, 12, 10))
    # Someone registered 1/TB-TLĐ of that day by hand: issuing must fail as a whole.
    document_create(number="1/TB-TLĐ", date=dt.date(2021, 11, 16), title="Nhập tay", kind="TB")
    with pytest.raises(ServiceError, match="đã có trong hệ thống"):
        services.notice_issue(meeting=meeting, date=dt.date(2021, 11, 16))
    meeting.refresh_from_db()
    assert meeting.notice is None and not IssuedPaper.objects.exists()
    assert not Register.objects.filter(last_number__gt=0).exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.docx"))


def test_date_line_pads_days_and_the_first_two_months():
    assert docx_form.date_line("Hà Nội", dt.date(2021, 11, 9)) == "Hà Nội, ngày 09 tháng 11 năm 2021"
    assert docx_form.date_line("Hà Nội", dt.date(2022, 2, 16)) == "Hà Nội, ngày 16 tháng 02 năm 2022"


def test_draft_has_no_number_and_is_marked(program):
    data = services.draft_docx(purpose="report", program=program["document"], as_of=dt.date(2021, 11, 9))
    document = open_docx(data)
    frame = check_frame(document)
    assert frame["number_line"].replace(" ", "") == "Số:/BC-TLĐ"
    assert any(p.text == "DỰ THẢO" for p in document.paragraphs)
    assert not IssuedPaper.objects.exists() and not Register.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reports_issued_at_the_same_time_get_different_numbers(program):
    """Four people issue a report at once, on a register never used before: numbers 1 to 4, none twice."""
    doc = program["document"]
    numbers, errors = at_once(lambda: services.report_issue(program=doc, as_of=dt.date(2021, 12, 1),
                                                            date=dt.date(2021, 12, 30)).number, 4)
    assert not errors
    assert sorted(numbers) == ["1/BC-TLĐ", "2/BC-TLĐ", "3/BC-TLĐ", "4/BC-TLĐ"]
    assert Register.objects.get(kind_code="BC", year=2021).last_number == 4
    assert IssuedPaper.objects.count() == 4
