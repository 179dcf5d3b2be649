"""Documents in the styles of other offices (written for these tests: a ministry's plan with a table of tasks,
a province's letter "V/v ...", a Party committee's programme with field blocks, a Prime Minister's directive,
a report-request letter with monthly and quarterly cycles), and the same documents laid out other ways
(perturb.py): what a document asks does not depend on its numbering signs, bullets, blank lines, line
wrapping or the case of its headings."""

from pathlib import Path

import pytest

from dondoc.ingest.extraction import extract

from . import perturb

DOCS = Path(__file__).parent / "documents"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def rows(name: str) -> list[tuple]:
    return [(t["ref"], t["assignees"], t["deadline"]["type"], t["deadline"]["date"]) for t in extract(read(name))["tasks"]]


def test_a_ministry_plan_with_a_table_of_tasks_in_its_appendix():
    out = extract(read("ministry_table.txt"))
    assert out["document"]["number"] == "214/KH-BNNMT" and out["document"]["signer"] == "Lê Văn Bình"
    tasks = out["tasks"]
    assert [(t["ref"], t["assignees"], t["deadline"]["type"], t["deadline"]["date"]) for t in tasks] == [
        ("III.1", ["Các đơn vị thuộc Bộ"], "date", "2026-04-15"),
        ("III.2", ["Vụ Kế hoạch - Tài chính"], "none", None),
        ("III.3", ["Trung tâm Chuyển đổi số"], "recurring", None),
        # one task per row; section rows (I, II) are no tasks; a wrapped row is one task
        ("PL.1", ["Văn phòng Bộ"], "month", "2026-06-30"),
        ("PL.2", ["Trung tâm Chuyển đổi số"], "quarter", "2026-09-30"),
        ("PL.3", ["Trung tâm Chuyển đổi số"], "quarter", "2026-09-30"),
        ("PL.4", ["Trung tâm Chuyển đổi số"], "ongoing", None),
        ("PL.5", ["Vụ Tổ chức cán bộ"], "year", "2027-12-31"),
    ]
    assert tasks[0]["report_to"] == ["Trung tâm Chuyển đổi số"]
    assert tasks[2]["deadline"]["cycle"]["months"] == 3 and tasks[2]["report_to"] == ["Bộ trưởng"]
    assert tasks[3]["coordinators"] == ["Vụ Pháp chế"]
    assert tasks[6]["action"].endswith("thông tin của Bộ theo cấp độ")


def test_a_province_letter_with_headings_naming_units():
    out = extract(read("province_letter.txt"))
    assert out["document"]["kind"] == "CV" and out["document"]["number"] == "1875/UBND-KT"
    tasks = out["tasks"]
    districts = ["Ủy ban nhân dân các huyện, thành phố"]
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("1.a", ["Sở Công Thương"]), ("1.b", ["Sở Công Thương"]),
        # "2) Công ty Điện lực Hòa Sơn:" names its unit like a department's heading
        ("2.a", ["Công ty Điện lực Hòa Sơn"]), ("2.b", ["Công ty Điện lực Hòa Sơn"]),
        ("3", ["Sở Tài chính"]), ("4", districts), ("4", districts)]
    assert tasks[0]["coordinators"] == ["Công ty Điện lực Hòa Sơn"]
    assert tasks[3]["deadline"]["cycle"] == {"months": 1, "day": 20, "month": None}
    assert tasks[3]["report_to"] == ["Sở Công Thương"]
    assert tasks[4]["coordinators"] == ["Sở Công Thương"] and tasks[4]["deadline"]["date"] == "2026-08-31"
    assert tasks[6]["deadline"]["date"] == "2026-12-31"


def test_a_party_programme_with_field_blocks_and_unit_headings():
    out = extract(read("party_program.txt"))
    # "ĐẢNG BỘ TỈNH ... / HUYỆN ỦY TÂN LẬP": the issuer is the committee, not the party organisation above it
    assert out["document"]["issuer"] == "Huyện ủy Tân Lập"
    assert out["document"]["number"] == "45-CTr/HU" and out["document"]["kind"] == "CTr"
    tasks = out["tasks"]
    assert not any(t["ref"].startswith("I.") for t in tasks)  # targets are no tasks
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("II.1", ["Ban Tuyên giáo Huyện ủy"]), ("II.2", ["Ủy ban nhân dân huyện"]),
        ("II.3", ["Ủy ban Kiểm tra Huyện ủy"]),
        ("III.1", ["Các chi bộ, đảng bộ cơ sở"]), ("III.1", ["Các chi bộ, đảng bộ cơ sở"]),
        ("III.2", ["Văn phòng Huyện ủy"])]
    assert tasks[0]["coordinators"] == ["Ủy ban Mặt trận Tổ quốc huyện", "Hội Nông dân huyện"]
    assert tasks[1]["deadline"]["date"] == "2026-10-31"
    assert tasks[2]["deadline"]["cycle"]["months"] == 12
    assert tasks[4]["deadline"]["cycle"] == {"months": 12, "day": 10, "month": 12}
    assert tasks[4]["report_to"] == ["Ban Thường vụ Huyện ủy (qua Văn phòng Huyện ủy)"]
    # "6 tháng một lần" is six-monthly, not monthly
    assert tasks[5]["deadline"]["cycle"]["months"] == 6


