"""Find unit mentions (lead units, coordinators, report-to) in a clause and resolve them to a registry."""

from __future__ import annotations

import re

from dondoc.lib.text import fold

__all__ = ["VERB_RE", "unit_words", "HEAD_RE", "subject_at", "subject_after_clause", "agent_do", "noun_phrase", "split_units",
           "find_coordinators", "find_report_to", "is_unit", "FullForms"]

# words that open the name of a unit, a group of units or an office holder
_HEADS = (
    r"Bộ Chỉ huy|Bộ trưởng|Bộ|Sở|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Ban Chỉ đạo|Ban|Cục|Vụ|Viện|Trung tâm|"
    r"Công an|Văn phòng|Phòng|Trường|Tổng cục|Chi cục|Báo|Tạp chí|Công đoàn|CĐ|Liên đoàn|LĐLĐ|"
    r"Tổng Liên đoàn|Chính phủ|Thủ tướng|Phó Thủ tướng|Chủ tịch|Phó Chủ tịch|Giám đốc|Thủ trưởng|Trưởng|"
    r"Phó trưởng|Thường trực|Đảng đoàn|Đảng ủy|Đảng uỷ|Mặt trận|Hội|Đoàn|Tổ|Cơ quan|Tư lệnh|Quân khu|"
    r"Tổng công ty|Học viện|Kho bạc|Ngân hàng|Thanh tra|Kiểm toán|Đài|Thông tấn|Cấp ủy|Cấp uỷ|Chi bộ|Đảng bộ|"
    r"Tỉnh ủy|Tỉnh uỷ|Huyện ủy|Thành ủy|Ủy viên|Lãnh đạo|Người đứng đầu|Hiệu trưởng|Bí thư|Chánh|"
    r"Toàn hệ thống|Đại biểu|Tổ đại biểu|Các thành viên|Thành viên|Doanh nghiệp|Chủ đầu tư|"
    r"MTTQ|BHXH|Bảo hiểm xã hội|Tòa án|Toà án|Viện [Kk]iểm sát|Tỉnh đoàn|Thành đoàn|Huyện đoàn|BCH|BTV|BCĐ|"
    r"Quận ủy|Thị ủy|Nhà trường|Nhà xuất bản|Ủy ban MTTQ|Liên minh|Hiệp hội|Cục Thuế|Chi nhánh|"
    r"Công ty|Tập đoàn|Bệnh viện|Hợp tác xã|Bưu điện|Cảng vụ|Ban Quản lý|"
    r"đơn vị|địa phương|cơ quan|sở|ban|ngành|cấp|công đoàn|doanh nghiệp|tổ chức|thành viên"
)
_QUANT = (r"(?:(?:Các|các|Tất cả|tất cả|Toàn thể|toàn thể|Mỗi|mỗi|Từng|từng|100%|Những|những|Đồng chí|đồng chí|"
          r"Đ/c|đ/c)\s+)")
_NOT_HEAD = (r"(?!Lãnh đạo\s*,|Lãnh đạo,? chỉ đạo|Ban hành|Báo cáo|Tổ chức|Hội nghị|Hội thảo|Hội thi|Đoàn kết|Trường hợp|Phòng cháy|Phòng chống|"
             r"Phòng ngừa|Vụ việc|Cục bộ|Cấp phát|Cấp giấy|Cấp kinh phí|Cơ quan chức năng\s+(?:đã|sẽ)|Tổ chức|"
             r"Thường trực\s+(?:theo dõi|xử lý)|cấp bách|ban hành|báo cáo|tổ chức|sở hữu|ngành nghề|cấp phép)")
# lower-case words that name a group of units only after a quantifier ("Các bộ, cơ quan ngang bộ", "các chi bộ")
_GROUP_HEADS = (r"bộ|chi bộ|đảng bộ|cấp ủy|cấp uỷ|tỉnh|huyện|xã|phường|hội|đoàn thể|ủy ban|uỷ ban|bệnh viện|công ty|"
                r"trường|hợp tác xã|phòng|ban ngành|sở, ngành|chủ đầu tư|nhà thầu|chủ dự án|bộ, ngành")
