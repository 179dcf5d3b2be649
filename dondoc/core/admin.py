"""The admin in Vietnamese: its titles here; the words of the libraries' models (django-axes, django-auditlog,
django-tasks-db), which ship no Vietnamese, are translated in dondoc/locale/vi from the list below."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

admin.site.site_header = _("Quản trị hệ thống dondoc")
admin.site.site_title = _("Quản trị dondoc")
admin.site.index_title = _("Danh mục, tài khoản và cấu hình")

# Marked for the catalogue; translated where the libraries show them.
LIBRARY_WORDS = [
    gettext_noop("Access Attempt"), gettext_noop("Access lock out"), gettext_noop("Attempt Time"),
    gettext_noop("Expires At"), gettext_noop("Failed Logins"), gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"), gettext_noop("IP Address"), gettext_noop("Logout Time"),
    gettext_noop("POST Data"), gettext_noop("Path"), gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."), gettext_noop("User Agent"),
    gettext_noop("Username"), gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"), gettext_noop("access attempt"),
    gettext_noop("access attempts"), gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access log"), gettext_noop("access logs"), gettext_noop("Attempt Remaining"),
    gettext_noop("Clean up expired attempts"), gettext_noop("Form Data"), gettext_noop("Locked Out"),
    gettext_noop("Meta Data"), gettext_noop("Not set"), gettext_noop("Changes"),
    gettext_noop("Correlation ID"), gettext_noop("Created {repr:s}"), gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"), gettext_noop("Updated {repr:s}"), gettext_noop("access"),
    gettext_noop("action"), gettext_noop("actor email"), gettext_noop("actor"),
    gettext_noop("additional data"), gettext_noop("change message"), gettext_noop("content type"),
    gettext_noop("create"), gettext_noop("delete"), gettext_noop("log entries"), gettext_noop("log entry"),
    gettext_noop("object id"), gettext_noop("object pk"), gettext_noop("object representation"),
    gettext_noop("remote address"), gettext_noop("remote port"), gettext_noop("timestamp"),
    gettext_noop("update"), gettext_noop("Resource Type"), gettext_noop("Audit log"),
    gettext_noop("Audit log: %s"), gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Created"), gettext_noop("Resource"), gettext_noop("User"), gettext_noop("View"),
    gettext_noop("Task Result"), gettext_noop("Task Results"), gettext_noop("args kwargs"),
    gettext_noop("backend name"), gettext_noop("enqueued at"), gettext_noop("exception class path"),
    gettext_noop("finished at"), gettext_noop("priority"), gettext_noop("queue name"),
    gettext_noop("return value"), gettext_noop("run after"), gettext_noop("started at"),
    gettext_noop("status"), gettext_noop("task path"), gettext_noop("traceback"), gettext_noop("worker id"),
]
