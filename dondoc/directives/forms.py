from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dondoc.lib import calendar as cal
from dondoc.lib import files
from dondoc.lib.forms import ModelChoiceField, ModelMultipleChoiceField, Picker, SearchableSelect, VnDateField
from dondoc.units.models import Unit

from .models import DeadlineKind, DocumentKind, DoneWhen, Fulfilment, GroupRule


class DocumentFieldsForm(forms.Form):
    """The fields of a document that are entered at creation and can be corrected later."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DocumentKind.choices, required=False)
    date = VnDateField(label=_("Ngày ban hành (dd/mm/yyyy)"))
    issuer = ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none(), required=False,
                              widget=SearchableSelect)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành (nếu ngoài danh mục)"), max_length=300, required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    signer = forms.CharField(label=_("Người ký"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    is_program = forms.BooleanField(label=_("Có nhiệm vụ cần theo dõi"), required=False, initial=True)
    done_when = forms.TypedChoiceField(label=_("Đơn vị được tính hoàn thành"), choices=DoneWhen.choices,
                                       initial=DoneWhen.ACCEPTED, required=False, empty_value=None,
                                  help_text=_("Ngày hoàn thành luôn là ngày văn bản, báo cáo của đơn vị."))

    def __init__(self, *args, own_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Unit.objects.filter(depth__lte=1).order_by("path")
        if own_unit is not None:  # a unit enters its own documents: it is their issuer
            self.fields["issuer"].queryset = Unit.objects.filter(pk=own_unit.pk)
            self.fields["issuer"].initial = own_unit.pk


class DocumentForm(DocumentFieldsForm):
    implements = forms.CharField(
        label=_("Triển khai văn bản (số và ngày, ví dụ: Nghị quyết số 02-NQ/TW ngày 12/6/2021)"), max_length=1000,
        required=False, widget=forms.Textarea(attrs={"rows": 2}))
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX)"), required=False)

    def clean_implements(self):
        from dondoc.ingest.header import find_references

        text = self.cleaned_data["implements"].strip()
        refs = find_references(text) if text else []
        if text and not refs:
            raise forms.ValidationError(_("Không nhận ra số văn bản nào (ví dụ: Nghị quyết số 02-NQ/TW ngày 12/6/2021)."))
        return refs

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                checked = files.check_upload(upload.read(), upload.name, kinds=files.DOCUMENT_KINDS,
                                             max_bytes=settings.MAX_UPLOAD_BYTES)
            except files.FileRejected as exc:
                raise forms.ValidationError(str(exc)) from None
            upload.seek(0)
            upload.name = checked.name  # no path, no control characters, the extension of its content
        return upload


class VersionField(forms.IntegerField):
    """The version of the object the editor opened (optimistic locking), carried in the form."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**31 - 1, **kwargs)


class DocumentEditForm(DocumentFieldsForm):
    version = VersionField()


def lead_unit_choices(on=None, scope=None):
    """The units a task can be given to by hand: the centre's departments and units down to the upper grassroots
    unions that existed on the task's date `on` (an old document names its old units), or that exist now; for
    a unit's own program (`scope`), the units below it."""
    if scope is not None:
        units = Unit.objects.filter(path__startswith=scope.path, depth__lte=scope.depth + 2).exclude(pk=scope.pk)
    else:
        units = Unit.objects.filter(depth__lte=2)
    units = units.valid_on(on) if on is not None else units.filter(valid_to__isnull=True)
    return units.order_by("path")


def _label_as_of(field, on) -> None:
    """Show each unit by the name it had on `on`."""
    from dondoc.units.history import versions_on

    if on is None:
        return
    names = {pk: v.name for pk, v in versions_on(on).items()}
    field.label_from_instance = lambda unit: names.get(unit.pk, unit.name)


