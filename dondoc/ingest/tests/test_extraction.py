from dondoc.ingest.extraction import extract
from dondoc.ingest.normalize import normalize_text

from .fixtures import NOTICE


def _tasks(text):
    return extract(text)["tasks"]


def test_notice_header_and_tasks():
    out = extract(NOTICE)
    doc = out["document"]
    assert doc["number"] == "77/TB-BCĐ" and doc["kind"] == "TB"
    assert doc["date"] == "2024-03-05" and doc["place"] == "Hà Nội"
    assert doc["signer"] == "Trần Văn Bình" and doc["signer_title"] == "Chánh Văn phòng"
    assert doc["issuer"].lower() == "ban chỉ đạo thử nghiệm"
    tasks = out["tasks"]
    assert [t["ref"] for t in tasks] == ["1", "2", "3"]
    assert tasks[0]["assignees"] == ["Ban Tổ chức"] and tasks[0]["coordinators"] == ["Văn phòng"]
    assert tasks[0]["deadline"]["date"] == "2024-03-20" and tasks[0]["report_to"] == ["Thường trực"]
    assert tasks[1]["assignees"] == ["các LĐLĐ tỉnh, thành phố"]
    assert tasks[1]["deadline"] == {"type": "month", "date": "2024-04-30", "text": "trong tháng 4/2024"}
    assert tasks[2]["assignees"] == ["Ban Tài chính"] and tasks[2]["deadline"]["type"] == "quarter"
    purposes = [d["purpose"] for d in out["distribution"]]
    assert purposes == ["information", "action", "archive"]


def test_spans_point_into_normalised_text():
    text = normalize_text(NOTICE)
    for t in extract(NOTICE)["tasks"]:
        s, e = t["span"]
        assert 0 <= s < e <= len(text)
        assert t["assignees"][0].split()[-1] in text[s:e]


def test_heading_names_the_unit_and_bullets_inherit():
    text = "III. TỔ CHỨC THỰC HIỆN\n1. Sở Giáo dục và Đào tạo\n- Chủ trì rà soát chương trình.\n- Phối hợp với Sở Y tế kiểm tra bếp ăn trong quý III/2025.\n2. Sở Tài chính\nBố trí kinh phí.\n"
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        ("III.1", ["Sở Giáo dục và Đào tạo"]), ("III.1", ["Sở Giáo dục và Đào tạo"]), ("III.2", ["Sở Tài chính"])]
    assert tasks[1]["coordinators"] == ["Sở Y tế"] and tasks[1]["deadline"]["date"] == "2025-09-30"


def test_colon_intro_gives_subject():
    text = ("Để triển khai kịp thời, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc các sở, ngành:\n"
            "1. Rà soát danh mục dự án, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/7/2025.\n"
            "2. Hằng quý tổng hợp kết quả.\n")
    tasks = _tasks(text)
    assert len(tasks) == 2
    assert tasks[0]["assignees"] == ["Giám đốc các sở, ngành"]
    assert tasks[0]["report_to"] == ["Ủy ban nhân dân tỉnh"]
    assert tasks[1]["deadline"]["type"] == "recurring"


def test_implicit_subject_from_previous_sentence():
    text = "1. Công an tỉnh tăng cường tuần tra. Thường xuyên kiểm tra địa bàn trọng điểm.\n"
    tasks = _tasks(text)
    assert [t["assignees"] for t in tasks] == [["Công an tỉnh"], ["Công an tỉnh"]]
    assert tasks[1]["deadline"]["type"] == "ongoing"


def test_chi_dao_object_is_assignee():
    text = "2.2. Chỉ đạo, đôn đốc 100% công đoàn cấp trên cơ sở xây dựng kế hoạch thực hiện.\n"
    assert _tasks(text)[0]["assignees"][0].endswith("công đoàn cấp trên cơ sở")


def test_not_tasks():
    text = ("1. Đồng ý Bộ Công Thương điều chỉnh kế hoạch.\n"
            "2. Bộ Tài chính đã có văn bản trả lời.\n"
            "3. Trên đây là kết luận của Trưởng ban.\n"
            "Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.\n")
    assert _tasks(text) == []


