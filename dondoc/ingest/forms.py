from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dondoc.directives.forms import TaskForm
from dondoc.directives.models import DocumentKind
from dondoc.lib import calendar as cal
from dondoc.lib.forms import ModelMultipleChoiceField, Picker, VnDateField
from dondoc.units.models import Unit, UnitKind

from .reading import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp văn bản (DOCX, PDF có lớp chữ, TXT)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.txt,.md"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn giới hạn %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


class HeaderForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices, required=False)
    date = VnDateField(label=_("Ngày ban hành (dd/mm/yyyy)"))
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=300, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)


def report_to_choices(on=None):
    """Units a task can report to: those a task can be given to, and the leadership bodies above them, as they
    existed on the document's date `on` (or now)."""
    units = Unit.objects.filter(Q(depth__lte=2) | Q(kind=UnitKind.LEADERSHIP_BODY))
    units = units.valid_on(on) if on is not None else units.filter(valid_to__isnull=True)
    return units.order_by("path")


class DraftTaskForm(TaskForm):
    """One proposed task; only the ticked ones are validated and created.

    A recurring duty shows the cycle the document names (monthly, quarterly, 6-monthly, yearly) and its due
    day; when the document names no cycle the user must choose one (there is no silent default)."""

    include = forms.BooleanField(label=_("Giao nhiệm vụ này"), required=False)
    deadline_text = forms.CharField(label=_("Thời hạn (như ghi)"), max_length=200, required=False)
    lead_text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300, required=False)
    recurrence_due_day = forms.TypedChoiceField(
        label=_("Hạn nộp trong kỳ (ngày)"), coerce=int, required=False, empty_value=None,
        choices=[("", _("— (mặc định ngày 20)"))] + [(d, format_lazy(_("Ngày {}"), d)) for d in range(1, 32)])
    starts_on = VnDateField(label=_("Bắt đầu từ (dd/mm/yyyy)"), required=False)
    report_to = ModelMultipleChoiceField(label=_("Báo cáo về (đơn vị)"), queryset=Unit.objects.none(),
                                         required=False, widget=Picker)

    field_order = ["include", "ref", "title", "action", "lead_units", "lead_group", "coordinators",
                   "deadline_kind", "deadline_date", "deadline_text", "recurrence_months", "recurrence_due_day",
                   "starts_on", "fulfilment", "report_to", "report_to_text", "lead_text"]

    def __init__(self, *args, on=None, **kwargs):
        super().__init__(*args, on=on, **kwargs)
        self.fields["recurrence_months"].label = _("Chu kỳ (nhiệm vụ định kỳ)")
        self.fields["report_to_text"].label = _("Báo cáo về (như ghi)")
        self.fields["report_to"].queryset = report_to_choices(on)
        self.fields["report_to"].label_from_instance = self.fields["lead_units"].label_from_instance

    def clean(self):
        data = self.cleaned_data
        if not data.get("include"):
            self._errors = {}
            return data
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Cần ghi tên nhiệm vụ."))
        data = super().clean()
        if data.get("deadline_kind") != cal.RECURRING:
            data["recurrence_months"] = data["recurrence_due_day"] = None
        return data


DraftTaskFormSet = forms.formset_factory(DraftTaskForm, extra=0, max_num=500, validate_max=True)
