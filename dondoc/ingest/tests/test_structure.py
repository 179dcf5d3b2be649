"""Reading documents by their structure: the fixture documents in documents/ were written for these tests
(the seed notice is a copy of the published notice 462/TB-TLĐ), one for each pattern of layout."""

from pathlib import Path

import pytest

from dondoc.ingest.extraction import extract
from dondoc.ingest.normalize import normalize_text
from dondoc.ingest.outline import field_kind, read_outline

DOCS = Path(__file__).parent / "documents"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def tasks_of(name: str) -> list[dict]:
    return extract(read(name))["tasks"]


def test_outline_parts_of_a_letter():
    outline = read_outline(normalize_text(read("letter.txt")))
    assert any("Số: 5120" in c.text for c in outline.header)
    assert not any("Kính gửi" in c.text for c in outline.header)  # the addressees are their own part
    assert [c.body.strip(" ;.") for c in outline.addressees[1:]] == [
        "Sở Giáo dục và Đào tạo", "Sở Y tế", "Ủy ban nhân dân các xã, phường"]
    assert outline.closing[0].text.startswith("Nơi nhận") and not outline.attachments
    refs = [n.ref for n in outline.body.walk() if n.labelled]
    assert refs == ["1", "2", "3"]


def test_a_letter_gives_its_items_to_the_addressees():
    out = extract(read("letter.txt"))
    doc = out["document"]
    assert (doc["number"], doc["kind"], doc["date"], doc["place"]) == ("5120/UBND-VX", "CV", "2026-05-14", "Bình An")
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Bình An"
    assert doc["signer"] == "Trần Thị Thu Hà" and doc["signer_title"] == "Phó chủ tịch"
    tasks = out["tasks"]
    addressees = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Ủy ban nhân dân các xã, phường"]
    # "đề nghị các đơn vị:" gives the numbered items to the addressees, not to the header lines
    assert [(t["ref"], t["assignees"]) for t in tasks[:3]] == [("1", addressees), ("2", addressees), ("3", addressees)]
    assert tasks[0]["deadline"]["date"] == "2026-05-31" and tasks[1]["deadline"]["type"] == "month"
    monthly = tasks[2]
    assert monthly["deadline"]["type"] == "recurring"
    assert monthly["deadline"]["cycle"] == {"months": 1, "day": 25, "month": None}
    assert monthly["report_to"] == ["Ủy ban nhân dân tỉnh (qua Sở Giáo dục và Đào tạo)"]
    assert tasks[3]["assignees"] == ["Sở Y tế"] and tasks[3]["deadline"]["type"] == "ongoing"
    assert len(tasks) == 4  # the closing formula ("Căn cứ nội dung văn bản, ... tổ chức thực hiện") is no task


def test_field_blocks_and_headings_of_a_plan():
    out = extract(read("plan.txt"))
    assert out["document"]["issuer"] == "Ban Thường vụ Công đoàn ngành Y tế"
    by_ref: dict[str, list[dict]] = {}
    for t in out["tasks"]:
        by_ref.setdefault(t["ref"], []).append(t)
    assert not any(ref.startswith("I.") for ref in by_ref)  # purposes and requirements are no tasks
    # an item with a field block is one task: lead, partners and deadline from its fields
    (survey,) = by_ref["II.1"]
    assert survey["assignees"] == ["Ban Chính sách Công đoàn ngành"]
    assert survey["coordinators"] == ["Văn phòng", "Ban Tài chính"]
    assert (survey["deadline"]["type"], survey["deadline"]["date"]) == ("quarter", "2026-06-30")
    # the contents of a dated phase are one task of the plan's author, due at the end of the phase
    (phase,) = by_ref["II.2.a"]
    assert phase["assignees"] == ["Ban Thường vụ Công đoàn ngành Y tế"]
    assert phase["deadline"]["date"] == "2026-07-31"
    # "Nhiệm vụ thường xuyên" with a trailing "Trách nhiệm thực hiện:" field
    (standing,) = by_ref["II.3"]
    assert standing["assignees"] == ["Ban Chính sách Công đoàn ngành", "Ban Nữ công"]
    assert standing["deadline"]["type"] == "ongoing"
    # a heading naming a unit: its bullets are its tasks
    assert [t["assignees"] for t in by_ref["III.1"]] == [["Ban Tài chính"], ["Ban Tài chính"]]
    assert by_ref["III.1"][1]["deadline"]["date"] == "2026-12-15"
    (office,) = by_ref["III.2"]  # "2. Giao Văn phòng" then the paragraph
    assert office["assignees"] == ["Văn phòng"] and office["report_to"] == ["Ban Thường vụ"]
    assert office["deadline"]["cycle"]["months"] == 6
    (start,) = by_ref["III.3"]
    assert start["deadline"]["start"] == "2026-07-01"


def test_a_pipe_table_with_a_wrapped_row_and_a_continuation_row():
    text = (
        "PHỤ LỤC\n"
        "| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Tuyên truyền về Tháng Công nhân | Ban Tuyên giáo | Văn phòng | Quý III, IV/2026\n"
        "(theo kế hoạch riêng) |\n"
        "| 2 | Rà soát, sửa đổi quy chế phối hợp | Ban Tổ chức | | Tháng 9/2026 |\n"
        "|  | và trình Đoàn Chủ tịch ban hành | | | |\n"
    )
    rows = extract(text)["tasks"]
    assert [(t["ref"], t["assignees"], t["deadline"]["date"]) for t in rows] == [
        ("PL.1", ["Ban Tuyên giáo"], "2026-12-31"), ("PL.2", ["Ban Tổ chức"], "2026-09-30")]
    assert rows[0]["coordinators"] == ["Văn phòng"]
    assert rows[1]["action"].endswith("và trình Đoàn Chủ tịch ban hành")