HEAD_RE = re.compile(rf"^(?:{_QUANT}(?:tổ chức|Tổ chức|{_GROUP_HEADS})|{_QUANT}?{_NOT_HEAD}(?:{_HEADS}))(?![\wÀ-ỹ])")
_STRONG_HEAD = re.compile(
    rf"^{_NOT_HEAD}(?:Bộ|Sở|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Ban|Cục|Vụ|Viện|Trung tâm|Công an|Văn phòng|Phòng|Trường|"
    r"Tổng cục|Chi cục|Báo|Tạp chí|Công đoàn|CĐ|Liên đoàn|LĐLĐ|Tổng Liên đoàn|Chính phủ|Thủ tướng|Chủ tịch|"
    r"Giám đốc|Thủ trưởng|Thường trực|Đảng đoàn|Mặt trận|Hội|Đoàn|Tư lệnh|Tổng công ty|Học viện|Kho bạc|"
    r"Ngân hàng|Thanh tra|Bộ Chỉ huy|Quân khu|Cơ quan|Đài|Tỉnh ủy|Đảng ủy|Trưởng|Hiệu trưởng|MTTQ|BHXH|"
    r"Bảo hiểm xã hội|Tòa án|Toà án|Viện [Kk]iểm sát|Tỉnh đoàn|Thành đoàn|Huyện đoàn|BCH|BTV|BCĐ|Huyện ủy|"
    r"Thành ủy|Quận ủy|Thị ủy|Cấp ủy|Chi bộ|Đảng bộ|Đảng đoàn|Ban cán sự|Liên minh|Hiệp hội|Cục Thuế|"
    r"Người đứng đầu|Lãnh đạo|Tổng cục|Chi cục|Trung tâm|Học viện|Viện|Tổ công tác|Tổ đại biểu|Đoàn kiểm tra|"
    r"Công ty|Tập đoàn|Bệnh viện|Hợp tác xã|Bưu điện|Cảng vụ)"
    r"(?![\wÀ-ỹ])"
)
# verbs and markers that end a subject noun phrase
_VERBS = (
    "chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|thực hiện|triển khai|xây dựng|tổ chức thực hiện|tổ chức|"
    "tham mưu|chỉ đạo|hướng dẫn|kiểm tra|đôn đốc|theo dõi|báo cáo|tổng hợp|rà soát|nghiên cứu|đề xuất|bố trí|"
    "đảm bảo|bảo đảm|tăng cường|đẩy mạnh|tiếp tục|khẩn trương|chủ động|cần|phải|tập trung|quan tâm|căn cứ|"
    "ban hành|hoàn thiện|hoàn thành|trình|gửi|cung cấp|phát huy|duy trì|lập|xem xét|đưa|phân công|giúp|làm|"
    "sớm|nghiêm túc|kịp thời|thường xuyên|tiến hành|quán triệt|tuyên truyền|vận động|giải quyết|xử lý|cử|"
    "chuẩn bị|rút kinh nghiệm|kiểm điểm|giám sát|đánh giá|sơ kết|tổng kết|phê duyệt|bổ sung|sửa đổi|"
    "phát động|huy động|biểu dương|nhân rộng|ưu tiên|hỗ trợ|tạo điều kiện|lựa chọn|trong phạm vi|theo chức năng|"
    "căn cứ chức năng|được giao chủ trì|có|là|sẽ|đã|đang|được|nắm|thống nhất|đồng ý|ghi nhận|đánh giá cao|"
    "thông báo|xin|yêu cầu|đề nghị|giao|mở|tiếp nhận|thẩm định|cấp|quản lý|thành lập|kiện toàn|cập nhật|"
    "công bố|tham gia|vận hành|thiết lập|điều tra|ứng dụng|nâng cao|hoàn chỉnh|dự thảo|soạn thảo|ký|in|"
    "phụ trách|thu thập|bàn|họp|dự|tiếp tục|đăng|phổ biến|học tập|đóng góp|trả lời|tăng|giảm|mời|liên hệ|"
    "nộp|lưu|chi|thanh toán|quyết toán|cân đối|tuyển|ra|xác định|lồng ghép|thúc đẩy|phát triển|khắc phục|"
    "chấn chỉnh|nhận|gắn|bảo vệ|phòng chống|phòng ngừa|tham dự|tận dụng|quyết định|gồm|đề ra|xác minh|thanh tra|giao|tìm|xem|"
    "kiên quyết|nghiêm|tích cực|chú trọng|đẩy nhanh|tháo gỡ|giải trình|ngay|nhanh chóng|khảo sát|vận dụng|"
    "bám sát|sắp xếp|củng cố|dừng|thu hồi|đình chỉ|tạm dừng|căn cứ vào|nhằm|chuyển|tuân thủ|thông tin|"
    "giải đáp|nắm bắt|khen thưởng|xét|tặng|trao|thăm|chăm lo|vận hành|hướng tới|bố trí|định hướng|phổ biến|"
    "tập huấn|bồi dưỡng|đào tạo|thống kê|điều chỉnh|phân bổ|cấp phát|giải ngân|kiểm soát|ngăn chặn|phát hiện|"
    "công khai|niêm yết|tuyên dương|kỷ luật|đối thoại|thăm hỏi|làm việc|trao đổi|thảo luận|nghiệm thu|"
    "bàn giao|sửa chữa|cải tạo|nâng cấp|mua sắm|đầu tư|ứng phó|lãnh đạo|vận động|giám định|"
    "hoàn tất|đôn đốc|kịp thời|phấn đấu|bảo quản|sử dụng|lắp đặt|trang bị|in ấn|phát hành|đăng tải|"
    "tiếp thu|chỉnh sửa|góp ý|lấy ý kiến|tổ chức lấy|ký kết|đàm phán|mở rộng|thí điểm|nhân rộng|để|"
    "trong việc|trong quá trình|cho ý kiến|kết quả|các nội dung|nội dung"
)
_AMBIG = {"phòng", "giao", "chi", "in", "ra", "dự", "cấp", "tạo", "lưu", "lập"}
_VERB_RE = re.compile(rf"(?<![\wÀ-ỹ])(?:{_VERBS})(?![\wÀ-ỹ])")
VERB_RE = _VERB_RE
_STOP_PUNCT = re.compile(r"[:(\"“]|(?<!chính trị)(?<!kinh tế)(?<!văn hóa)\s-\s(?=[a-zđà-ỹ])|,\s*(?=(?:đồng thời|trong|theo|căn cứ|nếu|khi|để)\b)")


