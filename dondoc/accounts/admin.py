from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class DondocUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    autocomplete_fields = ("unit",)
    fieldsets = UserAdmin.fieldsets + ((_("Vai trò, đơn vị"), {"fields": ("role", "unit", "title", "is_unit_head")}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Vai trò, đơn vị"), {"fields": ("role", "unit")}),)

    @admin.display(description=_("Họ và tên"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()
