from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dondoc.lib.forms import VnDateField

from .models import SubmissionKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=SubmissionKind.choices)
    doc_number = forms.CharField(label=_("Số văn bản của đơn vị"), max_length=100, required=False)
    doc_date = VnDateField(label=_("Ngày văn bản (dd/mm/yyyy)"), required=False)
    leader = forms.CharField(label=_("Lãnh đạo phụ trách"), max_length=200, required=False)
    staff = forms.CharField(label=_("Cán bộ trực tiếp tham mưu"), max_length=300, required=False)
    milestones = forms.CharField(label=_("Các mốc tiến độ"), widget=forms.Textarea, required=False, max_length=5000)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea, required=False, max_length=20000)
    files = MultipleFileField(label=_("Tệp đính kèm (PDF, DOCX, XLSX)"), required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == SubmissionKind.PLAN_ISSUED:
            if not data.get("doc_number"):
                self.add_error("doc_number", _("Cần ghi số văn bản kế hoạch của đơn vị."))
            if not data.get("doc_date"):
                self.add_error("doc_date", _("Cần ghi ngày văn bản (dd/mm/yyyy)."))
            elif data["doc_date"] > timezone.localdate():
                self.add_error("doc_date", _("Ngày văn bản không thể sau ngày hôm nay."))
        if kind == SubmissionKind.PROGRESS_PLAN:
            if not data.get("leader"):
                self.add_error("leader", _("Cần ghi lãnh đạo phụ trách."))
            if not data.get("staff"):
                self.add_error("staff", _("Cần ghi cán bộ trực tiếp tham mưu."))
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Chấp nhận")), ("return", _("Trả lại"))])
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=5000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", _("Khi trả lại cần ghi ý kiến để đơn vị sửa."))
        return data


class PlanIssueForm(forms.Form):
    """A unit's own plan implementing its parent's program (fulfils its assignment, opens its program)."""

    number = forms.CharField(label=_("Số, ký hiệu kế hoạch của đơn vị"), max_length=100)
    date = VnDateField(label=_("Ngày ban hành (dd/mm/yyyy)"))
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    files = MultipleFileField(label=_("Tệp kế hoạch (PDF, DOCX, XLSX)"), required=False)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày văn bản không thể sau ngày hôm nay."))
        return day


class ReportedCountForm(forms.Form):
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=40,
                             help_text=_("Ví dụ: 6 tháng cuối năm 2021, Quý IV/2021."))
    done = forms.IntegerField(label=_("Số đơn vị cấp dưới đã thực hiện"), min_value=0, max_value=10_000_000)
    total = forms.IntegerField(label=_("Tổng số đơn vị cấp dưới"), min_value=1, max_value=10_000_000)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("done") is not None and data.get("total") is not None and data["done"] > data["total"]:
            self.add_error("done", _("Số đơn vị đã thực hiện không thể lớn hơn tổng số đơn vị."))
        return data


class ContributionForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến, đóng góp"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    file = forms.FileField(label=_("Tệp đóng góp (PDF, DOCX, XLSX)"), required=False)