def noun_phrase(text: str) -> str:
    """The unit noun phrase at the start of `text` (cut before the first verb or colon)."""
    text = text[:300]
    end = len(text)
    m = _STOP_PUNCT.search(text)
    if m:
        end = m.start()
    # the first word is always part of the phrase (it may look like a verb: "Ban", "Trường")
    first = re.match(rf"{_QUANT}?\S+", text)
    skip = first.end() if first else 0
    for vm in _VERB_RE.finditer(text, skip):
        if vm.start() >= end:
            break
        word = vm.group()
        before = text[:vm.start()].rstrip()
        # "Chủ tịch Ủy ban nhân dân", "cơ quan chuyên môn" etc: capitalised words are names, not verbs
        if text[vm.start()].isupper() and not before.endswith((",", ";")):
            continue
        prev_tok = before.split()[-1] if before.split() else ""
        if word in _AMBIG and prev_tok[:1].isupper() and not prev_tok.isupper():
            continue
        if word in ("cấp", "phòng", "ra", "in", "chi", "có") and re.search(r"(?:các|công đoàn|CĐ)\s*$", before):
            continue
        if word == "cấp" and re.match(r"cấp\s+(?:trên|tỉnh|huyện|xã|cơ sở|quân khu|ủy)", text[vm.start():]):
            continue
        if word == "có" and re.match(r"có liên quan", text[vm.start():]):
            continue
        if word == "đầu tư" and re.search(r"(?:chủ|nhà|Chủ|Nhà)$", before):
            continue  # "các chủ đầu tư", "nhà đầu tư": who invests, a doer
        if word in ("tổ chức", "tổ chức thực hiện") and re.match(
                r"tổ chức\s+(?:đảng|chính trị|xã hội|đoàn thể|hội|cơ sở đảng|công đoàn|quốc tế|có liên quan|liên quan)",
                text[vm.start():]):
            continue
        if word in ("theo", "để", "nhằm") and not before.endswith(","):
            pass
        if word == "được" and re.match(r"được giao(?! chủ trì)", text[vm.start():]):
            continue
        if word == "giao" and before.endswith("được"):
            continue
        if re.search(r"(?:^|\s)(?:Ban|Tổ|Hội đồng|Đoàn|Bộ phận)$", before) and word in (
                "quản lý", "chỉ đạo", "tổ chức", "kiểm tra", "giám sát", "thẩm định", "vận động", "tuyên truyền",
                "phụ trách", "bồi dưỡng", "phát triển"):
            continue  # "Ban quản lý ...", "Ban chỉ đạo ...", "Tổ kiểm tra ...": the name of an organ
        end = vm.start()
        break
    np = text[:end].strip(" ,;.-–")
    np = re.sub(r"\s+(?:và|cùng|với|thì)$", "", np)
    return np


