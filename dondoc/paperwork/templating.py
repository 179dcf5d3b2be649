"""The editable text parts of a document: Django template syntax, checked before a template is saved.

Placeholders are a fixed set per purpose (`PLACEHOLDERS`); a template that names any other, breaks the
syntax or leaves out a required part is refused with the reason in Vietnamese. The language is reduced to
what a letter needs: placeholders, `{% if %}` and `{% for %}`, and the filters that change the case of a
placeholder (`upper`, `lower`, `capfirst`, `title`: headings of official letters are in capitals). No other
tag (`{% now %}`, `{% include %}`, `{% load %}`, `{% debug %}`...) and no other filter (`add`, `date`...): the
texts are edited in a browser and must not reach the server's files, clock or settings.
"""

from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import VariableNode
from django.template.defaulttags import ForNode, IfNode

from dondoc.directives.services import ServiceError

ALLOWED_TAGS = {"if": defaulttags.do_if, "for": defaulttags.do_for}
ALLOWED_FILTERS = {"upper": defaultfilters.upper, "lower": defaultfilters.lower,
                   "capfirst": defaultfilters.capfirst, "title": defaultfilters.title}
LETTER_TAGS = Library()
for _name, _compile in ALLOWED_TAGS.items():
    LETTER_TAGS.tag(_name, _compile)
for _name, _filter in ALLOWED_FILTERS.items():
    LETTER_TAGS.filter(_name, _filter)

REPORT, URGE, NOTICE = "report", "urge", "notice"
PURPOSES = (REPORT, URGE, NOTICE)
PURPOSE_LABELS = {REPORT: "Báo cáo tiến độ chương trình", URGE: "Công văn đôn đốc",
                  NOTICE: "Thông báo kết luận cuộc họp giao ban"}

_PROGRAM = {"number": "02/CTr-BCH", "date": "20/7/2021", "title": "Chương trình hành động ...",
            "name": "Chương trình số 02/CTr-BCH ngày 20/07/2021 của Ban Chấp hành Tổng Liên đoàn",
            "kind": "Chương trình", "issuer": "Ban Chấp hành Tổng Liên đoàn"}
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
ENGINE = Engine(autoescape=False, string_if_invalid=_INVALID, libraries={}, builtins=[])
ENGINE.template_builtins = [LETTER_TAGS]  # set directly: Engine() takes libraries only by module path
ALLOWED = ("chỉ dùng được biến {{ ... }} (có thể kèm |upper, |lower, |capfirst, |title), {% if %} và {% for %}")


def check_text(purpose: str, label: str, text: str) -> list[str]:
    """The reasons why `text` cannot be used as a template for `purpose` (empty when it can)."""
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        return [f"{label}: cú pháp mẫu không hợp lệ ({exc}); {ALLOWED}."]
    allowed = PLACEHOLDERS[purpose]
    loop_names = {"forloop"} | {name for node in template.nodelist.get_nodes_by_type(ForNode)
                                for name in node.loopvars}
    errors = []
    for lookups in _names(template.nodelist):
        if lookups[0] not in allowed and lookups[0] not in loop_names:
            errors.append(f"{label}: biến {{{{ {'.'.join(lookups)} }}}} không có trong mẫu "
                          f"(dùng được: {', '.join(sorted(allowed))}).")
    if errors:
        return list(dict.fromkeys(errors))
    try:
        rendered = template.render(Context(allowed))
    except Exception as exc:  # a filter applied to the wrong type, a bad {% for %}: refused, not a 500
        return [f"{label}: không hiển thị được mẫu ({exc})."]
    if _INVALID in rendered:
        return [f"{label}: có biến không tồn tại (ví dụ sai tên thuộc tính như program.numbr)."]
    return []


def _names(nodelist) -> list[tuple[str, ...]]:
    """The variables a template reads: in {{ }}, in {% for ... in X %} and in {% if X %} conditions."""
    expressions = [node.filter_expression for node in nodelist.get_nodes_by_type(VariableNode)]
    expressions += [node.sequence for node in nodelist.get_nodes_by_type(ForNode)]
    for node in nodelist.get_nodes_by_type(IfNode):
        pending = [condition for condition, _ in node.conditions_nodelists if condition is not None]
        while pending:  # the parsed condition: literals (with .value) joined by operators (.first, .second)
            item = pending.pop()
            if hasattr(item, "value") and hasattr(item.value, "var"):
                expressions.append(item.value)
            pending += [child for child in (getattr(item, "first", None), getattr(item, "second", None)) if child]
    return [tuple(expr.var.lookups) for expr in expressions if getattr(expr.var, "lookups", None)]


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
    """`text` filled in; a text saved before the language was reduced, using what it no longer allows, is
    refused with the reason rather than failing the document."""
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as exc:
        raise ServiceError(f"Mẫu văn bản có nội dung không còn được phép ({exc}); {ALLOWED}. "
                           "Hãy sửa mẫu ở trang Mẫu văn bản.") from None
    return template.render(Context(context)).replace(_INVALID, "")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