def test_a_directive_of_numbered_sentences():
    tasks = extract(read("directive.txt"))["tasks"]
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("1", ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]),
        ("2", ["Bộ Nông nghiệp và Môi trường"]), ("3", ["Bộ Tài chính"]),
        # a ministry that directs its own press bodies does the work itself
        ("4", ["Bộ Thông tin và Truyền thông"]),
        ("5", ["Bộ Xây dựng"]),
        # "theo dõi, đôn đốc việc thực hiện Chỉ thị này" is monitoring work, not the closing formula
        ("6", ["Bộ Nông nghiệp và Môi trường"])]
    assert tasks[1]["coordinators"] == ["Bộ Quốc phòng", "Bộ Công an"]
    assert tasks[1]["deadline"]["date"] == "2026-09-30"
    assert tasks[4]["report_to"] == ["Thủ tướng Chính phủ"]
    assert tasks[5]["deadline"]["cycle"]["months"] == 6 and tasks[5]["report_to"] == ["Thủ tướng Chính phủ"]


def test_a_report_request_letter_keeps_each_cycle():
    tasks = extract(read("report_request.txt"))["tasks"]
    assert {tuple(t["assignees"]) for t in tasks} == {("các công đoàn cấp trên trực tiếp cơ sở",)}
    assert tasks[0]["deadline"]["cycle"] == {"months": 1, "day": 20, "month": None}
    assert tasks[0]["report_to"] == ["Liên đoàn Lao động tỉnh (qua Ban Tổ chức)"]
    # "trước ngày 15 của tháng cuối quý": quarterly, due on the 15th
    assert tasks[1]["deadline"]["cycle"] == {"months": 3, "day": 15, "month": None}
    assert (tasks[2]["deadline"]["type"], tasks[2]["deadline"]["date"]) == ("date", "2026-06-15")
    assert len(tasks) == 5  # "nếu có vướng mắc, đề nghị báo cáo ..." is no task


def _key(t: dict) -> tuple:
    d = t["deadline"]
    return (t["ref"], tuple(t["assignees"]), d["type"], d.get("date"), tuple(t["coordinators"]), tuple(t["report_to"]))


@pytest.mark.parametrize("change", perturb.ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", sorted(p.name for p in DOCS.glob("*.txt")))
def test_the_layout_does_not_change_the_tasks(name, change):
    text = read(name)
    assert [_key(t) for t in extract(change(text))["tasks"]] == [_key(t) for t in extract(text)["tasks"]]


@pytest.mark.parametrize("change", perturb.ALL, ids=lambda f: f.__name__)
def test_the_perturbations_change_the_layout(change):
    texts = [read(p.name) for p in DOCS.glob("*.txt")]
    assert any(change(text) != text for text in texts)


def test_a_decision_by_articles():
    out = extract(read("decision.txt"))
    assert (out["document"]["kind"], out["document"]["number"]) == ("QĐ", "902/QĐ-UBND")
    tasks = out["tasks"]
    # "Nhiệm vụ của Tổ công tác" names the doer of its items; "chịu trách nhiệm thi hành Quyết định này" is none
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("2.1", ["Tổ công tác"]), ("2.2", ["Tổ công tác"]), ("3", ["Sở Nội vụ"])]
    assert tasks[0]["deadline"]["date"] == "2026-09-30"
    assert tasks[1]["deadline"]["cycle"]["months"] == 3
    assert tasks[1]["report_to"] == ["Chủ tịch Ủy ban nhân dân tỉnh"]  # "Báo cáo X ..." at the start


def test_a_letter_to_one_addressee_called_quy_co_quan():
    tasks = extract(read("single_addressee.txt"))["tasks"]
    assert [t["assignees"] for t in tasks] == [["Sở Y tế tỉnh Hòa Sơn"], ["Sở Y tế tỉnh Hòa Sơn"]]
    assert tasks[1]["deadline"]["date"] == "2026-10-15"
    assert tasks[1]["report_to"] == ["Cục Quản lý Khám, chữa bệnh"]
    # "Trân trọng cảm ơn sự phối hợp của Quý cơ quan./." is a courtesy, no task


