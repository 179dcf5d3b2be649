"""The cascade's paperwork: a unit with units below it urges them and reports on its own programs, on paper
that names it (letterhead, place, its own register), never on the centre's or another province's programs."""

import datetime as dt

import pytest
from django.test import Client

from dondoc.directives import services as directives
from dondoc.lib import calendar as cal
from dondoc.paperwork import services
from dondoc.paperwork.models import IssuedPaper, Register
from dondoc.submissions import services as submissions
from dondoc.tests import factory
from dondoc.units.models import UnitKind

from .docx_check import check_frame, open_docx, table_texts, texts

pytestmark = pytest.mark.django_db
KCN = "Công đoàn các Khu công nghiệp và Chế xuất Đà Nẵng"
VC = "Công đoàn Viên chức thành phố Đà Nẵng"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def danang(registry, program):
    """Đà Nẵng (demo-like: two upper-grassroots unions below it) issues its plan for the centre's program and
    gives a dated task to both; one has sent its report (waiting for review), the other is late."""
    unit = registry["danang"]
    kcn = factory.unit("dn-cd-kcn", KCN, UnitKind.UPPER_GRASSROOTS, unit)
    vc = factory.unit("dn-cd-vc", VC, UnitKind.UPPER_GRASSROOTS, unit)
    officer = factory.user("officer_dn", role="officer", unit=unit)
    assignment = program["plan"].assignments.get(unit=unit)
    document, _ = submissions.plan_issue(assignment=assignment, by=officer, number="15/KH-LĐLĐ",
                                         date=dt.date(2021, 8, 12), title="Kế hoạch triển khai 02/CTr-BCH")
    task = directives.task_create(document=document, ref="1", title="Tổ chức hội nghị quán triệt",
                                  lead_units=[kcn, vc], deadline_kind=cal.DATE, deadline_date=dt.date(2021, 10, 31))
    below = factory.user("officer_vc", role="officer", unit=vc)
    submissions.submission_create(assignment=task.assignments.get(unit=vc), kind="completion_report", by=below,
                                  text="Đã tổ chức hội nghị",
                                  now=dt.datetime(2021, 10, 20, 9, 0, tzinfo=dt.UTC))
    return {"unit": unit, "officer": officer, "document": document, "task": task, "kcn": kcn, "vc": vc}


@pytest.fixture
def hanoi_plan(registry, program, officer):
    assignment = program["plan"].assignments.get(unit=registry["hanoi"])
    document, _ = submissions.plan_issue(assignment=assignment, by=officer, number="12/KH-LĐLĐ",
                                         date=dt.date(2021, 8, 10), title="Kế hoạch của Hà Nội")
    directives.task_create(document=document, ref="1", title="Việc của công đoàn KCN Hà Nội",
                           lead_units=[registry["hanoi_upper"]], deadline_kind=cal.DATE,
                           deadline_date=dt.date(2021, 10, 1))
    return document


def test_a_following_unit_urges_its_late_units_on_its_own_paper_and_register(danang, hanoi_plan, program, monitor,
                                                                             leader, officer):
    # The centre has already issued a letter of its own this year.
    centre_paper = services.urge_issue(program=program["document"], as_of=dt.date(2021, 11, 9),
                                       date=dt.date(2021, 11, 9), by=monitor)
    assert centre_paper.number == "1/TLĐ-TG"
    client = client_of(danang["officer"])
    page = client.get("/phat-hanh/tao/").content.decode()
    assert "15/KH-LĐLĐ" in page and "12/KH-LĐLĐ" not in page and 'id="issuer-unit"' in page

    draft = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": danang["document"].pk,
                                            "as_of": "09/11/2021"})
    assert draft.status_code == 200 and draft["Content-Type"].startswith("application/vnd.openxml")
    document = open_docx(draft.content)
    frame = check_frame(document)
    assert frame["left"][:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ ĐÀ NẴNG"]
    assert frame["date_line"].startswith("Đà Nẵng, ngày")
    cells = " ".join(cell for table in document.tables for row in table_texts(table) for cell in row)
    body = " ".join(texts(document))
    assert KCN in cells and VC not in cells and "Hà Nội" not in cells  # only its late unit, only its subtree
    assert "Liên đoàn Lao động thành phố Đà Nẵng đề nghị" in body and "Tổng Liên đoàn đề nghị" not in body
    assert IssuedPaper.objects.count() == 1  # a draft issues nothing

    asked = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": danang["document"].pk,
                                            "as_of": "09/11/2021", "date": "10/11/2021", "issue": "1"})
    assert asked.status_code == 200 and "<strong>1/LĐLĐ</strong>" in asked.content.decode()
    issued = client.post("/phat-hanh/tao/", {"purpose": "urge", "program": danang["document"].pk,
                                             "as_of": "09/11/2021", "date": "10/11/2021", "issue": "1",
                                             "confirm": "1"})
    paper = IssuedPaper.objects.get(issuer=danang["unit"])
    assert issued.status_code == 302 and issued["Location"] == f"/phat-hanh/{paper.pk}/"
    assert paper.number == "1/LĐLĐ" and paper.serial == 1 and paper.issued_by == danang["officer"]
    assert Register.objects.get(issuer="TLĐ", kind_code="CV", year=2021).last_number == 1  # the centre's: untouched
    assert Register.objects.get(issuer="ldld-da-nang", kind_code="CV", year=2021).last_number == 1
    stored = open_docx(client.get(f"/phat-hanh/{paper.pk}/tai/docx/").getvalue())
    frame = check_frame(stored)
    assert frame["number_line"] == "Số: 1/LĐLĐ" and frame["date_line"] == "Đà Nẵng, ngày 10 tháng 11 năm 2021"
    assert "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ ĐÀ NẴNG" in frame["left"]

    # Its papers list shows its own paper, not the centre's; the monitor and leaders see both.
    mine = client.get("/phat-hanh/").content.decode()
    assert "1/LĐLĐ" in mine and "1/TLĐ-TG" not in mine
    assert client.get(f"/phat-hanh/{centre_paper.pk}/").status_code == 404
    for reader in (monitor, leader):
        listing = client_of(reader).get("/phat-hanh/").content.decode()
        assert "1/LĐLĐ" in listing and "1/TLĐ-TG" in listing
        assert client_of(reader).get(f"/phat-hanh/{paper.pk}/").status_code == 200
    # Hà Nội's officer (also following its own subtree) never sees Đà Nẵng's paper.
    hanoi = client_of(officer)
    assert hanoi.get(f"/phat-hanh/{paper.pk}/").status_code == 404
    assert hanoi.get(f"/phat-hanh/{paper.pk}/tai/docx/").status_code == 404
    assert hanoi.post(f"/phat-hanh/{paper.pk}/tao-pdf/").status_code == 404
    assert "1/LĐLĐ" not in hanoi.get("/phat-hanh/").content.decode()


