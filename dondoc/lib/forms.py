"""Form helpers shared by the apps (no models)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import DateOutOfRange, parse_user_date
from .ids import parse_id

NO_SUCH_CHOICE = "Lựa chọn không hợp lệ: «%(value)s» không có trong danh sách."


class VnDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd), with a Vietnamese message when it is not one."""

    default_error_messages = {"invalid": _("Ngày không hợp lệ (dùng dạng dd/mm/yyyy, ví dụ 09/11/2021).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_user_date(str(value))
        except DateOutOfRange as exc:
            raise forms.ValidationError(str(exc), code="out_of_range") from None
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateInput(forms.TextInput):
    """A date typed as dd/mm/yyyy; app.js adds a calendar beside it (typing stays possible)."""

    def __init__(self, attrs=None):
        super().__init__({"data-date": "", "inputmode": "numeric", "placeholder": "dd/mm/yyyy",
                          "autocomplete": "off", "maxlength": "10", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


VnDateField.widget = DateInput


class _Grouped:
    """Options grouped in <optgroup>s by the kind of the object (units: by kind of unit)."""

    def optgroups(self, name, value, attrs=None):
        grouped: dict[str, list] = {}
        chosen = {str(v) for v in value}
        for index, (option_value, option_label) in enumerate(self.choices):
            option_value = "" if option_value is None else option_value
            instance = getattr(option_value, "instance", None)
            kind = getattr(instance, "get_kind_display", None)
            group = str(kind()) if callable(kind) else ""
            grouped.setdefault(group, []).append(self.create_option(
                name, option_value, option_label, str(option_value) in chosen, index, attrs=attrs))
        return [(group or None, options, i) for i, (group, options) in enumerate(grouped.items())]


class Picker(_Grouped, forms.SelectMultiple):
    """A multiple choice (of units) that app.js turns into a searchable picker; without script, a grouped list."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)


class SearchableSelect(_Grouped, forms.Select):
    """A single choice from a long list, searchable in the browser."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "", **(attrs or {})}, choices)
def _integer_key(field) -> bool:
    """Whether the field's choices are looked up by an integer key (the usual primary key)."""
    key = field.to_field_name or "pk"
    model_field = field.queryset.model._meta.pk if key == "pk" else field.queryset.model._meta.get_field(key)
    return model_field.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                                "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
                                                "PositiveBigIntegerField", "PositiveSmallIntegerField"}


def _shown(value) -> str:
    return str(value).replace("\x00", "")[:40]


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of one row: an id no row can have is "no such choice", refused before any query."""

    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if _integer_key(self) and not isinstance(value, self.queryset.model) and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": _shown(value)})
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows: any id no row can have is "no such choice", refused before any query."""

    default_error_messages = {"invalid_choice": NO_SUCH_CHOICE, "invalid_pk_value": NO_SUCH_CHOICE.replace(
        "%(value)s", "%(pk)s"), "invalid_list": "Cần một danh sách lựa chọn."}

    def _check_values(self, value):
        if _integer_key(self):
            for item in value:
                if not isinstance(item, self.queryset.model) and parse_id(item) is None:
                    raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                                params={"value": _shown(item)})
        return super()._check_values(value)
