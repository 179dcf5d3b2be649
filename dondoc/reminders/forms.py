from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.lib.forms import ModelChoiceField, VnDateField

from .models import ReminderRule


class ReminderRuleForm(forms.ModelForm):
    """Used by the admin; the model's clean() carries the rules and their Vietnamese messages."""

    class Meta:
        model = ReminderRule
        fields = ["task", "document", "kind", "days", "repeat_every", "stop_after", "stage", "extra_emails",
                  "active"]
        field_classes = {"task": ModelChoiceField, "document": ModelChoiceField}
        error_messages = {
            "days": {"invalid": _("Số ngày phải là số nguyên."), "required": _("Cần nhập số ngày.")},
            "repeat_every": {"invalid": _("Chu kỳ nhắc lại phải là số nguyên.")},
            "stop_after": {"invalid": _("Số ngày phải là số nguyên.")},
        }


class ExtensionRequestForm(forms.Form):
    requested_due = VnDateField(label=_("Đề nghị gia hạn đến ngày (dd/mm/yyyy)"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             error_messages={"required": _("Cần nêu lý do đề nghị gia hạn.")})


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", _("Đồng ý")), ("refuse", _("Không đồng ý"))],
                                 error_messages={"required": _("Chọn đồng ý hoặc không đồng ý."),
                                                 "invalid_choice": _("Quyết định không hợp lệ.")})
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=4000)