_SPLIT_RE = re.compile(r"(\s*;\s*|\s*,\s*|\s+và\s+)")


# after "và" only these heads start a new unit ("Viện Công nhân và Công đoàn" is one name)
_AND_HEAD = re.compile(r"^(?:Bộ|Sở|Ủy ban|Uỷ ban|UBND|HĐND|Ban|Cục|Vụ|Văn phòng|Công an|Chủ tịch|Giám đốc|Thủ trưởng|"
                       r"Trung tâm|Tổng cục|Chi cục|Viện|Trường|Báo|Tạp chí|Thường trực|Đảng đoàn|Mặt trận|Liên đoàn|"
                       r"LĐLĐ|Tư lệnh|Hội đồng|Tỉnh ủy|Thành ủy|Kho bạc|Ngân hàng|Thanh tra|Công ty|Tập đoàn|"
                       r"Bệnh viện)(?![\wÀ-ỹ])")


def split_units(np: str) -> list[str]:
    """Split "Bộ Tài chính, Bộ Y tế và các cơ quan liên quan" into unit mentions."""
    if not np:
        return []
    pieces = _SPLIT_RE.split(np)
    out: list[str] = [pieces[0].strip()]
    for i in range(1, len(pieces) - 1, 2):
        sep, part = pieces[i], pieces[i + 1].strip()
        bare = re.sub(r"^(?:các|Các|những)\s+", "", part)
        if sep.strip() == "và":
            new = bool(_AND_HEAD.match(bare) or re.match(r"^(?:các|Các)\s+\w", part))
        else:
            new = sep.strip() == ";" or bool(_STRONG_HEAD.match(bare) or re.match(r"^(?:các|Các)\s+\w", part))
        if new and part:
            out.append(part)
        else:
            out[-1] = out[-1] + sep + part
    out = [o.strip(" ,;.-–") for o in out]
    out = [u for o in out for u in _shared_union_head(o)]
    return [o for o in out if 3 <= len(o) <= 160]


# names of sectors that hold "và" themselves (ministries and their sectors): not two unions
_COMPOUND_SECTOR = re.compile(
    r"^(?:Giáo dục và Đào tạo|Lao động\s*[-–]\s*Thương binh và Xã hội|Tài nguyên và Môi trường|Nông nghiệp và "
    r"Phát triển nông thôn|Nông nghiệp và Môi trường|Văn hóa,? Thể thao và Du lịch|Thông tin và Truyền thông|"
    r"Khoa học và Công nghệ|Kế hoạch và Đầu tư|Khoa học,? Công nghệ và Môi trường|Xây dựng và|Công nghiệp và)", re.I)


def _shared_union_head(name: str) -> list[str]:
    """'Công đoàn ngành Giáo dục và Y tế' → two unions; 'Công đoàn ngành Giáo dục và Đào tạo' stays one."""
    m = re.match(r"^((?:[Cc]ác\s+)?Công đoàn(?:\s+ngành)?)\s+([^,;]+?)\s+và\s+([^,;]+)$", name)
    if not m or _COMPOUND_SECTOR.match(f"{m.group(2)} và {m.group(3)}") or not m.group(3)[:1].isupper() \
            or len(m.group(2).split()) > 4 or len(m.group(3).split()) > 4:
        return [name]
    head = re.sub(r"^[Cc]ác\s+", "", m.group(1))
    second = m.group(3) if re.match(r"^(?:[Cc]ác\s+)?[Cc]ông đoàn\b", m.group(3)) else f"{head} {m.group(3)}"
    return [f"{head} {m.group(2)}", second]