def test_signature_before_an_appendix():
    doc = extract(read("spread_table.txt"))["document"]
    assert doc["signer"] == "Lê Minh Quang" and doc["signer_title"] == "Chủ tịch"


def test_seed_notice_cycle_and_report_to():
    tasks = {(t["ref"], t["assignees"][0]): t for t in tasks_of("tb-462-tld-2021.txt")}
    plans = tasks[("2.3", "Các ban, đơn vị được giao")]
    assert plans["report_to"] == ["Thường trực Đoàn Chủ tịch", "Ban Tuyên giáo"]
    assert plans["deadline"]["date"] == "2021-11-30"
    six_monthly = tasks[("2.4", "các ban, đơn vị trực thuộc Tổng Liên đoàn")]
    assert six_monthly["deadline"]["cycle"] == {"months": 6, "day": None, "month": None}
    monitor = tasks[("2.4", "Ban Tuyên giáo")]
    assert monitor["deadline"]["type"] == "ongoing"
    assert monitor["report_to"] == ["Thường trực Đoàn Chủ tịch Tổng Liên đoàn"]
    # "chương trình công tác nhiệm kỳ, hàng năm" is a kind of programme, not a yearly cycle
    assert tasks[("2.2", "Công đoàn cơ sở")]["deadline"]["type"] == "none"


@pytest.mark.parametrize(("line", "kind", "value"), [
    ("- Đơn vị chủ trì: Sở Y tế.", "lead", "Sở Y tế."),
    ("Cơ quan phối hợp: Văn phòng", "partners", "Văn phòng"),
    ("Thời gian hoàn thành: Quý II/2026", "time", "Quý II/2026"),
    ("- Kết quả: Báo cáo khảo sát", "result", "Báo cáo khảo sát"),
    ("Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh.", "lead", "Đảng ủy Ủy ban nhân dân tỉnh."),
    ("a) Cơ quan chủ trì", "lead", ""),
])
def test_field_labels(line, kind, value):
    body = line.split(") ", 1)[-1] if line.startswith("a)") else line
    assert field_kind(body) == (kind, value)


@pytest.mark.parametrize("line", [
    "Phối hợp kiểm tra, giám sát: Cử đại diện lãnh đạo tham gia các đoàn",  # a topic, not the partners field
    "Tổ chức thực hiện", "Thời gian kiểm tra: 02 ngày", "Bố trí kinh phí thực hiện kế hoạch.",
])
def test_not_field_labels(line):
    assert field_kind(line) is None


def test_an_inline_time_sentence_is_the_time_of_the_task_before_it():
    text = ("Kính gửi: Sở Xây dựng.\n"
            "1. Giao Sở Xây dựng chủ trì, phối hợp với các địa phương xây dựng dự thảo quy chế quản lý chung cư. "
            "Thời gian hoàn thành xong trước ngày 05/10/2026.\n")
    (task,) = extract(text)["tasks"]
    assert task["assignees"] == ["Sở Xây dựng"] and task["deadline"]["date"] == "2026-10-05"


def test_a_lead_in_with_its_own_action_has_details_below_it():
    text = ("1. Bộ Kế hoạch và Đầu tư:\n"
            "a) Chủ trì rà soát cơ chế ưu đãi đầu tư, báo cáo Thủ tướng Chính phủ trong quý III năm 2026.\n"
            "b) Phối hợp với các Bộ, ngành và địa phương liên quan chỉ đạo, hướng dẫn triển khai:\n"
            "- Xây dựng kết cấu hạ tầng đúng tiến độ.\n"
            "- Đa dạng hóa các hình thức huy động vốn.\n"
            "2. Bộ Tài chính chủ trì thẩm định dự toán; đồng thời hướng dẫn các địa phương quyết toán kinh phí.\n")
    tasks = extract(text)["tasks"]
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("1.a", ["Bộ Kế hoạch và Đầu tư"]), ("1.b", ["Bộ Kế hoạch và Đầu tư"]),
        ("2", ["Bộ Tài chính"]), ("2", ["Bộ Tài chính"])]  # "; đồng thời ..." is a second task
    assert tasks[0]["deadline"]["date"] == "2026-09-30"


def test_office_holders_named_by_their_title():
    text = ("IV. TỔ CHỨC THỰC HIỆN\n"
            "1. Đồng chí Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban: Chỉ đạo chuẩn bị nội dung "
            "trang trí, khánh tiết các điểm bỏ phiếu.\n")
    (task,) = extract(text)["tasks"]
    assert task["assignees"] == ["Phó Trưởng phòng Văn hóa - Xã hội - Phó Trưởng tiểu ban"]


def test_a_section_heading_in_capitals_names_its_unit_as_the_body_writes_it():
    text = ("II. NHIỆM VỤ CỦA SỞ Y TẾ\n1. Giám sát ca bệnh tại các cơ sở y tế.\n"
            "2. Bảo đảm thuốc, vật tư trước ngày 30/6/2026.\n"
            "III. TỔ CHỨC THỰC HIỆN\nSở Y tế là cơ quan thường trực, tổng hợp báo cáo Ủy ban nhân dân tỉnh hằng quý, "
            "trước ngày 20 của tháng cuối quý.\n")
    tasks = extract(text)["tasks"]
    assert [(t["ref"], t["assignees"]) for t in tasks[:2]] == [("II.1", ["Sở Y tế"]), ("II.2", ["Sở Y tế"])]
    quarterly = tasks[2]
    assert quarterly["deadline"]["cycle"] == {"months": 3, "day": 20, "month": None}
    assert quarterly["report_to"] == ["Ủy ban nhân dân tỉnh"]