def test_assignment_table_rows():
    text = ("PHỤ LỤC\n| TT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n"
            "|---|---|---|---|---|\n| 1 | Xây dựng quy chế | Ban Tổ chức | Văn phòng, Ban Tài chính | Quý III, IV/2026 |\n"
            "| 2 | Tập huấn cán bộ | Ban Tuyên giáo | các LĐLĐ tỉnh | 2026 - 2027 |\n")
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["deadline"]["date"]) for t in tasks] == [
        ("PL.1", ["Ban Tổ chức"], "2026-12-31"), ("PL.2", ["Ban Tuyên giáo"], "2027-12-31")]
    assert tasks[0]["coordinators"] == ["Văn phòng", "Ban Tài chính"]


def test_plan_sections_with_lead_partner_time():
    text = ("I. TUYÊN TRUYỀN\n1. Nội dung\na) Tổ chức hội nghị.\n2. Cơ quan chủ trì, phối hợp\n"
            "a) Cơ quan chủ trì\n- Ban Tuyên giáo.\n- Sở Thông tin và Truyền thông.\nb) Cơ quan phối hợp\n"
            "- Các đơn vị liên quan.\n3. Thời gian thực hiện: Tháng 11, 12/2025 và hằng năm.\n")
    tasks = _tasks(text)
    assert len(tasks) == 1
    t = tasks[0]
    assert t["ref"] == "I" and t["assignees"] == ["Ban Tuyên giáo", "Sở Thông tin và Truyền thông"]
    assert t["coordinators"] == ["Các đơn vị liên quan"] and t["deadline"]["date"] == "2025-12-31"


def test_two_deadlines_in_one_sentence_split():
    text = ("1. Các sở, ngành chỉ đạo: xây dựng kế hoạch, gửi về Sở Nội vụ trước ngày 10/2/2025; "
            "báo cáo kết quả gửi về Sở Nội vụ trước ngày 10/11/2025.\n")
    dates = [t["deadline"]["date"] for t in _tasks(text)]
    assert dates == ["2025-02-10", "2025-11-10"]


def test_full_form_used_when_text_spells_it_out():
    text = ("Xét đề nghị của Ủy ban nhân dân tỉnh Hòa Bình, Thủ tướng có ý kiến như sau:\n"
            "1. UBND tỉnh Hòa Bình chủ động bố trí vốn.\n")
    assert _tasks(text)[0]["assignees"] == ["Ủy ban nhân dân tỉnh Hòa Bình"]


def test_person_with_role():
    text = "4. Phân công nhiệm vụ\n4.1. Ông. Lê Văn Nam - Trưởng đoàn: Phụ trách chung, ký biên bản.\n"
    assert _tasks(text)[0]["assignees"] == ["Lê Văn Nam - Trưởng đoàn"]


def test_letter_without_header_has_null_document():
    out = extract("Kính gửi: Các đơn vị\nCác đơn vị gửi báo cáo trước ngày 1/2/2024.\n")
    assert all(v is None for k, v in out["document"].items() if k != "signer_title")
    assert out["tasks"][0]["deadline"]["date"] == "2024-02-01"


def test_first_item_subject_carries_to_siblings():
    text = ("II. NỘI DUNG\n1. Các sở, ngành; UBND các huyện tiếp tục tuyên truyền pháp luật.\n"
            "2. Tiếp tục rà soát thủ tục hành chính.\n3. Sở Tư pháp hướng dẫn nghiệp vụ.\n4. Tổ chức sơ kết.\n")
    got = [(t["ref"], t["assignees"][0]) for t in _tasks(text)]
    assert got[:3] == [("II.1", "Các sở, ngành"), ("II.2", "Các sở, ngành"), ("II.3", "Sở Tư pháp")]
    assert ("II.4", "Sở Tư pháp") not in got


def test_unit_colon_action():
    text = "III. PHÂN CÔNG\n2. Sở Thông tin và Truyền thông: Phối hợp với Công an tỉnh kiểm tra an toàn thông tin.\n"
    t = _tasks(text)[0]
    assert t["assignees"] == ["Sở Thông tin và Truyền thông"] and t["coordinators"] == ["Công an tỉnh"]