def test_a_following_unit_cannot_write_on_the_centres_or_another_provinces_program(danang, hanoi_plan, program):
    client = client_of(danang["officer"])
    for document in (program["document"], hanoi_plan):
        for purpose in ("urge", "report"):
            response = client.post("/phat-hanh/tao/", {"purpose": purpose, "program": document.pk,
                                                       "as_of": "09/11/2021", "issue": "1", "confirm": "1"})
            assert response.status_code == 400, (document.number, purpose)
            assert 'id="id_program_error"' in response.content.decode()
        with pytest.raises(services.ServiceError, match="của đơn vị mình"):
            services.urge_issue(program=document, as_of=dt.date(2021, 11, 9), unit=danang["unit"])
        with pytest.raises(services.ServiceError, match="của đơn vị mình"):
            services.draft_docx(purpose="report", program=document, as_of=dt.date(2021, 11, 9), unit=danang["unit"])
    assert not IssuedPaper.objects.exists() and not Register.objects.exists()
    # The centre's own tools stay the monitor's: templates, registers, meetings.
    for url in ("/phat-hanh/mau/", "/phat-hanh/mau/report/", "/phat-hanh/giao-ban/"):
        assert client.get(url).status_code == 404, url


def test_a_following_unit_continues_its_own_register(danang, monitor):
    """Đà Nẵng has already numbered 41 letters on paper this year: its next one is 42, the centre's stays 1."""
    client = client_of(danang["officer"])
    response = client.post("/phat-hanh/so-dang-ky/", {"purpose": "urge", "year": "2021", "last_number": "41"})
    assert response.status_code == 302
    assert Register.objects.get().issuer == "ldld-da-nang"
    refused = client.post("/phat-hanh/so-dang-ky/", {"purpose": "notice", "year": "2021", "last_number": "5"})
    assert refused.status_code == 400 and Register.objects.count() == 1  # the centre's notices are not its own
    paper = services.urge_issue(program=danang["document"], as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10),
                                unit=danang["unit"])
    centre = services.urge_issue(program=danang["document"], as_of=dt.date(2021, 11, 9), date=dt.date(2021, 11, 10))
    assert (paper.number, centre.number) == ("42/LĐLĐ", "1/TLĐ-TG")
    assert "CV-ldld-da-nang" in client.get("/phat-hanh/so-dang-ky/").content.decode()
    assert "CV-TLĐ" not in client.get("/phat-hanh/so-dang-ky/").content.decode()
    assert "CV-TLĐ" in client_of(monitor).get("/phat-hanh/so-dang-ky/").content.decode()


def test_a_following_units_progress_report_names_it_and_counts_its_units(danang):
    client = client_of(danang["officer"])
    response = client.post("/phat-hanh/tao/", {"purpose": "report", "program": danang["document"].pk,
                                               "as_of": "09/11/2021", "date": "10/11/2021", "issue": "1",
                                               "confirm": "1"})
    assert response.status_code == 302
    paper = IssuedPaper.objects.get()
    assert paper.number == "1/BC-LĐLĐ" and paper.issuer == danang["unit"]
    document = open_docx(paper.docx.open("rb").read())
    frame = check_frame(document)
    body = " ".join(texts(document))
    assert frame["left"][:2] == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ ĐÀ NẴNG"]
    assert "Liên đoàn Lao động thành phố Đà Nẵng tổng hợp tình hình triển khai của 2 đơn vị" in body
    assert "Ban Tuyên giáo" not in body and "trực thuộc Tổng Liên đoàn quá hạn" not in body


def test_the_command_line_issues_in_a_units_name(danang, program, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    call_command("urge", "15/KH-LĐLĐ", "--as-of", "09/11/2021", "--date", "10/11/2021", "--unit", "ldld-da-nang",
                 "--out", str(tmp_path / "cv.docx"), "--issue")
    out = capsys.readouterr().out
    assert "Đã phát hành văn bản số 1/LĐLĐ" in out and KCN in out and VC not in out
    assert IssuedPaper.objects.get().issuer == danang["unit"]
    with pytest.raises(CommandError, match="của đơn vị mình"):
        call_command("report", "02/CTr-BCH", "--as-of", "09/11/2021", "--unit", "ldld-da-nang",
                     "--out", str(tmp_path / "bc.docx"))
    with pytest.raises(CommandError, match="Không có đơn vị mã"):
        call_command("report", "15/KH-LĐLĐ", "--as-of", "09/11/2021", "--unit", "khong-co",
                     "--out", str(tmp_path / "bc.docx"))
