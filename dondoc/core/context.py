"""Template context of every page: the menu's counts (computed only when the page shows them)."""

from django.http import HttpRequest

from dondoc.accounts import permissions as perms

from .home import MenuCounts, home_kind


def menu(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # An officer whose unit follows the units below it (the cascade); a callable, asked only by the menu.
    follows = (lambda: False) if user.reads_everything else (lambda: perms.followed_unit(user) is not None)
    return {"menu_counts": MenuCounts(user), "home_kind": home_kind(user), "follows_subtree": follows}
