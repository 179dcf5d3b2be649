from django import template
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
