from dondoc.ingest.assignees import find_coordinators, find_report_to, subject_at
from dondoc.ingest.resolve import resolve_mentions

DIRECTORY = [
    {"code": "tld", "name": "Tổng Liên đoàn Lao động Việt Nam", "short_name": "TLĐ", "kind": "centre"},
    {"code": "btg", "name": "Ban Tuyên giáo Tổng Liên đoàn Lao động Việt Nam", "short_name": "Ban Tuyên giáo",
     "kind": "department"},
    {"code": "btc", "name": "Ban Tổ chức Tổng Liên đoàn Lao động Việt Nam", "short_name": "", "kind": "department"},
    {"code": "hn", "name": "Liên đoàn Lao động thành phố Hà Nội", "short_name": "LĐLĐ Hà Nội",
     "kind": "provincial_federation"},
]


def test_resolve_units():
    got = resolve_mentions(["Ban Tuyên giáo", "ban tuyen giao tong lien doan lao dong viet nam", "Ban Tổ chức",
                            "LĐLĐ thành phố Hà Nội", "Liên đoàn Lao động thành phố Hà Nội", "Ban Khác"], DIRECTORY)
    assert got[0] == {"kind": "unit", "codes": ["btg"]}
    assert got[1] == {"kind": "unit", "codes": ["btg"]}
    assert got[2] == {"kind": "unit", "codes": ["btc"]}
    assert got[3] == {"kind": "unit", "codes": ["hn"]}
    assert got[4] == {"kind": "unit", "codes": ["hn"]}
    assert got[5] is None


def test_resolve_groups():
    names = ["các LĐLĐ tỉnh, thành phố", "Các ban", "Các ban, đơn vị trực thuộc Tổng Liên đoàn",
             "công đoàn cấp trên cơ sở", "Công đoàn cơ sở", "các CĐ ngành TW", "Công đoàn Tổng công ty",
             "Các LĐLĐ tỉnh, thành phố, công đoàn ngành Trung ương, công đoàn tổng công ty trực thuộc Tổng Liên đoàn"]
    groups = [r and r.get("group") for r in resolve_mentions(names, DIRECTORY)]
    assert groups == ["provincial_federations", "departments", "departments_and_subordinates", "upper_grassroots",
                      "grassroots", "sector_unions", "sector_unions", "direct_units"]


def test_subject_noun_phrases():
    assert subject_at("Bộ Lao động - Thương binh và Xã hội chủ trì xây dựng đề án") == [
        "Bộ Lao động - Thương binh và Xã hội"]
    assert subject_at("Bộ Quốc phòng, Bộ Ngoại giao phối hợp thực hiện") == ["Bộ Quốc phòng", "Bộ Ngoại giao"]
    assert subject_at("Văn phòng Sở có trách nhiệm bố trí xe") == ["Văn phòng Sở"]
    assert subject_at("Tổ chức hội nghị sơ kết") == []
    assert subject_at("Ban hành quy chế") == []


def test_coordinators_and_report_to():
    s = "Ban Tổ chức chủ trì, phối hợp với Ban Tài chính và các LĐLĐ tỉnh xây dựng đề án, trình Đoàn Chủ tịch."
    assert find_coordinators(s) == ["Ban Tài chính", "các LĐLĐ tỉnh"]
    assert find_report_to(s) == ["Đoàn Chủ tịch"]


def test_resolve_without_administrative_words():
    assert resolve_mentions(["LĐLĐ Hà Nội", "Liên đoàn Lao động TP Hà Nội"], DIRECTORY) == [
        {"kind": "unit", "codes": ["hn"]}, {"kind": "unit", "codes": ["hn"]}]


def test_names_with_va_and_trailing_words():
    assert subject_at("Viện Công nhân và Công đoàn tham mưu nội dung") == ["Viện Công nhân và Công đoàn"]
    assert find_report_to("trình Chính phủ Nghị định sửa đổi; báo cáo Bộ Tài chính để tổng hợp") == [
        "Chính phủ", "Bộ Tài chính"]
    assert find_coordinators("phối hợp với Bộ Quốc phòng để tích hợp dữ liệu") == ["Bộ Quốc phòng"]


def test_two_unions_sharing_their_head_word_resolve_to_both():
    directory = [{"code": "cd-giao-duc", "name": "Công đoàn Giáo dục Việt Nam", "short_name": ""},
                 {"code": "cd-y-te", "name": "Công đoàn Y tế Việt Nam", "short_name": ""},
                 {"code": "so-gddt", "name": "Sở Giáo dục và Đào tạo", "short_name": ""}]
    found = resolve_mentions(["Công đoàn Giáo dục và Y tế", "Các Công đoàn ngành Giáo dục, Y tế",
                              "Sở Giáo dục và Đào tạo", "Công đoàn Giáo dục và Đào tạo"], directory)
    assert found[0] == found[1] == {"kind": "unit", "codes": ["cd-giao-duc", "cd-y-te"]}
    assert found[2] == {"kind": "unit", "codes": ["so-gddt"]}  # one unit whose name has "và"
    assert found[3] is None  # "Đào tạo" is no union: the name is not cut


def test_report_to_keeps_the_office_it_goes_through():
    from dondoc.ingest.assignees import find_report_to
    from dondoc.ingest.resolve import report_parts

    sent = "Báo cáo định kỳ hằng tháng kết quả về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) trước ngày 25 hằng tháng."
    (recipient,) = find_report_to(sent)
    assert recipient == "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"
    assert report_parts(recipient) == ["Ủy ban nhân dân tỉnh", "Sở Nội vụ"]
    assert find_report_to("tổng hợp ý kiến về công tác cán bộ") == []


def test_unions_of_two_sectors_are_two_assignees():
    from dondoc.ingest.assignees import split_units

    assert split_units("Công đoàn ngành Giáo dục và Y tế") == ["Công đoàn ngành Giáo dục", "Công đoàn ngành Y tế"]
    assert split_units("Công đoàn Giáo dục và Đào tạo") == ["Công đoàn Giáo dục và Đào tạo"]
    assert split_units("Công đoàn Viên chức và Công đoàn Giáo dục") == ["Công đoàn Viên chức", "Công đoàn Giáo dục"]
