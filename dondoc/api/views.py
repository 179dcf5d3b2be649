"""The REST API: thin views over the same permission helpers, services and queries as the pages."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from dondoc.accounts import permissions as perms
from dondoc.directives import editing
from dondoc.directives import services as directives
from dondoc.directives.models import Assignment, Document, Task
from dondoc.directives.queries import (
    NOW,
    active_on,
    current_period_filter,
    knowledge,
    merged,
    program_stats,
    status_filters,
)
from dondoc.directives.services import ServiceError
from dondoc.lib.text import fold
from dondoc.submissions import services as submissions
from dondoc.submissions.models import Attachment, Submission
from dondoc.units.history import as_of, rows_as_of
from dondoc.units.models import Unit

from . import serializers as s
from .errors import PayloadTooLarge


def task_units() -> list[Prefetch]:
    """A task's units as the API gives them: their keys only (TaskSerializer), so not their whole rows."""
    return [Prefetch(name, queryset=Unit.objects.only("pk")) for name in ("lead_units", "coordinators", "report_to")]


def params(serializer_class, request):
    """Query parameters validated like a body: bad input is a 400 with a Vietnamese message."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer


def search(qs: QuerySet, query: str) -> QuerySet:
    for word in fold(query).split()[:10]:
        qs = qs.filter(search_text__contains=word)
    return qs


class VisibleObject:
    """Objects are fetched through the shared helper: out of reach, malformed or absurd ids are all 404."""

    lookup_value_converter = "int"

    def get_object(self):
        obj = perms.get_visible(self.filter_queryset(self.get_queryset()), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


@extend_schema_view(list=extend_schema(parameters=[s.UnitFilter]))
class UnitViewSet(VisibleObject, viewsets.ReadOnlyModelViewSet):
    """Đơn vị trong danh mục, kèm lịch sử hợp nhất, chia tách (kế thừa)."""

    queryset = Unit.objects.none()  # for the schema only; get_queryset applies permissions

    def get_queryset(self):
        qs = perms.units_visible(self.request.user).order_by("path")
        if self.action == "retrieve":
            return qs.prefetch_related("successions__successor", "successions__predecessor",
                                       "precessions__predecessor", "precessions__successor")
        f = params(s.UnitFilter, self.request).validated_data
        qs = search(qs, f.get("q", ""))
        if "kind" in f:
            qs = qs.filter(kind=f["kind"])
        if "parent" in f:
            qs = qs.filter(parent_id=f["parent"])
        if "valid_on" in f:
            qs = qs.valid_on(f["valid_on"])
        return qs

    def get_serializer_class(self):
        return s.UnitDetailSerializer if self.action == "retrieve" else s.UnitSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        day = params(s.UnitFilter, request).validated_data.get("valid_on")
        if day is not None:
            as_of(page, day)  # the names and parents the units had on that day
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(list=extend_schema(parameters=[s.DocumentFilter]),
                    create=extend_schema(request=s.DocumentCreateSerializer, responses={201: s.DocumentSerializer}),
                    partial_update=extend_schema(request=s.DocumentUpdateSerializer, responses=s.DocumentSerializer))
class DocumentViewSet(VisibleObject, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      viewsets.GenericViewSet):
    """Văn bản (nghị quyết, chương trình, thông báo...)."""

    queryset = Document.objects.none()  # for the schema only; get_queryset applies permissions

    serializer_class = s.DocumentSerializer
    programs_only = False
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = perms.documents_visible(self.request.user).order_by("-date", "-id")
        if self.programs_only:
            qs = qs.filter(is_program=True)
        if self.action != "list":
            return qs
        f = params(s.DocumentFilter, self.request).validated_data
        qs = search(qs, f.get("q", ""))
        if "kind" in f:
            qs = qs.filter(kind=f["kind"])
        if "date_from" in f:
            qs = qs.filter(date__gte=f["date_from"])
        if "date_to" in f:
            qs = qs.filter(date__lte=f["date_to"])
        return qs

    def create(self, request, *args, **kwargs):
        if not perms.can_enter_documents(request.user):
            raise PermissionDenied
        data = s.DocumentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        own = None if request.user.is_monitor else perms.followed_unit(request.user)
        if own is not None:  # a unit's own document: issued by it, followed in its subtree
            fields.update(issuer=own, issuer_name=own.name, scope=own)
        document = directives.document_create(**fields, by=request.user)
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        """Sửa văn bản; gửi kèm «version» đã đọc (khóa lạc quan)."""
        document = self.get_object()
        if not perms.can_manage_document(request.user, document):
            raise PermissionDenied
        data = s.DocumentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.DocumentSerializer(editing.document_update(document=document, **data.validated_data)).data)


@extend_schema_view(list=extend_schema(parameters=[s.DocumentFilter]))
class ProgramViewSet(DocumentViewSet):
    """Chương trình, kế hoạch có nhiệm vụ cần theo dõi, và thống kê thực hiện."""

    programs_only = True
    http_method_names = ["get", "head", "options"]

    @extend_schema(parameters=[s.StatsFilter], responses=s.ProgramStatsSerializer)
    @action(detail=True, methods=["get"])
    def stats(self, request, pk=None):
        document = self.get_object()
        if not perms.follows_document(request.user, document):
            raise PermissionDenied("Chỉ bộ phận theo dõi, lãnh đạo và đơn vị theo dõi chương trình của mình xem "
                                   "thống kê toàn chương trình.")
        f = params(s.StatsFilter, request)
        day, known_on = f.day(timezone.localdate()), f.known()
        rows = program_stats(document, day, tasks=perms.tasks_visible(request.user).filter(document=document)
                             .prefetch_related(*task_units()), known_on=known_on,
                             period=f.validated_data.get("ky", "").strip())
        body = {"document": document, "as_of": day, "known_on": known_on, "tasks": [
            {"task": r.task, "total": r.total, "done": r.done, "overdue": r.overdue, "submitted": r.submitted,
             "periods": r.periods, "share_done": r.share_done, "counts": r.counts} for r in rows]}
        return Response(s.ProgramStatsSerializer(body).data)


@extend_schema_view(list=extend_schema(parameters=[s.TaskFilter]),
                    partial_update=extend_schema(request=s.TaskUpdateSerializer, responses=s.TaskSerializer))
class TaskViewSet(VisibleObject, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Nhiệm vụ của các văn bản."""

    queryset = Task.objects.none()  # for the schema only; get_queryset applies permissions

    serializer_class = s.TaskSerializer

    def get_queryset(self):
        qs = perms.tasks_visible(self.request.user).prefetch_related(*task_units())
        if self.action != "list":
            return qs
        f = params(s.TaskFilter, self.request).validated_data
        if "document" in f:
            qs = qs.filter(document_id=f["document"])
        if "unit" in f:
            qs = qs.filter(assignments__unit_id=f["unit"]).distinct()
        return qs.order_by("document_id", "order", "id")

    def partial_update(self, request, *args, **kwargs):
        """Sửa nội dung, thu hồi nhiệm vụ; gửi kèm «version» đã đọc (khóa lạc quan)."""
        task = self.get_object()
        if not perms.can_manage_document(request.user, task.document):
            raise PermissionDenied
        data = s.TaskUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(s.TaskSerializer(editing.task_update(task=task, **data.validated_data)).data)


