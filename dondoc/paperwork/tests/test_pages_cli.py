"""Who may open what (monitor writes, leaders read, officers get 404) and the command line."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from dondoc.paperwork import services
from dondoc.paperwork.models import IssuedPaper, Meeting

from .docx_check import check_frame, open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(program):
    return services.report_issue(program=program["document"], as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10))


@pytest.fixture
def meeting(program):
    return services.meeting_create(program=program["document"], date=dt.date(2021, 11, 10), chair="Ngô Duy Hiếu",
                                   chair_title="Phó Chủ tịch", attendees="các ban")


def read_urls(paper, meeting):
    return ["/phat-hanh/", f"/phat-hanh/{paper.pk}/", f"/phat-hanh/{paper.pk}/tai/docx/", "/phat-hanh/mau/",
            "/phat-hanh/giao-ban/", f"/phat-hanh/giao-ban/{meeting.pk}/"]


def write_urls(meeting):
    return ["/phat-hanh/tao/", "/phat-hanh/mau/report/", "/phat-hanh/giao-ban/moi/",
            f"/phat-hanh/giao-ban/{meeting.pk}/du-thao/"]


def test_officers_get_404_everywhere(client, officer, outsider, paper, meeting):
    """An officer of a unit without units below it gets 404 on every page; the officer of a unit that follows
    its subtree (Hà Nội, the cascade) opens only the papers list, the generate page and the registers page (for its
    own programs and registers, test_unit_papers), never the centre's paper, templates or meetings."""
    client.force_login(outsider)
    for url in read_urls(paper, meeting) + write_urls(meeting):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/phat-hanh/giao-ban/{meeting.pk}/ban-hanh/").status_code == 404
    client.force_login(officer)
    own_pages = {"/phat-hanh/", "/phat-hanh/tao/"}
    for url in read_urls(paper, meeting) + write_urls(meeting):
        assert client.get(url).status_code == (200 if url in own_pages else 404), url
    assert paper.number not in client.get("/phat-hanh/").content.decode()
    assert client.post(f"/phat-hanh/giao-ban/{meeting.pk}/ban-hanh/").status_code == 404
    assert client.post(f"/phat-hanh/{paper.pk}/tao-pdf/").status_code == 404
    # Its registers page shows its own registers only (none yet), not the centre's.
    registers = client.get("/phat-hanh/so-dang-ky/")
    assert registers.status_code == 200 and "BC-TLĐ" not in registers.content.decode()


def test_leader_reads_but_cannot_generate_edit_or_issue(client, leader, paper, meeting):
    client.force_login(leader)
    for url in read_urls(paper, meeting):
        assert client.get(url).status_code == 200, url
    for url in write_urls(meeting):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/phat-hanh/giao-ban/{meeting.pk}/", {"ref": "1", "text": "x"}).status_code == 404
    assert client.post(f"/phat-hanh/giao-ban/{meeting.pk}/ban-hanh/").status_code == 404
    assert client.post(f"/phat-hanh/{paper.pk}/tao-pdf/").status_code == 404
    assert IssuedPaper.objects.count() == 1 and not Meeting.objects.get().conclusions.exists()


def test_monitor_preview_is_a_draft_and_issues_nothing(client, monitor, program):
    client.force_login(monitor)
    response = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": program["document"].pk,
                                               "as_of": "09/11/2021"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    frame = check_frame(open_docx(response.content))
    assert frame["number_line"].replace(" ", "") == "Số:/TLĐ-TG"
    assert not IssuedPaper.objects.exists()


def test_bad_form_input_gets_vietnamese_400(client, monitor, program):
    client.force_login(monitor)
    response = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": program["document"].pk,
                                               "as_of": "31/02/2021", "issue": "1"})
    assert response.status_code == 400 and "Ngày không hợp lệ" in response.content.decode()
    response = client.post("/phat-hanh/mau/report/", {"intro": "{{ bogus }}"})
    assert response.status_code == 400 and "bogus" in response.content.decode()
    assert client.get("/phat-hanh/mau/khac/").status_code == 404
    assert client.get("/phat-hanh/999/tai/docx/").status_code == 404
    assert not IssuedPaper.objects.exists()


def test_conclusion_form_refuses_a_dated_deadline_without_date(client, monitor, meeting, registry):
    client.force_login(monitor)
    response = client.post(f"/phat-hanh/giao-ban/{meeting.pk}/", {
        "ref": "3.1", "text": "Giao Ban Tuyên giáo", "lead_units": [registry["tg"].pk], "deadline_kind": "date"})
    assert response.status_code == 400 and "Thời hạn loại này cần một ngày" in response.content.decode()
    assert not meeting.conclusions.exists()


def test_cli_report_and_urge_write_docx(program, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    call_command("report", "02/Ctr-BCH", "--as-of", "09/11/2021", "--out", str(out))
    frame = check_frame(open_docx(out.read_bytes()))
    assert frame["number_line"].replace(" ", "") == "Số:/BC-TLĐ"
    call_command("urge", "02/CTr-BCH", "--as-of", "2021-12-05", "--out", str(tmp_path / "cv.docx"), "--issue",
                 "--date", "06/12/2021", "--new-deadline", "20/12/2021")
    assert "Đã phát hành văn bản số 1/TLĐ-TG" in capsys.readouterr().out
    paper = IssuedPaper.objects.get()
    with paper.docx.open("rb") as handle:
        assert handle.read() == (tmp_path / "cv.docx").read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["02/CTr-BCH", "--as-of", "9/13/2021", "--out", "x.docx"], "Ngày không hợp lệ"),
    (["99/CTr-XX", "--as-of", "09/11/2021", "--out", "x.docx"], "Không tìm thấy văn bản số 99/CTr-XX"),
    (["02/CTr-BCH", "--as-of", "09/11/2021", "--out", "x.odt"], "đuôi .docx hoặc .pdf"),
    (["02/CTr-BCH", "--as-of", "09/11/2021", "--out", "/khong-co/x.docx"], "không tồn tại"),
])
def test_cli_bad_input_is_explained_in_vietnamese(program, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)
    assert not IssuedPaper.objects.exists()


def test_cli_urge_unknown_task_ref(program, tmp_path):
    with pytest.raises(CommandError, match="không có nhiệm vụ mục 9.9"):
        call_command("urge", "02/CTr-BCH", "--as-of", "09/11/2021", "--out", str(tmp_path / "x.docx"),
                     "--task", "9.9")


def test_monitor_opens_every_page(client, monitor, paper, meeting):
    client.force_login(monitor)
    for url in read_urls(paper, meeting) + write_urls(meeting):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/phat-hanh/giao-ban/{meeting.pk}/").content.decode()
    assert "Thêm kết luận" in page and "ban hành thông báo" in page
