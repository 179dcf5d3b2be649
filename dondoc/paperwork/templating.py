"""The editable text parts of a document: Django template syntax, checked before a template is saved.

Placeholders are a fixed set per purpose (`PLACEHOLDERS`); a template that names any other, breaks the
syntax or leaves out a required part is refused with the reason in Vietnamese.
"""

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import VariableNode

REPORT, URGE, NOTICE = "report", "urge", "notice"
PURPOSES = (REPORT, URGE, NOTICE)
PURPOSE_LABELS = {REPORT: "Báo cáo tiến độ chương trình", URGE: "Công văn đôn đốc",
                  NOTICE: "Thông báo kết luận cuộc họp giao ban"}

_PROGRAM = {"number": "02/CTr-BCH", "date": "20/7/2021", "title": "Chương trình hành động ..."}
_COMMON = {"program": _PROGRAM, "as_of": "09/11/2021", "issuer": "Tổng Liên đoàn Lao động Việt Nam"}
# Sample values: every placeholder a purpose may use, also used to test-render a template when it is saved.
PLACEHOLDERS: dict[str, dict] = {
    REPORT: {**_COMMON, "units_total": 83, "tasks_total": 2},
    URGE: {**_COMMON, "late_units": 51, "new_deadline": "30/11/2021"},
    NOTICE: {**_COMMON, "meeting": {"date": "10/11/2021", "chair": "Ngô Duy Hiếu",
                                    "chair_title": "Phó Chủ tịch Tổng Liên đoàn", "place": "Hà Nội",
                                    "attendees": "đại diện lãnh đạo Văn phòng, các ban"}},
}
# Text fields rendered through the engine, and those that may not be empty.
TEXT_FIELDS = ("summary", "intro", "closing", "addressees", "distribution")
REQUIRED = {
    "issuing_body": "tên cơ quan ban hành", "summary": "trích yếu", "intro": "đoạn mở đầu",
    "signer_title": "chức vụ người ký", "signer_name": "họ tên người ký", "distribution": "nơi nhận",
    "symbol_issuer": "ký hiệu cơ quan ban hành", "place": "địa danh",
}
FIELD_LABELS = {"summary": "Trích yếu", "intro": "Đoạn mở đầu", "closing": "Đoạn kết",
                "addressees": "Kính gửi", "distribution": "Nơi nhận"}

_INVALID = "\x00INVALID\x00"
ENGINE = Engine(autoescape=False, string_if_invalid=_INVALID, libraries={}, builtins=[
    "django.template.defaulttags", "django.template.defaultfilters"])


def check_text(purpose: str, label: str, text: str) -> list[str]:
    """The reasons why `text` cannot be used as a template for `purpose` (empty when it can)."""
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        return [f"{label}: cú pháp mẫu không hợp lệ ({exc})."]
    allowed = PLACEHOLDERS[purpose]
    errors = []
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var
        lookups = getattr(var, "lookups", None)
        if lookups and lookups[0] not in allowed:
            errors.append(f"{label}: biến {{{{ {'.'.join(lookups)} }}}} không có trong mẫu "
                          f"(dùng được: {', '.join(sorted(allowed))}).")
    if errors:
        return errors
    try:
        rendered = template.render(Context(allowed))
    except Exception as exc:  # a filter applied to the wrong type, a bad {% for %}: refused, not a 500
        return [f"{label}: không hiển thị được mẫu ({exc})."]
    if _INVALID in rendered:
        return [f"{label}: có biến không tồn tại (ví dụ sai tên thuộc tính như program.numbr)."]
    return []


def check(purpose: str, values: dict[str, str]) -> list[str]:
    """Every reason why a template with these field values would be refused (Vietnamese)."""
    if purpose not in PURPOSES:
        return ["Loại mẫu văn bản không hợp lệ."]
    errors = [f"Thiếu {label}." for name, label in REQUIRED.items() if not (values.get(name) or "").strip()]
    if purpose != URGE and not (values.get("kind_title") or "").strip():
        errors.append("Thiếu tên loại văn bản (ví dụ BÁO CÁO, THÔNG BÁO).")
    for name in TEXT_FIELDS:
        errors += check_text(purpose, FIELD_LABELS[name], values.get(name) or "")
    lines = [line for line in (values.get("distribution") or "").splitlines() if line.strip()]
    if lines and not lines[-1].strip().lstrip("- ").startswith("Lưu"):
        errors.append("Dòng cuối của Nơi nhận phải là \"Lưu: VT, ...\".")
    return errors


def render_text(text: str, context: dict) -> str:
    return ENGINE.from_string(text).render(Context(context)).replace(_INVALID, "")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