@extend_schema_view(list=extend_schema(parameters=[s.AssignmentFilter]),
                    retrieve=extend_schema(parameters=[s.AsOfFilter]))
class AssignmentViewSet(VisibleObject, viewsets.ReadOnlyModelViewSet):
    """Nhiệm vụ đã giao cho từng đơn vị, với trạng thái vào một ngày (?ngay= hoặc ?as_of=)."""

    queryset = Assignment.objects.none()  # for the schema only; get_queryset applies permissions

    serializer_class = s.AssignmentSerializer

    def get_queryset(self):
        qs = perms.assignments_visible(self.request.user).select_related("unit", "task")
        if self.action != "list":
            return qs
        f = params(s.AssignmentFilter, self.request)
        day, known_on, f = f.day(timezone.localdate()), f.known(), f.validated_data
        if known_on is None:
            return self._filtered(qs, day, f, NOW)
        # As known on an earlier day: the live rows recorded by then and the versions then in force.
        known = knowledge(known_on)
        units = perms.units_visible(self.request.user).values("pk")
        rows = [self._filtered(source.filter(unit__in=units).select_related("unit", "task"), day, f, known)
                for source in known.sources()]
        return merged(rows, key=lambda a: (a.due_on is None, a.due_on or day, a.task_id, a.unit.path,
                                           a.assignment_pk))

    def _filtered(self, qs, day, f, known):
        qs = qs.filter(active_on(day)).filter(known.tasks("task__") if known.on else Q())
        if f.get("ky") or f.get("counted"):
            qs = qs.filter(current_period_filter(day, period=f.get("ky", "").strip(), known=known))
        if "unit" in f:
            qs = (qs.filter(unit_id__in=perms.subtree_ids(perms.get_visible(perms.units_visible(self.request.user),
                                                                            pk=f["unit"])))
                  if f["subtree"] else qs.filter(unit_id=f["unit"]))
        for key in ("task", "document"):
            if key in f:
                qs = qs.filter(**{"task_id" if key == "task" else "task__document_id": f[key]})
        if "status" in f:
            qs = qs.filter(status_filters(day)[f["status"]])
        if "due_from" in f:
            qs = qs.filter(due_on__gte=f["due_from"])
        if "due_to" in f:
            qs = qs.filter(due_on__lte=f["due_to"])
        return qs.order_by("due_on", "task_id", "unit__path", "id")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows_as_of(page, self.get_serializer_context()["day"])  # unit names as they were on that day
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["day"] = params(s.AsOfFilter, self.request).day(timezone.localdate())
        return context

    @extend_schema(request={"multipart/form-data": s.SubmissionCreateSerializer},
                   responses={201: s.SubmissionSerializer})
    @action(detail=True, methods=["post"], url_path="submissions")
    def submit(self, request, pk=None):
        """Gửi báo cáo, kế hoạch cho nhiệm vụ được giao (kèm tệp)."""
        assignment = self.get_object()
        if not perms.can_submit(request.user, assignment):
            raise PermissionDenied("Chỉ cán bộ của đơn vị được giao (hoặc bộ phận theo dõi) mới gửi được báo cáo.")
        limit = submissions.MAX_FILES * settings.MAX_UPLOAD_BYTES + 1024 * 1024
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            raise PayloadTooLarge(f"Dữ liệu gửi lên vượt quá {limit // (1024 * 1024)} MB.")
        data = s.SubmissionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        files = [submissions.Upload(f.name, f.read()) for f in fields.pop("files")]
        submission = submissions.submission_create(assignment=assignment, by=request.user, files=files, **fields)
        return Response(s.SubmissionSerializer(submission).data, status=status.HTTP_201_CREATED)


    @extend_schema(methods=["GET"], responses=s.ReportedCountSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ReportedCountCreateSerializer, responses={201: s.ReportedCountSerializer})
    @action(detail=True, methods=["get", "post"], url_path="counts", pagination_class=None)
    def counts(self, request, pk=None):
        """Số liệu đơn vị báo cáo từ cấp dưới theo kỳ («12/15 đơn vị đã thực hiện»): xem, hoặc gửi số liệu mới."""
        assignment = self.get_object()
        if request.method == "GET":
            rows = assignment.reported_counts.select_related("reported_by", "assignment")
            return Response(s.ReportedCountSerializer(rows, many=True).data)
        if not perms.can_report_count(request.user, assignment):
            raise PermissionDenied("Chỉ cán bộ của đơn vị được giao (hoặc bộ phận theo dõi) mới báo cáo số liệu.")
        data = s.ReportedCountCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        count = submissions.reported_count_create(assignment=assignment, by=request.user, **data.validated_data)
        return Response(s.ReportedCountSerializer(count).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[s.SubmissionFilter]))