def is_unit(text: str) -> bool:
    return bool(HEAD_RE.match(text.strip()))


_PERSON = re.compile(r"^(?:Ông|Bà|Đồng chí|đồng chí|Đ/c|đ/c)\.?\s+((?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+\s*){2,5}(?:-\s*[^:;,.]{2,40})?)\s*:")


# "Đồng chí Trưởng Ban xây dựng Đảng - Trưởng Tiểu ban: Phụ trách chung ...": an office holder named by title
_OFFICE_HOLDER = re.compile(r"^(?:Ông|Bà|Đồng chí|đồng chí|Đ/c|đ/c)\.?\s+((?:Phó\s+)?(?:Trưởng|Giám đốc|Chủ tịch|Bí thư|"
                            r"Chánh|Ủy viên|Thành viên|Tổ trưởng|Thư ký|Chủ nhiệm|Hiệu trưởng|Cục trưởng|Vụ trưởng)"
                            r"\b[^:;.]{2,120}?)\s*:\s*\S")


def subject_at(text: str) -> list[str]:
    """Units named as the subject at the start of a sentence ('Ban Tổ chức chủ trì ...')."""
    t = text.strip()
    m = _PERSON.match(t) or _OFFICE_HOLDER.match(t)
    if m:
        return [m.group(1).strip()]
    m = re.match(r"^(?:Đối với|ĐỐI VỚI)\s+([^:]{2,150}):\s*(.*)$", t)
    if m and HEAD_RE.match(m.group(1)) and not HEAD_RE.match(m.group(2)) and len(m.group(1)) < 100:
        return split_units(m.group(1).strip())
    t = re.sub(r"^(?:Về|Đối với)\s[^:]{2,150}:\s*", "", t)
    t = re.sub(r"^(?:Riêng|Trong đó|Theo đó|Đồng thời|Ngoài ra),?\s+", "", t)
    if not HEAD_RE.match(t):
        return []
    np = noun_phrase(t)
    if not np or len(np) > 200:
        return []
    return split_units(np)


_COORD_RE = re.compile(r"[Pp]hối hợp(?:\s+chặt chẽ)?\s+(?:với\s+|cùng\s+)?")


def find_coordinators(text: str) -> list[str]:
    out: list[str] = []
    for m in _COORD_RE.finditer(text):
        rest = text[m.end():]
        if not HEAD_RE.match(rest):
            continue
        np = _coord_np(rest)
        for u in split_units(np):
            if u not in out:
                out.append(u)
    return out


def _coord_np(rest: str) -> str:
    np = noun_phrase(rest)
    # stop a coordinator list before an action ("... và các địa phương có rừng xác định ...")
    return np


_REPORT_RE = re.compile(r"(?:[Bb]áo cáo|[Gg]ửi(?: về| kết quả về| báo cáo về)?|[Tt]rình|[Nn]ộp(?: về)?)\s+(?:về\s+)?"
                        r"(?=[A-ZĐÀ-Ỹ])|"
                        r"(?<=\s)về\s+(?=[A-ZĐÀ-Ỹ])")
_REPORT_VERB = re.compile(r"\b(?:báo cáo|gửi|nộp)\b", re.I)


