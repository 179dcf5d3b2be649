import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dondoc.accounts import services
from dondoc.accounts.models import ApiToken
from dondoc.accounts.permissions import get_visible
from dondoc.directives.services import ServiceError


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: a Vietnamese page, HTTP 429."""
    minutes = math.ceil(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/lockout.html", {"failure_limit": settings.AXES_FAILURE_LIMIT,
                                                     "minutes": minutes}, status=429)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: who they are, and their personal API keys."""
    new_key = ""
    status = 200
    if request.method == "POST":
        try:
            token, new_key = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
        except ServiceError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, f"Đã tạo khóa «{token.name}». Hãy sao chép ngay: khóa chỉ hiện một lần.")
    return render(request, "accounts/profile.html", {
        "tokens": request.user.api_tokens.all(), "new_key": new_key,
    }, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible(ApiToken.objects.filter(user=request.user), pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, f"Đã thu hồi khóa «{token.name}».")
    return redirect("accounts:profile")
