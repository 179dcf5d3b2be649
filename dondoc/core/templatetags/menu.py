from django import template

from dondoc.core import home

register = template.Library()


@register.filter
def badge(count: int) -> str:
    """A menu count as shown: "99+" beyond the cap (the counts stop there, see core.home.MenuCounts)."""
    return f"{home.MENU_CAP}+" if count > home.MENU_CAP else str(count)
