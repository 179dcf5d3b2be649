"""Shapes of the API's data. Validation of input only: the rules live in the services."""

import copy
import datetime as dt

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dondoc.directives import rules
from dondoc.directives.models import Assignment, DeadlineKind, Document, DocumentKind, DoneWhen, Task
from dondoc.lib.calendar import parse_user_date
from dondoc.submissions.models import Attachment, ReportedCount, Submission, SubmissionKind, SubmissionState
from dondoc.units.models import Succession, Unit, UnitKind

MAX_ID = 2**63 - 1  # the largest key a database row can have


class FieldsOnce:
    """A model serializer whose fields are worked out once per class, then copied for each use.

    ModelSerializer.get_fields inspects the model and builds every field again for each serializer made
    (each request, each nested serializer): about 0.4 ms of a 4-10 ms API request, for an answer that only
    changes with the code. The copy is the one DRF makes of declared fields (Field.__deepcopy__ builds the
    field again from its arguments). Only for serializers whose fields do not depend on the instance or the
    context."""

    def get_fields(self):
        template = type(self).__dict__.get("_fields_once")
        if template is None:  # the first use of this class (a subclass has its own)
            template = super().get_fields()
            type(self)._fields_once = template
        return copy.deepcopy(template)


def id_param(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, **kwargs)


class DateInput(serializers.DateField):
    """A date in a body: yyyy-mm-dd (or dd/mm/yyyy), read by the one date parser, within the supported range."""

    def to_internal_value(self, data) -> dt.date | None:
        if data == "" and self.allow_null:  # an empty field of a multipart form
            return None
        if not isinstance(data, str):
            raise serializers.ValidationError("Ngày phải là chuỗi dạng yyyy-mm-dd.")
        try:
            return parse_user_date(data)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


@extend_schema_field(OpenApiTypes.STR)
class DateParam(DateInput):
    """A date in a query string, as a person or a system writes it: yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy."""


class AsOfFilter(serializers.Serializer):
    ngay = DateParam(required=False, help_text="Ngày đánh giá (yyyy-mm-dd hoặc dd-mm-yyyy); mặc định hôm nay.")
    as_of = DateParam(required=False, help_text="Như «ngay».")
    biet_den = DateParam(required=False, help_text="Số liệu như đã biết vào cuối ngày này (bỏ qua những gì "
                                                   "ghi nhận sau đó); mặc định: mọi thông tin hiện có.")
    known_on = DateParam(required=False, help_text="Như «biet_den».")

    def day(self, today: dt.date) -> dt.date:
        return self.validated_data.get("ngay") or self.validated_data.get("as_of") or today

    def known(self) -> dt.date | None:
        return self.validated_data.get("biet_den") or self.validated_data.get("known_on")


class StatsFilter(AsOfFilter):
    ky = serializers.CharField(required=False, max_length=40, help_text="Kỳ báo cáo của nhiệm vụ định kỳ, ví dụ "
                               "«6 tháng cuối năm 2021»; mặc định: kỳ đến hạn hoặc quá hạn vào ngày đánh giá.")


