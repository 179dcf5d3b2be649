from django import forms
from django.utils.translation import gettext_lazy as _

from dondoc.directives.forms import TaskForm
from dondoc.directives.models import DocumentKind
from dondoc.lib.forms import VnDateField

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


class DraftTaskForm(TaskForm):
    """One proposed task; only the ticked ones are validated and created."""

    include = forms.BooleanField(label=_("Giao nhiệm vụ này"), required=False)
    deadline_text = forms.CharField(label=_("Thời hạn (như ghi)"), max_length=200, required=False)
    lead_text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300, required=False)

    field_order = ["include", "ref", "title", "action", "lead_units", "lead_group", "coordinators",
                   "deadline_kind", "deadline_date", "deadline_text", "fulfilment", "report_to_text", "lead_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["recurrence_months"]

    def clean(self):
        data = self.cleaned_data
        if not data.get("include"):
            self._errors = {}
            return data
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Cần ghi tên nhiệm vụ."))
        data["recurrence_months"] = 6
        return super().clean()


DraftTaskFormSet = forms.formset_factory(DraftTaskForm, extra=0, max_num=500, validate_max=True)