def test_doi_voi_unit_colon():
    text = "6. Những vấn đề khác\n6.2 Đối với đơn vị được kiểm tra: Chuẩn bị hồ sơ, báo cáo theo đề cương.\n"
    assert _tasks(text)[0]["assignees"] == ["đơn vị được kiểm tra"]


def test_subject_after_subordinate_clause():
    text = "3. Kết thúc năm 2026, Chính phủ báo cáo Quốc hội kết quả thực hiện.\n"
    t = _tasks(text)[0]
    assert t["assignees"] == ["Chính phủ"] and t["deadline"]["date"] == "2026-12-31"


def test_authority_requires_other_unit():
    text = "1. Hội đồng nhân dân tỉnh yêu cầu Ủy ban nhân dân tỉnh khẩn trương xử lý dứt điểm các dự án chậm tiến độ.\n"
    assert _tasks(text)[0]["assignees"] == ["Ủy ban nhân dân tỉnh"]


def test_intro_then_chi_dao_named_unit():
    text = ("Hội đồng nhân dân tỉnh đề nghị Ủy ban nhân dân tỉnh quan tâm chỉ đạo thực hiện một số công việc sau:\n"
            "1. Về lĩnh vực y tế:\n- Chỉ đạo Sở Y tế: Tăng cường kiểm tra an toàn thực phẩm.\n"
            "- Xem xét bố trí kinh phí sửa chữa trạm y tế xã trong quý IV năm 2025.\n")
    got = [(t["assignees"][0], t["deadline"]["date"]) for t in _tasks(text)]
    assert got == [("Sở Y tế", None), ("Ủy ban nhân dân tỉnh", "2025-12-31")]


def test_nfd_markdown_input():
    import unicodedata

    md = "## **THÔNG BÁO**\n\n1. Giao **Ban Tuyên giáo** chủ trì tổng hợp, báo cáo Thường trực trước ngày 15/12/2025.\n"
    t = _tasks(unicodedata.normalize("NFD", md))[0]
    assert t["assignees"] == ["Ban Tuyên giáo"] and t["deadline"]["date"] == "2025-12-15"


def test_table_with_generic_headers():
    text = ("| STT | Nội dung | Đơn vị thực hiện | Thời gian thực hiện |\n|---|---|---|---|\n"
            "| 1 | Rà soát quy chế | Văn phòng | Tháng 5/2025 |\n| II | Nhóm việc khác | | |\n"
            "| 2 | Báo cáo sơ kết | Ban Tổ chức | 6 tháng đầu năm 2025 |\n")
    got = [(t["ref"], t["assignees"], t["deadline"]["type"], t["deadline"]["date"]) for t in _tasks(text)]
    assert got == [("1", ["Văn phòng"], "month", "2025-05-31"), ("2", ["Ban Tổ chức"], "half", "2025-06-30")]


def test_approval_with_assignment_is_a_task():
    text = "1. Đồng ý chủ trương đầu tư dự án, giao Bộ Xây dựng hướng dẫn địa phương thực hiện trong năm 2026.\n"
    tasks = _tasks(text)
    assert [(t["assignees"], t["deadline"]["date"]) for t in tasks] == [(["Bộ Xây dựng"], "2026-12-31")]
    assert _tasks("1. Đồng ý với đề xuất của Bộ Xây dựng.\n") == []


def test_signature_block_without_noi_nhan_is_not_a_task():
    text = ("1. Các cấp ủy, tổ chức đảng và các đoàn thể chính trị - xã hội tiếp tục quán triệt Chỉ thị.\n"
            "2. Giao Ban Dân vận theo dõi, định kỳ báo cáo Ban Thường vụ.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Bình\n")
    tasks = _tasks(text)
    assert len(tasks) == 2
    assert tasks[0]["assignees"] == ["Các cấp ủy, tổ chức đảng", "các đoàn thể chính trị - xã hội"]


