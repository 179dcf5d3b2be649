"""The cascade (each unit with units below it follows its own subtree), counts reported from below, and
coordinating units ("phối hợp"), on a real database: pages, services and API."""

import datetime as dt

import pytest
from django.test import Client

from dondoc.directives import services as directives
from dondoc.directives.models import DocumentLink, GroupRule, LinkKind
from dondoc.lib import calendar as cal
from dondoc.submissions import services as submissions
from dondoc.submissions.models import ReportedCount, Submission
from dondoc.submissions.queries import reported_rollup
from dondoc.tests import factory
from dondoc.units.models import UnitKind

pytestmark = pytest.mark.django_db
DAY = "09/11/2021"


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    from dondoc.accounts.services import api_token_create

    def client_for(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
        return client

    return client_for


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hanoi_plan(registry, program, officer):
    """Hà Nội issues its plan for the centre's program (one act) and gives a task to the units below it."""
    assignment = program["plan"].assignments.get(unit=registry["hanoi"])
    document, _ = submissions.plan_issue(assignment=assignment, by=officer, number="12/KH-LĐLĐ",
                                         date=dt.date(2021, 8, 10), title="Kế hoạch triển khai 02/CTr-BCH")
    task = directives.task_create(document=document, ref="1", title="Công đoàn cấp trên cơ sở ban hành kế hoạch",
                                  lead_group=GroupRule.UPPER_GRASSROOTS, deadline_kind=cal.DATE,
                                  deadline_date=dt.date(2021, 12, 31))
    return {"assignment": assignment, "document": document, "task": task}


def test_issuing_a_plan_fulfils_the_assignment_and_opens_the_units_program(hanoi_plan, registry, program):
    assignment, document = hanoi_plan["assignment"], hanoi_plan["document"]
    assignment.refresh_from_db()
    sent = Submission.objects.get(assignment=assignment)
    assert sent.kind == "plan_issued" and sent.doc_number == "12/KH-LĐLĐ" and assignment.submitted_on == dt.date(2021, 8, 10)
    assert document.scope == registry["hanoi"] and document.issuer == registry["hanoi"] and document.is_program
    link = DocumentLink.objects.get(source=document)
    assert link.kind == LinkKind.IMPLEMENTS and link.target == program["document"]
    # The group rule of a unit's own program resolves within its subtree, below it.
    assert [a.unit.code for a in hanoi_plan["task"].assignments.all()] == ["hn-cd-kcn"]


def test_a_units_program_gives_tasks_only_below_it(hanoi_plan, registry):
    with pytest.raises(directives.ServiceError, match="trực thuộc"):
        directives.task_create(document=hanoi_plan["document"], title="Sai", lead_units=[registry["danang"]])
    with pytest.raises(directives.ServiceError, match="trực thuộc"):
        directives.task_create(document=hanoi_plan["document"], title="Sai", lead_units=[registry["hanoi"]])


def test_the_following_officer_uses_the_centres_tools_in_its_subtree_only(hanoi_plan, registry, program, officer,
                                                                          outsider):
    client = client_of(officer)
    doc, task = hanoi_plan["document"], hanoi_plan["task"]
    for url in (f"/theo-doi/chuong-trinh/{doc.pk}/?ngay={DAY}", f"/theo-doi/nhiem-vu/{task.pk}/",
                f"/theo-doi/nhiem-vu/{task.pk}/chua-thuc-hien/", f"/van-ban/nhiem-vu/{task.pk}/",
                f"/van-ban/{doc.pk}/giao-nhiem-vu/", f"/van-ban/{doc.pk}/sua/", "/theo-doi/", "/van-ban/moi/",
                "/nhiem-vu/cho-xem-xet/"):
        assert client.get(url).status_code == 200, url
    # Never the centre's program's dashboards, nor another province's unit.
    for url in (f"/theo-doi/chuong-trinh/{program['document'].pk}/", f"/theo-doi/nhiem-vu/{program['plan'].pk}/",
                f"/van-ban/{program['document'].pk}/giao-nhiem-vu/", f"/theo-doi/don-vi/{registry['danang'].pk}/"):
        assert client.get(url).status_code == 404, url
    # The task form offers only the units below Hà Nội.
    form = client.get(f"/van-ban/{doc.pk}/giao-nhiem-vu/").content.decode()
    assert "Công đoàn các Khu công nghiệp Hà Nội" in form and "Đà Nẵng" not in form
    # A document it enters is its own: issued by it, followed in its subtree.
    response = client.post("/van-ban/moi/", {"number": "20/KH-LĐLĐ", "kind": "KH", "date": "01/09/2021",
                                             "title": "Kế hoạch riêng", "is_program": "on", "done_when": "accepted"})
    assert response.status_code == 302
    created = registry["hanoi"].scoped_documents.get(number="20/KH-LĐLĐ")
    assert created.issuer == registry["hanoi"]
    # Đà Nẵng (no unit below it here) follows nothing and sees nothing of Hà Nội's program.
    other = client_of(outsider)
    for url in (f"/theo-doi/chuong-trinh/{doc.pk}/", f"/van-ban/{doc.pk}/", f"/theo-doi/nhiem-vu/{task.pk}/",
                "/van-ban/moi/", "/nhiem-vu/cho-xem-xet/"):
        assert other.get(url).status_code == 404, url


def test_the_following_unit_reviews_its_units_submissions_not_the_centres(hanoi_plan, registry, officer, monitor):
    below = factory.user("kcn", role="officer", unit=registry["hanoi_upper"])
    assignment = hanoi_plan["task"].assignments.get()
    sent = submissions.submission_create(assignment=assignment, kind="completion_report", by=below, text="Xong")
    client = client_of(officer)
    queue = client.get("/nhiem-vu/cho-xem-xet/").content.decode()
    assert "Công đoàn cấp trên cơ sở ban hành kế hoạch" in queue
    assert "Ban hành kế hoạch triển khai" not in queue  # its own plan, sent to the centre: the monitor reviews it
    assert client.post(f"/nhiem-vu/bao-cao/{sent.pk}/xem-xet/", {"decision": "accept"}).status_code == 302
    sent.refresh_from_db()
    assert sent.state == "accepted" and sent.reviewed_by == officer
    own = Submission.objects.get(assignment=hanoi_plan["assignment"])
    assert client.post(f"/nhiem-vu/bao-cao/{own.pk}/xem-xet/", {"decision": "accept"}).status_code == 404
    # The centre's monitor drills from its program into Hà Nội's plan and sees its figures.
    body = client_of(monitor).get(f"/theo-doi/chuong-trinh/{hanoi_plan['assignment'].task.document_id}/")
    html = body.content.decode()
    assert f"/theo-doi/chuong-trinh/{hanoi_plan['document'].pk}/" in html and 'data-unit="ldld-ha-noi"' in html
    plan_page = client_of(monitor).get(f"/theo-doi/chuong-trinh/{hanoi_plan['document'].pk}/")
    assert '<td class="num done-total"><strong>1/1</strong></td>' in plan_page.content.decode()


def test_counts_reported_from_below_roll_up_per_period(registry, program, officer, monitor):
    """Each unit's latest report of a period counts; the periods stay apart; who reported what and when."""
    quangnam = factory.unit("ldld-qn-2", "LĐLĐ tỉnh Thử", UnitKind.PROVINCIAL_FEDERATION, registry["centre"])
    task = directives.task_create(document=program["document"], ref="3", title="100% công đoàn cấp trên cơ sở "
                                  "ban hành kế hoạch", lead_units=[registry["hanoi"], quangnam],
                                  deadline_kind=cal.ONGOING)
    hanoi, other = task.assignments.get(unit=registry["hanoi"]), task.assignments.get(unit=quangnam)
    submissions.reported_count_create(assignment=hanoi, period="6 tháng cuối năm 2021", done=10, total=15,
                                      by=officer)
    submissions.reported_count_create(assignment=hanoi, period="6 tháng cuối năm 2021", done=12, total=15,
                                      by=officer, note="Cập nhật")
    submissions.reported_count_create(assignment=other, period="6 tháng cuối năm 2021", done=5, total=8, by=monitor)
    submissions.reported_count_create(assignment=hanoi, period="6 tháng đầu năm 2022", done=15, total=15,
                                      by=officer)
    rollups = {r.period: r for r in reported_rollup([task.pk])[task.pk]}
    late_2021 = rollups["6 tháng cuối năm 2021"]
    assert (late_2021.done, late_2021.total) == (17, 23)
    assert [(c.assignment.unit.code, c.done, c.reported_by.username) for c in late_2021.rows] == [
        ("ldld-ha-noi", 12, "officer_a"), ("ldld-qn-2", 5, "monitor")]
    assert (rollups["6 tháng đầu năm 2022"].done, rollups["6 tháng đầu năm 2022"].total) == (15, 15)
    assert ReportedCount.objects.filter(assignment=hanoi).count() == 3  # history kept
    # The centre sees both on one dashboard: the units' own assignments and the figures from below.
    page = client_of(monitor).get(f"/theo-doi/chuong-trinh/{program['document'].pk}/?ngay={DAY}").content.decode()
    assert 'id="reported"' in page and "17/23" in page and "15/15" in page
    task_page = client_of(monitor).get(f"/theo-doi/nhiem-vu/{task.pk}/?ngay={DAY}").content.decode()
    assert "17/23" in task_page and "12" in task_page


def test_reported_counts_through_the_page_and_the_api(registry, program, officer, outsider, api):
    task = directives.task_create(document=program["document"], ref="3", title="Số liệu từ cấp dưới",
                                  lead_units=[registry["hanoi"]], deadline_kind=cal.ONGOING)
    assignment = task.assignments.get()
    client = client_of(officer)
    bad = client.post(f"/nhiem-vu/{assignment.pk}/so-lieu/", {"period": "Năm 2021", "done": "16", "total": "15"})
    assert bad.status_code == 400 and "không thể lớn hơn tổng số" in bad.content.decode()
    ok = client.post(f"/nhiem-vu/{assignment.pk}/so-lieu/", {"period": "Năm 2021", "done": "12", "total": "15"})
    assert ok.status_code == 302
    created = api(officer).post(f"/api/assignments/{assignment.pk}/counts/",
                                {"period": "Quý I/2022", "done": 3, "total": 15}, format="json")
    assert created.status_code == 201 and created.json()["reported_by"] == "officer_a"
    refused = api(officer).post(f"/api/assignments/{assignment.pk}/counts/", {"period": "x", "done": 9, "total": 3},
                                format="json")
    assert refused.status_code == 400
    listed = api(officer).get(f"/api/assignments/{assignment.pk}/counts/").json()
    assert sorted((r["period"], r["done"], r["total"]) for r in listed) == [("Năm 2021", 12, 15), ("Quý I/2022", 3, 15)]
    assert api(outsider).get(f"/api/assignments/{assignment.pk}/counts/").status_code == 404
    assert client_of(outsider).post(f"/nhiem-vu/{assignment.pk}/so-lieu/",
                                    {"period": "Năm 2021", "done": "1", "total": "2"}).status_code == 404


def test_a_coordinator_reads_its_task_and_contributes_without_being_counted(registry, program, monitor, outsider):
    coordinator = factory.user("toc_officer", role="officer", unit=registry["toc"])
    task = directives.task_create(document=program["document"], ref="4", title="Việc có đơn vị phối hợp",
                                  lead_units=[registry["hanoi"]], coordinators=[registry["toc"]],
                                  deadline_kind=cal.DATE, deadline_date=dt.date(2021, 12, 1))
    assignment = task.assignments.get()
    client = client_of(coordinator)
    listing = client.get("/nhiem-vu/").content.decode()
    assert 'id="coordinated-tasks"' in listing and "Việc có đơn vị phối hợp" in listing
    page = client.get(f"/nhiem-vu/phoi-hop/{task.pk}/")
    assert page.status_code == 200 and "LĐLĐ Hà Nội" in page.content.decode()
    assert client.get(f"/nhiem-vu/{assignment.pk}/").status_code == 200  # reads the responsible unit's work
    # It contributes (a comment and a file); it cannot submit for the responsible unit.
    sent = client.post(f"/nhiem-vu/phoi-hop/{task.pk}/dong-gop/", {
        "text": "Ban Tổ chức góp ý dự thảo", "file": _upload("gop-y.pdf", factory.pdf_bytes())})
    assert sent.status_code == 302
    contribution = task.contributions.get()
    assert contribution.unit == registry["toc"] and contribution.original_name == "gop-y.pdf"
    assert client.get(f"/nhiem-vu/dong-gop/{contribution.pk}/tep/").status_code == 200
    assert client.post(f"/nhiem-vu/{assignment.pk}/gui/", {"kind": "completion_report", "text": "x"}).status_code == 404
    empty = client.post(f"/nhiem-vu/phoi-hop/{task.pk}/dong-gop/", {"text": " "})
    assert empty.status_code == 400 and task.contributions.count() == 1
    # Not counted as responsible: the task still has one unit.
    assert task.assignments.count() == 1
    stats = client_of(monitor).get(f"/van-ban/{program['document'].pk}/?ngay={DAY}").content.decode()
    assert "0/1" in stats
    # Another unit sees none of it.
    other = client_of(outsider)
    for url in (f"/nhiem-vu/phoi-hop/{task.pk}/", f"/nhiem-vu/{assignment.pk}/",
                f"/nhiem-vu/dong-gop/{contribution.pk}/tep/"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/nhiem-vu/phoi-hop/{task.pk}/dong-gop/", {"text": "x"}).status_code == 404


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_an_edit_cannot_give_a_units_task_outside_its_subtree(hanoi_plan, registry, officer, api):
    from dondoc.directives import editing

    task = hanoi_plan["task"]
    with pytest.raises(directives.ServiceError, match="trực thuộc"):
        editing.task_update(task=task, version=task.version, lead_units=[registry["danang"]])
    response = api(officer).patch(f"/api/tasks/{task.pk}/", {"version": task.version,
                                                               "lead_units": [registry["danang"].pk]}, format="json")
    assert response.status_code == 400
    assert not task.assignments.filter(unit=registry["danang"]).exists()
