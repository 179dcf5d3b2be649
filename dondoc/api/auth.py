import contextlib

from auditlog.context import auditlog_value
from rest_framework import authentication, exceptions

from dondoc.accounts.services import api_token_user


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (or `Bearer <key>`), with a key made on the user's profile page."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization phải có dạng «Token <khóa>».")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Khóa API không hợp lệ.") from None
        user = api_token_user(key)
        if user is None:
            raise exceptions.AuthenticationFailed("Khóa API không hợp lệ hoặc đã bị thu hồi.")
        _audit_as(user)
        return user, None

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'


def _audit_as(user) -> None:
    """The audit middleware ran before DRF knew the user: name the token's owner as the actor of changes."""
    with contextlib.suppress(LookupError):
        auditlog_value.get()["actor"] = user