def test_closing_instructions_to_all_units_are_not_tasks():
    text = ("1. Ban Tổ chức hướng dẫn thực hiện.\n"
            "Các đơn vị được giao nhiệm vụ khẩn trương tổ chức triển khai thực hiện, bảo đảm chất lượng./.\n"
            "Ban Giám hiệu yêu cầu các đơn vị nghiêm túc thực hiện kế hoạch trên.\n")
    assert [t["assignees"] for t in _tasks(text)] == [["Ban Tổ chức"]]


def test_subject_after_passive_relative_clause():
    text = ("Kế hoạch cụ thể như sau:\n- Căn cứ kế hoạch đã được Đảng ủy, Ban Giám hiệu phê duyệt, phòng Quản trị - Thiết bị, "
            "phòng Tài chính - Kế toán chuẩn bị vật tư, kinh phí.\n")
    assert _tasks(text)[0]["assignees"][0].startswith("phòng Quản trị - Thiết bị")


def test_reporting_on_this_resolution_is_a_task():
    text = ("Điều 3.\n1. Kết thúc năm 2027, Chính phủ báo cáo Quốc hội kết quả thực hiện Nghị quyết này.\n"
            "2. Hội đồng nhân dân các cấp theo chức năng giám sát việc thực hiện Nghị quyết này.\n")
    assert [(t["assignees"], t["deadline"]["date"]) for t in _tasks(text)] == [(["Chính phủ"], "2027-12-31")]


def test_plan_attached_after_signature():
    text = ("QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch năm 2025.\n"
            "Điều 2. Chánh Văn phòng và các sở chịu trách nhiệm thi hành Quyết định này./.\n"
            "Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.\nCHỦ TỊCH\nLê Văn An\n\nKẾ HOẠCH\nI. MỤC ĐÍCH\n1. Nâng cao nhận thức.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ chủ trì hướng dẫn, hoàn thành trong quý II/2025.\n")
    assert [(t["ref"], t["assignees"], t["deadline"]["date"]) for t in _tasks(text)] == [
        ("II.1", ["Sở Nội vụ"], "2025-06-30")]


def test_docx_table_with_merged_two_row_header():
    import io

    import docx

    from dondoc.ingest.reading import read_document

    d = docx.Document()
    d.add_paragraph("PHỤ LỤC")
    t = d.add_table(rows=4, cols=5)
    for i, v in enumerate(["TT", "Nội dung", "Đơn vị", "Đơn vị", "Thời gian"]):
        t.cell(0, i).text = v
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Đơn vị"
    for i, v in enumerate(["", "", "Chủ trì", "Phối hợp", ""]):
        t.cell(1, i).text = v
    for i, v in enumerate(["1", "Xây dựng quy chế", "Ban Tổ chức", "Văn phòng", "Quý II/2025"]):
        t.cell(2, i).text = v
    t.cell(3, 0).merge(t.cell(3, 4)).text = "II. NHÓM KHÁC"
    buf = io.BytesIO()
    d.save(buf)
    tasks = extract(read_document(buf.getvalue(), "t.docx"))["tasks"]
    assert [(x["ref"], x["assignees"], x["coordinators"], x["deadline"]["date"]) for x in tasks] == [
        ("PL.1", ["Ban Tổ chức"], ["Văn phòng"], "2025-06-30")]


def test_clause_with_its_own_deadline_is_its_own_task():
    text = ("- Chỉ đạo Sở Giao thông vận tải rà soát kinh phí còn thiếu, có giải pháp về vốn; "
            "khẩn trương hoàn thành công trình cầu treo trong quý IV năm 2025.\n")
    got = [(t["assignees"], t["deadline"]["date"]) for t in _tasks(text)]
    assert got == [(["Sở Giao thông vận tải"], None), (["Sở Giao thông vận tải"], "2025-12-31")]


def test_final_report_deadline_covers_the_whole_sentence():
    text = "3. Yêu cầu các Sở Y tế chủ động bố trí nhân lực; thực hiện và báo cáo Bộ trước ngày 15/9/2025.\n"
    assert [(t["assignees"], t["deadline"]["date"]) for t in _tasks(text)] == [(["các Sở Y tế"], "2025-09-15")]