def test_headings_in_capitals_with_colons_or_without():
    tasks = extract(read("unit_headings.txt"))["tasks"]
    assert [(t["ref"], [u.casefold() for u in t["assignees"]]) for t in tasks] == [
        ("II.1", ["sở y tế"]), ("II.1", ["sở y tế"]), ("II.2", ["sở giáo dục và đào tạo"]),
        ("II.3.a", ["ủy ban nhân dân các huyện, thành phố"]), ("II.3.b", ["ủy ban nhân dân các huyện, thành phố"]),
        ("II.4", ["sở tài chính"])]
    assert tasks[0]["coordinators"] == ["các sở, ngành liên quan"]
    assert tasks[1]["deadline"]["date"] == "2026-06-30" and tasks[3]["deadline"]["date"] == "2026-03-31"
    assert tasks[2]["deadline"]["type"] == "recurring"  # "định kỳ hằng tuần"


def test_a_conclusion_notice_of_plain_paragraphs():
    out = extract(read("conclusion.txt"))
    assert out["document"]["issuer"] == "Văn phòng Ủy ban nhân dân tỉnh Hòa Sơn"
    tasks = out["tasks"]
    # the situation, the approval ("Đồng ý ...") and "thông báo để ... biết, thực hiện" are no tasks
    assert [t["assignees"] for t in tasks] == [
        ["Sở Tài chính"], ["Sở Xây dựng"], ["các chủ đầu tư", "Ủy ban nhân dân các huyện, thành phố"]]
    assert tasks[0]["coordinators"] == ["Kho bạc Nhà nước khu vực"]
    assert tasks[0]["report_to"] == ["Ủy ban nhân dân tỉnh"] and tasks[0]["deadline"]["date"] == "2026-10-20"
    assert tasks[1]["deadline"]["date"] == "2026-10-31"
    assert tasks[2]["deadline"]["cycle"] == {"months": 1, "day": 5, "month": None}
    assert tasks[2]["report_to"] == ["Sở Tài chính"]


def test_an_assignment_after_an_opening_clause():
    text = ("Số: 12/UBND-KT\nHòa Sơn, ngày 02 tháng 3 năm 2026\n\n"
            "1. Về vốn cho dự án: Ủy ban nhân dân huyện Tân Lập đẩy nhanh tiến độ thực hiện dự án. Căn cứ vào kết "
            "quả thực hiện năm 2026, nếu thiếu vốn, giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước tỉnh "
            "đề xuất mức vốn bổ sung, trình Ủy ban nhân dân tỉnh quyết định.\n")
    tasks = extract(text)["tasks"]
    assert [t["assignees"] for t in tasks] == [["Ủy ban nhân dân huyện Tân Lập"], ["Sở Tài chính"]]
    assert tasks[1]["coordinators"] == ["Kho bạc Nhà nước tỉnh"]


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("báo cáo Ban Thường vụ 6 tháng một lần", "recurring", {"months": 6, "day": None, "month": None}),
    ("báo cáo ba tháng một lần", "recurring", {"months": 3, "day": None, "month": None}),
    ("Báo cáo quý: gửi trước ngày 15 của tháng cuối quý.", "recurring", {"months": 3, "day": 15, "month": None}),
    ("Báo cáo tháng: gửi trước ngày 20 hằng tháng.", "recurring", {"months": 1, "day": 20, "month": None}),
    ("Báo cáo năm: gửi trước ngày 15/11/2026.", "date", "2026-11-15"),
    ("Báo cáo tháng 6/2026 trước ngày 5/7/2026", "date", "2026-07-05"),
    ("triển khai từ nay đến hết năm 2026", "year", "2026-12-31"),
    ("phấn đấu đến năm 2030 đạt 50%", "none", None),
])
def test_deadlines_and_cycles_of_other_offices(text, kind, value):
    from dondoc.ingest.deadlines import parse_deadline

    found = parse_deadline(text, default_year=2026)
    assert found["type"] == kind
    assert (found.get("cycle") if kind == "recurring" else found["date"]) == value


def test_fields_on_one_line_in_brackets_or_as_sentences_after_the_title():
    tasks = extract(read("inline_fields.txt"))["tasks"]
    assert [(t["ref"], t["assignees"], t["coordinators"], t["deadline"]["type"], t["deadline"]["date"])
            for t in tasks] == [
        ("II.1", ["Sở Nội vụ"], ["Văn phòng Ủy ban nhân dân tỉnh"], "quarter", "2026-06-30"),
        ("II.2", ["Sở Khoa học và Công nghệ"], ["các sở, ngành"], "month", "2026-09-30"),
        ("II.3", ["Sở Nội vụ"], [], "year", "2026-12-31")]


