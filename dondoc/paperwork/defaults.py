"""The templates a fresh installation starts with, modelled on notice 462/TB-TLĐ; the monitor edits them."""

_HEAD = {"parent_body": "", "issuing_body": "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "symbol_issuer": "TLĐ",
         "place": "Hà Nội"}
_DISTRIBUTION_UP = "Đ/c Chủ tịch và các đ/c PCT TLĐ (để b/c);"

DEFAULTS: dict[str, dict[str, str]] = {
    "report": {
        **_HEAD, "kind_code": "BC", "symbol_dept": "", "kind_title": "BÁO CÁO",
        "summary": "Tình hình triển khai {{ program.kind }} số {{ program.number }} ngày {{ program.date }} "
                   "tính đến ngày {{ as_of }}",
        "addressees": "",
        "intro": "Thực hiện {{ program.name }} ({{ program.title }}), "
                 "Ban Tuyên giáo Tổng Liên đoàn tổng hợp tình hình triển khai của {{ units_total }} đơn vị "
                 "được giao nhiệm vụ, số liệu tính đến ngày {{ as_of }}, như sau:",
        "closing": "Ban Tuyên giáo tiếp tục theo dõi, đôn đốc các đơn vị chưa thực hiện và báo cáo Thường trực "
                   "Đoàn Chủ tịch Tổng Liên đoàn kết quả trong kỳ tiếp theo.",
        "authority": "TL. ĐOÀN CHỦ TỊCH", "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Xuân Hùng",
        "distribution": "Thường trực Đoàn Chủ tịch TLĐ (để b/c);\nCác ban, đơn vị trực thuộc TLĐ (để biết);\n"
                        "Lưu: VT, TG.",
    },
    "urge": {
        **_HEAD, "kind_code": "CV", "symbol_dept": "TG", "kind_title": "",
        "summary": "đôn đốc triển khai {{ program.kind }} số {{ program.number }}",
        "addressees": "",
        "intro": "Thực hiện {{ program.name }}, tính đến ngày {{ as_of }} còn {{ late_units }} đơn vị chưa "
                 "hoàn thành nhiệm vụ được giao. Tổng Liên đoàn đề nghị các đơn vị có tên dưới đây khẩn trương "
                 "thực hiện và báo cáo kết quả về Tổng Liên đoàn (qua Ban Tuyên giáo) trước ngày "
                 "{{ new_deadline }}.",
        "closing": "Đề nghị các đơn vị nghiêm túc thực hiện./.",
        "authority": "TL. ĐOÀN CHỦ TỊCH", "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Xuân Hùng",
        "distribution": f"{_DISTRIBUTION_UP}\nNhư kính gửi (để t/h);\nLưu: VT, TG.",
    },
    "notice": {
        **_HEAD, "kind_code": "TB", "symbol_dept": "", "kind_title": "THÔNG BÁO",
        "summary": "Kết luận cuộc họp đôn đốc triển khai {{ program.kind }} số {{ program.number }}",
        "addressees": "",
        "intro": "Ngày {{ meeting.date }}, đồng chí {{ meeting.chair }}, {{ meeting.chair_title }} chủ trì "
                 "cuộc họp đôn đốc triển khai thực hiện {{ program.name }}. Tham dự cuộc họp có {{ meeting.attendees }}.\n"
                 "Sau khi nghe Ban Tuyên giáo báo cáo và ý kiến phát biểu của các đại biểu, đồng chí "
                 "{{ meeting.chair }} kết luận như sau:",
        "closing": "Trên đây là Kết luận của đồng chí {{ meeting.chair }}, {{ meeting.chair_title }} tại cuộc họp "
                   "đôn đốc triển khai {{ program.kind }} số {{ program.number }}. Đề nghị các ban, đơn vị và các cấp "
                   "công đoàn nghiêm túc triển khai thực hiện.",
        "authority": "TL. ĐOÀN CHỦ TỊCH", "signer_title": "CHÁNH VĂN PHÒNG", "signer_name": "Nguyễn Xuân Hùng",
        "distribution": f"{_DISTRIBUTION_UP}\nCác ban, đơn vị trực thuộc TLĐ (để t/h);\n"
                        "Các LĐLĐ tỉnh, thành phố; các CĐ ngành TW và tương đương, CĐ TCty trực thuộc TLĐ (để t/h);\n"
                        "Lưu: VT, TG.",
    },
}

# The texts of a paper a following unit issues on its own programs (the cascade): its letterhead, place,
# symbol and register come from the unit (services.template_for); these texts name no body of the centre.
UNIT_TEXTS: dict[str, dict[str, str]] = {
    "report": {
        "intro": "Thực hiện {{ program.name }} ({{ program.title }}), {{ issuer|capfirst }} tổng hợp tình hình "
                 "triển khai của {{ units_total }} đơn vị được giao nhiệm vụ, số liệu tính đến ngày {{ as_of }}, "
                 "như sau:",
        "closing": "{{ issuer|capfirst }} tiếp tục theo dõi, đôn đốc các đơn vị chưa thực hiện và báo cáo kết quả "
                   "trong kỳ tiếp theo.",
        "authority": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": "",
        "distribution": "Cấp trên (để b/c);\nThường trực, các ban (để biết);\nLưu: VT.",
    },
    "urge": {
        "summary": "đôn đốc triển khai {{ program.kind }} số {{ program.number }}",
        "intro": "Thực hiện {{ program.name }}, tính đến ngày {{ as_of }} còn {{ late_units }} đơn vị chưa "
                 "hoàn thành nhiệm vụ được giao. {{ issuer|capfirst }} đề nghị các đơn vị có tên dưới đây khẩn "
                 "trương thực hiện và báo cáo kết quả trước ngày {{ new_deadline }}.",
        "closing": "Đề nghị các đơn vị nghiêm túc thực hiện./.",
        "authority": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": "",
        "distribution": "Thường trực (để b/c);\nNhư kính gửi (để t/h);\nLưu: VT.",
    },
}
