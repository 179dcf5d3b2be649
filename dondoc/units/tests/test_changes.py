"""Registry changes as the administrator makes them: a file, a preview, all or nothing, and what moves."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from rest_framework.test import APIClient

from dondoc.accounts.services import api_token_create
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, GroupRule
from dondoc.directives.queries import program_stats
from dondoc.lib import calendar as cal
from dondoc.submissions import services as submissions
from dondoc.tests import factory
from dondoc.units import changes
from dondoc.units.history import name_on
from dondoc.units.models import RegistryChange, Succession, Unit, UnitVersion

pytestmark = pytest.mark.django_db
D = dt.date
HEADER = "action,code,name,short_name,kind,parent,successors,province,note\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


JULY_2025 = D(2025, 7, 1)


def apply(data: bytes, effective=JULY_2025, **kwargs):
    return changes.change_apply(rows=changes.read_change(data, "thay-doi.csv"), effective=effective, **kwargs)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
    return client


@pytest.fixture
def admin(registry):
    user = factory.user("quantri", role="admin", unit=registry["centre"])
    return user


def test_every_bad_row_is_reported_with_its_number_and_nothing_changes(registry):
    data = csv("merge,ldld-quang-nam,,,,,ldld-khong-co,,",
               "rename,khong-co-ma,Tên mới,,,,,,",
               "split,ldld-ha-noi,,,,,ldld-da-nang,,",
               "thanh-lap,ldld-da-nang,Trùng mã,,provincial_federation,vgcl,,,",
               "bogus,x,,,,,,,")
    with pytest.raises(changes.ChangeError) as caught:
        apply(data)
    assert caught.value.errors == ["Dòng 4: chia tách cần ít nhất hai đơn vị kế thừa (cột successors, cách nhau bởi "
                                   "«;»).", "Dòng 6: thao tác «bogus» không hợp lệ (dùng: new, rename, move, merge, "
                                   "split, dissolve)."]
    data = csv("merge,ldld-quang-nam,,,,,ldld-khong-co,,", "rename,khong-co-ma,Tên mới,,,,,,",
               "thanh-lap,ldld-da-nang,Trùng mã,,provincial_federation,vgcl,,,")
    with pytest.raises(changes.ChangeError) as caught:
        apply(data)
    assert caught.value.errors == [
        "Dòng 3: không có đơn vị mã «khong-co-ma» trong danh mục.",
        "Dòng 4: mã «ldld-da-nang» đã có trong danh mục (Liên đoàn Lao động thành phố Đà Nẵng).",
        "Dòng 2: đơn vị kế thừa «ldld-khong-co» không có trong danh mục vào ngày 01/07/2025 và không được "
        "thành lập trong tệp."]
    assert not RegistryChange.objects.exists() and Unit.objects.get(code="ldld-quang-nam").valid_to is None


def test_merge_rename_and_new_unit_keep_names_per_period_and_carry_open_work(registry, program, monitor):
    plan_task = program["plan"]
    hanoi = plan_task.assignments.get(unit=registry["hanoi"])
    sent = submissions.submission_create(assignment=hanoi, kind="plan_issued", by=monitor, doc_number="1/KH",
                                         doc_date=D(2021, 9, 1))
    submissions.submission_accept(submission=sent, by=monitor)
    officer = factory.user("qn", role="officer", unit=registry["quangnam"])
    record, plan = apply(csv("new,cd-moi,Công đoàn Mới Việt Nam,,sector_union,vgcl,,,",
                             "merge,cd-giao-duc,,,,,cd-moi,,",
                             "merge,ldld-quang-nam,,,,,ldld-da-nang,,",
                             "rename,ldld-da-nang,Liên đoàn Lao động thành phố Đà Nẵng (mới),LĐLĐ Đà Nẵng,,,,,"),
                         now=dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC))
    assert (len(plan.created), len(plan.renamed), len(plan.ended)) == (1, 1, 2)
    assert record.summary["assignments_carried"] == 1  # Giáo dục's plan duty to the new sector union
    danang = Unit.objects.get(code="ldld-da-nang")
    assert name_on(danang, D(2024, 1, 1)) == "Liên đoàn Lao động thành phố Đà Nẵng"
    assert name_on(danang, D(2025, 7, 1)) == "Liên đoàn Lao động thành phố Đà Nẵng (mới)"
    officer.refresh_from_db()
    assert officer.unit == danang
    before, after = (next(s for s in program_stats(program["document"], day) if s.task == plan_task)
                     for day in (D(2025, 6, 30), D(2025, 7, 1)))
    assert (before.done, before.total) == (1, 4)
    assert (after.done, after.total) == (1, 3)  # Hà Nội, Đà Nẵng (with Quảng Nam), the new sector union
    carried = Assignment.objects.get(task=plan_task, unit__code="cd-moi")
    assert carried.carried and carried.active_from == D(2025, 7, 1)
    assert Assignment.objects.get(task=plan_task, unit=registry["giaoduc"]).transferred_to == carried


def test_split_gives_each_successor_the_duty_and_finished_work_stays_finished(registry, monitor):
    doc = factory.document(number="5/KH-TLĐ", date=D(2024, 1, 10))
    task = directives.task_create(document=doc, title="Báo cáo", lead_units=[registry["quangnam"]],
                                  deadline_kind=cal.DATE, deadline_date=D(2024, 3, 1))
    sent = submissions.submission_create(assignment=task.assignments.get(), kind="completion_report", by=monitor,
                                         text="Xong", now=dt.datetime(2024, 2, 20, 9, tzinfo=dt.UTC))
    submissions.submission_accept(submission=sent, by=monitor, now=dt.datetime(2024, 2, 21, 9, tzinfo=dt.UTC))
    apply(csv("new,ldld-a,Liên đoàn Lao động A,,provincial_federation,vgcl,,,",
              "new,ldld-b,Liên đoàn Lao động B,,provincial_federation,vgcl,,,",
              "split,ldld-quang-nam,,,,,ldld-a;ldld-b,,"))
    stats = program_stats(doc, D(2025, 8, 1))[0]
    assert (stats.done, stats.total) == (2, 2)  # both successors carry it as done
    assert program_stats(doc, D(2024, 6, 1))[0].total == 1
    assert Succession.objects.filter(predecessor=registry["quangnam"]).count() == 2


def test_move_takes_the_subtree_with_it_and_keeps_the_old_parent_for_earlier_dates(registry):
    upper, grass = registry["hanoi_upper"], registry["hanoi_grass"]
    apply(csv("move,hn-cd-kcn,,,,ldld-da-nang,,,"))
    upper.refresh_from_db()
    grass.refresh_from_db()
    assert upper.path == "/vgcl/ldld-da-nang/hn-cd-kcn/" and grass.path == "/vgcl/ldld-da-nang/hn-cd-kcn/hn-cdcs-1/"
    version = UnitVersion.objects.get(unit=upper)
    assert version.parent == registry["hanoi"] and version.valid_until == D(2025, 7, 1)
    # Danang's officer now sees it; Hà Nội's does not.
    assert Unit.objects.subtree(registry["danang"]).filter(pk=grass.pk).exists()
    with pytest.raises(changes.ChangeError, match="dưới chính đơn vị trực thuộc"):
        apply(csv("move,ldld-da-nang,,,,hn-cd-kcn,,,"), effective=D(2025, 8, 1))


def test_dissolving_a_unit_with_units_below_it_must_say_where_they_go(registry):
    with pytest.raises(changes.ChangeError, match="còn 1 đơn vị trực thuộc"):
        apply(csv("dissolve,ldld-ha-noi,,,,,,,"))
    apply(csv("move,hn-cd-kcn,,,,ldld-da-nang,,,", "dissolve,ldld-ha-noi,,,,,,,"))
    assert Unit.objects.get(code="ldld-ha-noi").valid_to == D(2025, 6, 30)


def test_a_change_dated_before_a_later_one_or_in_the_future_is_refused(registry):
    apply(csv("rename,ldld-da-nang,Tên 2025,,,,,,"))
    with pytest.raises(changes.ChangeError, match="đã có thay đổi hiệu lực từ 01/07/2025"):
        apply(csv("rename,ldld-da-nang,Tên 2024,,,,,,"), effective=D(2024, 1, 1))
    with pytest.raises(changes.ChangeError, match="chưa đến"):
        apply(csv("rename,ldld-ha-noi,Tên sau này,,,,,,"), effective=dt.date.today() + dt.timedelta(days=30))


def test_a_task_entered_late_for_a_unit_that_ended_passes_to_its_successor(registry):
    apply(csv("merge,ldld-quang-nam,,,,,ldld-da-nang,,"))
    doc = factory.document(number="12/KH-TLĐ", date=D(2024, 3, 1))
    task = directives.task_create(document=doc, title="x", lead_group=GroupRule.PROVINCIAL_FEDERATIONS,
                                  deadline_kind=cal.DATE, deadline_date=D(2025, 12, 1))
    quangnam = task.assignments.get(unit__code="ldld-quang-nam")
    assert quangnam.active_to == D(2025, 7, 1)
    assert program_stats(doc, D(2024, 6, 1))[0].total == 3 and program_stats(doc, D(2025, 9, 1))[0].total == 2


def test_the_command_previews_then_applies(registry, tmp_path):
    path = tmp_path / "thay-doi.csv"
    path.write_bytes(csv("merge,ldld-quang-nam,,,,,ldld-da-nang,,"))
    out = io.StringIO()
    call_command("units-change", str(path), "--effective", "01/07/2025", "--dry-run", stdout=out)
    assert "Hợp nhất, sáp nhập: Liên đoàn Lao động tỉnh Quảng Nam" in out.getvalue()
    assert "chưa thay đổi gì" in out.getvalue() and Unit.objects.get(code="ldld-quang-nam").valid_to is None
    call_command("units-change", str(path), "--effective", "01/07/2025", stdout=io.StringIO())
    assert Unit.objects.get(code="ldld-quang-nam").valid_to == D(2025, 6, 30)
    with pytest.raises(CommandError, match="Dòng 2: đơn vị «Liên đoàn Lao động tỉnh Quảng Nam» đã kết thúc"):
        call_command("units-change", str(path), "--effective", "01/07/2025")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("units-change", str(path), "--effective", "31/02/2025")


def test_the_page_previews_and_only_administrators_reach_it(registry, admin, monitor):
    client = Client()
    client.force_login(monitor)
    assert client.get("/don-vi/thay-doi/").status_code == 404
    client.force_login(admin)
    upload = SimpleUploadedFile("thay-doi.csv", csv("merge,ldld-quang-nam,,,,,ldld-da-nang,,"))
    response = client.post("/don-vi/thay-doi/", {"file": upload, "effective": "01/07/2025"})
    assert response.status_code == 302
    preview = client.get(response.url)
    assert "Liên đoàn Lao động tỉnh Quảng Nam" in preview.content.decode() and preview.context["plan"]
    assert Unit.objects.get(code="ldld-quang-nam").valid_to is None  # nothing applied yet
    assert client.post(response.url).status_code == 302
    assert Unit.objects.get(code="ldld-quang-nam").valid_to == D(2025, 6, 30)
    assert client.post(response.url).status_code == 200  # applied once only
    bad = client.post("/don-vi/thay-doi/", {"file": SimpleUploadedFile("x.csv", csv("rename,khong-co,X,,,,,,")),
                                            "effective": "01/07/2025"})
    assert bad.status_code == 400 and "Dòng 2: không có đơn vị mã «khong-co»" in bad.content.decode()


def test_the_api_previews_and_applies_for_administrators_only(registry, admin, officer):
    data = csv("dissolve,cd-giao-duc,,,,,,,")
    refused = token_client(officer).post("/api/registry-changes/", {
        "file": SimpleUploadedFile("x.csv", data), "effective": "2025-07-01"}, format="multipart")
    assert refused.status_code == 403
    api = token_client(admin)
    dry = api.post("/api/registry-changes/", {"file": SimpleUploadedFile("x.csv", data), "effective": "2025-07-01",
                                              "dry_run": "true"}, format="multipart")
    assert dry.status_code == 200 and dry.json()["applied"] is False
    assert dry.json()["ended"][0]["unit"] == "Công đoàn Giáo dục Việt Nam"
    done = api.post("/api/registry-changes/", {"file": SimpleUploadedFile("x.csv", data), "effective": "2025-07-01"},
                    format="multipart")
    assert done.status_code == 201 and Unit.objects.get(code="cd-giao-duc").valid_to == D(2025, 6, 30)
    again = api.post("/api/registry-changes/", {"file": SimpleUploadedFile("x.csv", data),
                                                "effective": "2025-07-01"}, format="multipart")
    assert again.status_code == 400 and "Dòng 2" in again.json()["errors"]["file"][0]


def test_the_2025_file_of_the_demo_reads_without_error():
    from dondoc.core.demo import DATA, REORGANISATION_2025

    rows = changes.read_change((DATA / REORGANISATION_2025).read_bytes(), REORGANISATION_2025)
    merged = [r for r in rows if r.action == "merge" and r.code.startswith("ldld-")]
    assert len(merged) == 29  # 63 provinces → 34


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "x.csv", "Tệp rỗng"),
    (b"PK\x03\x04garbage", "x.xlsx", "không đúng định dạng"),
    (b"code,name\nx,y\n", "x.csv", "Dòng 1: thiếu cột action"),
    (b"\xff\xfe\x00", "x.csv", "UTF-8"),
    (HEADER.encode(), "x.csv", "không có dòng thay đổi"),
])
def test_a_bad_file_gets_a_clear_message(registry, data, name, message):
    with pytest.raises(changes.ChangeError) as caught:
        changes.read_change(data, name)
    assert message in " ".join(caught.value.errors)