def test_items_opening_with_their_unit_and_a_colon():
    tasks = extract(read("unit_colons.txt"))["tasks"]
    assert [(t["ref"], t["assignees"], t["deadline"]["type"]) for t in tasks] == [
        # "...; hoàn thành trước ngày 30/6/2026" is the time of the clause before it, not a task of its own
        ("III.1", ["Sở Y tế"], "date"), ("III.2", ["Sở Tài chính"], "none"), ("III.3", ["Công an tỉnh"], "none"),
        ("III.3", ["Ủy ban nhân dân các huyện"], "recurring"),
        # "4. Trách nhiệm của Đài ..." stays a heading over its first sentence
        ("III.4", ["Đài Phát thanh và Truyền hình tỉnh"], "none")]
    assert tasks[0]["deadline"]["date"] == "2026-06-30"
    assert tasks[3]["report_to"] == ["Sở Y tế"] and tasks[3]["deadline"]["cycle"]["day"] == 25


def test_addressees_on_one_line_separated_by_commas():
    text = ("Số: 40/UBND-VX\nHòa Sơn, ngày 02 tháng 3 năm 2026\n\n"
            "Kính gửi: Sở Y tế, Sở Tài chính và Ủy ban nhân dân các huyện\n\n"
            "Ủy ban nhân dân tỉnh đề nghị các đơn vị:\n"
            "1) Rà soát kinh phí phòng, chống dịch, báo cáo trước ngày 15/3/2026.\n")
    (task,) = extract(text)["tasks"]
    assert task["assignees"] == ["Sở Y tế", "Sở Tài chính", "Ủy ban nhân dân các huyện"]


def test_lines_of_a_wrapped_paragraph_that_look_like_labels():
    from dondoc.ingest.normalize import normalize_text

    text = ("- Tuyên truyền, vận động đoàn viên, hội viên và nhân dân tham\n"
            "gia Phong trào thi đua “Toàn dân chung tay vì một Việt Nam xanh - sạch\n"
            "- đẹp” gắn với các cuộc vận động của địa phương trong năm\n"
            "2026 theo đúng hướng dẫn của cấp trên và quy định tại\n"
            "Điều 55 Luật Bầu cử, bảo đảm các nội dung của kế hoạch và\n"
            "Chương trình số 02/Ctr-BCH được triển khai đồng bộ, có hiệu\n"
            "quả trên toàn địa bàn xã, phường, thị trấn trong tỉnh và\n"
            "được tổng hợp, báo cáo định kỳ về cơ quan thường trực của\n"
            "tỉnh theo quy định hiện hành của Ủy ban nhân dân tỉnh và\n"
            "của các cơ quan có thẩm quyền.\n")
    out = normalize_text(text)
    assert out.count("\n") == 1, out  # one paragraph: a dash, an article and a programme inside sentences


def test_a_ministry_plan_with_field_sentences_after_each_item():
    tasks = extract(read("ministry_plan.txt"))["tasks"]
    assert [(t["ref"], t["assignees"], t["deadline"]["type"], t["deadline"]["date"]) for t in tasks] == [
        ("II.1.a", ["Vụ Pháp chế"], "quarter", "2024-06-30"),
        ("II.1.b", ["Vụ Tổ chức - Biên chế"], "month", "2024-09-30"),
        ("II.2", ["Văn phòng Bộ"], "month", "2024-06-30"),
        ("III.1", ["Các đơn vị thuộc Bộ"], "none", None),
        ("IV.1", ["Vụ Cải cách hành chính"], "recurring", None)]


@pytest.mark.parametrize(("line", "kind", "label"), [
    ("I/ MỤC ĐÍCH, YÊU CẦU", "roman", "I"), ("2/ Sở Y tế:", "num", "2"), ("b/ Bố trí kinh phí.", "letter", "b"),
    ("15/6/2026 là hạn cuối cùng", None, None), ("1/2026 đến nay", None, None),
    ("I- MỤC ĐÍCH", "roman", "I"), ("II - NHIỆM VỤ", "roman", "II"), ("3- Sở Tài chính", "num", "3"),
    ("10 - 15 ngày làm việc", None, None), ("2026 - 2030", None, None),
    ("➢ Tổ chức hội nghị", "bullet", None), ("Ø Tổ chức hội nghị", "bullet", None), ("o Tổ chức hội nghị", "bullet", None),
])
def test_numbering_with_slashes_dashes_and_other_bullets(line, kind, label):
    from dondoc.ingest.clauses import parse_label

    assert parse_label(line)[:2] == (kind, label)
