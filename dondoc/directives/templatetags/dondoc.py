from urllib.parse import urlencode

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dondoc.directives import rules

register = template.Library()


@register.simple_tag
def status_badge(status: str) -> str:
    return format_html('<span class="badge st-{}" data-status="{}">{}</span>', status, status,
                       rules.LABELS.get(status, status))


@register.simple_tag
def share_bar(share: float) -> str:
    """A share done as a bar and a percentage."""
    return mark_safe(_share_bar(share))


def _share_bar(share: float) -> str:
    # Only numbers go into this markup, so nothing to escape.
    return ('<svg class="share" viewBox="0 0 100 10" width="100" height="10" aria-hidden="true">'
            f'<rect width="100" height="10" fill="#e7eaf1"/><rect width="{round(float(share) * 100)}" height="10" '
            f'fill="#1f7a3a"/></svg> {percent(float(share))}')


@register.simple_tag
def count_cells(counts) -> str:
    """The cells of one row of counts (units, each status, done/total, share), in one tag: a task grouped by
    parent unit has over a thousand rows, and a template variable per cell made the page 500 ms. Integers as
    the template shows them without a thousands separator (USE_THOUSAND_SEPARATOR is off); only integers go
    into this markup, so nothing to escape."""
    total, done = int(counts.total), int(counts.done)
    cells = "".join(f'<td class="num">{int(n)}</td>' for n in counts.cells)
    return mark_safe(f'<td class="num">{total}</td>{cells}<td class="num done-total">{done}/{total}</td>'
                     f'<td class="num">{_share_bar(counts.share_done)}</td>')


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
