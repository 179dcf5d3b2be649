from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """What a person keeps up to date about themselves: how colleagues see them and where mail goes."""

    class Meta:
        model = User
        fields = ["last_name", "first_name", "title", "email"]
        labels = {"last_name": _("Họ và tên đệm"), "first_name": _("Tên"), "title": _("Chức vụ"),
                  "email": _("Thư điện tử (nhận thông báo, đặt lại mật khẩu)")}


class EmailChoicesForm(forms.Form):
    email_on = forms.MultipleChoiceField(label=_("Nhận qua thư điện tử"), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_on"].choices = choices


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the account matched however the address was typed (case-insensitive)."""

    email = forms.EmailField(label=_("Thư điện tử của tài khoản"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
