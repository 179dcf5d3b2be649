"""Requests the database could not take: a Vietnamese 400 for text it cannot store, a clean 503 when it is
down (the next request reconnects), never a traceback."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

MESSAGE = "Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút."


class LanguageMiddleware:
    """The language of a response: the person's choice (the language cookie set by the switch), else
    Vietnamese for pages; the API, used by partners' systems, also follows the Accept-Language header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                chosen = translation.get_language_from_request(request, check_path=False)
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        if request.path.startswith("/api/"):
            from django.utils.cache import patch_vary_headers

            patch_vary_headers(response, ("Accept-Language",))
        translation.deactivate()
        return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return outage_response(request, exception)


def is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OperationalError | InterfaceError)


def outage_response(request: HttpRequest, exception: BaseException | None) -> HttpResponse | None:
    if not is_outage(exception):
        return None
    logger.error("database unavailable", exc_info=exception)
    for conn in connections.all(initialized_only=True):
        # A broken connection must not be reused by the next request of this worker.
        conn.close_if_unusable_or_obsolete()
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "service_unavailable", "message": MESSAGE}, status=503)
    else:
        # The page must not touch the database (no user, no session, no messages).
        response = HttpResponse(render_to_string("503.html", {"message": MESSAGE}), status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met in a middleware (the session, the user) is still a clean 503."""
    import sys

    response = outage_response(request, sys.exc_info()[1])
    if response is not None:
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "server_error", "message": "Lỗi hệ thống; đã ghi nhận để xử lý."}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)



def _error_page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    from django.shortcuts import render

    return render(request, template, {"status": status, **context}, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: a request the server cannot take (a malformed form or address), in Vietnamese."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "bad_request", "message": "Yêu cầu không hợp lệ."}, status=400)
    return _error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "permission_denied", "message": "Bạn không có quyền thực hiện việc này."},
                            status=403)
    return _error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """handler404: a mistyped address, or an object out of the person's reach (never said which)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": "Không tìm thấy."}, status=404)
    return _error_page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from a page that is no longer valid (signed in or out in another tab,
    the session expired, the page left open for days): say so and offer to load the page again."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    back = request.path if request.method == "POST" else "/"
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "csrf_failed", "message": "Phiên làm việc không hợp lệ; hãy tải lại trang."},
                            status=403)
    return _error_page(request, "403_csrf.html", 403, back=back)
NUL_MESSAGE = "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL); hãy bỏ ký tự đó rồi gửi lại."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnstorableTextMiddleware:
    """A NUL character in the address, the query string or a form field is refused before the view runs.

    No text column can hold one (PostgreSQL refuses the whole statement), so a search, a filter or a form
    that passed it on would fail with a 500. The API's JSON bodies are checked by its serializers. A view
    that explains bad query text on its own page (the search) sets `checks_own_query = True`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        unstorable = "\x00" in request.path or (
            _has_nul(request.GET) and not getattr(view_func, "checks_own_query", False)) or (
            request.method == "POST" and request.content_type in FORM_TYPES and not request.path.startswith("/api/")
            and _has_nul(request.POST))
        if not unstorable:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid", "message": NUL_MESSAGE}, status=400)
        return render(request, "core/refused.html", {"message": NUL_MESSAGE}, status=400)


def _has_nul(query) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
