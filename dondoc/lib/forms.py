"""Form helpers shared by the apps (no models)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import parse_user_date


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
