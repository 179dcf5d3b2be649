import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dondoc.accounts import permissions as perms
from dondoc.accounts import services
from dondoc.accounts.forms import EmailChoicesForm, ProfileForm
from dondoc.accounts.models import ApiToken
from dondoc.accounts.permissions import get_visible
from dondoc.directives.services import ServiceError
from dondoc.notifications import services as notifications
from dondoc.notifications.models import Kind as NotificationKind


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login: a Vietnamese page, HTTP 429."""
    minutes = math.ceil(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/lockout.html", {"failure_limit": settings.AXES_FAILURE_LIMIT,
                                                     "minutes": minutes}, status=429)


def _email_choices(user) -> list[tuple[str, str]]:
    """The notifications a person can receive: reviewers' kinds only for those who review."""
    offered = {NotificationKind.SUBMITTED: perms.can_review(user), NotificationKind.EXTENSION_REQUESTED: user.is_monitor}
    return [(k, label) for k, label in notifications.email_choices() if offered.get(k, True)]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The user's own page: who they are, what comes by e-mail, their password and personal API keys."""
    new_key = ""
    status = 200
    user = request.user
    choices = _email_choices(user)
    off = notifications.email_off(user)
    profile_form = ProfileForm(instance=user, prefix="ho-so")
    email_form = EmailChoicesForm(choices=choices, initial={"email_on": [k for k, _ in choices if k not in off]},
                                  prefix="thu")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "profile":
        profile_form = ProfileForm(request.POST, instance=user, prefix="ho-so")
        if profile_form.is_valid():
            profile_form.save()
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("accounts:profile")
        status = 400
    elif action == "email":
        email_form = EmailChoicesForm(request.POST, choices=choices, prefix="thu")
        if email_form.is_valid():
            offered = {k for k, _label in choices}
            # Kinds this person is not offered keep whatever they were.
            unchanged = {k for k, _label in notifications.email_choices() if k not in offered and k not in off}
            notifications.preference_save(user=user, email_on=set(email_form.cleaned_data["email_on"]) | unchanged)
            messages.success(request, _("Đã lưu lựa chọn nhận thông báo qua thư điện tử."))
            return redirect(f"{reverse('accounts:profile')}#thong-bao")
        status = 400
    elif request.method == "POST":
        try:
            token, new_key = services.api_token_create(user=user, name=request.POST.get("name", ""))
        except ServiceError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Đã tạo khóa «%(name)s». Hãy sao chép ngay: khóa chỉ hiện một lần.") % {"name": token.name})
    return render(request, "accounts/profile.html", {
        "tokens": user.api_tokens.all(), "new_key": new_key, "profile_form": profile_form,
        "email_form": email_form,
    }, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_visible(ApiToken.objects.filter(user=request.user), pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("Đã thu hồi khóa «%(name)s».") % {"name": token.name})
    return redirect("accounts:profile")


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's password (the old one first); the session stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