class UnitFilter(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Tìm theo tên, tên viết tắt, mã (không dấu).")
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    parent = id_param()
    valid_on = DateParam(required=False, help_text="Chỉ các đơn vị còn hiệu lực vào ngày này.")


class DocumentFilter(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    date_from = DateParam(required=False)
    date_to = DateParam(required=False)


class TaskFilter(serializers.Serializer):
    document = id_param()
    unit = id_param(help_text="Nhiệm vụ giao cho đơn vị này.")


class AssignmentFilter(StatsFilter):
    counted = serializers.BooleanField(required=False, default=False,
                                       help_text="Chỉ các dòng được tính vào ngày đánh giá (nhiệm vụ định kỳ: kỳ "
                                                 "đến hạn hoặc quá hạn của từng đơn vị, hoặc kỳ «ky»).")
    unit = id_param()
    subtree = serializers.BooleanField(required=False, default=False,
                                       help_text="Cùng các đơn vị cấp dưới của «unit».")
    task = id_param()
    document = id_param()
    status = serializers.ChoiceField(choices=[(s, str(rules.LABELS[s])) for s in rules.STATUSES], required=False)
    due_from = DateParam(required=False)
    due_to = DateParam(required=False)


class SubmissionFilter(serializers.Serializer):
    assignment = id_param()
    unit = id_param()
    state = serializers.ChoiceField(choices=SubmissionState.choices, required=False)
    submitted_from = DateParam(required=False)
    submitted_to = DateParam(required=False)


class UnitRefSerializer(FieldsOnce, serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name"]


class UnitSerializer(FieldsOnce, serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "parent", "province", "valid_from", "valid_to",
                  "email", "path", "depth"]


class SuccessionSerializer(FieldsOnce, serializers.ModelSerializer):
    predecessor = UnitRefSerializer()
    successor = UnitRefSerializer()

    class Meta:
        model = Succession
        fields = ["predecessor", "successor", "kind", "on", "note"]


class UnitDetailSerializer(UnitSerializer):
    successors = SuccessionSerializer(source="successions", many=True, read_only=True)
    predecessors = SuccessionSerializer(source="precessions", many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "successors", "predecessors"]


class DocumentSerializer(FieldsOnce, serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "number", "kind", "issuer", "issuer_name", "place", "date", "title", "signer",
                  "signer_title", "is_program", "done_when", "created_at", "version"]


class DocumentCreateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    date = DateInput()
    title = serializers.CharField(max_length=2000)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False, default="")
    issuer = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    issuer_name = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    place = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    signer = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    signer_title = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    is_program = serializers.BooleanField(required=False, default=False)
    done_when = serializers.ChoiceField(choices=DoneWhen.choices, required=False, default=DoneWhen.ACCEPTED,
                                        help_text="Đơn vị được tính hoàn thành khi được chấp nhận (mặc định) "
                                                  "hay ngay khi gửi.")


class DocumentUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                       help_text="Phiên bản đã đọc; sửa đồng thời bị từ chối (409).")
    number = serializers.CharField(max_length=100, required=False)
    date = DateInput(required=False)
    title = serializers.CharField(max_length=2000, required=False)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    issuer = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    issuer_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    signer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signer_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_program = serializers.BooleanField(required=False)
    done_when = serializers.ChoiceField(choices=DoneWhen.choices, required=False,
                                        help_text="Đổi cách tính hoàn thành: áp dụng ngay cho mọi đơn vị.")


class TaskUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                       help_text="Phiên bản đã đọc; sửa đồng thời bị từ chối (409).")
    ref = serializers.CharField(max_length=40, required=False, allow_blank=True)
    title = serializers.CharField(max_length=300, required=False)
    action = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    lead_text = serializers.CharField(max_length=500, required=False, allow_blank=True)
    report_to_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    deadline_text = serializers.CharField(max_length=200, required=False, allow_blank=True)
    deadline_kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False,
                                            help_text="Thời hạn mới: chuyển hạn của các đơn vị chưa hoàn thành "
                                                      "(trừ đơn vị đã được gia hạn).")
    deadline_date = DateInput(required=False)
    lead_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), many=True, required=False,
        help_text="Đơn vị chủ trì mới: đơn vị thêm vào được giao ngay; đơn vị bỏ ra mất nhiệm vụ (chỉ khi chưa gửi gì).")
    withdrawn = serializers.BooleanField(required=False)


class TaskSerializer(FieldsOnce, serializers.ModelSerializer):
    class Meta:
        model = Task
        fields = ["id", "document", "ref", "order", "title", "action", "lead_units", "lead_group", "lead_text",
                  "coordinators", "report_to", "report_to_text", "deadline_kind", "deadline_date", "deadline_text",
                  "recurrence_months", "recurrence_due_day", "fulfilment", "assigned_on", "withdrawn", "version"]


class AssignmentSerializer(FieldsOnce, serializers.ModelSerializer):
    unit = UnitRefSerializer()
    status = serializers.SerializerMethodField(help_text="Trạng thái vào ngày đánh giá.")
    status_label = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "task", "unit", "period_index", "period_label", "period_start", "period_end", "due_on",
                  "active_from", "active_to", "carried", "submitted_on", "accepted_on", "done_on", "started_on",
                  "extensions", "as_of", "status", "status_label"]

    def _day(self) -> dt.date:
        return self.context["day"]

    @extend_schema_field(serializers.ChoiceField(choices=rules.STATUSES))
    def get_status(self, obj: Assignment) -> str:
        return obj.status_on(self._day(), settings.DUE_SOON_DAYS)

    def get_status_label(self, obj: Assignment) -> str:
        return str(rules.LABELS[self.get_status(obj)])

    def get_as_of(self, obj: Assignment) -> dt.date:
        return self._day()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["id"] = instance.assignment_pk  # a superseded version (?biet_den=) names its assignment
        return data


