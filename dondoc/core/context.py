"""Template context of every page: the menu's counts (computed only when the page shows them)."""

from django.http import HttpRequest

from .home import MenuCounts, home_kind


def menu(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu_counts": MenuCounts(user), "home_kind": home_kind(user)}