class SubmissionViewSet(VisibleObject, viewsets.ReadOnlyModelViewSet):
    """Báo cáo, kết quả các đơn vị đã gửi."""

    queryset = Submission.objects.none()  # for the schema only; get_queryset applies permissions

    serializer_class = s.SubmissionSerializer

    def get_queryset(self):
        qs = perms.submissions_visible(self.request.user).select_related("submitted_by").prefetch_related(
            "attachments")
        if self.action != "list":
            return qs
        f = params(s.SubmissionFilter, self.request).validated_data
        if "assignment" in f:
            qs = qs.filter(assignment_id=f["assignment"])
        if "unit" in f:
            qs = qs.filter(assignment__unit_id=f["unit"])
        if "state" in f:
            qs = qs.filter(state=f["state"])
        if "submitted_from" in f:
            qs = qs.filter(submitted_at__date__gte=f["submitted_from"])
        if "submitted_to" in f:
            qs = qs.filter(submitted_at__date__lte=f["submitted_to"])
        return qs.order_by("-submitted_at", "-id")

    @extend_schema(request=s.ReviewSerializer, responses=s.SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Bộ phận theo dõi chấp nhận hoặc trả lại (kèm ý kiến) một báo cáo."""
        submission = self.get_object()
        if not perms.can_review(request.user, submission):
            raise PermissionDenied("Chỉ bộ phận theo dõi mới xem xét báo cáo.")
        data = s.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = (submissions.submission_accept if data.validated_data["decision"] == "accept"
                  else submissions.submission_return)
        result = review(submission=submission, by=request.user, comment=data.validated_data["comment"])
        return Response(s.SubmissionSerializer(result).data)


@extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)})
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def attachment_download(request, pk: int) -> FileResponse:
    """Tải tệp đính kèm của một báo cáo (chỉ người có quyền xem báo cáo đó)."""
    attachment = perms.get_visible(Attachment.objects.select_related("submission__assignment__unit"), pk=pk)
    if not perms.can_view_attachment(request.user, attachment):
        raise perms.Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise perms.Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                        content_type="application/octet-stream")


@extend_schema(request={"multipart/form-data": s.ExtractRequestSerializer}, responses=s.ExtractionSerializer)
@api_view(["POST"])
def extract(request):
    """Đọc một văn bản tải lên và trích phần đầu, dẫn chiếu, nhiệm vụ dự kiến (không lưu gì)."""
    # Imported here: reading PDF/DOCX pulls in heavy libraries the rest of the API does not need.
    from dondoc.ingest.extraction import extract as extract_text
    from dondoc.ingest.reading import MAX_BYTES, ReadError, read_document

    if not perms.can_manage_directives(request.user):
        raise PermissionDenied("Chỉ bộ phận theo dõi mới dùng chức năng đọc văn bản.")
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES + 1024 * 1024:
        raise PayloadTooLarge(f"Tệp vượt quá {MAX_BYTES // (1024 * 1024)} MB.")
    data = s.ExtractRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    upload = data.validated_data["file"]
    try:
        text = read_document(upload.read(), upload.name)
    except ReadError as exc:
        raise ServiceError(exc.message) from None
    return Response(s.ExtractionSerializer({"filename": upload.name, **extract_text(text)}).data)


@extend_schema(request={"multipart/form-data": s.RegistryChangeRequestSerializer},
               responses={200: s.RegistryChangeSerializer, 201: s.RegistryChangeSerializer})
@api_view(["POST"])
def registry_change(request):
    """Áp dụng (hoặc xem trước với dry_run) một thay đổi danh mục đơn vị có hiệu lực từ một ngày; có lỗi thì
    không thay đổi gì (400, lỗi theo số dòng). Chỉ quản trị hệ thống."""
    from dondoc.units import changes

    if not perms.can_manage_registry(request.user):
        raise PermissionDenied("Chỉ quản trị hệ thống được thay đổi danh mục đơn vị.")
    if int(request.META.get("CONTENT_LENGTH") or 0) > 50 * 1024 * 1024:
        raise PayloadTooLarge("Tệp vượt quá 50 MB.")
    data = s.RegistryChangeRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    upload, effective = data.validated_data["file"], data.validated_data["effective"]
    try:
        rows = changes.read_change(upload.read(), upload.name)
        if data.validated_data["dry_run"]:
            record, plan = None, changes.change_plan(rows, effective)
        else:
            record, plan = changes.change_apply(rows=rows, effective=effective, by=request.user,
                                                filename=upload.name, source="api")
    except changes.ChangeError as exc:
        return Response({"code": "rejected", "message": "Tệp thay đổi có lỗi, không thay đổi gì.",
                         "errors": {"file": exc.errors}}, status=status.HTTP_400_BAD_REQUEST)
    body = {"id": record.pk if record else None, "effective": effective, "applied": record is not None,
            "created": plan.created, "renamed": plan.renamed, "moved": plan.moved, "ended": plan.ended,
            "consequences": [{"title": t, "lines": lines} for t, lines in plan.consequences],
            "summary": record.summary if record else plan.summary}
    return Response(s.RegistryChangeSerializer(body).data,
                    status=status.HTTP_201_CREATED if record else status.HTTP_200_OK)


@extend_schema(responses=s.MeSerializer)
@api_view(["GET"])
def me(request):
    """Người dùng đang gọi API (theo khóa hoặc phiên đăng nhập)."""
    user = request.user
    return Response(s.MeSerializer({
        "id": user.pk, "username": user.username, "full_name": user.get_full_name(), "role": user.role,
        "unit": user.unit, "reads_everything": user.reads_everything, "is_monitor": user.is_monitor,
    }).data)


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and the load bench: the framework alone, no database."""
    return HttpResponse("ok", content_type="text/plain")