class AttachmentSerializer(FieldsOnce, serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256"]


class SubmissionSerializer(FieldsOnce, serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Submission
        fields = ["id", "assignment", "kind", "text", "doc_number", "doc_date", "leader", "staff", "milestones",
                  "submitted_by", "submitted_at", "effective_on", "state", "reviewed_at", "review_comment",
                  "attachments"]


class SubmissionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SubmissionKind.choices)
    text = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    doc_number = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    doc_date = DateInput(required=False, allow_null=True, default=None)
    leader = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    staff = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    milestones = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False, default=list,
                                  help_text="Tệp PDF, DOCX, XLSX (kiểm tra theo nội dung).")


class ReportedCountSerializer(FieldsOnce, serializers.ModelSerializer):
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True)
    reported_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReportedCount
        fields = ["id", "assignment", "unit", "period", "done", "total", "note", "reported_by", "reported_at"]


class ReportedCountCreateSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=40, help_text="Kỳ báo cáo, ví dụ «6 tháng cuối năm 2021».")
    done = serializers.IntegerField(min_value=0, max_value=10_000_000, help_text="Số đơn vị cấp dưới đã thực hiện.")
    total = serializers.IntegerField(min_value=1, max_value=10_000_000, help_text="Tổng số đơn vị cấp dưới.")
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "Chấp nhận"), ("return", "Trả lại")])
    comment = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class TaskStatsSerializer(serializers.Serializer):
    task = TaskSerializer()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    submitted = serializers.IntegerField(help_text="Đã gửi, chờ xem xét.")
    periods = serializers.ListField(child=serializers.CharField(), help_text="Kỳ báo cáo được tính (nhiệm vụ định kỳ).")
    share_done = serializers.FloatField()
    counts = serializers.DictField(child=serializers.IntegerField())


class ProgramStatsSerializer(serializers.Serializer):
    document = DocumentSerializer()
    as_of = serializers.DateField()
    known_on = serializers.DateField(allow_null=True)
    tasks = TaskStatsSerializer(many=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    unit = UnitRefSerializer(allow_null=True)
    reads_everything = serializers.BooleanField()
    is_monitor = serializers.BooleanField()


class ExtractRequestSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="Văn bản .txt, .md, .docx hoặc .pdf (tối đa 20 MB).")


class ExtractionSerializer(serializers.Serializer):
    filename = serializers.CharField()
    document = serializers.DictField(help_text="Phần đầu: số, ký hiệu, loại, ngày, cơ quan ban hành, trích yếu...")
    references = serializers.ListField(child=serializers.DictField())
    tasks = serializers.ListField(child=serializers.DictField(), help_text="Nhiệm vụ dự kiến (cần người xem lại).")
    distribution = serializers.ListField(child=serializers.JSONField())


class RegistryChangeRequestSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, help_text="Tệp .csv hoặc .xlsx: action, code, name, "
                                 "short_name, kind, parent, successors, province, note.")
    effective = DateParam(help_text="Ngày hiệu lực (yyyy-mm-dd hoặc dd-mm-yyyy).")
    dry_run = serializers.BooleanField(required=False, default=False, help_text="Chỉ xem trước, không thay đổi gì.")


class PlanLineSerializer(serializers.Serializer):
    what = serializers.CharField()
    unit = serializers.CharField()
    detail = serializers.CharField()


class ConsequenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    lines = PlanLineSerializer(many=True)


class RegistryChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Bản ghi thay đổi (khi đã áp dụng).")
    effective = serializers.DateField()
    applied = serializers.BooleanField()
    created = PlanLineSerializer(many=True)
    renamed = PlanLineSerializer(many=True)
    moved = PlanLineSerializer(many=True)
    ended = PlanLineSerializer(many=True)
    consequences = ConsequenceSerializer(many=True)
    summary = serializers.DictField()
