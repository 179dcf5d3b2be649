from django import forms

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
            "days": {"invalid": "Số ngày phải là số nguyên.", "required": "Cần nhập số ngày."},
            "repeat_every": {"invalid": "Chu kỳ nhắc lại phải là số nguyên."},
            "stop_after": {"invalid": "Số ngày phải là số nguyên."},
        }


class ExtensionRequestForm(forms.Form):
    requested_due = VnDateField(label="Đề nghị gia hạn đến ngày (dd/mm/yyyy)")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                             error_messages={"required": "Cần nêu lý do đề nghị gia hạn."})


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", "Đồng ý"), ("refuse", "Không đồng ý")],
                                 error_messages={"required": "Chọn đồng ý hoặc không đồng ý.",
                                                 "invalid_choice": "Quyết định không hợp lệ."})
    comment = forms.CharField(label="Ý kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=4000)
