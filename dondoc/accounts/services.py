"""Personal API keys: create (the key is returned once), revoke, authenticate."""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dondoc.directives.services import ServiceError

from .models import ApiToken, User

MAX_TOKENS_PER_USER = 10
# Writing "last used" on every call would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    name = name.strip()
    if not name:
        raise ServiceError(gettext("Cần đặt tên gợi nhớ cho khóa (ví dụ: Hệ thống quản lý văn bản)."))
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ServiceError(f"Mỗi người dùng có tối đa {MAX_TOKENS_PER_USER} khóa; hãy thu hồi khóa không dùng.")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:8], digest=_digest(key))
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def api_token_user(key: str) -> User | None:
    """The active user owning `key`, or None."""
    if not key or len(key) > 200:
        return None
    # digest is unique: no ordering (the model's own would cost compiling and sorting on every API request)
    token = next(iter(ApiToken.objects.select_related("user", "user__unit").filter(digest=_digest(key))
                      .order_by()), None)
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
