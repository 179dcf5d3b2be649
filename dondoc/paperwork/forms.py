from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dondoc.directives.models import DeadlineKind, Document, Fulfilment, GroupRule
from dondoc.lib import calendar as cal
from dondoc.lib.forms import ModelChoiceField, ModelMultipleChoiceField, Picker, SearchableSelect, VnDateField
from dondoc.units.models import Unit, UnitKind

from . import templating
from .models import Meeting, PaperTemplate, Purpose
from .services import TEMPLATE_FIELDS


def programs():
    return Document.objects.filter(is_program=True).order_by("-date", "number")


class GenerateForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Loại văn bản"), choices=[(Purpose.REPORT, Purpose.REPORT.label),
                                                               (Purpose.URGE, Purpose.URGE.label)])
    program = ModelChoiceField(label=_("Chương trình"), queryset=programs(), empty_label=None,
                               widget=SearchableSelect)
    as_of = VnDateField(label=_("Số liệu tính đến ngày (dd/mm/yyyy)"))
    known_on = VnDateField(label=_("Số liệu như đã biết vào ngày (để trống: mọi thông tin hiện có)"), required=False)
    date = VnDateField(label=_("Ngày ban hành (khi cấp số; để trống: hôm nay)"), required=False)
    new_deadline = VnDateField(label=_("Hạn mới cho đơn vị chậm (công văn; để trống: sau 10 ngày làm việc)"),
                               required=False)

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        """With `unit` (a following unit's officer): only the programs of its own subtree are offered."""
        super().__init__(*args, **kwargs)
        queryset = programs()
        if unit is not None:
            from dondoc.accounts.permissions import subtree_ids

            units = subtree_ids(unit)
            queryset = queryset.filter(Q(scope_id__in=units) | Q(issuer_id__in=units))
        self.fields["program"].queryset = queryset

    def clean(self):
        data = super().clean()
        if data.get("new_deadline") and data.get("as_of") and data["new_deadline"] <= data["as_of"]:
            self.add_error("new_deadline", _("Hạn mới phải sau ngày tính số liệu."))
        if data.get("date") and data.get("as_of") and data["date"] < data["as_of"]:
            self.add_error("date", _("Ngày ban hành không được trước ngày tính số liệu."))
        return data


class RegisterForm(forms.Form):
    """Continue a register from a given number: the next document gets last_number + 1."""

    purpose = forms.ChoiceField(label=_("Sổ của loại văn bản"), choices=Purpose.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    last_number = forms.IntegerField(label=_("Số cuối đã cấp (văn bản tiếp theo nhận số kế tiếp)"), min_value=0,
                                     max_value=999_999)

    def __init__(self, *args, unit: Unit | None = None, **kwargs):
        """With `unit` (a following unit): only its own papers' registers (reports and urging letters)."""
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["purpose"].choices = [(Purpose.REPORT, Purpose.REPORT.label), (Purpose.URGE, Purpose.URGE.label)]


class TemplateForm(forms.ModelForm):
    class Meta:
        model = PaperTemplate
        fields = list(TEMPLATE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in templating.TEXT_FIELDS}

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) or "" for name in TEMPLATE_FIELDS}
        for error in templating.check(self.instance.purpose, values):
            self.add_error(None, error)
        return data


class MeetingForm(forms.ModelForm):
    date = VnDateField(label=_("Ngày họp (dd/mm/yyyy)"))
    as_of = VnDateField(label=_("Số liệu tính đến ngày (để trống: ngày họp)"), required=False)

    class Meta:
        model = Meeting
        fields = ["program", "date", "place", "chair", "chair_title", "attendees", "as_of", "situation_note"]
        field_classes = {"program": ModelChoiceField}
        widgets = {"attendees": forms.Textarea(attrs={"rows": 3}), "situation_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs()
        self.fields["program"].empty_label = None


def assignable_units():
    return Unit.objects.exclude(kind__in=[UnitKind.UPPER_GRASSROOTS, UnitKind.GRASSROOTS]).order_by("path")


class ConclusionForm(forms.Form):
    ref = forms.CharField(label=_("Mục (ví dụ 3.1)"), max_length=20)
    text = forms.CharField(label=_("Nội dung kết luận"), widget=forms.Textarea(attrs={"rows": 3}))
    title = forms.CharField(label=_("Tên nhiệm vụ ngắn (để trống: lấy từ nội dung)"), max_length=300, required=False)
    lead_units = ModelMultipleChoiceField(
        label=_("Đơn vị chủ trì (để trống nếu chỉ là ý kiến chỉ đạo, không giao nhiệm vụ)"),
        queryset=assignable_units(), required=False, widget=Picker)
    lead_group = forms.ChoiceField(label=_("Hoặc/và một nhóm đơn vị chủ trì"),
                                   choices=[("", "—"), *GroupRule.choices], required=False)
    coordinators = ModelMultipleChoiceField(label=_("Đơn vị phối hợp"), queryset=Unit.objects.all(), required=False,
                                            widget=Picker)
    fulfilment = forms.ChoiceField(label=_("Kết quả phải có"), choices=Fulfilment.choices,
                                   initial=Fulfilment.COMPLETION_REPORT, required=False)
    report_to = ModelMultipleChoiceField(label=_("Báo cáo về (có thể nhiều nơi)"), queryset=Unit.objects.all(),
                                         required=False, widget=Picker)
    report_to_text = forms.CharField(label=_("Báo cáo về (như ghi, ví dụ Thường trực Đoàn Chủ tịch)"),
                                     max_length=300, required=False)
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), initial=cal.DATE, choices=DeadlineKind.choices)
    deadline_date = VnDateField(label=_("Thời hạn (dd/mm/yyyy; trong tháng: một ngày bất kỳ của tháng)"),
                                required=False)
    recurrence_months = forms.TypedChoiceField(
        label=_("Chu kỳ (nhiệm vụ định kỳ)"), coerce=int, empty_value=None, required=False,
        choices=[("", "—"), (1, _("hằng tháng")), (3, _("3 tháng/lần")), (6, _("6 tháng/lần")), (12, _("hằng năm"))])
    recurrence_until = VnDateField(label=_("Định kỳ đến ngày (để trống: không hạn)"), required=False)
    deadline_text = forms.CharField(label=_("Thời hạn như ghi (để trống: tự sinh)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_units"].queryset = assignable_units()
        self.fields["coordinators"].queryset = assignable_units()
        self.fields["report_to"].queryset = Unit.objects.filter(parent__isnull=True) | assignable_units()

    def clean(self):
        data = super().clean()
        data["fulfilment"] = data.get("fulfilment") or Fulfilment.COMPLETION_REPORT
        return data