def find_report_to(text: str) -> list[str]:
    """Whom the result goes to: 'báo cáo Thường trực ...', 'gửi về Ban ...', '... về UBND tỉnh (qua Sở Nội vụ)'
    (the channel in brackets is kept: the review page resolves both)."""
    out: list[str] = []
    for m in _REPORT_RE.finditer(text):
        rest = text[m.end():]
        if not _STRONG_HEAD.match(rest):
            continue
        if m.group().startswith("về") and not _REPORT_VERB.search(re.split(r"[;.]", text[:m.start()])[-1]):
            continue  # "về X" names a recipient only after a report or a sending in the same clause
        np = noun_phrase(rest)
        channel = re.match(r"\s*\(\s*((?:thông\s+)?qua\s+[^()]{3,100})\)", rest[len(np):])
        np = re.split(r"\s+(?:để|về|trước|trong|xem xét|quyết định|phê duyệt|cho ý kiến|theo|kết quả|các nội dung|\d|"
                      r"định kỳ|hằng|hàng|mỗi|chậm nhất|khi|ngay|"
                      r"Nghị định|Quyết định|Đề án|Kế hoạch|dự thảo|Thông tư|Báo cáo|Tờ trình|Chương trình)(?:\s|$)",
                      np)[0]
        units = [re.sub(r"\s*\(.*$", "", u) for u in split_units(np)]
        units = [u for u in units if u and len(u.split()) >= 2]
        if units and channel and len(np) == len(noun_phrase(rest)):
            units[-1] += f" ({channel.group(1).strip()})"
        for u in units:
            if u not in out:
                out.append(u)
    return out


_LEAD_CLAUSE = re.compile(r",\s+")


def subject_after_clause(text: str) -> list[str]:
    """Subject after a leading adverbial clause: 'Kết thúc năm 2013, Chính phủ báo cáo ...'."""
    for m in _LEAD_CLAUSE.finditer(text[:160]):
        rest = text[m.end():]
        cap = rest[:1].upper() + rest[1:]
        if not (_STRONG_HEAD.match(rest) or re.match(r"(?:trưởng|thủ trưởng|giám đốc|chủ tịch|phòng|văn phòng)\s", rest)):
            continue
        np = noun_phrase(cap)
        if not np or len(np) >= len(rest.strip(" .;")) - 2:
            continue
        if re.search(r"\bđược\s[^,;]*$", text[:m.start()]):
            continue  # agents of a passive: "... đã được Đảng ủy, Ban Giám hiệu phê duyệt, phòng X chuẩn bị ..."
        tail = re.search(r"(?:^|\s)((?:Bộ|Sở|Ban|Cục|Ủy ban|Uỷ ban|UBND|Văn phòng|Tổng cục)\s+\S+(?:\s+\S+){0,5})$",
                         text[max(0, m.start() - 60):m.start()])
        if tail and noun_phrase(tail.group(1)) == tail.group(1).strip(" ,"):
            continue  # a list of units goes on after the comma ("gửi về Bộ Xây dựng, Bộ Tài chính ...")
        units = split_units(rest[: len(np)])
        if units:
            return units
    return []


_DO_RE = re.compile(r"\bdo\s+(?=[A-ZĐÀ-Ỹ])")


def agent_do(text: str) -> list[str]:
    """'... do Văn phòng Sở bố trí' → the unit after 'do' when a verb follows it."""
    for m in _DO_RE.finditer(text):
        rest = text[m.end():]
        if not _STRONG_HEAD.match(rest):
            continue
        np = noun_phrase(rest)
        after = rest[len(np):].strip()
        if np and after and after[0].islower() and not after.startswith(("làm chủ", "làm trưởng")):
            return split_units(np)
    return []


# ---------------------------------------------------------------- full forms of abbreviated mentions

# Abbreviations of the administrative vocabulary, spelled out when the document itself uses the full form.
_ABBR_WORDS = {
    "UBND": "ủy ban nhân dân", "HĐND": "hội đồng nhân dân", "LĐLĐ": "liên đoàn lao động",
    "TLĐ": "tổng liên đoàn", "CĐ": "công đoàn", "TW": "trung ương", "TƯ": "trung ương", "TP": "thành phố",
    "MTTQ": "mặt trận tổ quốc", "UBMTTQ": "ủy ban mặt trận tổ quốc", "BCH": "ban chấp hành",
    "BTV": "ban thường vụ", "BTT": "ban thường trực", "BCĐ": "ban chỉ đạo", "CTMT": "công tác mặt trận",
    "UBKT": "ủy ban kiểm tra", "BHXH": "bảo hiểm xã hội", "ĐCT": "đoàn chủ tịch", "VN": "việt nam",
    "UBBC": "ủy ban bầu cử", "CĐCS": "công đoàn cơ sở", "VP": "văn phòng",
}