class TaskFieldsForm(forms.Form):
    """The fields of a task that are entered when it is assigned and can be corrected later."""

    ref = forms.CharField(label=_("Mục"), max_length=40, required=False)
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=300)
    action = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=10000)
    lead_units = ModelMultipleChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none(),
                                          required=False, widget=Picker)
    deadline_date = VnDateField(label=_("Thời hạn (dd/mm/yyyy; với tháng/quý/năm: ngày bất kỳ trong kỳ)"),
                                required=False)
    report_to_text = forms.CharField(label=_("Báo cáo về"), max_length=300, required=False)

    def __init__(self, *args, on=None, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_units"].queryset = lead_unit_choices(on, scope)
        _label_as_of(self.fields["lead_units"], on)

    def clean(self):
        data = super().clean()
        if data.get("deadline_kind") in cal.DATED_KINDS and not data.get("deadline_date"):
            self.add_error("deadline_date", _("Cần nhập thời hạn cho loại thời hạn này."))
        return data


class TaskForm(TaskFieldsForm):
    lead_group = forms.ChoiceField(label=_("Hoặc nhóm đơn vị"), choices=[("", "—")] + GroupRule.choices,
                                   required=False)
    coordinators = ModelMultipleChoiceField(label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(),
                                            required=False, widget=Picker)
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=DeadlineKind.choices, initial=cal.DATE)
    recurrence_months = forms.TypedChoiceField(label=_("Chu kỳ báo cáo"), coerce=int, required=False, empty_value=None,
                                               choices=[("", "—"), (1, _("Hằng tháng")), (3, _("Hằng quý")),
                                                        (6, _("6 tháng/lần")), (12, _("Hằng năm"))])
    fulfilment = forms.ChoiceField(label=_("Hoàn thành khi đơn vị gửi"), choices=Fulfilment.choices,
                                   initial=Fulfilment.COMPLETION_REPORT)
    field_order = ["ref", "title", "action", "lead_units", "lead_group", "coordinators", "deadline_kind",
                   "deadline_date", "recurrence_months", "fulfilment", "report_to_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinators"].queryset = self.fields["lead_units"].queryset
        self.fields["coordinators"].label_from_instance = self.fields["lead_units"].label_from_instance

    def clean(self):
        data = super().clean()
        if not data.get("lead_units") and not data.get("lead_group"):
            self.add_error(None, _("Chọn ít nhất một đơn vị chủ trì hoặc một nhóm đơn vị."))
        if data.get("deadline_kind") == cal.RECURRING and not data.get("recurrence_months"):
            self.add_error("recurrence_months", _("Nhiệm vụ định kỳ cần chu kỳ báo cáo."))
        return data


class TaskEditForm(TaskFieldsForm):
    """Correct a task's wording, move its deadline for the units that have not finished, or withdraw it."""

    version = VersionField()
    lead_text = forms.CharField(label=_("Đơn vị chủ trì (như ghi trong văn bản)"), max_length=500, required=False)
    deadline_kind = forms.ChoiceField(label=_("Loại thời hạn"), choices=[
        (value, label) for value, label in DeadlineKind.choices if value != cal.RECURRING])
    deadline_text = forms.CharField(label=_("Thời hạn (như ghi trong văn bản)"), max_length=200, required=False)
    withdrawn = forms.BooleanField(label=_("Thu hồi nhiệm vụ (không theo dõi, không nhắc nữa)"), required=False)
    field_order = ["version", "ref", "title", "action", "lead_units", "lead_text", "report_to_text", "deadline_kind",
                   "deadline_date", "deadline_text", "withdrawn"]

    def __init__(self, *args, recurring: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_units"].help_text = (_("Đơn vị thêm vào được giao nhiệm vụ ngay; đơn vị bỏ ra mất nhiệm vụ "
                                               "này (chỉ khi chưa gửi gì)."))
        self.fields["deadline_date"].help_text = (_("Đổi hạn thì hạn của các đơn vị chưa hoàn thành được chuyển theo, "
                                                  "trừ đơn vị đã được gia hạn riêng."))
        if recurring:  # its deadlines follow the reporting cycle
            for name in ("deadline_kind", "deadline_date"):
                del self.fields[name]
