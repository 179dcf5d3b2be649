"""Form helpers shared by the apps (no models)."""

import datetime as dt

from django import forms

from .calendar import parse_user_date


class VnDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd), with a Vietnamese message when it is not one."""

    default_error_messages = {"invalid": "Ngày không hợp lệ (dùng dạng dd/mm/yyyy, ví dụ 09/11/2021)."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_user_date(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