def unit_words(name: str) -> set[str]:
    """The folded words of a unit name with known abbreviations spelled out (for comparing two mentions)."""
    words: list[str] = []
    for w in re.sub(r"[^\w\s]", " ", name).split():
        words.extend(fold(_ABBR_WORDS.get(w, w)).split())
    return set(words) - {"cac", "viet", "nam"}


def _fold_char(ch: str) -> str:
    import unicodedata

    base = unicodedata.normalize("NFD", ch)[0]
    base = "d" if base in "đĐ" else base.lower()
    return base if len(base) == 1 else ch


_FOLD_TABLE: dict[int, str] = {}


def _charfold(text: str) -> str:
    """Fold character by character so offsets stay aligned with the original text."""
    for ch in set(text):
        if ord(ch) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(ch)] = _fold_char(ch)
    return text.translate(_FOLD_TABLE)


class FullForms:
    """Expand abbreviations in a mention ("UBND tỉnh X", "Báo TN&MT") when the text spells them out."""

    def __init__(self, text: str):
        self.text = text
        self._folded: str | None = None
        self.cache: dict[str, str] = {}

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = _charfold(self.text)
        return self._folded

    def expand(self, mention: str) -> str:
        if mention in self.cache:
            return self.cache[mention]
        result = self._spell_known(mention)
        words = result.split()
        if any(self._is_abbr(w.strip(",;.")) and w.strip(",;.") not in _ABBR_WORDS for w in words) \
                and len(result) < 120:
            result = self._spell_acronym(result) or result
        self.cache[mention] = result
        return result

    def _spell_known(self, mention: str) -> str:
        """'Ban Thường trực UBMTTQ xã' → 'Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã' when the
        document spells the abbreviation out in the same context (the words before it in the mention and the
        word after it); a 'Việt Nam' after the spelled-out words comes along."""
        words = mention.split()
        if len(mention) > 150:
            return mention
        for i, w in enumerate(words):
            core = w.strip(",;.()")
            if core not in _ABBR_WORDS:
                continue
            before = [re.escape(_charfold(x)) for x in words[:i]]
            full = r"\s+".join(re.escape(_charfold(x)) for x in _ABBR_WORDS[core].split())
            tail = re.escape(_charfold(w[w.index(core) + len(core):]))
            after = [re.escape(_charfold(words[i + 1]))] if i + 1 < len(words) else []
            pattern = r"(?<!\w)" + r"\s+".join(before + [f"({full}(?:\\s+viet\\s+nam)?){tail}"] + after) + r"(?!\w)"
            found = next((m for m in re.finditer(pattern, self.folded)
                          if not self.text[m.start():m.end()].isupper()), None)
            if found:
                spelled = " ".join(self.text[found.start(1):found.end(1)].split())
                words[i] = w.replace(core, spelled, 1)
        return " ".join(words)

    def _spell_acronym(self, mention: str) -> str | None:
        """An unknown acronym ('Báo TN&MT') spelled out where the text has words with those initials."""
        parts = []
        for w in mention.split():
            core = w.strip(",;.")
            if self._is_abbr(core) and core not in _ABBR_WORDS:
                letters = [c for c in _charfold(core) if c.isalpha()]
                seq = [rf"{c}\w*" for c in letters]
                parts.append(r"(?:\s+(?:va|-)\s+|\s+)".join(seq))
                if w != core:
                    parts[-1] += re.escape(w[len(core):])
            else:
                parts.append(re.escape(_charfold(w)))
        pattern = r"\b" + r"\s+".join(parts) + r"(?!\w)"
        try:
            found = [m for m in re.finditer(pattern, self.folded) if not self.text[m.start():m.end()].isupper()]
        except re.error:
            return None
        return " ".join(self.text[found[0].start():found[0].end()].split()) if found else None

    @staticmethod
    def _is_abbr(word: str) -> bool:
        letters = [c for c in word if c.isalpha()]
        return len(letters) >= 2 and word.replace("&", "").isalpha() and word.isupper() and len(word) <= 8
