"""Every API error is JSON of one shape: a stable `code`, a Vietnamese `message`, and field `errors`."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from dondoc.directives.editing import ConcurrentEdit
from dondoc.directives.services import ServiceError


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = "Dữ liệu gửi lên quá lớn."


MESSAGES = {
    exceptions.ParseError: ("malformed_request", "Không đọc được nội dung yêu cầu (sai định dạng JSON/multipart)."),
    exceptions.NotAuthenticated: ("not_authenticated",
                                  "Cần đăng nhập hoặc gửi khóa API trong tiêu đề «Authorization: Token <khóa>»."),
    exceptions.PermissionDenied: ("permission_denied", "Bạn không có quyền thực hiện thao tác này."),
    exceptions.NotFound: ("not_found", "Không tìm thấy (hoặc bạn không có quyền xem)."),
    exceptions.NotAcceptable: ("not_acceptable", "Chỉ trả về dữ liệu dạng JSON."),
}


def error_response(code: str, message: str, status_code: int, errors=None, headers=None) -> Response:
    body = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    elif isinstance(exc, TooManyFieldsSent | SuspiciousOperation):
        exc = exceptions.ParseError()
    if isinstance(exc, ConcurrentEdit):
        return error_response("conflict", str(exc), 409)
    if isinstance(exc, ServiceError):
        return error_response("rejected", str(exc), 400)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    return error_response(*_describe(exc), exc.status_code, errors=_field_errors(exc), headers=headers)


def _describe(exc: exceptions.APIException) -> tuple[str, str]:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid", "Dữ liệu không hợp lệ; xem chi tiết từng trường trong «errors»."
    if isinstance(exc, exceptions.AuthenticationFailed):
        return "authentication_failed", str(exc.detail)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return "method_not_allowed", "Phương thức này không được hỗ trợ tại địa chỉ này."
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return "unsupported_media_type", ("Kiểu nội dung không được hỗ trợ; dùng application/json "
                                          "hoặc multipart/form-data.")
    if isinstance(exc, exceptions.Throttled):
        wait = f" sau {int(exc.wait)} giây" if exc.wait else ""
        return "throttled", f"Quá nhiều yêu cầu; vui lòng thử lại{wait}."
    if isinstance(exc, PayloadTooLarge):
        return "payload_too_large", str(exc.detail)
    if isinstance(exc, exceptions.ParseError) and exc.default_detail != exceptions.ParseError.default_detail:
        return "malformed_request", str(exc.detail)  # a reason of our own (dondoc.api.parsers)
    for cls, described in MESSAGES.items():
        if isinstance(exc, cls):
            return described
    return "error", str(exc.detail)


def _field_errors(exc: exceptions.APIException):
    if not isinstance(exc, exceptions.ValidationError):
        return None
    detail = exc.detail
    return detail if isinstance(detail, dict) else {"non_field_errors": detail}


@csrf_exempt
def not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any /api/ address that matches no route: the same JSON shape as every other error."""
    return JsonResponse({"code": "not_found", "message": "Không có địa chỉ API này."}, status=404)
