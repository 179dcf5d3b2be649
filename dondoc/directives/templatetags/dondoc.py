from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html

from dondoc.directives import rules

register = template.Library()


@register.simple_tag
def status_badge(status: str) -> str:
    return format_html('<span class="badge st-{}" data-status="{}">{}</span>', status, status,
                       rules.LABELS.get(status, status))


@register.filter
def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


@register.filter
def ddmmyyyy(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


@register.simple_tag
def history_url(obj) -> str:
    """The change log filtered to one object (who changed what in it, and when)."""
    content_type = ContentType.objects.get_for_model(obj)
    return f"{reverse('core:audit_log')}?{urlencode({'loai': content_type.pk, 'doi-tuong': obj.pk})}"


@register.filter
def person(user) -> str:
    """A person as colleagues know them: full name and position ("Nguyễn Thị Hoa, Chuyên viên Ban Tuyên giáo"),
    the login name only when no name was entered."""
    if user is None:
        return "—"
    name = user.get_full_name() or user.username
    title = getattr(user, "title", "")
    return format_html('<span class="person">{}{}</span>', name,
                       format_html('<span class="title">, {}</span>', title) if title else "")


@register.filter
def status_on(obj, day) -> str:
    """The status of anything with a status_on(day) (an assignment, a milestone) by the one status rule."""
    return obj.status_on(day)
