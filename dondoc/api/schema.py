"""OpenAPI details: the token scheme, and the error shape on every operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_STATUSES = {
    "400": "Dữ liệu không hợp lệ", "401": "Chưa xác thực", "403": "Không có quyền", "404": "Không tìm thấy",
    "405": "Phương thức không được hỗ trợ", "409": "Xung đột khi sửa đồng thời",
    "413": "Dữ liệu quá lớn", "415": "Kiểu nội dung không được hỗ trợ",
    "429": "Quá nhiều yêu cầu",
}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "dondoc.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "«Token <khóa>», khóa tạo ở trang Tài khoản."}


def add_error_responses(result, generator, request, public):
    """Every operation may answer these errors, all as {code, message, errors?}."""
    result["components"]["schemas"]["Error"] = {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "Mã lỗi ổn định, dùng để xử lý tự động."},
            "message": {"type": "string", "description": "Thông báo tiếng Việt."},
            "errors": {"type": "object", "additionalProperties": True, "description": "Lỗi theo từng trường."},
        },
    }
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {"description": description,
                                            "content": {"application/json": {"schema": ref}}})
    return result
